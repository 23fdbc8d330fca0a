"""One comparison of an indicator and year, read from the store: the service every
surface (CLI, API, web page, open data) renders.

The population is the 1,741 市区町村 nationally, or one prefecture's municipalities.
Nationally, each of the 47 prefectures also gets its municipalities' aggregate
(:func:`~shinchoku.compare.arithmetic.aggregate`), ranked. Organisations asked about
(``focus``) get their standing in each of their peer groups and their trend.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any, TypeVar, cast

from sqlalchemy import Connection, func, select

from shinchoku.compare import aggregates, store
from shinchoku.compare.arithmetic import (
    Distribution,
    Standing,
    Values,
    distribution,
    ranking,
    standing,
    trend,
)
from shinchoku.compare.indicators import Indicator, IndicatorSet
from shinchoku.compare.peers import peer_groups
from shinchoku.compare.problems import COMPARE_NOT_FOUND
from shinchoku.orgs import NATION_CODE, Organisation, Registry
from shinchoku.problems import Place, ShinchokuError

PLACES = Decimal("0.0001")
T = TypeVar("T")


def number(value: Decimal | None) -> float | None:
    """A figure for JSON: four decimal places (half-even), as a number."""
    return None if value is None else float(value.quantize(PLACES, rounding=ROUND_HALF_EVEN))


@dataclass(frozen=True, slots=True)
class Focus:
    org: Organisation
    value: Decimal | None
    rank: int | None
    standings: tuple[Standing, ...]
    trend: tuple[tuple[int, Decimal | None], ...]


@dataclass(frozen=True)
class Comparison:
    iset: IndicatorSet
    indicator: Indicator
    year: int
    years: tuple[int, ...]
    prefecture: Organisation | None
    distribution: Distribution
    rows: tuple[tuple[Organisation, Decimal | None, int | None], ...]  # by rank, then code
    prefectures: tuple[tuple[Organisation, Decimal | None, int | None], ...] = ()
    focus: tuple[Focus, ...] = field(default_factory=tuple)
    # per year: (year, how many of the population reported, their aggregate: 実施率,
    # pooled ratio or median)
    trend: tuple[tuple[int, int, Decimal | None], ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        d = self.distribution
        i = self.indicator
        return {
            "indicator_set": {
                "id": self.iset.id,
                "name": self.iset.name,
                "source": self.iset.source,
            },
            "indicator": {
                "id": i.id,
                "name": i.name,
                "unit": i.unit,
                "direction": i.direction.value,
                "computation": i.computation.value,
                "definition": i.definition,
            },
            "year": self.year,
            "years": list(self.years),
            "scope": None if self.prefecture is None else self.prefecture.code,
            "distribution": {
                "population": d.population,
                "reported": d.reported,
                "minimum": number(d.minimum),
                "q1": number(d.q1),
                "median": number(d.median),
                "q3": number(d.q3),
                "maximum": number(d.maximum),
                "mean": number(d.mean),
                "yes": d.yes,
                "rate": number(d.rate),
                "quartile_method": "linear interpolation (R type 7)",
            },
            "missing": list(d.missing),
            "trend": [{"year": y, "reported": n, "value": number(v)} for y, n, v in self.trend],
            "organisations": _rows(self.rows),
            "prefectures": _rows(self.prefectures),
            "focus": [
                {
                    **_row(f.org, number(f.value), f.rank),
                    "groups": [
                        {
                            "id": s.group,
                            "rank": s.rank,
                            "of": s.of,
                            "median": number(s.distribution.median),
                            "mean": number(s.distribution.mean),
                            "rate": number(s.distribution.rate),
                        }
                        for s in f.standings
                    ],
                    "trend": [{"year": y, "value": number(v)} for y, v in f.trend],
                }
                for f in self.focus
            ],
        }


def _rows(rows: Sequence[tuple[Organisation, Decimal | None, int | None]]) -> list[dict[str, Any]]:
    """:func:`_row` of each, every distinct value rounded once (a yes/no indicator's 1,741
    values are two)."""
    floats: dict[Decimal | None, float | None] = {None: None}
    out = []
    for o, value, rank in rows:
        if value in floats:
            f = floats[value]
        else:
            f = floats[value] = number(value)
        out.append(_row(o, f, rank))
    return out


def _row(o: Organisation, value: float | None, rank: int | None) -> dict[str, Any]:
    return {
        "code": o.code,
        "name": o.name,
        "kind": o.kind,  # a str enum: written as its value
        "prefecture": o.prefecture,
        "value": value,
        "rank": rank,
    }


def _not_found(what: str, text: str) -> ShinchokuError:
    return ShinchokuError(COMPARE_NOT_FOUND(Place(), f"no {what} {text!r}", found=text))


class ComparisonCache:
    """What comparisons read, and the answers rendered from them, kept in memory while
    the figures stay the same.

    Figures change only by an import, which records a row in ``survey_imports`` whether
    it changes anything or not, and an indicator set only by a new definition (its
    content hash): the *revision* is the last import's id and the sets' hashes, read by
    one small query per request. Everything kept is keyed by the revision, so a new
    import makes it unreachable (and, least recently used first, dropped): one year's
    values of an indicator, an indicator's aggregates, the indicator sets, the years of
    a set and the rendered answers (``page``). What is kept holds no objects the garbage
    collector tracks, but for a few small ones: dicts of strings and decimals, tuples of
    numbers, bytes. Peer groups are read on every request, never kept. Safe to share
    between threads.
    """

    def __init__(self, values: int = 64, pages: int = 256) -> None:
        self._lock = threading.Lock()
        self._making: dict[tuple[str, tuple[object, ...]], threading.Lock] = {}
        self._limits = {
            "values": values,
            "aggregates": 256,
            "set": 16,
            "years": 64,
            "page": pages,
        }
        self._kept: dict[str, OrderedDict[tuple[object, ...], Any]] = {
            kind: OrderedDict() for kind in self._limits
        }

    def revision(self, conn: Connection) -> tuple[object, ...]:
        """(the last import's id, (set id, content hash) of each set): one query."""
        last = select(func.max(store.IMPORTS.c.id)).scalar_subquery()
        rows = conn.execute(
            select(last, store.SETS.c.id, store.SETS.c.content_hash).order_by(store.SETS.c.id)
        ).all()
        # an import always stores its set first: no set, no import
        return (rows[0][0] if rows else None, *((r[1], r[2]) for r in rows))

    def get(self, kind: str, key: tuple[object, ...]) -> Any:
        """What is kept under ``key`` (``None`` when nothing is)."""
        kept = self._kept[kind]
        with self._lock:
            if key not in kept:
                return None
            kept.move_to_end(key)
            return kept[key]

    def put(self, kind: str, key: tuple[object, ...], value: object) -> None:
        kept = self._kept[kind]
        with self._lock:
            kept[key] = value
            kept.move_to_end(key)
            while len(kept) > self._limits[kind]:
                kept.popitem(last=False)

    def remember(self, kind: str, key: tuple[object, ...], make: Callable[[], T]) -> T:
        """The value kept under ``key``, or ``make()`` kept: made once when several
        threads ask at the same time (a fresh server's first requests all want the set)."""
        value = self.get(kind, key)
        if value is not None:
            return cast(T, value)
        with self._lock:
            making = self._making.setdefault((kind, key), threading.Lock())
        with making:
            value = self.get(kind, key)
            if value is None:
                value = make()
                self.put(kind, key, value)
        with self._lock:
            self._making.pop((kind, key), None)
        return cast(T, value)


class _Reader:
    """What a comparison reads from the store, each read kept by ``cache`` (when given)
    at ``revision``."""

    def __init__(
        self,
        conn: Connection,
        registry: Registry,
        set_id: str,
        cache: ComparisonCache | None = None,
        revision: object = None,
    ) -> None:
        self.conn, self.registry, self.set_id = conn, registry, set_id
        self.cache, self.revision = cache, revision

    def _kept(self, kind: str, key: tuple[object, ...], make: Callable[[], T]) -> T:
        if self.cache is None:
            return make()
        full = (self.revision, self.registry.membership, self.set_id, *key)
        return self.cache.remember(kind, full, make)

    def indicator_set(self) -> tuple[IndicatorSet, str | None]:
        """The set, and the basis of its stored aggregates (``None``: not stored)."""

        def make() -> tuple[IndicatorSet, str | None]:
            iset = store.load_indicator_set(self.conn, self.set_id)
            b = aggregates.basis(iset.content_hash(), self.registry)
            return iset, b if aggregates.current(self.conn, self.set_id, b) else None

        return self._kept("set", (), make)

    def figures(self, indicator: Indicator) -> aggregates.Figures:
        """The indicator's (reported, aggregate) per year and scope: stored, or computed
        from its figures when the set's aggregates are not stored for this basis."""
        _, b = self.indicator_set()

        def make() -> aggregates.Figures:
            if b is not None:
                return aggregates.read(self.conn, self.set_id, indicator.id, b)
            return aggregates.compute(self.conn, self.set_id, indicator, self.registry)

        return self._kept("aggregates", (indicator.id,), make)

    def values(self, indicator: Indicator, year: int) -> Values:
        """Every organisation's value of one year (a ratio: computed from its parts)."""

        def make() -> Values:
            parts = aggregates.parts(indicator)
            read = store.year_figures(self.conn, self.set_id, year, parts)
            return aggregates.values_of(indicator, read)

        return self._kept("values", (indicator.id, year), make)

    def org_values(
        self, indicator: Indicator, codes: Sequence[str], years: Sequence[int]
    ) -> dict[int, Values]:
        """Some organisations' values in ``years``."""
        parts = aggregates.parts(indicator)
        read = store.org_figures(self.conn, self.set_id, parts, codes, years)
        return {
            y: aggregates.values_of(indicator, {p: read.get(p, {}).get(y, {}) for p in parts})
            for y in years
        }


def warm(conn: Connection, registry: Registry, cache: ComparisonCache) -> int:
    """Read into ``cache`` what every comparison of a set reads first — the set, whether
    its aggregates are current, its years — for each stored set; how many sets. A
    serving process does it when it starts, so its first requests, arriving together,
    do not wait on it (the first read of a set takes 80 ms in a new process)."""
    revision = cache.revision(conn)
    sets = store.list_indicator_sets(conn)
    for set_id, _name in sets:
        _Reader(conn, registry, set_id, cache, revision).indicator_set()
        set_years(conn, set_id, cache, revision)
    return len(sets)


def set_years(
    conn: Connection,
    set_id: str,
    cache: ComparisonCache | None = None,
    revision: object = None,
) -> list[int]:
    """The fiscal years the set has figures for: those of its stored aggregates (every
    import that writes figures writes them), or of its figures when none are stored."""

    def make() -> list[int]:
        stored = aggregates.years(conn, set_id)
        return store.years(conn, set_id) if stored is None else stored

    if cache is None:
        return make()
    if revision is None:
        revision = cache.revision(conn)
    return cache.remember("years", (revision, set_id), make)


def compare(
    conn: Connection,
    registry: Registry,
    set_id: str,
    indicator_id: str,
    year: int | None = None,
    prefecture: str | None = None,
    focus: Sequence[str] = (),
    cache: ComparisonCache | None = None,
    revision: object = None,
) -> Comparison:
    """The comparison of one indicator in one year (default: the latest with figures).

    With a ``cache``, what it reads is kept while the figures stay the same (the
    comparison itself is worked out every time: a few milliseconds from what is kept,
    and thousands of objects the garbage collector would walk again and again if it
    were kept too). ``revision``: the cache's revision, when the caller has just read it
    on ``conn``.
    """
    if cache is not None and revision is None:
        revision = cache.revision(conn)
    reader = _Reader(conn, registry, set_id, cache, revision)
    base = _compare(reader, indicator_id, year, prefecture)
    if not focus:
        return base
    indicator = base.indicator
    values = reader.values(indicator, base.year)
    ranks = {o.code: r for o, _, r in base.rows}
    user_groups = store.user_peer_groups(conn)
    orgs = [registry.find(text, Place(field="org")) for text in focus]
    own = reader.org_values(indicator, [o.code for o in orgs], base.years)
    focused = []
    for org in orgs:
        standings = tuple(
            standing(org.code, values, g.id, g.members, indicator.direction, indicator.computation)
            for g in peer_groups(org, registry, user_groups)
        )
        focused.append(
            Focus(
                org,
                values.get(org.code),
                ranks.get(org.code),
                standings,
                tuple(trend(own, org.code)),
            )
        )
    return replace(base, focus=tuple(focused))


def _compare(
    reader: _Reader, indicator_id: str, year: int | None, prefecture: str | None
) -> Comparison:
    registry = reader.registry
    iset, _ = reader.indicator_set()
    indicator = iset.get(indicator_id)
    if indicator is None:
        raise _not_found(f"indicator in {iset.id}", indicator_id)
    figures = reader.figures(indicator)
    years = tuple(figures)
    if year is None:
        if not years:
            raise _not_found("figures for", f"{iset.id}/{indicator_id}")
        year = years[-1]
    pref = None
    if prefecture is not None:
        pref = registry.find(prefecture, Place(field="prefecture"))
        if pref.kind.value != "prefecture":
            raise _not_found("prefecture", prefecture)
    values = reader.values(indicator, year)
    population = registry.municipalities(None if pref is None else pref.code)
    codes = [o.code for o in population]
    pop_values = {c: values.get(c) for c in codes}
    dist = distribution(pop_values, codes, indicator.computation)
    ranks = ranking(pop_values, indicator.direction)
    # by rank, then code (the ranking's own order); then those that did not report, in
    # the list's order (by code)
    by_code = {o.code: o for o in population}
    rows = (
        *((by_code[code], pop_values[code], rank) for code, rank in ranks.items()),
        *((o, None, None) for o in population if o.code not in ranks),
    )
    prefs: tuple[tuple[Organisation, Decimal | None, int | None], ...] = ()
    if pref is None:
        prefs = _prefecture_rows(registry, indicator, figures.get(year, {}))
    scope = NATION_CODE if pref is None else pref.code
    trend = tuple((y, *figures[y].get(scope, (0, None))) for y in years)
    return Comparison(iset, indicator, year, years, pref, dist, rows, prefs, (), trend)


def _prefecture_rows(
    registry: Registry,
    indicator: Indicator,
    of_year: Mapping[str, tuple[int, Decimal | None]],
) -> tuple[tuple[Organisation, Decimal | None, int | None], ...]:
    """The 47 prefectures, each with its municipalities' aggregate and its rank."""
    values = {p.code: of_year.get(p.code, (0, None))[1] for p in registry.prefectures()}
    ranks = ranking(values, indicator.direction)
    return tuple((p, values[p.code], ranks.get(p.code)) for p in registry.prefectures())
