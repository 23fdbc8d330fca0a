"""The audit on the bundled example finds every contradiction in the seed, and only those."""

from __future__ import annotations

from collections import Counter

from shinchoku.audit import CATALOGUE, audit
from shinchoku.model import Plan
from shinchoku.problems import Severity


def _keys(plan: Plan, severity: Severity) -> set[tuple[str, str | None, str | None]]:
    return {
        (p.code, p.place.kpi or p.place.measure, p.found)
        for p in audit(plan, 2023)
        if p.severity is severity
    }


def test_seed_errors(example: Plan) -> None:
    assert _keys(example, Severity.ERROR) == {
        # ペーパーレス: ① 394 < 800 and ② 126% against 99.6% (lower is better): 未達成
        ("declared-status-mismatch", "paperless-document-system", "一部達成"),
        # Headline cards whose 達成率 the figures do not give
        ("stated-rate-mismatch", "e-application-municipalities", "100%"),  # 35/33 = 106%
        ("stated-rate-mismatch", "rtk-users", "138%"),  # 160/100 = 160%
        # The same KPI printed with other figures elsewhere
        ("value-differs-between-places", "mynumber-card-rate", "27.25%"),  # table 22.1
        ("value-differs-between-places", "mynumber-card-rate", "78.34%"),  # table 78.4
        ("value-differs-between-places", "ict-teaching-skill", "R2"),  # table R元年度
        ("value-differs-between-places", "security-selfcheck-rate", "97.4%"),  # table 96.70%
    }


def test_seed_warnings(example: Plan) -> None:
    warnings = _keys(example, Severity.WARNING)
    expected = {
        ("stated-rate-mismatch", "tourism-map-views", "95%"),  # 約5万2千/約5万5千 = 94%
        ("declared-status-unverifiable", "education-informatization", "達成"),
        ("declared-status-unverifiable", "ict-lesson-improvement", "達成"),
        ("declared-status-unverifiable", "fiveg-model-demonstration", "達成"),
        ("observation-earlier-year", "ict-teaching-skill", "2022"),
        ("observation-basis-differs", "paper-reduction", "R4年度比"),
        ("past-year-budget-amount", None, "予算額"),
        ("unit-mismatch", "mobile-work", "人/年"),
        ("unit-mismatch", "paperless-meetings", "回"),
        ("unit-mismatch", "mobile-work", "人"),  # the card's 280人 beside 280回/年
    }
    assert expected <= warnings
    below = {k for c, k, _ in warnings if c == "target-below-baseline"}
    assert below == {
        "mobile-work",
        "telework-pc-rate",
        "procurement-trainees",
        "security-selfcheck-rate",
        "paper-reduction",
        "minutes-hours-saved",
        "rtk-users",
    }
    assert {c for c, _, _ in warnings} <= {c for c, _, _ in expected} | {"target-below-baseline"}


def test_seed_notes(example: Plan) -> None:
    notes = _keys(example, Severity.INFO)
    assert ("analysis-refers-to-missing-kpi", "ai-iot-industry-support", "③") in notes
    early = {k for c, k, _ in notes if c == "final-target-met-early"}
    assert {"rtk-users", "nocode-hours-saved", "minutes-hours-saved", "cloud-support"} <= early
    assert "open-data-datasets" not in early


def test_rounded_figures_agree(example: Plan) -> None:
    """「162万」 is 1,622,948 shown to the 万: no finding."""
    kpis = {p.place.kpi for p in audit(example, 2023) if p.code == "value-differs-between-places"}
    assert "shunsen-access" not in kpis
    assert "paperless-meetings" not in kpis  # 394回 matches


def test_town_plan_findings(town: Plan) -> None:
    codes = Counter(p.code for p in audit(town))
    assert codes == Counter(
        {
            "declared-status-mismatch": 1,
            "stated-money-display-mismatch": 1,
            "stated-total-mismatch": 1,
        }
    )


def test_fixing_the_figure_clears_the_finding(example: Plan) -> None:
    area = example.area("local")
    card = next(c for c in area.cards if c.kpi == "rtk-users")
    area.cards[area.cards.index(card)] = card.model_copy(
        update={"rate": card.rate.model_validate("160%") if card.rate else None}
    )
    assert ("stated-rate-mismatch", "rtk-users", "138%") not in _keys(example, Severity.ERROR)


def test_every_finding_is_in_the_catalogue(example: Plan, town: Plan) -> None:
    for plan in (example, town):
        for p in audit(plan):
            assert p.code in CATALOGUE
            assert p.code == p.code.lower() and " " not in p.code


def test_a_relative_target_without_last_years_actual_is_unverifiable(example: Plan) -> None:
    from shinchoku.model import Target
    from shinchoku.wording import problem_message

    kpi = example.kpi("mynumber-card-rate")  # an FY2023 actual, none for FY2022
    assert 2022 not in kpi.observations and 2023 in kpi.observations
    kpi.targets[2023] = Target(text="前年度越え")
    [finding] = [p for p in audit(example, 2023) if p.code == "relative-target-unverifiable"]
    assert (finding.place.kpi, finding.place.year) == ("mynumber-card-rate", 2023)
    assert "前年度越え" in problem_message(finding, "ja")
    kpi.observations[2022] = kpi.observations[2023]
    assert "relative-target-unverifiable" not in {p.code for p in audit(example, 2023)}
