"""Organisations, indicator sets, figures and peer groups in the store.

Functions take an open connection so that a caller can put several in one transaction
(an import saves its indicator set and its figures together, or nothing).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, Row, Table, delete, func, insert, select, update

from shinchoku.compare.indicators import IndicatorSet
from shinchoku.compare.problems import INDICATOR_HAS_FIGURES, INDICATOR_SET_NOT_FOUND
from shinchoku.orgs import Organisation, OrgKind, Registry, read_code
from shinchoku.orgs.problems import ORG_UNKNOWN
from shinchoku.problems import Place, ShinchokuError
from shinchoku.store import tables
from shinchoku.store.types import ExactDecimal

ORGS: Table = tables.OrganisationRow.__table__  # type: ignore[assignment]
SETS: Table = tables.IndicatorSetRow.__table__  # type: ignore[assignment]
INDICATORS: Table = tables.IndicatorRow.__table__  # type: ignore[assignment]
FIGURES: Table = tables.FigureRow.__table__  # type: ignore[assignment]
GROUPS: Table = tables.PeerGroupRow.__table__  # type: ignore[assignment]
MEMBERS: Table = tables.PeerGroupMemberRow.__table__  # type: ignore[assignment]
IMPORTS: Table = tables.SurveyImportRow.__table__  # type: ignore[assignment]

_ORG_COLUMNS = ("code", "name", "kana", "kind", "parent", "prefecture", "population")


def sync_organisations(conn: Connection, registry: Registry) -> tuple[int, int]:
    """Insert the organisations the store lacks and update those that differ.

    Organisations no longer in the list stay (figures may refer to them). Returns
    (inserted, updated).
    """
    stored = {r.code: tuple(r) for r in conn.execute(select(*(ORGS.c[c] for c in _ORG_COLUMNS)))}
    new, changed = [], []
    for o in registry:
        row = o.to_dict()
        have = stored.get(o.code)
        if have is None:
            new.append(row)
        elif have != tuple(row[c] for c in _ORG_COLUMNS):
            changed.append(row)
    if new:
        conn.execute(insert(ORGS), new)
    for row in changed:
        conn.execute(update(ORGS).where(ORGS.c.code == row["code"]).values(**row))
    return len(new), len(changed)


def stored_registry(conn: Connection) -> Registry:
    """The organisations in the store, as a registry."""
    rows = conn.execute(select(*(ORGS.c[c] for c in _ORG_COLUMNS)).order_by(ORGS.c.code))
    return Registry(
        tuple(
            Organisation(
                r.code, r.name, r.kana, OrgKind(r.kind), r.parent, r.prefecture, r.population
            )
            for r in rows
        )
    )


def save_indicator_set(conn: Connection, iset: IndicatorSet) -> bool:
    """Store the set and its indicators; ``False`` when it was stored unchanged.

    Its owner must be a stored organisation (:func:`sync_organisations` first). An
    indicator that has figures cannot be dropped from a set; any other change may be
    made (a new version of the set), the figures staying as they were imported.
    """
    digest = iset.content_hash()
    have = conn.execute(select(SETS.c.content_hash).where(SETS.c.id == iset.id)).scalar()
    if have == digest:
        return False
    if conn.execute(select(ORGS.c.code).where(ORGS.c.code == iset.owner)).scalar() is None:
        raise ShinchokuError(
            ORG_UNKNOWN(
                Place(field="owner"),
                f"indicator set {iset.id}: its owner {iset.owner} is no organisation",
                found=iset.owner,
            )
        )
    row = {
        "id": iset.id,
        "name": iset.name,
        "scope": iset.scope.value,
        "owner": iset.owner,
        "source": iset.source,
        "definition": iset.canonical(),
        "content_hash": digest,
    }
    if have is None:
        conn.execute(insert(SETS), row)
    else:
        conn.execute(update(SETS).where(SETS.c.id == iset.id).values(**row))
    stored = set(
        conn.execute(select(INDICATORS.c.id).where(INDICATORS.c.set_id == iset.id)).scalars()
    )
    keep = {i.id for i in iset.indicators}
    dropped = sorted(stored - keep)
    if dropped:
        with_figures = sorted(
            set(
                conn.execute(
                    select(FIGURES.c.indicator_id)
                    .where(FIGURES.c.set_id == iset.id, FIGURES.c.indicator_id.in_(dropped))
                    .distinct()
                ).scalars()
            )
        )
        if with_figures:
            raise ShinchokuError(
                INDICATOR_HAS_FIGURES(
                    Place(field="indicators"),
                    f"indicator set {iset.id}: cannot drop indicators that have figures",
                    found=", ".join(with_figures),
                )
            )
        conn.execute(
            delete(INDICATORS).where(INDICATORS.c.set_id == iset.id, INDICATORS.c.id.in_(dropped))
        )
    for pos, i in enumerate(iset.indicators):
        values = {
            "position": pos,
            "name": i.name,
            "unit": i.unit,
            "direction": i.direction.value,
            "computation": i.computation.value,
        }
        if i.id in stored:
            conn.execute(
                update(INDICATORS)
                .where(INDICATORS.c.set_id == iset.id, INDICATORS.c.id == i.id)
                .values(**values)
            )
        else:
            conn.execute(insert(INDICATORS), {"set_id": iset.id, "id": i.id, **values})
    return True


def load_indicator_set(conn: Connection, set_id: str) -> IndicatorSet:
    definition = conn.execute(select(SETS.c.definition).where(SETS.c.id == set_id)).scalar()
    if definition is None:
        raise ShinchokuError(
            INDICATOR_SET_NOT_FOUND(
                Place(), f"no indicator set {set_id!r} in the database", found=set_id
            )
        )
    return IndicatorSet.model_validate(definition)


def list_indicator_sets(conn: Connection) -> list[tuple[str, str]]:
    return [
        (r.id, r.name) for r in conn.execute(select(SETS.c.id, SETS.c.name).order_by(SETS.c.id))
    ]


@dataclass(frozen=True, slots=True)
class SurveyImport:
    """One imported file (``survey_imports``): a survey file or a 照会 reply."""

    id: int
    set_id: str
    file: str
    sha256: str
    rows: int
    imported_at: datetime
    imported_by: str | None  # the staff account, when recorded (migration 0014)


@dataclass(frozen=True, slots=True)
class SetSummary:
    """A stored set at a glance: its indicators, the years and number of its figures,
    and the file imported last."""

    id: str
    name: str
    indicators: int
    years: tuple[int, ...]
    figures: int
    last_import: SurveyImport | None


def _import(r: Row[Any]) -> SurveyImport:
    return SurveyImport(r.id, r.set_id, r.file, r.sha256, r.rows, r.imported_at, r.imported_by)


def set_summaries(conn: Connection) -> list[SetSummary]:
    """Every stored set, by id: four grouped queries, whatever the number of sets."""
    q = select(INDICATORS.c.set_id, func.count()).group_by(INDICATORS.c.set_id)
    indicators: dict[str, int] = {set_id: count for set_id, count in conn.execute(q).all()}
    per_year: dict[str, dict[int, int]] = defaultdict(dict)
    q = select(FIGURES.c.set_id, FIGURES.c.year, func.count()).group_by(
        FIGURES.c.set_id, FIGURES.c.year
    )
    for set_id, year, count in conn.execute(q).all():
        per_year[set_id][year] = count
    latest = (
        select(IMPORTS.c.set_id, func.max(IMPORTS.c.id).label("id"))
        .group_by(IMPORTS.c.set_id)
        .subquery()
    )
    last = {
        r.set_id: _import(r)
        for r in conn.execute(select(IMPORTS).join(latest, IMPORTS.c.id == latest.c.id))
    }
    return [
        SetSummary(
            set_id,
            name,
            indicators.get(set_id, 0),
            tuple(sorted(per_year[set_id])),
            sum(per_year[set_id].values()),
            last.get(set_id),
        )
        for set_id, name in list_indicator_sets(conn)
    ]


def survey_imports(conn: Connection, set_id: str, limit: int = 50) -> list[SurveyImport]:
    """The files imported into a set, the latest first."""
    q = select(IMPORTS).where(IMPORTS.c.set_id == set_id).order_by(IMPORTS.c.id.desc())
    return [_import(r) for r in conn.execute(q.limit(limit))]


# -- figures ---------------------------------------------------------------------------


def figures(
    conn: Connection, set_id: str, indicator_id: str, year: int | None = None
) -> dict[int, dict[str, Decimal | None]]:
    """Values by year, then 団体コード (``None``: reported as not applicable / blank)."""
    q = select(FIGURES.c.year, FIGURES.c.org_code, FIGURES.c.value).where(
        FIGURES.c.set_id == set_id, FIGURES.c.indicator_id == indicator_id
    )
    if year is not None:
        q = q.where(FIGURES.c.year == year)
    out: dict[int, dict[str, Decimal | None]] = defaultdict(dict)
    # fetched whole (row by row, the driver's fetchone would cost more than the query)
    for year_, code, value in conn.execute(q).all():
        out[year_][code] = value
    return {y: out[y] for y in sorted(out)}


def year_figures(
    conn: Connection, set_id: str, year: int, indicator_ids: Iterable[str]
) -> dict[str, dict[str, Decimal | None]]:
    """One year's values of several indicators: by indicator, then 団体コード.

    Every first visit of a comparison reads one year of an indicator, 1,788 rows, so
    they are fetched from the driver's cursor as tuples: SQLAlchemy's row objects and
    its result type for each value cost three times the query (2.8 against 0.7 ms of
    CPU). The statement is the select below, written for the driver's parameter style.
    """
    ids = sorted(set(indicator_ids))
    mark = "%({})s" if conn.dialect.paramstyle == "pyformat" else ":{}"
    sql = (
        "SELECT indicator_id, org_code, value FROM figures"
        f" WHERE set_id = {mark.format('s')} AND year = {mark.format('y')}"
        f" AND indicator_id IN ({', '.join(mark.format(f'i{n}') for n in range(len(ids)))})"
    )
    params: dict[str, object] = {"s": set_id, "y": year}
    params.update((f"i{n}", i) for n, i in enumerate(ids))
    cursor = conn.connection.cursor()
    try:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    finally:
        cursor.close()
    # the column type's own reading (ExactDecimal: the digits as text on SQLite), called
    # only for what the driver did not already give as a Decimal (PostgreSQL's NUMERIC)
    load, dialect = ExactDecimal().process_result_value, conn.dialect
    out: dict[str, dict[str, Decimal | None]] = defaultdict(dict)
    for indicator, code, value in rows:
        out[indicator][code] = (
            value if value is None or isinstance(value, Decimal) else load(value, dialect)
        )
    return dict(out)


def org_figures(
    conn: Connection,
    set_id: str,
    indicator_ids: Iterable[str],
    codes: Iterable[str],
    years: Iterable[int],
) -> dict[str, dict[int, dict[str, Decimal | None]]]:
    """Some organisations' values of some years: by indicator, year, then 団体コード.

    Naming the years lets the index find each (indicator, year, organisation) directly
    instead of walking all of the indicator's entries for the organisations'."""
    q = select(FIGURES.c.indicator_id, FIGURES.c.year, FIGURES.c.org_code, FIGURES.c.value).where(
        FIGURES.c.set_id == set_id,
        FIGURES.c.indicator_id.in_(sorted(set(indicator_ids))),
        FIGURES.c.year.in_(sorted(set(years))),
        FIGURES.c.org_code.in_(sorted(set(codes))),
    )
    out: dict[str, dict[int, dict[str, Decimal | None]]] = defaultdict(lambda: defaultdict(dict))
    for indicator, year, code, value in conn.execute(q).all():
        out[indicator][year][code] = value
    return {i: dict(by_year) for i, by_year in out.items()}


def years(conn: Connection, set_id: str) -> list[int]:
    q = select(FIGURES.c.year).where(FIGURES.c.set_id == set_id).distinct().order_by(FIGURES.c.year)
    return list(conn.execute(q).scalars())


# -- peer groups ----------------------------------------------------------------------


def save_peer_group(
    conn: Connection,
    group_id: str,
    name: str,
    members: Iterable[str],
    registry: Registry,
    owner: str | None = None,
) -> list[str]:
    """Create or replace a user-defined peer group; returns its members' codes, sorted."""
    codes: list[str] = []
    for i, text in enumerate(members):
        place = Place(field="members", path=f"members[{i}]")
        code = read_code(text, place)
        if code not in registry:
            raise ShinchokuError(ORG_UNKNOWN(place, f"no organisation {code}", found=text))
        codes.append(code)
    codes = sorted(set(codes))
    conn.execute(delete(MEMBERS).where(MEMBERS.c.group_id == group_id))
    conn.execute(delete(GROUPS).where(GROUPS.c.id == group_id))
    conn.execute(insert(GROUPS), {"id": group_id, "name": name, "owner": owner})
    if codes:
        conn.execute(insert(MEMBERS), [{"group_id": group_id, "org_code": c} for c in codes])
    return codes


def user_peer_groups(conn: Connection) -> dict[str, tuple[str, tuple[str, ...]]]:
    """id → (name, member codes) of every user-defined group: one query (every API call
    with an organisation asks)."""
    q = (
        select(GROUPS.c.id, GROUPS.c.name, MEMBERS.c.org_code)
        .outerjoin(MEMBERS, MEMBERS.c.group_id == GROUPS.c.id)
        .order_by(GROUPS.c.id, MEMBERS.c.org_code)
    )
    names: dict[str, str] = {}
    members: dict[str, list[str]] = defaultdict(list)
    for group_id, name, code in conn.execute(q):
        names[group_id] = name
        if code is not None:
            members[group_id].append(code)
    return {g: (name, tuple(members[g])) for g, name in names.items()}


def groups_mapping(groups: Mapping[str, tuple[str, tuple[str, ...]]]) -> dict[str, frozenset[str]]:
    return {k: frozenset(v[1]) for k, v in groups.items()}
