"""The catalogue of finding codes. The docs page is generated from it.

Each code has an English title and description (the docs), a Japanese title, and a
message template in Japanese and English (:class:`~shinchoku.problems.Wording`) that
:mod:`shinchoku.wording` formats from the finding's params for every renderer. A message
says what was printed, what the data give, and what to check. Besides its own params a
template may use ``{kpi}``, ``{measure}``, ``{area}`` and ``{year}`` (the place's names).

Adding a code: one ``_finding(...)`` here with both templates, then in the check::

    yield c.MY_CODE(
        Place(kpi=kpi.id, year=year, field="actual"),   # ids; FIELDS in wording names fields
        found=printed(fig),                              # Printed: 「as typed」 / value in en
        expected=FiscalYear(year),                       # FiscalYear: 令和5年度 / FY2023
        what=Wording("実績値", "actual"),                # any other param, by name
    )

Params are ``str`` / ``int`` (language-neutral), :class:`~shinchoku.problems.Wording`,
:class:`~shinchoku.problems.Printed` or :class:`~shinchoku.problems.FiscalYear`. The
English message is stored on the problem too; ``tests/test_wording.py`` checks that every
code is worded in both languages and that ``check`` speaks only the reader's language.
"""

from __future__ import annotations

from shinchoku.problems import ProblemType, Severity, Wording
from shinchoku.problems.input import UNDECLARED_PART_LABEL as UNDECLARED_PART_LABEL

FindingType = ProblemType

CATALOGUE: dict[str, FindingType] = {}


def _finding(
    code: str,
    severity: Severity,
    title: str,
    title_ja: str,
    description: str,
    ja: str,
    en: str,
) -> FindingType:
    ft = FindingType(code, severity, title, description, title_ja, Wording(ja, en))
    CATALOGUE[code] = ft
    return ft


def _register(ft: FindingType) -> FindingType:
    CATALOGUE[ft.code] = ft
    return ft


ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

STATED_TOTAL_MISMATCH = _finding(
    "stated-total-mismatch",
    ERROR,
    "Stated total differs from the sum of its parts",
    "記載の合計と内訳の合計の不一致",
    "A project count or amount printed for an area or the plan differs from the sum of the "
    "rows below it, or an area records money that differs from its sub-areas' sum (and, "
    "where the plan sets area_money_from_measures, its measures'); both amounts are named.",
    ja="{what}は{found}{unit}と記載されていますが、{basis}は{expected}{unit}です。"
    "記載と内訳のどちらが正しいか確認してください。",
    en="The {what} is given as {found}{unit}, but {basis} is {expected}{unit}. "
    "Check which of the two is right.",
)
STATED_MONEY_DISPLAY_MISMATCH = _finding(
    "stated-money-display-mismatch",
    ERROR,
    "Printed amount differs from the recorded amount",
    "記載金額と記録金額の不一致",
    "An amount printed in a display form (e.g. 20.2億円) is not what the recorded amount "
    "gives under the plan's money rounding rule.",
    ja="金額は{found}と記載されていますが、記録された金額を端数処理の規則で表示すると"
    "{expected}です。記載の金額か内訳の金額を確認してください。",
    en="The amount is printed as {found}, but the recorded amount, rounded by the plan's "
    "rule, is {expected}. Check the printed amount or the amounts below it.",
)
STATED_RATE_MISMATCH = _finding(
    "stated-rate-mismatch",
    ERROR,
    "Stated achievement rate differs from the computed rate",
    "記載の達成率と算出値の不一致",
    "An achievement rate printed in the source differs from the rate computed from the "
    "KPI's own figures under the plan's rounding rule. A warning when the figures are "
    "approximate (約), since the exact figures may give the printed rate.",
    ja="達成率は{found}と記載されていますが、実績値{actual}と目標値{target}から算出すると"
    "{expected}です{approximate}。記載の達成率と数値を確認してください。",
    en="The achievement rate is printed as {found}, but the actual {actual} against the "
    "target {target} gives {expected}{approximate}. Check the printed rate and the figures.",
)
DECLARED_STATUS_MISMATCH = _finding(
    "declared-status-mismatch",
    ERROR,
    "Declared grade contradicts the figures",
    "記載の評価（達成状況）と数値の不一致",
    "The grade a division declared for a measure or a KPI, in the labels of the plan's "
    "grading scheme (e.g. 達成 / 一部達成 / 未達成, 横ばいC, ◎), differs from the grade "
    "computed from the unrounded figures; the message names both labels and the rate.",
    ja="評価は「{found}」と記載されていますが、数値から判定すると「{expected}」です"
    "{detail}。記載の評価と実績値を確認してください。",
    en='The grade is declared as "{found}", but the figures give "{expected}"{detail}. '
    "Check the declared grade and the actuals.",
)
DECLARED_STATUS_UNVERIFIABLE = _finding(
    "declared-status-unverifiable",
    WARNING,
    "Declared grade cannot be verified",
    "記載の評価（達成状況）を検証できない",
    "A grade is declared but the figures cannot give one: the year's figure is not final "
    "(an earlier year's figure, or finalised next year), or there is no target or figure. "
    "A measure with no KPI (測定指標なし) is graded by its declaration and never listed.",
    ja="評価は「{found}」と記載されていますが、数値からは判定できません（判定: "
    "「{expected}」{reasons}）。判定の根拠となる数値を確認してください。",
    en='The grade is declared as "{found}", but the figures cannot confirm it (they give '
    '"{expected}"{reasons}). Check the figures the grade rests on.',
)
UNKNOWN_DECLARED_STATUS = _finding(
    "unknown-declared-status",
    ERROR,
    "Declared grade is not a label of the scheme",
    "評価の区分にない記載",
    "The declared grade of a measure or a KPI is not one of the labels of the plan's grading "
    "scheme; the message names the accepted labels.",
    ja="評価の記載{found}は、{scheme}の区分（{expected}）のいずれでもありません。"
    "区分のいずれかに直してください。",
    en="The declared grade {found} is not one of the grades of {scheme} ({expected}). Correct it.",
)
UNIT_MISMATCH = _finding(
    "unit-mismatch",
    WARNING,
    "Unit differs from the KPI's unit",
    "単位の不一致",
    "A figure is written with a unit that differs from the unit of its KPI (e.g. 人/年 for a "
    "KPI counted in 回/年).",
    ja="{figure}の単位「{found}」がKPIの単位「{expected}」と異なります。"
    "単位の誤記か、数え方が変わったのかを確認してください。",
    en='The figure {figure} is in "{found}", but the KPI is counted in "{expected}". '
    "Check whether the unit is a slip or the way of counting changed.",
)
TARGET_BELOW_BASELINE = _finding(
    "target-below-baseline",
    WARNING,
    "Target is not beyond the baseline",
    "目標値が基準値を超えていない",
    "A yearly or final target is worse than the baseline for the KPI's direction, so it can "
    "be met without progress.",
    ja="目標値{target}が基準値{baseline}を超えていない（{direction}）ため、"
    "進捗がなくても達成になります。目標値と基準値を確認してください。",
    en="The target {target} is not beyond the baseline {baseline} ({direction}), so it can "
    "be met without progress. Check the target and the baseline.",
)
FINAL_TARGET_MET_EARLY = _finding(
    "final-target-met-early",
    INFO,
    "Final target already met",
    "最終目標を既に達成",
    "The final-year target is already met by the baseline or by a figure before the final "
    "year; the target may need raising.",
    ja="最終目標値{final}（{end}）は、{by}の{found}で既に達成されています。"
    "目標値の引き上げが必要か確認してください。",
    en="The final target {final} ({end}) is already met by the {by} of {found}. "
    "Check whether the target should be raised.",
)
OBSERVATION_EARLIER_YEAR = _finding(
    "observation-earlier-year",
    WARNING,
    "Figure is older than the year it is reported for",
    "報告年度より前の数値",
    "The actual reported for a year describes an earlier year (「R4年度数値」) or was "
    "measured before the year began.",
    ja="{year}の実績値として報告された数値は{when}の数値です{note}。"
    "{year}の数値が得られるか確認し、得られる場合は差し替えてください。",
    en="The actual reported for {year} describes {when}. "
    "Check whether the {year} figure is available and, if so, replace it.",
)
OBSERVATION_BASIS_DIFFERS = _finding(
    "observation-basis-differs",
    WARNING,
    "Figure measured against another basis",
    "比較の基準が異なる数値",
    "The actual is printed against a different basis than the KPI's (e.g. R4年度比 for a "
    "KPI defined as R3比).",
    ja="実績値{figure}は「{found}」として記載されていますが、KPIは{kpi}と定義されています。"
    "KPIの定義どおりの基準で算出した数値か確認してください。",
    en="The actual {figure} is given {basis}, not on the basis the KPI is defined by. "
    "Check that it is computed as the KPI defines.",
)
VALUE_DIFFERS_BETWEEN_PLACES = _finding(
    "value-differs-between-places",
    ERROR,
    "Same KPI, different values in two places",
    "同じKPIで記載箇所により数値が異なる",
    "A headline card or a main initiative prints a baseline, as-of point, actual or target "
    "for a KPI that differs from the KPI's own figures.",
    ja="{shown_in}の{what}は{found}ですが、KPIの表では{expected}です。"
    "どちらが正しいか確認し、記載を揃えてください。",
    en="The {what} in the {shown_in} is {found}, but the KPI table has {expected}. "
    "Check which is right and make them agree.",
)
PAST_YEAR_BUDGET_AMOUNT = _finding(
    "past-year-budget-amount",
    WARNING,
    "Closed year reported with a budget amount",
    "終了年度の金額が予算額",
    "Money for a fiscal year before the report year is a budget (予算額), although the "
    "settled amount (決算額) should be known.",
    ja="{year}は{report_year}の報告では終了した年度ですが、金額が予算額のままです{note}。"
    "決算額に差し替えてください。",
    en="{year} is closed in the {report_year} report, but its money is still a budget "
    "amount. Replace it with the settled amount.",
)
MISSING_OBSERVATION = _finding(
    "missing-observation",
    WARNING,
    "No figure for a year with a target",
    "目標がある年度の実績値がない",
    "The KPI has a target for the year but no actual.",
    ja="{year}の目標値{target}がありますが、実績値がありません。"
    "実績値を入力するか、未確定の場合は翌年度に確定する旨を記載してください。",
    en="There is a target of {target} for {year} but no actual. "
    "Enter the actual (or mark it as finalised next year).",
)
RELATIVE_TARGET_UNVERIFIABLE = _finding(
    "relative-target-unverifiable",
    WARNING,
    "Relative target without the figure to compare",
    "相対目標の比較対象がない",
    "A target such as 前年度越え needs the previous year's figure, which is missing.",
    ja="目標「{target}」の判定には{previous}の実績値が必要ですが、ありません。"
    "{previous}の実績値を入力してください。",
    en='The target "{target}" needs the {previous} actual to compare with, which is '
    "missing. Enter the {previous} actual.",
)
ANALYSIS_REFERS_TO_MISSING_KPI = _finding(
    "analysis-refers-to-missing-kpi",
    INFO,
    "Analysis mentions a KPI number the measure lacks",
    "要因分析が存在しないKPI番号に言及",
    "The factor analysis text refers to a numbered KPI (e.g. ③) that the measure does not have.",
    ja="要因分析が{found}に言及していますが、この施策のKPIは{expected}です。"
    "番号の誤りか、KPIの記載漏れかを確認してください。",
    en="The factor analysis mentions KPI {found}, but the measure's KPIs are {expected}. "
    "Check the numbering, or whether a KPI is missing.",
)
AS_OF_MISMATCH = _finding(
    "as-of-mismatch",
    WARNING,
    "Printed period differs from the as-of point",
    "数値に記載の時点と基準時点の不一致",
    "A figure prints the period it was measured in (e.g. 88.1%(平成28年度)) and the "
    "baseline or actual gives a different as-of point; the as-of point is used.",
    ja="{figure}には{printed_at}と時点が記載されていますが、{what}の時点は{dated}です"
    "（集計には{dated}を用いています）。どちらの時点が正しいか確認してください。",
    en="The figure {figure} prints the period {printed_at}, but the {what} is dated {dated} "
    "(used in the figures). Check which date is right.",
)
START_MISMATCH = _finding(
    "start-mismatch",
    WARNING,
    "The 'from' of a from→to cell differs from the figure it starts from",
    "「→」の起点の数値と元の数値の不一致",
    "A target printed as a change (2,300万件→3,100万件) starts from a value other than the "
    "baseline, or an actual printed so starts from a value other than the previous year's "
    "actual (or the baseline when there is none).",
    ja="{figure}は{found}から始まっていますが、{basis}は{expected}です。"
    "起点の数値か{basis}を確認してください。",
    en="The figure {figure} starts from {found}, but {basis} is {expected}. "
    "Check the starting value or {basis}.",
)
MONEY_KIND_MISMATCH = _finding(
    "money-kind-mismatch",
    ERROR,
    "Amount labelled as another kind of money",
    "金額の区分（決算額・予算額・事業費）の不一致",
    "An amount printed with a label (決算額：…, (予算額(事業費)…), 事業費 …) is recorded as "
    "another kind (settled 決算額, budget 予算額, project cost 事業費).",
    ja="金額{amount}は{labelled}と記載されていますが、{recorded}として記録されています。"
    "金額の区分を確認してください。",
    en="The amount {amount} is labelled as {labelled} but recorded as {recorded}. "
    "Check the kind of money.",
)
UNDECLARED_PART_LABEL = _register(UNDECLARED_PART_LABEL)  # also stops a load
MISSING_PART = _finding(
    "missing-part",
    WARNING,
    "Disaggregated figure lacks a part",
    "内訳の欠落",
    "A figure of a disaggregated KPI has no part for a declared value of a dimension its "
    "other parts use, or (under the rules worst and all) has no parts at all; the KPI "
    "cannot be judged on every part.",
    ja="{what}{found}には内訳「{expected}」がありません。すべての内訳を記入するか、"
    "KPIの内訳の宣言を確認してください。",
    en="The {what} {found} has no part for {expected}. Enter every part, or check the KPI's "
    "breakdown.",
)
PART_TOTAL_MISMATCH = _finding(
    "part-total-mismatch",
    ERROR,
    "Total differs from the sum of its parts",
    "合計と内訳の和の不一致",
    "The total of a disaggregated count differs from the sum of its parts along a "
    "dimension whose every value is given. Rates, scores and averages are not summed. "
    "A warning when a figure is approximate (約).",
    ja="{what}{figure}の合計は{found}ですが、{dimension}別の内訳の和は{expected}です。"
    "合計と内訳のどちらが正しいか確認してください。",
    en="The total of the {what} {figure} is {found}, but its parts by {dimension} add up to "
    "{expected}. Check which of them is right.",
)
