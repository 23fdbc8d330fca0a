"""Comparison pages and API: one indicator and year across organisations.

Public: the figures of common indicators are survey results, published as imported
(no year workflow applies to them yet). Pages render :mod:`shinchoku.compare.service`;
the map and the bar chart are server-side SVG with a data table beside them.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Path, Query, Request
from sqlalchemy import Connection
from starlette.responses import HTMLResponse, Response

from shinchoku.compare import service, store
from shinchoku.compare.charts import bar_chart, display, municipal_map, tile_map
from shinchoku.compare.indicators import Computation
from shinchoku.compare.mapfile import WORDS as MAP_WORDS
from shinchoku.compare.problems import COMPARE_NOT_FOUND
from shinchoku.compare.service import Comparison, ComparisonCache, compare, set_years
from shinchoku.orgs import registry
from shinchoku.orgs.shapes import shapes
from shinchoku.problems import Place, ShinchokuError
from shinchoku.publish.labels import fiscal_year_label
from shinchoku.web.auth import session_cookie_name
from shinchoku.web.render import render, request_lang, respond
from shinchoku.web.state import app_state

router = APIRouter(include_in_schema=False)
api_router = APIRouter(prefix="/api", tags=["compare"])

SetId = Annotated[str, Path(max_length=100, description="Indicator set id")]
IndicatorId = Annotated[str, Path(max_length=100, description="Indicator id")]
Year = Annotated[int, Path(ge=1900, le=2199, description="Fiscal year")]
Pref = Annotated[
    str | None, Query(max_length=12, description="団体コード of a prefecture: its municipalities")
]
Orgs = Annotated[
    list[str] | None, Query(max_length=20, description="団体コード to show against their peers")
]
Code = Annotated[str, Path(max_length=12, description="団体コード")]
Page = Annotated[int, Query(ge=1, le=10_000, description="Page of the ranking table")]

# Rows of the nation's ranking table on one page (1,741 municipalities: 18 pages). A
# prefecture's municipalities (179 at most) are shown whole; the JSON API and the open
# data give every row.
PAGE_ROWS = 100


# The page's own words (ja, en); those the map file shows too are the file's.
WORDS: dict[str, tuple[str, str]] = {
    **{k: MAP_WORDS[k] for k in ("map", "nodata", "missing", "legend", "boundaries")},
    "compare": ("団体比較", "Comparison"),
    "sets": ("共通指標", "Common indicators"),
    "national": ("全国", "Nationwide"),
    "reported": ("回答", "Reported"),
    "of": ("団体中", "of"),
    "rate": ("実施率", "Share answering yes"),
    "min": ("最小", "Minimum"),
    "q1": ("第1四分位", "Lower quartile"),
    "median": ("中央値", "Median"),
    "q3": ("第3四分位", "Upper quartile"),
    "max": ("最大", "Maximum"),
    "mean": ("平均", "Mean"),
    "map_desc": (
        "タイルグリッド地図。色が濃いほど良い値。同じ値を下の表に示す。",
        "Tile grid map; darker is better. The table below gives the same values.",
    ),
    "munimap": ("市区町村別の地図", "Map of the municipalities"),
    "munimap_desc": (
        "市区町村の境界による色分け地図。色が濃いほど良い値。斜線は未回答。"
        "離島は枠内に移して示す。同じ値を横の表に示す。",
        "Choropleth on the municipal boundaries; darker is better, hatched means not "
        "reported. Remote islands are moved into framed insets. The table beside gives "
        "the same values.",
    ),
    "munimap_table": ("値と区分", "values and classes"),
    "klass": ("区分", "Class"),
    "unmapped": ("地図に境界なし", "No boundary on the map"),
    "bars": ("市区町村別", "By municipality"),
    "bars_desc": (
        "順位順の棒グラフ。縦線は中央値。同じ値を下の表に示す。",
        "Bars in rank order; the vertical line is the median. The table below gives the values.",
    ),
    "rank": ("順位", "Rank"),
    "trend": ("年度別の推移", "Year by year"),
    "year": ("年度", "Fiscal year"),
    "aggregate": (
        "集計値（実施率・全体の比率・中央値）",
        "Combined (share answering yes, pooled ratio or median)",
    ),
    "ranking": ("市区町村の順位", "Municipalities ranked"),
    "rows_shown": ("{first}〜{last}行目／{total}団体", "rows {first}–{last} of {total}"),
    "pages": ("順位表のページ", "Pages of the ranking"),
    "code": ("団体コード", "Code"),
    "name": ("団体名", "Name"),
    "value": ("値", "Value"),
    "source": ("出典", "Source"),
    "years": ("年度", "Years"),
    "quartiles": (
        "四分位は線形補間（R type 7）による。順位は同値を同順位とする（1, 2, 2, 4）。",
        "Quartiles by linear interpolation (R type 7); equal values share a rank (1, 2, 2, 4).",
    ),
}


# One cache of comparisons per database (an app serves one; tests make many).
_CACHES: weakref.WeakKeyDictionary[Any, ComparisonCache] = weakref.WeakKeyDictionary()
_CACHES_LOCK = threading.Lock()

# Comparisons answered at once by one process; the other requests wait their turn, first
# come first served. A comparison is a few milliseconds of CPU under the GIL: twenty of
# them in twenty threads would share the process, each taking as long as all twenty,
# and each holding a database connection (beyond the pool's ten, opened and closed
# again). A few at a time keep the database's round trips overlapping and let each
# answer go as soon as it is made.
AT_ONCE_LIMIT = 4
AT_ONCE = threading.BoundedSemaphore(AT_ONCE_LIMIT)


def _cache(db: Any) -> ComparisonCache:
    with _CACHES_LOCK:
        cache = _CACHES.get(db)
        if cache is None:
            cache = _CACHES[db] = ComparisonCache()
        return cache


def warm(db: Any) -> None:
    """What the comparisons of each stored set read first, read now (a serving process,
    when it starts: :func:`shinchoku.web.server.settled`), and the municipal boundaries
    the prefecture pages draw (150 ms to read: the first such page waited on it)."""
    with db.engine.connect() as conn:
        service.warm(conn, registry(), _cache(db))
    shapes()


def _kept(request: Request, kind: str, build: Callable[[Connection, object], Response]) -> Response:
    """The response kept for this URL while the figures stay the same, or built and kept.

    Pages are kept for visitors without a session only (the page frame shows who is
    logged in), by language and URL, as the plan's public pages are
    (:func:`shinchoku.web.pages.cached`); API answers are the same for everyone.
    ``build`` is given the request's one connection and the revision read on it.
    """
    st = app_state(request)
    cache = _cache(st.db)
    with AT_ONCE, st.db.engine.connect() as conn:
        revision = cache.revision(conn)
        if kind == "page" and session_cookie_name(st.settings.secure_cookies) in request.cookies:
            return build(conn, revision)
        key: tuple[object, ...] = (
            revision,
            request_lang(request),
            request.url.path,
            request.url.query,
        )
        if kind == "page":
            key += (st.plan_name(request),)
        body = cache.get("page", key)
        if body is not None:
            if kind == "page":
                return respond(request, body)
            return Response(body, media_type="application/json")
        response = build(conn, revision)
    if response.status_code == 200:
        cache.put("page", key, bytes(response.body))
    return response


def _words(request: Request) -> dict[str, str]:
    i = 0 if request_lang(request) == "ja" else 1
    return {k: v[i] for k, v in WORDS.items()}


def _comparison(
    request: Request,
    conn: Connection,
    revision: object,
    set_id: str,
    indicator_id: str,
    year: int | None,
    prefecture: str | None,
    orgs: list[str] | None,
) -> Comparison:
    cache = _cache(app_state(request).db)
    # compare-not-found, indicator-set-not-found, org-unknown: 404 by their types
    return compare(
        conn,
        registry(),
        set_id,
        indicator_id,
        year,
        prefecture,
        orgs or [],
        cache=cache,
        revision=revision,
    )


@api_router.get(
    "/compare/{set_id}/{indicator_id}/{year}",
    summary="Compare organisations",
    response_model=dict[str, Any],
)
def compare_api(
    request: Request,
    set_id: SetId,
    indicator_id: IndicatorId,
    year: Year,
    prefecture: Pref = None,
    org: Orgs = None,
) -> Response:
    """Distribution, ranking and the 47 prefectures' aggregates of one indicator and year;
    with ``org``, those organisations against their peer groups, and their trend."""

    def build(conn: Connection, revision: object) -> Response:
        c = _comparison(request, conn, revision, set_id, indicator_id, year, prefecture, org)
        # compact UTF-8, as json.dumps(ensure_ascii=False, separators=(",", ":")) writes
        # it, in a tenth of the time (200 KB for the nation's 1,741 municipalities)
        return Response(orjson.dumps(c.to_dict()), media_type="application/json")

    return _kept(request, "api", build)


@api_router.get("/organisations/{code}", summary="An organisation")
def organisation_api(code: Code) -> dict[str, Any]:
    """An organisation of the shipped list by 団体コード, with its members."""
    r = registry()
    o = r.find(code)  # org-unknown, org-code-invalid: 404 by their types
    return {**o.to_dict(), "members": [c.code for c in r.children(o.code)]}


@router.get("/compare/")
def compare_index(request: Request) -> Response:
    return _kept(request, "page", lambda conn, revision: _index(request, conn, revision))


def _index(request: Request, conn: Connection, revision: object) -> HTMLResponse:
    cache = _cache(app_state(request).db)
    sets = []
    for set_id, _name in store.list_indicator_sets(conn):
        iset = store.load_indicator_set(conn, set_id)
        sets.append((iset, set_years(conn, set_id, cache, revision)))
    w = _words(request)
    return render(request, "compare/index.html", {"w": w, "sets": sets, "title": w["compare"]})


@router.get("/compare/{set_id}/{indicator_id}/{year}")
def compare_page(
    request: Request,
    set_id: SetId,
    indicator_id: IndicatorId,
    year: Year,
    prefecture: Pref = None,
    page: Page = 1,
) -> Response:
    def build(conn: Connection, revision: object) -> Response:
        return _page(request, conn, revision, set_id, indicator_id, year, prefecture, page)

    return _kept(request, "page", build)


def _no_page(page: int) -> ShinchokuError:
    problem = COMPARE_NOT_FOUND(Place(field="page"), f"no page {page}", found=str(page))
    return ShinchokuError(problem)


def _page(
    request: Request,
    conn: Connection,
    revision: object,
    set_id: str,
    indicator_id: str,
    year: int,
    prefecture: str | None,
    page: int,
) -> HTMLResponse:
    c = _comparison(request, conn, revision, set_id, indicator_id, year, prefecture, None)
    i = c.indicator
    w = _words(request)

    def show(value: Any) -> str:
        return display(value, i.computation, i.unit)

    d = c.distribution
    summary = [(w["reported"], f"{d.reported:,} / {d.population:,}")]
    if i.computation is Computation.YES_NO:
        summary.append((w["rate"], show(d.rate)))
    else:
        summary += [
            (w[k], show(getattr(d, attr)))
            for k, attr in (
                ("min", "minimum"),
                ("q1", "q1"),
                ("median", "median"),
                ("q3", "q3"),
                ("max", "maximum"),
                ("mean", "mean"),
            )
        ]
    tiles = None
    if c.prefectures:
        tiles = tile_map(c.prefectures, i.computation, i.direction, i.unit, w["nodata"])
    bars = munimap = None
    if c.prefecture is not None:
        middle = d.rate if i.computation is Computation.YES_NO else d.median
        bars = bar_chart(c.rows, i.computation, i.unit, middle)
        munimap = municipal_map(
            sorted(c.rows, key=lambda r: r[0].code),
            c.prefecture.code,
            i.computation,
            i.direction,
            i.unit,
            w["missing"],
        )
    scope = w["national"] if c.prefecture is None else c.prefecture.name
    orgs = registry()
    # the tables' rows as the reader sees them: one formatting per value, not per cell;
    # the nation's ranking a page at a time
    ranked_rows = [(o, value, rank) for o, value, rank in c.rows if rank is not None]
    pages = 1
    if c.prefecture is None:
        pages = max(1, -(-len(ranked_rows) // PAGE_ROWS))
        if page > pages:
            raise _no_page(page)
        first = (page - 1) * PAGE_ROWS
        ranked_rows = ranked_rows[first : first + PAGE_ROWS]
    elif page != 1:
        raise _no_page(page)
    ranked = [(rank, o.code, o.name, show(value)) for o, value, rank in ranked_rows]
    reported = sum(1 for _, _, rank in c.rows if rank is not None)
    first_row = (page - 1) * PAGE_ROWS + 1 if c.prefecture is None else 1
    rows_shown = w["rows_shown"].format(
        first=f"{first_row:,}", last=f"{first_row + len(ranked) - 1:,}", total=f"{reported:,}"
    )
    prefecture_rows = [
        (rank, o.code, o.name, show(value))
        for o, value, rank in sorted(
            c.prefectures, key=lambda t: (t[2] is None, t[2] or 0, t[0].code)
        )
    ]
    return render(
        request,
        "compare/indicator.html",
        {
            "w": w,
            "c": c,
            "i": i,
            "show": show,
            "summary": summary,
            "tiles": tiles,
            "bars": bars,
            "munimap": munimap,
            "values": {o.code: v for o, v, _ in c.rows},
            "scope": scope,
            "missing": [(code, o.name if (o := orgs.get(code)) else code) for code in d.missing],
            "ranked": ranked,
            "rows_shown": rows_shown,
            "page": page,
            "pages": pages,
            "prefecture_rows": prefecture_rows,
            "title": f"{i.name} {fiscal_year_label(c.year, request_lang(request))} {scope}",
        },
    )
