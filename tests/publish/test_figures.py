"""Figures in the report's tables: one display style, the text as entered on demand, and
no derived value that means nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from shinchoku.dataset import load_example
from shinchoku.method import evaluate
from shinchoku.publish import build_report, prepare
from shinchoku.publish.view import KpiPage, ReportView


@pytest.fixture(scope="module")
def view() -> ReportView:
    return prepare(load_example(), 2023)


def _kpi(view: ReportView, kpi_id: str) -> KpiPage:
    return next(p for p in view.kpis if p.line.id == kpi_id)


def test_one_style_with_the_typed_text_kept(view: ReportView) -> None:
    mobile = _kpi(view, "mobile-work").line
    assert (mobile.actual, mobile.actual_display) == ("３７７人/年", "377人/年")  # unit differs
    assert (mobile.baseline, mobile.baseline_display) == ("２８０回/年", "280")
    tourism = _kpi(view, "tourism-map-views").line
    assert tourism.actual_display == "約52,000"
    paperless = _kpi(view, "paperless-meetings").line
    assert paperless.actual_display == "394回"
    assert paperless.actual == "会議等３９４回実施（約５２３千ページ削減）"
    # Every figure cell of every KPI line has half-width digits only.
    for page in view.kpis:
        line = page.line
        for text in (line.baseline_display, line.target_display, line.actual_display):
            assert text is None or not any("０" <= ch <= "９" for ch in text), text


def test_meaningless_progress_is_not_shown(view: ReportView) -> None:
    ev = evaluate(load_example(), 2023)
    # 紙削減率: target not beyond the baseline, actual on another basis → no 進捗率
    assert ev.kpis["paper-reduction"].progress is None
    assert _kpi(view, "paper-reduction").progress == "—"
    # モバイルワーク: 回/年 against 人/年 → no pace either
    assert _kpi(view, "mobile-work").observed_pace is None
    sound = _kpi(view, "open-data-datasets")  # a sound KPI keeps them, in one style
    assert ev.kpis["open-data-datasets"].progress is not None
    assert (sound.observed_pace, sound.progress) == ("+3.33データセット", "15%")


def test_pages_show_the_typed_text_on_demand(tmp_path: Path) -> None:
    build_report(load_example(), 2023, tmp_path, ["html"])
    area = (tmp_path / "areas" / "business.html").read_text(encoding="utf-8")
    assert 'title="記載どおり: ３７７人/年">377人/年</span>' in area
    page = (tmp_path / "kpis" / "paperless-meetings.html").read_text(encoding="utf-8")
    details = page.split('<details class="as-typed">', 1)[1].split("</details>", 1)[0]
    assert "会議等３９４回実施（約５２３千ページ削減）" in details  # readable without a pointer
    assert "進捗率" not in (tmp_path / "kpis" / "paper-reduction.html").read_text("utf-8")
