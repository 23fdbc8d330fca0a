"""The report's words in Japanese and English: one catalogue, looked up by key.

Data text (names, analyses, initiatives) is never translated here; it stays as
entered unless the dataset carries an ``name_en`` field.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from shinchoku.japanese import format_fiscal_year
from shinchoku.japanese.eras import era_of_fiscal_year
from shinchoku.method import OUTLOOK_WORDS, STATUS_WORDS

LANGS = ("ja", "en")

# key: (ja, en)
_CATALOGUE: dict[str, tuple[str, str]] = {
    # page furniture
    "skip_to_main": ("本文へ移動", "Skip to main content"),
    "site_nav": ("サイト内の案内", "Site navigation"),
    "breadcrumb": ("現在位置", "You are here"),
    "home": ("概要", "Overview"),
    "report_title": ("進捗報告", "Progress Report"),
    "report_subtitle": ("進捗報告資料", "progress report"),
    "areas_nav": ("領域", "Areas"),
    "generated_by": ("shinchoku により作成", "Produced with shinchoku"),
    "as_of": ("数値の時点", "Figures as of"),
    "page_of": ("ページ", "page"),
    "contents": ("目次", "Contents"),
    "downloads": ("ダウンロード", "Downloads"),
    "download_pdf": ("報告書（PDF）", "Report (PDF)"),
    "download_xlsx": ("集計表（Excel）", "Tables (Excel)"),
    "download_data": ("オープンデータ", "Open data"),
    "datapackage": ("データパッケージ定義", "Data package descriptor"),
    # summary
    "summary": ("概要", "Summary"),
    "basic_goal": ("基本目標", "Basic goal"),
    "slogan": ("スローガン", "Slogan"),
    "plan_period": ("計画期間", "Plan period"),
    "key_figures": ("関連事業", "Related projects"),
    "total": ("合計", "Total"),
    "reference_previous": ("【参考】前年度", "For reference: previous year"),
    "projects": ("事業数", "Projects"),
    "amount": ("金額", "Amount"),
    "area": ("領域", "Area"),
    "area_summary": ("領域別の事業数・金額とKPIの状況", "Projects, money and KPI status by area"),
    "area_summary_caption": (
        "領域別の施策数・KPI数・事業数・金額（前年度比較）とKPIの判定",
        "Measures, KPIs, projects and money by area (previous year beside) and KPI status",
    ),
    "measures_count": ("施策数", "Measures"),
    "no_kpi_of": ("うち測定指標なし", "with no indicator:"),
    "kpis_count": ("KPI数", "KPIs"),
    "projects_money": ("事業数・金額", "Projects and amount"),
    "kind": ("区分", "Kind"),
    "kpi_status": ("KPIの判定", "KPI status"),
    "kpi_list": ("KPI一覧", "All KPIs"),
    "sheet_measures": ("施策・KPI", "Measures and KPIs"),
    "kpi_list_caption": (
        "全KPIの基準値・目標値・実績値・達成率・判定・見通し",
        "Baseline, targets, actual, rate, status and outlook of every KPI",
    ),
    "sub_areas": ("下位の領域", "Sub-areas"),
    "no_money": ("記載なし", "not stated"),
    # money kinds
    "settled": ("決算額", "settled"),
    "budget": ("予算額", "budget"),
    "project-cost": ("事業費", "project cost"),
    "mixed": ("混在", "mixed"),
    "money_unit_note": ("金額は", "Amounts in"),
    # area page
    "initiatives": ("取組状況", "Initiatives"),
    "guideline": ("ポリシー行動指針", "Action guideline"),
    "main_initiatives": ("主要取組", "Main initiatives"),
    "initiatives_caption": (
        "ポリシー行動指針と主要取組",
        "Action guidelines and their main initiatives",
    ),
    "new": ("【新規】", "[New]"),
    "headline_kpis": ("主要KPI", "Headline KPIs"),
    "measures": ("個別施策及びKPI設定施策の進捗状況", "Measures and their KPIs"),
    "measures_caption": ("施策とKPIの進捗状況", "Progress of measures and KPIs"),
    "area_findings": ("この領域の監査指摘", "Audit findings in this area"),
    "no_findings": ("指摘はありません。", "No findings."),
    "money_line": ("事業数・金額", "Projects and money"),
    "projects_unit": ("事業", "projects"),
    # measure table
    "measure_name": ("施策名", "Measure"),
    "org_unit": ("担当所属", "Responsible unit"),
    "item_unit": ("項目（単位）", "Indicator (unit)"),
    "baseline_point": ("基準値（時点）", "Baseline (as of)"),
    "final_target_col": ("最終目標値", "Final target"),
    "year_target_col": ("目標値", "Target"),
    "year_actual_col": ("実績値", "Actual"),
    "year_end": ("末", " end"),
    "rate": ("達成率", "Achievement"),
    "judgement": ("判定", "Status"),
    "grade": ("評価", "Grade"),
    "outlook": ("見通し", "Outlook"),
    "status_analysis": ("状況・要因分析", "Declared status and analysis"),
    "measure_status": ("施策の判定", "Measure status"),
    "measure_grade": ("施策の評価", "Measure grade"),
    "declared": ("記載", "declared"),
    "measure_target": ("目標", "target"),
    "computed_note": (
        "※ 達成率・判定・見通しは記載値から算出した値です（算出方法を参照）。",
        "* Achievement, status and outlook are computed from the stated figures (see Methodology).",
    ),
    "findings_col": ("指摘", "Findings"),
    # disaggregated KPIs
    "breakdown": ("内訳", "Breakdown"),
    "breakdown_caption": ("内訳別の実績と判定", "Figures and status by breakdown"),
    "breakdown_value": ("区分", "Group"),
    "breakdown_rule": ("KPIの判定方法", "How the KPI is judged"),
    "breakdown_rule_worst": ("最も低い内訳の評価", "The worst group's grade"),
    "breakdown_rule_all": ("すべての内訳が目標を達成して達成", "Achieved when every group is"),
    "breakdown_rule_total": ("合計値で判定", "The total's own figure"),
    # cards
    "baseline": ("基準値", "Baseline"),
    "actual": ("実績値", "Actual"),
    "target": ("目標値", "Target"),
    "final_target": ("最終目標値", "Final target"),
    "card_rate": ("達成率", "Achievement"),
    "card_rate_final": ("最終目標に対する達成率", "against the final target"),
    "card_rate_year": ("年度目標に対する達成率", "against the year's target"),
    "chart_short_baseline": ("基準", "Base"),
    "chart_short_actual": ("実績", "Actual"),
    "chart_short_target": ("目標", "Target"),
    "details": ("詳細", "Details"),
    "as_typed": ("記載どおり", "As entered"),
    "as_typed_figures": ("記載どおりの数値", "Figures as entered"),
    "target_beat_previous": ("前年度越え", "Beat last year"),
    "target_maintain": ("維持", "Keep"),
    # KPI page
    "kpi": ("KPI", "KPI"),
    "unit": ("単位", "Unit"),
    "direction": ("評価の方向", "Direction"),
    "direction_higher": ("高いほど良い", "Higher is better"),
    "direction_lower": ("低いほど良い", "Lower is better"),
    "direction_keep": ("目標値の維持", "Keep at target"),
    "cumulative": ("累計", "Cumulative"),
    "yes": ("はい", "yes"),
    "no": ("いいえ", "no"),
    "source": ("出典", "Source"),
    "notes": ("備考", "Notes"),
    "places": ("関連する施策", "Measures"),
    "trend": ("推移", "Trend"),
    "trend_caption": (
        "年度別の目標値と実績値",
        "Targets and actuals by fiscal year",
    ),
    "fiscal_year": ("年度", "Fiscal year"),
    "year_result": ("の評価", " assessment"),
    "rate_year": ("年度目標に対する達成率", "Achievement against the year's target"),
    "rate_final": ("最終目標に対する達成率", "Achievement against the final target"),
    "progress_rate": ("進捗率", "Progress rate"),
    "observed_pace": ("これまでのペース（年あたり）", "Observed pace (per year)"),
    "required_pace": ("必要なペース（年あたり）", "Required pace (per year)"),
    "projected": ("最終年度の見込み", "Projected final-year value"),
    "kpi_findings": ("このKPIの監査指摘", "Audit findings for this KPI"),
    "chart_title": ("の推移", ": trend"),
    "chart_none": ("図示できる数値がありません。", "No figures to chart."),
    "status_chart_title": ("領域別のKPIの判定", "KPIs by status per area"),
    "status_chart_total": ("計", "Total"),
    "legend_actual": ("実績値", "Actual"),
    "legend_target": ("目標値", "Target"),
    "legend_baseline": ("基準値", "Baseline"),
    "legend_final": ("最終目標値", "Final target"),
    "flag_approximate": ("概数", "approximate"),
    "flag_provisional": ("速報値", "provisional"),
    # a target with a deadline (「14年度までに」) met by an earlier year's final figure
    "flag_met_in": ("{year}に目標達成", "target met in {year}"),
    "flag_finalised_later": ("※翌年度に数値確定", "finalised next year"),
    "flag_data_year": ("年度の数値", " figure"),
    "flag_basis": ("基準", "basis"),
    # findings
    "findings": ("監査指摘", "Audit findings"),
    "findings_appendix": ("付録 監査指摘", "Appendix: audit findings"),
    "findings_intro": (
        "入力された数値のうち再計算できるものをすべて再計算し、"
        "食い違いを指摘として掲載しています。",
        "Every figure that can be recomputed was recomputed; each contradiction "
        "is listed here as a finding.",
    ),
    "findings_caption": (
        "監査指摘の一覧（番号・重大度・種類・場所・記載値・算出値・内容）",
        "All findings: number, severity, type, place, value found, value expected, message",
    ),
    "finding_no": ("番号", "No."),
    "severity": ("重大度", "Severity"),
    "finding_type": ("種類", "Type"),
    "place": ("場所", "Place"),
    "found": ("記載値", "Found"),
    "expected": ("算出値・期待値", "Expected"),
    "message": ("内容", "Message"),
    "error": ("エラー", "Error"),
    "warning": ("警告", "Warning"),
    "info": ("情報", "Note"),
    "field": ("項目", "Field"),
    "findings_plan_wide": ("計画全体・担当所属なし", "Plan-wide (no division)"),
    "findings_by_division": (
        "担当所属ごとに、確認していただきたい指摘を掲載しています。",
        "The findings are grouped by the division that should check them.",
    ),
    # methodology
    "methodology": ("算出方法", "Methodology"),
    "methodology_appendix": ("付録 算出方法", "Appendix: methodology"),
    "methodology_intro": (
        "この報告書の達成率・判定・端数処理・見通しは、計画の設定に基づき次のとおり算出しています。",
        "Rates, statuses, rounding and outlooks in this report follow the plan's settings:",
    ),
    # status and outlook words: from the methodology (STATUS_WORDS, OUTLOOK_WORDS)
    **{f"status_{k}": (w.ja, w.en) for k, w in STATUS_WORDS.items()},
    **{f"outlook_{k}": (w.ja, w.en) for k, w in OUTLOOK_WORDS.items()},
}

_ROMAJI_ERAS = {"令和": "Reiwa", "平成": "Heisei", "昭和": "Showa"}


def labels(lang: str) -> Mapping[str, str]:
    """The label catalogue for ``lang`` ('ja' or 'en'), read-only."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}: use one of {', '.join(LANGS)}")
    i = LANGS.index(lang)
    return MappingProxyType({key: pair[i] for key, pair in _CATALOGUE.items()})


def fiscal_year_label(fy: int, lang: str) -> str:
    """「令和5年度（2023年度）」 in Japanese, 'FY2023 (Reiwa 5)' in English."""
    if lang == "ja":
        return format_fiscal_year(fy, "both")
    era = era_of_fiscal_year(fy)
    n = era.era_year(fy)
    return f"FY{fy} ({_ROMAJI_ERAS.get(era.name, era.name)} {n})"


def fiscal_year_short(fy: int, lang: str) -> str:
    """Axis and column form: 「R5」 in Japanese, 'FY2023' in English."""
    return format_fiscal_year(fy, "short") if lang == "ja" else f"FY{fy}"
