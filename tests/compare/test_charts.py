"""Chart geometry: the tile grid of the 47 prefectures, the map of a prefecture's
municipalities (one choropleth), their classes, the bar chart."""

from __future__ import annotations

from decimal import Decimal as D

from shinchoku.compare.charts import (
    FILLS,
    NO_DATA,
    TILES,
    bar_chart,
    display,
    municipal_map,
    tile_map,
)
from shinchoku.compare.indicators import Computation
from shinchoku.compare.peers import population_class
from shinchoku.model.plan import Direction
from shinchoku.orgs import Organisation, OrgKind, registry
from shinchoku.orgs.shapes import Frame, Shapes
from shinchoku.web.render import environment


def test_every_prefecture_has_its_own_tile() -> None:
    prefs = registry().prefectures()
    assert sorted(TILES) == sorted(p.code[:2] for p in prefs)
    assert len(set(TILES.values())) == 47


def test_classes_follow_quintiles_and_direction() -> None:
    prefs = registry().prefectures()
    # values 1..46 for the first 46 prefectures, none for 沖縄県
    rows = [(p, D(i + 1) if i < 46 else None, None) for i, p in enumerate(prefs)]
    m = tile_map(rows, Computation.NUMBER)
    fills = {t.name: t.fill for t in m.areas}
    assert fills["北海道"] == FILLS[0][0]  # value 1: lowest class, lightest
    assert fills["鹿児島県"] == FILLS[4][0]  # value 46: highest, darkest
    assert fills["沖縄県"] == NO_DATA[0]
    low = tile_map(rows, Computation.NUMBER, Direction.LOWER)
    assert {t.name: t.fill for t in low.areas}["北海道"] == FILLS[4][0]  # lowest is best
    # 46 values 1..46: quintile cuts at 10, 19, 28, 37 (h = 45 × k/5)
    assert [e.label for e in m.legend] == [
        "1 – 10",
        "11 – 19",
        "20 – 28",
        "29 – 37",
        "38 – 46",
        "—",
    ]
    one = tile_map([(prefs[3], D("0.6"), 1)], Computation.YES_NO)
    assert [e.label for e in one.legend] == ["60.0%"]
    miyagi = m.area("040002")
    assert (miyagi.label, miyagi.value_text, miyagi.label_x, miyagi.label_y) == (
        "宮城",
        "4",
        502,
        144,
    )
    assert miyagi.path == "M480 144h44v44h-44z"
    assert m.area("470007").missing and m.area("470007").value_text == "—"


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


def _town(code: str, name: str) -> Organisation:
    return Organisation(code, name, "", OrgKind.CITY, "040002", "040002")


SMALL = Shapes(
    ("hand-made",),
    {"040002": Frame(30, 10, ((20, 0, 10, 10),))},
    {
        "041009": "M0 0l10 0 0 10-10 0z",
        "042021": "M10 0l10 0 0 10-10 0z",
        "042030": "M20 0l10 0 0 10-10 0z",  # in the inset
    },
)


def test_municipal_map_on_a_hand_made_prefecture() -> None:
    rows = [
        (_town("041009", '仙台<市>&"'), D(30), 2),
        (_town("042021", "石巻市"), D(10), 3),
        (_town("042030", "塩竈市"), None, None),
        (_town("042056", "気仙沼市"), D(50), 1),  # no shape: listed, not drawn
    ]
    m = municipal_map(rows, "040002", Computation.NUMBER, unit="件", missing_label="未回答",
                      boundaries=SMALL)  # fmt: skip
    assert m is not None
    assert (m.width, m.height, m.insets) == (30, 10, ((20, 0, 10, 10),))
    assert [a.code for a in m.areas] == ["041009", "042021", "042030"]
    assert [o.code for o in m.unmapped] == ["042056"]
    sendai, ishinomaki, shiogama = m.areas
    # values 10, 30, 50: quintile cuts 18, 26, 34, 42 → classes 0, 2, 4
    assert (ishinomaki.fill, sendai.fill) == (FILLS[0][0], FILLS[2][0])
    assert (sendai.value_text, sendai.class_label) == ("30件", "30件")
    assert shiogama.missing and (shiogama.value_text, shiogama.class_label) == ("未回答", "未回答")
    assert [(e.label, e.missing) for e in m.legend] == [
        ("10件", False),
        ("30件", False),
        ("50件", False),
        ("未回答", True),
    ]
    low = municipal_map(rows, "040002", Computation.NUMBER, Direction.LOWER, boundaries=SMALL)
    assert low is not None and low.area("042021").fill == FILLS[4][0]  # the lowest is best
    assert low.legend[0].label == "10"  # darkest (best) first
    assert municipal_map(rows, "010006", Computation.NUMBER, boundaries=SMALL) is None


def test_the_map_renders_accessible_escaped_and_the_same_each_time() -> None:
    rows = [(_town("041009", '仙台<市>&"'), D(30), 1), (_town("042030", "塩竈市"), None, None)]
    m = municipal_map(rows, "040002", Computation.NUMBER, missing_label="未回答", boundaries=SMALL)
    template = environment().get_template("compare/_choropleth.html")
    context = {"map": m, "map_id": "t", "title": "題<名>", "desc": "説明", "longest": 300,
               "legend_name": "凡例"}  # fmt: skip
    html = template.render(context)
    assert html == template.render(context)  # byte for byte
    assert 'role="img" aria-labelledby="t-svg-title t-svg-desc"' in html
    assert 'width="300" height="100"' in html  # 30 × 10 scaled to 300 pixels
    assert '<title id="t-svg-title">題&lt;名&gt;</title>' in html
    assert "<title>仙台&lt;市&gt;&amp;&#34;: 30</title>" in html
    assert "<title>塩竈市: 未回答</title>" in html
    assert 'fill="url(#t-missing)"' in html  # hatched, not a colour alone
    assert html.count('stroke-dasharray="6 4"') == 1  # the inset's frame
    assert "<script" not in html and "仙台<市>" not in html
