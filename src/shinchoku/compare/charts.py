"""Chart geometry for comparisons: numbers in, coordinates out (the SVG is in templates).

One choropleth for both levels (:class:`Choropleth`, drawn by
``web/templates/compare/_choropleth.html``): the 47 prefectures as a tile grid (one
square per prefecture, placed roughly where it lies: equal tiles give Tokyo and Tottori
the same weight, which a comparison of governments wants), and a prefecture's
municipalities on their shipped boundaries (:mod:`shinchoku.orgs.shapes`). Five colour
classes split the values at their quintiles; each fill has a text colour that keeps a
contrast ratio of at least 4.5:1; an organisation without a figure is hatched and
labelled, never told by colour alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Any

from shinchoku.compare.arithmetic import quantile
from shinchoku.compare.indicators import Computation
from shinchoku.model.plan import Direction
from shinchoku.orgs import Organisation
from shinchoku.orgs.shapes import Shapes, shapes

# (column, row) of each prefecture, by the first two digits of its code.
TILES: dict[str, tuple[int, int]] = {
    "01": (11, 0), "02": (10, 1), "03": (10, 2), "05": (9, 2), "04": (10, 3), "06": (9, 3),
    "17": (6, 4), "16": (7, 4), "15": (8, 4), "07": (9, 4),
    "18": (5, 5), "21": (6, 5), "20": (7, 5), "10": (8, 5), "09": (9, 5), "08": (10, 5),
    "32": (1, 6), "31": (2, 6), "28": (3, 6), "26": (4, 6), "25": (5, 6), "23": (6, 6),
    "19": (7, 6), "11": (8, 6), "13": (9, 6), "12": (10, 6),
    "35": (0, 7), "34": (1, 7), "33": (2, 7), "27": (3, 7), "29": (4, 7), "24": (5, 7),
    "22": (6, 7), "14": (8, 7),
    "41": (0, 8), "40": (1, 8), "38": (2, 8), "37": (3, 8), "30": (4, 8),
    "42": (0, 9), "44": (1, 9), "39": (2, 9), "36": (3, 9),
    "43": (0, 10), "45": (1, 10), "46": (0, 11), "47": (0, 12),
}  # fmt: skip
# Light to dark; the text colour on each keeps ≥ 4.5:1 contrast.
FILLS = (("#eff3ff", "#000000"), ("#bdd7e7", "#000000"), ("#6baed6", "#000000"),
         ("#2171b5", "#ffffff"), ("#08306b", "#ffffff"))  # fmt: skip
NO_DATA = ("#ffffff", "#000000")
TILE = 44
GAP = 4


@lru_cache(maxsize=8192)
def display(value: Decimal | None, computation: Computation, unit: str | None = None) -> str:
    """A value as a reader sees it: 実施率 as a percentage, numbers to one decimal place
    (none for a whole number). Equal values read the same, so each is formatted once
    (a national page shows 1,741 of them, most repeated)."""
    if value is None:
        return "—"
    if computation is Computation.YES_NO:
        return f"{(value * 100).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%"
    q = value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    if q == q.to_integral_value():
        q = q.quantize(Decimal(1))
    text = f"{q:,}"
    return text + (unit or "")


def short_name(name: str) -> str:
    """「宮城県」→「宮城」, 「北海道」 stays: the tile's label."""
    return name if name == "北海道" else name[:-1]


@dataclass(frozen=True, slots=True)
class Area:
    """One organisation on a map: its outline as SVG path data, its class's fill, and
    the value as text (the missing label when it has no figure)."""

    code: str
    name: str
    value_text: str
    path: str
    fill: str
    text_fill: str
    missing: bool
    class_label: str  # the legend's label of its class (the missing label without a figure)
    label: str = ""  # drawn inside the area (the tile grid's short names)
    label_x: float = 0
    label_y: float = 0


@dataclass(frozen=True, slots=True)
class LegendEntry:
    fill: str
    text_fill: str
    label: str
    missing: bool = False


@dataclass(frozen=True, slots=True)
class Choropleth:
    """A map ready for the template: the frame, one area per organisation with a shape,
    the legend (classes, then the missing label), inset frames, and the organisations
    of the rows that have no shape to draw (they are in the table beside the map)."""

    width: int
    height: int
    areas: tuple[Area, ...]
    legend: tuple[LegendEntry, ...]
    insets: tuple[tuple[int, int, int, int], ...] = ()
    unmapped: tuple[Organisation, ...] = ()

    def area(self, code: str) -> Area:
        return next(a for a in self.areas if a.code == code)

    def display_size(self, longest: int) -> tuple[int, int]:
        """Width and height on the page, the longer side ``longest`` pixels."""
        k = longest / max(self.width, self.height)
        return round(self.width * k), round(self.height * k)


Row = tuple[Organisation, Decimal | None, int | None]


def classes(
    rows: Sequence[Row],
    computation: Computation,
    direction: Direction,
    unit: str | None,
    missing_label: str,
) -> tuple[list[tuple[int | None, str]], tuple[LegendEntry, ...]]:
    """Each row's colour class (0 lightest … 4 darkest; darker is better; ``None``
    without a figure) with its legend label, and the legend: the classes that occur,
    with the range of values in each, then the missing label when a row has no figure.
    Five classes split the values at their quintiles."""
    values = sorted(v for _, v, _ in rows if v is not None)
    cuts = [quantile(values, Decimal(k) / 5) for k in range(1, 5)] if values else []
    out: list[int | None] = []
    members: dict[int, list[Decimal]] = {}  # class → its values, for the legend
    for _, value, _ in rows:
        if value is None:
            out.append(None)
            continue
        cls = sum(1 for c in cuts if value > c)
        if direction is Direction.LOWER:
            cls = 4 - sum(1 for c in cuts if value >= c)
        out.append(cls)
        members.setdefault(cls, []).append(value)
    legend: list[LegendEntry] = []
    for cls in sorted(members, reverse=direction is Direction.LOWER):
        low, high = min(members[cls]), max(members[cls])
        label = display(low, computation, unit)
        if high != low:
            label += f" – {display(high, computation, unit)}"
        legend.append(LegendEntry(*FILLS[cls], label))
    if None in out:
        legend.append(LegendEntry(*NO_DATA, missing_label, missing=True))
    names = {e.fill: e.label for e in legend}
    labelled = [(c, missing_label if c is None else names[FILLS[c][0]]) for c in out]
    return labelled, tuple(legend)


def _area(org: Organisation, value: Decimal | None, cls: tuple[int | None, str], path: str,
          computation: Computation, unit: str | None, missing_label: str,
          **label: Any) -> Area:  # fmt: skip
    fill, text = NO_DATA if cls[0] is None else FILLS[cls[0]]
    value_text = missing_label if value is None else display(value, computation, unit)
    return Area(org.code, org.name, value_text, path, fill, text, cls[0] is None, cls[1], **label)


def tile_map(
    rows: Sequence[Row],
    computation: Computation,
    direction: Direction = Direction.HIGHER,
    unit: str | None = None,
    missing_label: str = "—",
) -> Choropleth:
    """The 47 prefectures as equal tiles coloured by value class (darker is better)."""
    found, legend = classes(rows, computation, direction, unit, missing_label)
    areas = []
    for (org, value, _), cls in zip(rows, found, strict=True):
        col, row = TILES[org.code[:2]]
        x, y = col * (TILE + GAP), row * (TILE + GAP)
        path = f"M{x} {y}h{TILE}v{TILE}h-{TILE}z"
        areas.append(
            _area(org, value, cls, path, computation, None, missing_label,
                  label=short_name(org.name), label_x=x + TILE / 2, label_y=y)
        )  # fmt: skip
    return Choropleth(12 * (TILE + GAP), 13 * (TILE + GAP), tuple(areas), legend)


def municipal_map(
    rows: Sequence[Row],
    prefecture: str,
    computation: Computation,
    direction: Direction = Direction.HIGHER,
    unit: str | None = None,
    missing_label: str = "—",
    boundaries: Shapes | None = None,
) -> Choropleth | None:
    """A prefecture's municipalities on their shipped boundaries
    (:mod:`shinchoku.orgs.shapes`), coloured as :func:`tile_map` colours the
    prefectures; ``None`` when no boundaries are shipped for the prefecture."""
    b = boundaries or shapes()
    frame = b.frame(prefecture)
    if frame is None:
        return None
    found, legend = classes(rows, computation, direction, unit, missing_label)
    areas = []
    unmapped = []
    for (org, value, _), cls in zip(rows, found, strict=True):
        path = b.path(org.code)
        if path is None:
            unmapped.append(org)
            continue
        areas.append(_area(org, value, cls, path, computation, unit, missing_label))
    areas.sort(key=lambda a: a.code)
    return Choropleth(
        frame.width, frame.height, tuple(areas), legend, frame.insets, tuple(unmapped)
    )


@dataclass(frozen=True, slots=True)
class HBar:
    name: str
    value_text: str
    y: int
    width: float


@dataclass(frozen=True, slots=True)
class HBarChart:
    width: int
    height: int
    label_width: int
    bar_height: int
    bars: tuple[HBar, ...]
    median_x: float | None


def bar_chart(
    rows: Sequence[Row],
    computation: Computation,
    unit: str | None,
    median: Decimal | None,
    width: int = 640,
) -> HBarChart:
    """One bar per organisation that reported, in rank order, with the median marked."""
    label_width, bar_height, plot = 120, 18, width - 120 - 90
    got = [(o, v) for o, v, _ in rows if v is not None]
    top = max((v for _, v in got), default=Decimal(0))
    scale = float(top) if top > 0 else 1.0
    bars = tuple(
        HBar(
            o.name,
            display(v, computation, unit),
            i * (bar_height + 4),
            round(plot * float(v) / scale, 1),
        )
        for i, (o, v) in enumerate(got)
    )
    median_x = None if median is None else round(label_width + plot * float(median) / scale, 1)
    height = max(1, len(bars)) * (bar_height + 4)
    return HBarChart(width, height, label_width, bar_height, bars, median_x)
