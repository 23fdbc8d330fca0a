"""Each indicator's figure per year and scope, computed when the figures change.

A comparison shows, year by year, how many of its population (the nation's or one
prefecture's 市区町村) reported and their aggregate (実施率, pooled ratio or median), and
nationally each prefecture's aggregate of its municipalities. From the figures alone
that takes every year's figures of the indicator — 17,880 rows nationally — on every
first visit. So the import that changes figures (a survey file, the 照会 replies)
computes them for the indicators and years it changed, in its own transaction, into
``comparison_aggregates``: the figures and their aggregates are written together or
not at all. A comparison then reads one indicator's rows (at most 48 scopes × its
years) and one year's figures.

Each row carries its **basis**: a digest of the indicator set's content hash and of
the organisation list's membership (which 市区町村 belong to which prefecture), the two
things besides the figures that an aggregate depends on. A comparison reads the rows
of its own basis only; when the set has none (a database migrated before the table
existed, a set changed since, a newer organisation list) it computes the same figures
from the stored figures, as it always did, and the set's next import recomputes
every row. The arithmetic is :func:`~shinchoku.compare.arithmetic.group_figures`,
whichever way.
"""

from __future__ import annotations

import hashlib
import logging
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

from sqlalchemy import Connection, Table, delete, func, insert, select

from shinchoku.compare import store
from shinchoku.compare.arithmetic import Values, group_figures, ratio_values
from shinchoku.compare.indicators import Computation, Indicator, IndicatorSet
from shinchoku.orgs import NATION_CODE, Registry
from shinchoku.store.tables import ComparisonAggregateRow

log = logging.getLogger(__name__)

AGGREGATES: Table = ComparisonAggregateRow.__table__  # type: ignore[assignment]

# Per year, per scope (団体コード of 国 or a 都道府県): (how many reported, aggregate).
Figures = dict[int, dict[str, tuple[int, Decimal | None]]]

# First key of the two-key advisory lock: "shinchoku comparison" (the second: the set id's hash).
_LOCK_SPACE = 0x5348_4B43
_scopes: dict[str, dict[str, tuple[str, ...]]] = {}  # by the registry's membership digest


def basis(content_hash: str, registry: Registry) -> str:
    """What a set's aggregates are computed with: its definition and the organisations."""
    return hashlib.sha256(f"{content_hash} {registry.membership}".encode()).hexdigest()[:16]


def scopes(registry: Registry) -> dict[str, tuple[str, ...]]:
    """The 市区町村 of the nation (``000000``) and of each prefecture, by scope code."""
    kept = _scopes.get(registry.membership)
    if kept is None:
        kept = {NATION_CODE: tuple(o.code for o in registry.municipalities())}
        for p in registry.prefectures():
            kept[p.code] = tuple(o.code for o in registry.municipalities(p.code))
        _scopes[registry.membership] = kept
    return kept


def parts(indicator: Indicator) -> tuple[str, ...]:
    """The indicators whose figures ``indicator``'s values are made of."""
    if indicator.computation is Computation.RATIO:
        assert indicator.numerator is not None and indicator.denominator is not None
        return (indicator.numerator, indicator.denominator)
    return (indicator.id,)


def values_of(indicator: Indicator, figures: Mapping[str, Values]) -> Values:
    """One year's values of ``indicator`` from that year's figures by indicator id:
    its own, or a ratio's per-organisation ratios."""
    if indicator.computation is not Computation.RATIO:
        return figures.get(indicator.id, {})
    assert indicator.numerator is not None and indicator.denominator is not None
    num = figures.get(indicator.numerator, {})
    den = figures.get(indicator.denominator, {})
    return ratio_values(num, den, indicator.scale)


def year_figures(
    indicator: Indicator, figures: Mapping[str, Values], registry: Registry
) -> dict[str, tuple[int, Decimal | None]]:
    """Every scope's (reported, aggregate) of one year, from that year's figures."""
    values = values_of(indicator, figures)
    if indicator.computation is not Computation.RATIO:
        return group_figures(values, scopes(registry), indicator.computation)
    assert indicator.numerator is not None and indicator.denominator is not None
    return group_figures(
        values,
        scopes(registry),
        indicator.computation,
        figures.get(indicator.numerator, {}),
        figures.get(indicator.denominator, {}),
        indicator.scale,
    )


def current(conn: Connection, set_id: str, basis_: str) -> bool:
    """Whether the set's aggregates are stored for this basis."""
    q = select(AGGREGATES.c.year).where(AGGREGATES.c.set_id == set_id, AGGREGATES.c.basis == basis_)
    return conn.execute(q.limit(1)).first() is not None


def read(conn: Connection, set_id: str, indicator_id: str, basis_: str) -> Figures:
    """One indicator's stored aggregates of this basis, every year and scope."""
    q = select(
        AGGREGATES.c.year, AGGREGATES.c.scope, AGGREGATES.c.reported, AGGREGATES.c.value
    ).where(
        AGGREGATES.c.set_id == set_id,
        AGGREGATES.c.indicator_id == indicator_id,
        AGGREGATES.c.basis == basis_,
    )
    out: Figures = defaultdict(dict)
    for year, scope, reported, value in conn.execute(q).all():
        out[year][scope] = (reported, value)
    return {y: out[y] for y in sorted(out)}


def compute(conn: Connection, set_id: str, indicator: Indicator, registry: Registry) -> Figures:
    """One indicator's aggregates computed from the stored figures, every year: what
    :func:`read` gives when the rows are stored."""
    series = {part: store.figures(conn, set_id, part) for part in parts(indicator)}
    years = sorted({y for by_year in series.values() for y in by_year})
    return {
        y: year_figures(
            indicator, {part: by_year.get(y, {}) for part, by_year in series.items()}, registry
        )
        for y in years
    }


def years(conn: Connection, set_id: str) -> list[int] | None:
    """The years the set's aggregates are stored for (``None``: none are stored)."""
    q = (
        select(AGGREGATES.c.year)
        .where(AGGREGATES.c.set_id == set_id, AGGREGATES.c.scope == NATION_CODE)
        .distinct()
        .order_by(AGGREGATES.c.year)
    )
    found = list(conn.execute(q).scalars())
    return found or None


def refresh(
    conn: Connection,
    iset: IndicatorSet,
    registry: Registry,
    import_ids: Sequence[int] = (),
) -> int:
    """Recompute the aggregates the imports ``import_ids`` changed, in the caller's
    transaction; every one of the set's when it has none of the current basis. Returns
    how many (indicator, year) pairs were computed.

    On PostgreSQL one import of a set refreshes at a time (a transaction-scoped lock),
    and what it reads after the lock includes what the one before committed.
    """
    if conn.dialect.name == "postgresql":
        conn.execute(select(func.pg_advisory_xact_lock(_LOCK_SPACE, func.hashtext(iset.id))))
    basis_ = basis(iset.content_hash(), registry)
    whole = not current(conn, iset.id, basis_)
    f = store.FIGURES
    if whole:
        conn.execute(delete(AGGREGATES).where(AGGREGATES.c.set_id == iset.id))
        q = select(f.c.indicator_id, f.c.year).where(f.c.set_id == iset.id)
    elif import_ids:
        q = select(f.c.indicator_id, f.c.year).where(
            f.c.set_id == iset.id, f.c.import_id.in_(import_ids)
        )
    else:
        return 0
    changed: dict[int, set[str]] = defaultdict(set)  # year → indicators with new figures
    for indicator_id, year in conn.execute(q.distinct()):
        changed[year].add(indicator_id)
    done = 0
    for year in sorted(changed):
        # the indicators made of what changed: itself, or a ratio of it
        affected = [i for i in iset.indicators if set(parts(i)) & changed[year]]
        done += _write_year(conn, iset.id, year, affected, basis_, registry, whole)
    log.info("comparison aggregates of %s: %d indicator-years computed", iset.id, done)
    return done


def _write_year(
    conn: Connection,
    set_id: str,
    year: int,
    indicators: Iterable[Indicator],
    basis_: str,
    registry: Registry,
    whole: bool,
) -> int:
    indicators = list(indicators)
    needed = sorted({part for i in indicators for part in parts(i)})
    figures = store.year_figures(conn, set_id, year, needed)
    ids = [i.id for i in indicators]
    if not whole:
        conn.execute(
            delete(AGGREGATES).where(
                AGGREGATES.c.set_id == set_id,
                AGGREGATES.c.year == year,
                AGGREGATES.c.indicator_id.in_(ids),
            )
        )
    rows = [
        {
            "set_id": set_id,
            "indicator_id": i.id,
            "year": year,
            "scope": scope,
            "reported": reported,
            "value": value,
            "basis": basis_,
        }
        for i in indicators
        for scope, (reported, value) in year_figures(i, figures, registry).items()
    ]
    if rows:
        conn.execute(insert(AGGREGATES), rows)
    return len(ids)
