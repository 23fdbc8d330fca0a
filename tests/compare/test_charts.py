"""Chart geometry: the tile grid of the 47 prefectures, its classes, the bar chart."""

from __future__ import annotations

from decimal import Decimal as D

from shinchoku.compare.charts import FILLS, NO_DATA, TILES, bar_chart, display, tile_map
from shinchoku.compare.indicators import Computation
from shinchoku.compare.peers import population_class
from shinchoku.model.plan import Direction
from shinchoku.orgs import registry


def test_every_prefecture_has_its_own_tile() -> None:
    prefs = registry().prefectures()
    assert sorted(TILES) == sorted(p.code[:2] for p in prefs)
    assert len(set(TILES.values())) == 47


def test_classes_follow_quintiles_and_direction() -> None:
    prefs = registry().prefectures()
    # values 1..46 for the first 46 prefectures, none for 沖縄県
    rows = [(p, D(i + 1) if i < 46 else None, None) for i, p in enumerate(prefs)]
    m = tile_map(rows, Computation.NUMBER)
    fills = {t.name: t.fill for t in m.tiles}
    assert fills["北海道"] == FILLS[0][0]  # value 1: lowest class, lightest
    assert fills["鹿児島県"] == FILLS[4][0]  # value 46: highest, darkest
    assert fills["沖縄県"] == NO_DATA[0]
    low = tile_map(rows, Computation.NUMBER, Direction.LOWER)
    assert {t.name: t.fill for t in low.tiles}["北海道"] == FILLS[4][0]  # lowest is best
    # 46 values 1..46: quintile cuts at 10, 19, 28, 37 (h = 45 × k/5)
    assert [label for _, _, label in m.legend] == [
        "1 – 10",
        "11 – 19",
        "20 – 28",
        "29 – 37",
        "38 – 46",
        "—",
    ]
    one = tile_map([(prefs[3], D("0.6"), 1)], Computation.YES_NO)
    assert [label for _, _, label in one.legend] == ["60.0%"]
    miyagi = next(t for t in m.tiles if t.code == "040002")
    assert (miyagi.label, miyagi.value_text, miyagi.x, miyagi.y) == ("宮城", "4", 480, 144)


def test_display_and_bars() -> None:
    assert display(D("0.6"), Computation.YES_NO) == "60.0%"
    assert display(D("1250"), Computation.NUMBER, "枚") == "1,250枚"
    assert display(D("12.34"), Computation.NUMBER) == "12.3"
    assert display(None, Computation.NUMBER) == "—"
    r = registry()
    rows = [
        (r.find("041009"), D(75), 1),
        (r.find("042021"), D(25), 2),
        (r.find("042030"), None, None),
    ]
    chart = bar_chart(rows, Computation.NUMBER, "%", D(50), width=640)
    # plot width 640 − 120 − 90 = 430; 75 is the longest bar, 25 a third of it
    assert [(b.name, b.width) for b in chart.bars] == [("仙台市", 430.0), ("石巻市", 143.3)]
    assert chart.median_x == round(120 + 430 * 50 / 75, 1)


def test_population_classes() -> None:
    assert [population_class(n) for n in (9_999, 10_000, 99_999, 500_000)] == [
        "under-10k",
        "10k-50k",
        "50k-100k",
        "500k-plus",
    ]
