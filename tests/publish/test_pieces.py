"""Small pieces of the report: cell neutralisation, labels, chart geometry, options."""

from __future__ import annotations

from decimal import Decimal

import pytest

from shinchoku.problems import ShinchokuError
from shinchoku.publish import neutralise, parse_formats
from shinchoku.publish.charts import Datum, bar_chart, line_chart, nice_step, stacked_chart
from shinchoku.publish.labels import fiscal_year_label, fiscal_year_short, labels


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('=HYPERLINK("x")', '\'=HYPERLINK("x")'),
        ("+81", "'+81"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("オープンデータ", "オープンデータ"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_neutralise(text: str, expected: str) -> None:
    assert neutralise(text) == expected


def test_fiscal_year_labels() -> None:
    assert fiscal_year_label(2023, "ja") == "令和5年度（2023年度）"
    assert fiscal_year_label(2019, "ja") == "令和元年度（2019年度）"
    assert fiscal_year_label(2023, "en") == "FY2023 (Reiwa 5)"
    assert fiscal_year_short(2024, "ja") == "R6"
    assert labels("en")["summary"] == "Summary"
    assert set(labels("ja")) == set(labels("en"))
    with pytest.raises(ValueError):
        labels("fr")


def test_nice_steps() -> None:
    assert [nice_step(s) for s in (10, 100, 7, 0.9, 0)] == [2.0, 20.0, 2.0, 0.2, 1.0]


def test_line_chart_geometry() -> None:
    chart = line_chart(
        Datum(2020, Decimal(25), "25"),
        [Datum(2023, Decimal(33), "33")],
        [Datum(2022, Decimal(30), "30"), Datum(2023, Decimal(35), "35")],
        Datum(2024, Decimal(33), "33"),
        lambda y: f"R{y - 2018}",
    )
    assert chart is not None
    assert [t.label for t in chart.x_ticks] == ["R2", "R3", "R4", "R5", "R6"]
    assert chart.actual_points.count(",") == 3  # baseline + two actuals
    assert chart.left <= min(m.x for m in chart.actuals) <= chart.right
    assert all(chart.top <= m.y <= chart.bottom for m in (*chart.actuals, *chart.targets))
    assert line_chart(None, [], [], None, str) is None


def test_bar_chart_scales_to_the_largest_value() -> None:
    chart = bar_chart(
        [
            ("baseline", "基準", Datum(None, Decimal(25), "25")),
            ("actual", "実績", Datum(None, Decimal(50), "50")),
            ("target", "目標", None),
        ]
    )
    assert [b.kind for b in chart.bars] == ["baseline", "actual"]
    assert chart.bars[1].width == 2 * chart.bars[0].width


def test_formats() -> None:
    assert parse_formats("pdf, html") == ("html", "pdf")
    assert parse_formats(None) == ("html", "pdf", "xlsx", "data")
    with pytest.raises(ShinchokuError):
        parse_formats("docx")


def test_stacked_chart_puts_rows_on_one_scale_with_words() -> None:
    rows = [
        (
            "県民サービス",
            [("achieved", "達成", 0), ("not-achieved", "未達成", 3), ("pending", "確定待ち", 1)],
        ),
        (
            "基盤",
            [("achieved", "達成", 10), ("not-achieved", "未達成", 2), ("pending", "確定待ち", 0)],
        ),
    ]
    ch = stacked_chart(rows, room=240)
    small, big = ch.rows
    assert (small.total, big.total) == (4, 12)
    assert [s.key for s in small.segments] == ["not-achieved", "pending"]  # no empty segment
    assert sum(s.width for s in big.segments) == pytest.approx(240, abs=0.2)  # the largest fills
    assert sum(s.width for s in small.segments) == pytest.approx(80, abs=0.2)  # 4 of 12
    assert small.segments[0].x == big.segments[0].x == ch.label_width  # bars start together
    assert small.segments[1].x == pytest.approx(small.segments[0].x + small.segments[0].width)
    # the legend names each status that occurs, in the rows' order, not by first use
    assert [g.label for g in ch.legend] == ["達成", "未達成", "確定待ち"]
    assert all(s.show_count for s in big.segments)
    assert stacked_chart(rows, room=240) == ch  # same numbers, same drawing
