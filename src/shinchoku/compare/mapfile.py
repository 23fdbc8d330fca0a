"""A comparison's map as a file: the choropleth the page shows, as a standalone SVG.

The same :class:`~shinchoku.compare.charts.Choropleth` as the page (the tile grid of the
47 prefectures nationally, a prefecture's municipalities on their shipped boundaries),
its shapes drawn by the page's own template fragment (``_choropleth_shapes.html``), so
the file and the page cannot differ. Around the shapes the file carries what the page
says beside the map in HTML: the heading, the legend, the source and, for the municipal
map, the boundaries' attribution that their terms of use ask for. Text is laid out from
an estimate of its width (a CJK character one em, any other 0.6 em), so nothing
depends on the fonts of the machine that writes the file: the same figures give the
same bytes.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal

from markupsafe import Markup

from shinchoku.compare.charts import (
    Choropleth,
    LegendEntry,
    Row,
    classes,
    municipal_map,
    tile_map,
)
from shinchoku.compare.problems import COMPARE_NO_BOUNDARIES, COMPARE_NOT_FOUND
from shinchoku.compare.service import PLACES, Comparison
from shinchoku.orgs.shapes import Shapes
from shinchoku.problems import Place, ShinchokuError
from shinchoku.publish.fields import Value
from shinchoku.publish.labels import fiscal_year_label
from shinchoku.publish.templating import render

# The file's words (ja, en); the page (web/compare.py WORDS) takes from here those it
# shows too: "map", "nodata", "missing", "legend", "boundaries".
WORDS: dict[str, tuple[str, str]] = {
    "map": ("都道府県別（市区町村の集計）", "By prefecture (its municipalities combined)"),
    "nodata": ("データなし", "No data"),
    "missing": ("未回答", "Not reported"),
    "legend": ("凡例", "Legend"),
    "boundaries": (
        "境界：気象庁ホームページの区域データ（市町村等）を加工して作成。",
        "Boundaries: adapted from the Japan Meteorological Agency website's area data "
        "(municipalities).",
    ),
    "reported": ("回答 {reported} / {population} 団体", "{reported} of {population} reported"),
    "source": ("出典：{source}", "Source: {source}"),
    "key": ("色が濃いほど良い値。斜線は{missing}。", "Darker is better; hatched: {missing}."),
    "tile_desc": (
        "タイルグリッド地図（1都道府県1マス、おおよその位置）。",
        "Tile grid map (one square per prefecture, roughly where it lies).",
    ),
    "munimap_desc": (
        "市区町村の境界による色分け地図。離島は枠内に移して示す。",
        "Choropleth on the municipal boundaries; remote islands are moved into framed insets.",
    ),
    "code": ("団体コード", "code"),
    "name": ("団体名", "name"),
    "value": ("値", "value"),
    "klass": ("区分", "class"),
}

# Japanese fonts of Windows and macOS readers first; the list ends in the one
# scripts/setup installs, so the file renders wherever shinchoku runs.
FONTS = (
    "'Hiragino Kaku Gothic ProN', 'Hiragino Sans', 'BIZ UDPGothic', 'Yu Gothic', Meiryo, "
    "'Noto Sans JP', 'Noto Sans CJK JP'"
)
MARGIN = 16
KEY = 14  # a legend key's square
KEY_STEP = 22  # from one legend entry to the next
MUNICIPAL_LONGEST = 560  # the municipal map's longer side, as on the page


def text_width(text: str, size: float) -> float:
    """The width of ``text`` at ``size`` pixels, estimated on the wide side: a CJK (or
    ambiguous-width) character one em, any other 0.6 em."""
    return sum(size if unicodedata.east_asian_width(c) in "WFA" else size * 0.6 for c in text)


@dataclass(frozen=True, slots=True)
class Text:
    """One line of text on the file, at its baseline."""

    x: int
    y: int
    size: int
    text: str
    bold: bool = False


@dataclass(frozen=True, slots=True)
class Key:
    """One legend entry placed: its square's top left corner and its label's baseline."""

    x: int
    y: int
    entry: LegendEntry
    label: Text


@dataclass(frozen=True, slots=True)
class MapFile:
    """A comparison's map laid out as a standalone document: the frame, the texts, the
    map's box, the legend; and the table of the figures it shows (:meth:`table`)."""

    lang: str
    year: int
    width: int
    height: int
    title: str
    desc: str
    texts: tuple[Text, ...]
    map: Choropleth
    map_id: str  # the page's id of the same map ("map", "munimap"): the same shapes, byte for byte
    box: tuple[int, int, int, int]  # where the map is drawn: x, y, width, height
    keys: tuple[Key, ...]
    header: tuple[str, ...]
    rows: tuple[tuple[str, str, Decimal | None, str], ...]  # by 団体コード
    attribution: str | None = None  # of the boundaries drawn (none for the tile grid)

    def svg(self) -> str:
        """The SVG document (UTF-8 text)."""
        return render("choropleth.svg", f=self, fonts=Markup(FONTS))  # quotes kept as quotes

    def table(self) -> list[Sequence[Value]]:
        """The figures the map shows: 団体コード, 団体名, 値 (four decimal places, as the
        API gives them; a 実施率 as a fraction), 区分 (the legend's label of its class)."""
        return [list(r) for r in self.rows]


def words(lang: str) -> dict[str, str]:
    i = 1 if lang == "en" else 0
    return {k: v[i] for k, v in WORDS.items()}


@dataclass(frozen=True, slots=True)
class _Drawn:
    """The map of a comparison as the page draws it, with what the file says of it."""

    choropleth: Choropleth
    rows: Sequence[Row]  # in the map's order
    map_id: str
    scope: str
    missing: str  # the label of an organisation without a figure
    about: str  # what kind of map it is
    size: tuple[int, int]  # drawn at, in pixels
    attribution: str | None


def _drawn(c: Comparison, w: dict[str, str], boundaries: Shapes | None) -> _Drawn:
    """The page's map of ``c``: the same rows, labels and ids as ``web/compare.py``'s."""
    i = c.indicator
    if c.prefecture is None:
        tiles = tile_map(c.prefectures, i.computation, i.direction, i.unit, w["nodata"])
        return _Drawn(tiles, c.prefectures, "map", w["map"], w["nodata"], w["tile_desc"],
                      (tiles.width, tiles.height), None)  # fmt: skip
    rows = sorted(c.rows, key=lambda r: r[0].code)
    m = municipal_map(rows, c.prefecture.code, i.computation, i.direction, i.unit,
                      w["missing"], boundaries)  # fmt: skip
    if m is None:
        text = f"no boundaries are shipped for {c.prefecture.name}"
        problem = COMPARE_NO_BOUNDARIES(Place(field="prefecture"), text, found=c.prefecture.code)
        raise ShinchokuError(problem)
    return _Drawn(m, rows, "munimap", c.prefecture.name, w["missing"], w["munimap_desc"],
                  m.display_size(MUNICIPAL_LONGEST), w["boundaries"])  # fmt: skip


def draw(comparison: Comparison, lang: str = "ja", boundaries: Shapes | None = None) -> MapFile:
    """The map of ``comparison`` as the page draws it (the 47 prefectures nationally,
    the prefecture's municipalities when it has one), laid out as a file.

    Problems: no figure of the population in the year (``compare-not-found``), no
    shipped boundaries for the prefecture (``compare-no-boundaries``).
    """
    c, i, w = comparison, comparison.indicator, words(lang)
    ref = f"{c.iset.id}/{i.id}"
    if c.distribution.reported == 0:
        place = Place(field="year", year=c.year)
        text = f"no figures for {ref} in FY{c.year}"
        raise ShinchokuError(COMPARE_NOT_FOUND(place, text, found=str(c.year)))
    d = _drawn(c, w, boundaries)
    year = fiscal_year_label(c.year, lang)
    counted = {"reported": f"{c.distribution.reported:,}",
               "population": f"{c.distribution.population:,}"}  # fmt: skip
    reported = w["reported"].format(**counted)
    notes = [
        w["key"].format(missing=d.missing),
        w["source"].format(source=c.iset.source or c.iset.name),
    ]
    if d.attribution:
        notes.append(d.attribution)
    if lang == "ja":
        subtitle = "　".join((year, d.scope, reported))
        said = [f"{i.name}（{ref}）", f"{year}、{d.scope}", reported, d.about, *notes]
        desc = "".join(t if t.endswith("。") else t + "。" for t in said)
    else:
        subtitle = " · ".join((year, d.scope, reported))
        said = [f"{i.name} ({ref})", f"{year}, {d.scope}", reported, d.about, *notes]
        desc = " ".join(t if t.endswith(".") else t + "." for t in said)
    # the table: each organisation's figure and the legend's label of its class
    labelled, _ = classes(d.rows, i.computation, i.direction, i.unit, d.missing)
    rows = sorted(
        ((o.code, o.name, _figure(v), label)
         for (o, v, _), (_, label) in zip(d.rows, labelled, strict=True)),
        key=lambda r: r[0],
    )  # fmt: skip
    texts = [
        Text(MARGIN, MARGIN + 18, 18, i.name, bold=True),
        Text(MARGIN, MARGIN + 40, 13, subtitle),
    ]
    top = MARGIN + 56
    map_w, map_h = d.size
    legend_x = MARGIN + map_w + 24
    texts.append(Text(legend_x, top + 14, 13, w["legend"], bold=True))
    keys = []
    for n, entry in enumerate(d.choropleth.legend):
        y = top + 26 + n * KEY_STEP
        keys.append(Key(legend_x, y, entry, Text(legend_x + KEY + 8, y + 12, 12, entry.label)))
    y = max(top + map_h, top + 26 + len(keys) * KEY_STEP) + 8
    for note in notes:
        y += 18
        texts.append(Text(MARGIN, y, 12, note))
    right = max(t.x + text_width(t.text, t.size) for t in [*texts, *(k.label for k in keys)])
    return MapFile(
        lang=lang,
        year=c.year,
        width=math.ceil(right) + MARGIN,
        height=y + MARGIN,
        title=f"{i.name} {year} — {d.scope}",
        desc=desc,
        texts=tuple(texts),
        map=d.choropleth,
        map_id=d.map_id,
        box=(MARGIN, top, map_w, map_h),
        keys=tuple(keys),
        header=(w["code"], w["name"], w["value"], w["klass"]),
        rows=tuple(rows),
        attribution=d.attribution,
    )


def _figure(value: Decimal | None) -> Decimal | None:
    """A figure as the API gives it: four decimal places, half-even."""
    return None if value is None else value.quantize(PLACES, rounding=ROUND_HALF_EVEN)
