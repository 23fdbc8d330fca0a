"""The methodology page, written from the plan's settings (never from fixed prose).

Each item states one rule as the plan configures it, with a worked example
computed by the same functions the report uses, so the page cannot drift
from the figures.
"""

from __future__ import annotations

from decimal import Decimal

from shinchoku.method.rounding import format_money, format_rate
from shinchoku.model import GradingScheme, OutlookMethod, Plan, RateBasis, Rounding, SchemeKind
from shinchoku.publish.labels import fiscal_year_label
from shinchoku.publish.view import MethodItem

_ROUNDING = {
    Rounding.TRUNCATE: ("切り捨て", "truncated (rounded toward zero)"),
    Rounding.HALF_UP: ("四捨五入", "rounded half up"),
    Rounding.HALF_EVEN: ("偶数丸め（銀行丸め）", "rounded half to even"),
}


def methodology(plan: Plan, year: int, lang: str) -> tuple[MethodItem, ...]:
    s = plan.settings
    ja = lang == "ja"
    i = 0 if ja else 1
    final_label = fiscal_year_label(plan.period.end, lang)
    rate_rule = _ROUNDING[s.rate_rounding][i]
    money_rule = _ROUNDING[s.money_rounding][i]
    example_rate = Decimal(1768) / Decimal(2500) * 100
    example_yen = 2_022_951_000
    items: list[MethodItem] = []

    def add(term_ja: str, term_en: str, text_ja: str, text_en: str, ex: str | None = None) -> None:
        items.append(MethodItem(term_ja if ja else term_en, text_ja if ja else text_en, ex))

    add(
        "達成率",
        "Achievement rate",
        "「高いほど良い」KPIは 実績値 ÷ 目標値 × 100、「低いほど良い」KPIは 目標値 ÷ 実績値 × 100 "
        "で算出します（目標値が0のときは、実績値が0以下なら100%）。「目標値の維持」は"
        " 実績値 ÷ 目標値 × 100 です。",
        "Higher-is-better KPIs: actual ÷ target × 100; lower-is-better KPIs: target ÷ actual "
        "× 100 (a zero target is met, 100 %, when the actual is zero or less). Keep-at-target "
        "KPIs: actual ÷ target × 100.",
    )
    basis_ja = (
        f"最終年度（{final_label}）の目標値"
        if s.card_rate_basis is RateBasis.FINAL
        else "当該年度の目標値"
    )
    basis_en = (
        f"the final-year target ({final_label})"
        if s.card_rate_basis is RateBasis.FINAL
        else "the year's own target"
    )
    add(
        "主要KPIの達成率",
        "Headline KPI rate",
        f"各領域の主要KPIカードの達成率は、{basis_ja}に対する割合です。"
        "施策の表では年度目標・最終目標それぞれに対する達成率を示します。",
        f"The rate on each area's headline KPI cards is measured against {basis_en}. "
        "The measure tables show the rate against the year's target and against the final "
        "target.",
    )
    decimals_ja = "整数" if s.rate_decimals == 0 else f"小数第{s.rate_decimals}位"
    decimals_en = "whole percent" if s.rate_decimals == 0 else f"{s.rate_decimals} decimals"
    add(
        "端数処理（割合）",
        "Rounding of rates",
        f"達成率などの割合は{decimals_ja}まで表示し、端数は{rate_rule}とします。",
        f"Rates are shown to {decimals_en}, {rate_rule}.",
        f"1,768 ÷ 2,500 × 100 = 70.72% → {format_rate(example_rate, s)}",
    )
    money_decimals_ja = "整数" if s.money_decimals == 0 else f"小数第{s.money_decimals}位"
    money_decimals_en = "whole units" if s.money_decimals == 0 else f"{s.money_decimals} decimals"
    add(
        "端数処理（金額）",
        "Rounding of money",
        f"金額は{s.money_unit.value}単位で{money_decimals_ja}まで表示し、端数は{money_rule}とします。"
        "事業数・金額は下位の領域の合計で、領域自体に記録がある場合はその記録を用います"
        "（内訳との差は監査指摘になります）。",
        f"Money is shown in {s.money_unit.value} to {money_decimals_en}, {money_rule}. An "
        "area's projects and money are the sum of its sub-areas unless the area has its own "
        "record (a difference from the sum is an audit finding).",
        f"2,022,951千円 → {format_money(example_yen, s)}",
    )
    add(
        "進捗率",
        "Progress rate",
        "(実績値 − 基準値) ÷ (目標値 − 基準値) × 100 で、基準値から目標値までの道のりのうち"
        "どこまで進んだかを示します。",
        "(actual − baseline) ÷ (target − baseline) × 100: the share of the way from the "
        "baseline to the target.",
    )
    add(
        "KPIの判定",
        "KPI status",
        "年度の目標値を満たせば「達成」、満たさなければ「未達成」です。数値が確定していない場合"
        "（速報値、翌年度に確定する数値、前年度以前の数値）は「確定待ち」、目標値が「ー」の場合は"
        "「目標なし」（実績もない場合は「終了」）とします。「前年度越え」は前年度の数値を上回れば、"
        "「維持」は前年度の数値を下回らなければ達成です。",
        "Met the year's target: achieved; otherwise not achieved. A figure that is not final "
        "(provisional, finalised next year, or an earlier year's figure) is pending; no target "
        "('ー') is no target (ended when there is no figure either). 'Beat last year' is met "
        "above the previous year's figure, 'maintain' when not below it.",
    )
    scheme = s.scheme
    add(
        "施策の判定",
        "Measure status",
        "施策のKPIがすべて達成なら「達成」、一部なら「一部達成」、いずれも未達成なら「未達成」です。"
        "確定待ちのKPIがあれば「確定待ち」とします。KPIのない施策は「測定指標なし」とし、"
        "各所属が記載した評価をそのまま示します。",
        "All of a measure's KPIs achieved: achieved; some: partly achieved; none: not "
        "achieved; any pending KPI makes the measure pending. A measure with no KPI is "
        "'no indicator' and shows the grade its unit declared.",
    )
    ja_rule, en_rule = grading_rule(scheme)
    add("評価の方式", "Grading", ja_rule, en_rule)
    method_ja = (
        "最小二乗法による直線の傾き（年あたりの増減）"
        if s.outlook_method is OutlookMethod.LINEAR
        else "年平均成長率（CAGR）"
    )
    method_en = (
        "the least-squares linear slope (change per year)"
        if s.outlook_method is OutlookMethod.LINEAR
        else "the compound annual growth rate (CAGR)"
    )
    ratio = f"{s.outlook_at_risk_ratio.normalize():f}"
    add(
        "見通し",
        "Outlook",
        f"基準値と各年度の実績値から{method_ja}を求め、最新の実績値から最終年度（{final_label}）"
        f"の目標値に届くために必要な年あたりのペースと比べます。比が1以上なら「順調」、{ratio}以上"
        f"なら「要注意」、それ未満または目標から遠ざかっていれば「遅れ」です。最終目標を既に満たして"
        "いれば「達成済み」、数値が2つ未満などで算出できなければ「判定不能」とします"
        "（国連SDGsの進捗評価・Open SDG の方法に準拠）。",
        f"From the baseline and the actuals, {method_en} is set beside the pace needed per "
        f"year from the latest figure to reach the final target ({final_label}). A ratio of 1 "
        f"or more is on track, {ratio} or more at risk, less (or moving away) off track. A "
        "final target already met is 'met'; with fewer than two figures the outlook is "
        "'insufficient data' (after the UN SDG progress methodology as used by Open SDG).",
    )
    add(
        "監査",
        "Audit",
        "人が入力した数値のうち再計算できるものはすべて再計算し、記載された合計・達成率・達成状況・"
        "単位・年度などの食い違いを、コード・重大度・場所・記載値・算出値とともに付録に掲載します。",
        "Every figure a person typed that can be recomputed is recomputed; each contradiction "
        "(totals, rates, declared statuses, units, years) is listed in the appendix with its "
        "code, severity, place and both values.",
    )
    add(
        "年度",
        "Fiscal years",
        "年度は4月から翌年3月までで、和暦と西暦を併記します（例: "
        f"{fiscal_year_label(year, 'ja')}）。「R2.12」のような月の時点は、その月を含む年度に"
        "属します。",
        "The Japanese fiscal year runs April to March and is named by the year it starts in "
        f"(e.g. {fiscal_year_label(year, 'en')}); a month point such as 'R2.12' belongs to the "
        "fiscal year containing it.",
    )
    return tuple(items)


_MEASURE_RULE = {
    "status": ("施策の判定（達成・一部達成・未達成）に対応する評価", "the grade of its status"),
    "mean-rate": (
        "KPIの達成率（端数処理前）の平均が属する段階",
        "the band of its KPIs' mean unrounded rate",
    ),
    "worst": ("KPIの評価のうち最も低いもの", "the lowest grade among its KPIs"),
}


def grading_rule(scheme: GradingScheme) -> tuple[str, str]:
    """The scheme's rule, thresholds and tolerance in words (ja, en)."""
    ja: list[str] = [f"評価方式: {scheme.name}。"]
    en: list[str] = [f"Grading: {scheme.name_en or scheme.name}."]
    if scheme.kind is SchemeKind.STATUS:
        ja.append(
            "KPIは年度の目標を満たせば"
            + "・".join(f"「{g.label}」" for g in scheme.grades[:1])
            + "、満たさなければ"
            + "".join(f"「{g.label}」" for g in scheme.grades[-1:])
            + "です。"
        )
        en.append(
            f"A KPI meeting the year's target is '{scheme.grades[0].text('en')}', otherwise "
            f"'{scheme.grades[-1].text('en')}'."
        )
    elif scheme.kind is SchemeKind.BANDS:
        ja.append(
            "KPIの達成率（表示の端数処理前の値）により、"
            + "、".join(
                f"{g.label}"
                + (f"（{g.meaning}）" if g.meaning else "")
                + (f" {g.condition('ja')}" if g.min_rate is not None else " それ未満")
                for g in scheme.grades
            )
            + "とします。「前年度越え」「維持」の目標は、達成なら最上位、"
            "未達成なら最下位の段階です。"
        )
        en.append(
            "A KPI's unrounded achievement rate gives its band: "
            + ", ".join(
                g.text("en")
                + (f" ({g.meaning_en})" if g.meaning_en else "")
                + (f" {g.condition('en')}" if g.min_rate is not None else " below that")
                for g in scheme.grades
            )
            + ". A 'beat last year' or 'maintain' target takes the top band when met, the "
            "last otherwise."
        )
    else:
        top = scheme.grades[0]
        tol = f"{(scheme.tolerance * 100).normalize():f}"
        side_ja = "下回る幅が" if scheme.tolerance_side.value == "worse" else "変化の幅が"
        side_en = "a fall" if scheme.tolerance_side.value == "worse" else "a change either way"
        parts_ja = {g.outcome.value: g.label for g in scheme.grades if g.outcome is not None}
        parts_en = {g.outcome.value: g.text("en") for g in scheme.grades if g.outcome is not None}
        met_ja = (
            f"達成率{top.condition('ja')}" if top.min_rate is not None else "年度の目標を満たせば"
        )
        met_en = (
            f"an achievement rate {top.condition('en')}"
            if top.min_rate is not None
            else "the year's target met"
        )
        ja.append(
            f"{met_ja}「{top.label}」。それ以外は基準値と比べ、{side_ja}基準値の{tol}%以内なら"
            f"「{parts_ja['flat']}」（目立った変動なし）、良くなっていれば「{parts_ja['advanced']}」、"
            f"悪くなっていれば「{parts_ja['regressed']}」です。基準値がなければ評価しません。"
        )
        en.append(
            f"'{top.text('en')}': {met_en}. Otherwise against the baseline: {side_en} within "
            f"{tol} % of the baseline is '{parts_en['flat']}', better is "
            f"'{parts_en['advanced']}', worse is '{parts_en['regressed']}'. Without a baseline "
            "there is no grade."
        )
    rule_ja, rule_en = _MEASURE_RULE[scheme.rule.value]
    ja.append(
        f"施策の評価は{rule_ja}です。評価は表示の端数処理の影響を受けません。"
        "各所属が記載した評価はこの方式の表記で読み取り、算出した評価と異なれば監査指摘になります。"
    )
    en.append(
        f"A measure's grade is {rule_en}. Display rounding never changes a grade. Grades "
        "declared by the units are read in this scheme's labels; one that differs from the "
        "computed grade is an audit finding."
    )
    if scheme.source is not None:
        src = scheme.source
        title = src.title if src.title.startswith("「") else f"「{src.title}」"
        ja.append(f"出典: {src.government}{title}（{src.year}） {src.url}")
        en.append(f"Source: {src.government}, {title} ({src.year}), {src.url}")
    return "".join(ja), " ".join(en)
