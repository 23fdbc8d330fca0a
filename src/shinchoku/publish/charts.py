"""Chart geometry: numbers in, coordinates out. The SVG markup is in the templates.

Three charts: the small bar chart of a headline card (baseline → actual →
target), the trend chart of a KPI page (baseline, targets and actuals over
the fiscal years) and the year at a glance (KPIs by status per area, stacked).
Coordinates are rounded to 0.1 so the output is stable.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class Datum:
    """One value to draw: where it belongs (a fiscal year, or a role) and its text."""

    year: int | None
    value: Decimal
    text: str


@dataclass(frozen=True, slots=True)
class Bar:
    kind: str  # baseline / actual / target
    label: str
    value_text: str
    y: float
    width: float
    text_y: float
    value_x: float


@dataclass(frozen=True, slots=True)
class BarChart:
    width: int
    height: int
    label_width: int
    bar_height: int
    bars: tuple[Bar, ...]


@dataclass(frozen=True, slots=True)
class Tick:
    pos: float
    label: str


@dataclass(frozen=True, slots=True)
class Marker:
    x: float
    y: float
    text: str


@dataclass(frozen=True, slots=True)
class LineChart:
    width: int
    height: int
    left: int
    top: int
    right: int
    bottom: int
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]
    actual_points: str  # the polyline's points attribute
    actuals: tuple[Marker, ...]
    targets: tuple[Marker, ...]
    baseline: Marker | None
    final: Marker | None
    final_line_y: float | None

    @property
    def plot_width(self) -> int:
        return self.right - self.left

    @property
    def plot_height(self) -> int:
        return self.bottom - self.top


def _r(x: float) -> float:
    return round(x, 1) + 0.0  # + 0.0 turns -0.0 into 0.0


def text_width(text: str, size: float = 11) -> float:
    """Rough advance of ``text``: full width for CJK, about 0.6 em for Latin."""
    return sum(size if unicodedata.east_asian_width(ch) in "WF" else 0.6 * size for ch in text)


def bar_chart(
    rows: Sequence[tuple[str, str, Datum | None]],
    room: int = 110,
    bar_height: int = 14,
    gap: int = 6,
) -> BarChart:
    """Horizontal bars from zero; ``rows`` are (kind, label, datum) in drawing order.

    ``room`` is the longest bar; the labels' column and the values' space are
    measured from their text so that nothing overlaps.
    """
    present = [(k, lab, d) for k, lab, d in rows if d is not None]
    top = max((float(d.value) for _, _, d in present), default=0.0)
    top = max(top, 0.0)
    label_width = math.ceil(max((text_width(lab) for _, lab, _ in present), default=0) + 6)
    value_room = math.ceil(max((text_width(d.text) for _, _, d in present), default=0) + 8)
    width = label_width + room + value_room
    bars: list[Bar] = []
    for i, (kind, label, d) in enumerate(present):
        y = i * (bar_height + gap) + 2
        w = room * max(float(d.value), 0.0) / top if top > 0 else 0.0
        bars.append(
            Bar(
                kind=kind,
                label=label,
                value_text=d.text,
                y=_r(y),
                width=_r(w),
                text_y=_r(y + bar_height - 3),
                value_x=_r(label_width + w + 4),
            )
        )
    height = max(len(bars), 1) * (bar_height + gap) + 2
    return BarChart(width, height, label_width, bar_height, tuple(bars))


def nice_step(span: float, target_ticks: int = 5) -> float:
    """A step of 1, 2, 2.5 or 5 × 10ⁿ giving about ``target_ticks`` intervals."""
    if span <= 0:
        return 1.0
    rough = span / target_ticks
    magnitude = 10.0 ** math.floor(math.log10(rough))
    for m in (1.0, 2.0, 2.5, 5.0, 10.0):
        if rough <= m * magnitude:
            return m * magnitude
    return 10.0 * magnitude


def _tick_label(value: float, step: float) -> str:
    decimals = 0
    while decimals < 6 and abs(step * 10**decimals - round(step * 10**decimals)) > 1e-9:
        decimals += 1
    return f"{value:,.{decimals}f}"


def line_chart(
    baseline: Datum | None,
    targets: Sequence[Datum],
    actuals: Sequence[Datum],
    final: Datum | None,
    year_label: Callable[[int], str],
    span: tuple[int, int] | None = None,
    width: int = 560,
    height: int = 280,
) -> LineChart | None:
    """Trend of one KPI over fiscal years (at least ``span``); None when nothing to draw."""
    dated = [d for d in (baseline, final, *targets, *actuals) if d is not None and d.year]
    if not dated:
        return None
    years = [d.year for d in dated if d.year is not None] + list(span or ())
    y0, y1 = min(years), max(years)
    if y0 == y1:
        y0, y1 = y0 - 1, y1 + 1
    values = [float(d.value) for d in dated]
    lo, hi = min(values), max(values)
    if lo > 0 and 0 < hi - lo < 0.5 * hi:
        # A narrow band far from zero (66.5 % → 72.9 %): zoom in, or the trend is flat.
        lo -= (hi - lo) * 0.25
    else:
        lo = min(lo, 0.0)
    if hi == lo:
        hi = lo + 1.0
    step = nice_step(hi - lo)
    vmin = math.floor(lo / step) * step
    vmax = math.ceil(hi / step) * step
    if vmax <= hi:  # leave head room above the highest point
        vmax += step
    left, top, right, bottom = 64, 16, width - 16, height - 40

    def x_of(year: int) -> float:
        return _r(left + (right - left) * (year - y0) / (y1 - y0))

    def y_of(value: Decimal) -> float:
        return _r(bottom - (bottom - top) * (float(value) - vmin) / (vmax - vmin))

    n_years = y1 - y0 + 1
    every = max(1, math.ceil(n_years / 10))
    x_ticks = tuple(
        Tick(x_of(y), year_label(y)) for y in range(y0, y1 + 1) if (y - y0) % every == 0
    )
    n = round((vmax - vmin) / step)
    y_ticks = tuple(
        Tick(y_of(Decimal(repr(vmin + i * step))), _tick_label(vmin + i * step, step))
        for i in range(n + 1)
    )
    acts = tuple(
        Marker(x_of(d.year), y_of(d.value), d.text)
        for d in sorted(actuals, key=lambda d: d.year or 0)
        if d.year is not None
    )
    tgts = tuple(Marker(x_of(d.year), y_of(d.value), d.text) for d in targets if d.year)
    base = (
        Marker(x_of(baseline.year), y_of(baseline.value), baseline.text)
        if baseline is not None and baseline.year is not None
        else None
    )
    fin = (
        Marker(x_of(final.year), y_of(final.value), final.text)
        if final is not None and final.year is not None
        else None
    )
    line = [(m.x, m.y) for m in ((base,) if base else ()) + acts]
    points = " ".join(f"{x},{y}" for x, y in line) if len(line) > 1 else ""
    return LineChart(
        width=width,
        height=height,
        left=left,
        top=top,
        right=right,
        bottom=bottom,
        x_ticks=x_ticks,
        y_ticks=y_ticks,
        actual_points=points,
        actuals=acts,
        targets=tgts,
        baseline=base,
        final=fin,
        final_line_y=fin.y if fin is not None else None,
    )


@dataclass(frozen=True, slots=True)
class Segment:
    """One status's share of a row: its count, where it starts and how wide it is."""

    key: str  # the status, e.g. achieved (its colour and pattern)
    label: str  # the status in words, e.g. 達成
    count: int
    x: float
    width: float
    text_x: float  # the middle of the segment, where its count is written
    show_count: bool  # wide enough to write the count inside


@dataclass(frozen=True, slots=True)
class StackRow:
    label: str
    total: int
    y: float
    text_y: float
    total_x: float  # where the row's total is written, after the bar
    segments: tuple[Segment, ...]


@dataclass(frozen=True, slots=True)
class LegendItem:
    key: str
    label: str
    x: float
    y: float


@dataclass(frozen=True, slots=True)
class StackedChart:
    """Horizontal bars, one per row, split by status; all rows on one scale."""

    width: int
    height: int
    label_width: int
    bar_height: int
    rows: tuple[StackRow, ...]
    legend: tuple[LegendItem, ...]
    legend_y: float


def stacked_chart(
    rows: Sequence[tuple[str, Sequence[tuple[str, str, int]]]],
    room: int = 320,
    bar_height: int = 20,
    gap: int = 8,
) -> StackedChart:
    """One bar per row (label, [(key, status label, count), …]), its segments in the given
    order, scaled to the largest total; a legend with every status that occurs.

    Counts are written inside a segment when they fit, and the row's total after it, so
    the chart is read by its words as well as its colours.
    """
    top = max((sum(c for _, _, c in parts) for _, parts in rows), default=0)
    label_width = math.ceil(max((text_width(lab) for lab, _ in rows), default=0) + 8)
    total_room = math.ceil(text_width(str(top)) + 10)
    width = label_width + room + total_room
    out: list[StackRow] = []
    used: dict[str, str] = {}
    for i, (label, parts) in enumerate(rows):
        y = i * (bar_height + gap) + 2
        x = float(label_width)
        segs: list[Segment] = []
        for key, name, count in parts:
            if count <= 0:
                continue
            used.setdefault(key, name)
            w = room * count / top if top else 0.0
            segs.append(
                Segment(
                    key=key,
                    label=name,
                    count=count,
                    x=_r(x),
                    width=_r(w),
                    text_x=_r(x + w / 2),
                    show_count=w >= text_width(str(count)) + 6,
                )
            )
            x += w
        out.append(
            StackRow(
                label=label,
                total=sum(c for _, _, c in parts),
                y=_r(y),
                text_y=_r(y + bar_height / 2 + 4),
                total_x=_r(x + 4),
                segments=tuple(segs),
            )
        )
    legend_y = len(out) * (bar_height + gap) + 8
    legend: list[LegendItem] = []
    lx = float(label_width)
    order = [key for _, parts in rows for key, _, _ in parts]  # the rows' order of statuses
    for key, name in sorted(used.items(), key=lambda kv: order.index(kv[0])):
        legend.append(LegendItem(key=key, label=name, x=_r(lx), y=_r(legend_y)))
        lx += 14 + text_width(name) + 16
    width = max(width, math.ceil(lx))
    height = math.ceil(legend_y + 16)
    return StackedChart(
        width, height, label_width, bar_height, tuple(out), tuple(legend), _r(legend_y)
    )
