"""Chart geometry for comparisons: numbers in, coordinates out (the SVG is in templates).

The map of the 47 prefectures is a tile grid (one square per prefecture, placed roughly
where it lies): no boundary data is shipped, and equal tiles give Tokyo and Tottori the
same weight, which a comparison of governments wants. Five colour classes split the
prefectures' values at their quintiles; each fill has a text colour that keeps a
contrast ratio of at least 4.5:1.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from shinchoku.compare.arithmetic import quantile
from shinchoku.compare.indicators import Computation
from shinchoku.model.plan import Direction
from shinchoku.orgs import Organisation

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
class Tile:
    code: str
    name: str
    label: str
    value_text: str
    x: int
    y: int
    fill: str
    text_fill: str


@dataclass(frozen=True, slots=True)
class TileMap:
    width: int
    height: int
    size: int
    tiles: tuple[Tile, ...]
    legend: tuple[tuple[str, str, str], ...]  # fill, text fill, label


def tile_map(
    rows: Sequence[tuple[Organisation, Decimal | None, int | None]],
    computation: Computation,
    direction: Direction = Direction.HIGHER,
    unit: str | None = None,
) -> TileMap:
    """The 47 prefectures as tiles coloured by value class (darker is better)."""
    values = sorted(v for _, v, _ in rows if v is not None)
    cuts = [quantile(values, Decimal(k) / 5) for k in range(1, 5)] if values else []
    tiles = []
    members: dict[int, list[Decimal]] = {}  # class → its values, for the legend
    has_none = False
    for org, value, _ in rows:
        col, row = TILES[org.code[:2]]
        if value is None:
            fill, text = NO_DATA
            has_none = True
        else:
            cls = sum(1 for c in cuts if value > c)
            if direction is Direction.LOWER:
                cls = 4 - sum(1 for c in cuts if value >= c)
            fill, text = FILLS[cls]
            members.setdefault(cls, []).append(value)
        tiles.append(
            Tile(
                org.code,
                org.name,
                short_name(org.name),
                display(value, computation, None),
                col * (TILE + GAP),
                row * (TILE + GAP),
                fill,
                text,
            )
        )
    legend: list[tuple[str, str, str]] = []
    for cls in sorted(members, reverse=direction is Direction.LOWER):
        low, high = min(members[cls]), max(members[cls])
        label = display(low, computation, unit)
        if high != low:
            label += f" – {display(high, computation, unit)}"
        legend.append((*FILLS[cls], label))
    if has_none:
        legend.append((*NO_DATA, "—"))
    width = 12 * (TILE + GAP)
    height = 13 * (TILE + GAP)
    return TileMap(width, height, TILE, tuple(tiles), tuple(legend))


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
    rows: Sequence[tuple[Organisation, Decimal | None, int | None]],
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
