"""The seed's summary and area pages, reproduced from the example's rows."""

from __future__ import annotations

import pytest

from shinchoku.method.summary import summarise
from shinchoku.model import Money, MoneyRecord, Plan

# As printed on the seed's summary page (R5ポリシー関連事業【実績】) and area pages.
SEED_AREAS = {
    "citizen": "60件 20.2億円",
    "local": "63件 16.0億円",
    "business": "16件 2.8億円",
    "municipalities": "7件 1.0億円",
    "prefectural-foundation": "31件 22.2億円",
}


def test_area_figures_match_the_seed(example: Plan) -> None:
    s = summarise(example, 2023)
    shown = {a.id: a.money.display for a in s.areas if a.id in SEED_AREAS and a.money}
    assert shown == SEED_AREAS
    assert all(a.money.kind == "settled" for a in s.areas if a.id in SEED_AREAS and a.money)


def test_totals_and_previous_year_match_the_seed(example: Plan) -> None:
    s = summarise(example, 2023)
    assert s.total is not None and s.total.display == "177件 62.4億円"
    assert s.total.yen == 6_241_838_000 and not s.total.recorded
    assert s.previous_total is not None and s.previous_total.display == "159件 65.8億円"
    assert s.previous_total.kind == "budget"
    assert s.year_label == "令和5年度（2023年度）"


def test_next_years_budget_is_summed_too(example: Plan) -> None:
    s = summarise(example, 2024)
    assert s.total is not None and s.total.projects == 185
    assert s.total.yen == 5_957_462_000 and s.total.kind == "budget"


def test_totals_are_computed_not_typed(example: Plan) -> None:
    """Changing one area's row changes the total: nothing is read from a stored result."""
    area = example.area("business")
    area.money[0] = MoneyRecord(
        year=2023, projects=17, amount=Money.model_validate("300,000千円"), kind="settled"
    )
    s = summarise(example, 2023)
    assert s.total is not None and s.total.display == "178件 62.5億円"
    assert {a.id: a.money.display for a in s.areas if a.money}["business"] == "17件 3.0億円"


# 達成率 printed on the headline cards that the figures reproduce under truncation.
SEED_CARD_RATES = {
    "miyamari-members": "70%",
    "advanced-models": "70%",
    "mobile-work": "125%",
    "nocode-hours-saved": "122%",
    "minutes-hours-saved": "216%",
}


def test_headline_rates_match_the_seed(example: Plan) -> None:
    s = summarise(example, 2023)
    rates = {k.id: k.final_rate for k in s.kpis if k.id in SEED_CARD_RATES}
    assert rates == SEED_CARD_RATES
    assert all(k.headline for k in s.kpis if k.id in SEED_CARD_RATES)


def test_half_up_would_not_reproduce_the_seed(example: Plan) -> None:
    """The example's truncation setting is the one that reproduces the source."""
    half_up = example.model_copy(
        update={"settings": example.settings.model_copy(update={"rate_rounding": "half-up"})}
    )
    s = summarise(half_up, 2023)
    assert {k.id: k.final_rate for k in s.kpis}["miyamari-members"] == "71%"


@pytest.mark.parametrize(
    ("kpi", "status"),
    [
        ("open-data-datasets", "not-achieved"),
        ("ict-firms-sited", "achieved"),
        ("ict-teaching-skill", "pending"),
        ("fiveg-demonstrations", "ended"),
        ("security-incident-recurrence", "achieved"),
        ("paper-reduction", "not-achieved"),
        ("miyamari-members", "no-target"),
    ],
)
def test_kpi_status(example: Plan, kpi: str, status: str) -> None:
    rows = {k.id: k for k in summarise(example, 2023).kpis}
    assert rows[kpi].status == status


def test_area_counts(example: Plan) -> None:
    rows = {a.id: a for a in summarise(example, 2023).areas}
    assert rows["foundation"].measures == 13
    assert rows["citizen"].kpis == 4
    assert rows["local"].kpi_status["not-achieved"] == 2
    assert rows["foundation"].money is not None
    assert rows["foundation"].money.display == "38件 23.2億円"


def test_town_plan_other_depth_and_grading(town: Plan) -> None:
    s = summarise(town)
    assert s.year == 2024
    assert [(a.id, a.depth) for a in s.areas][:4] == [
        ("residents", 0),
        ("online", 1),
        ("online-forms", 2),
        ("cashless", 2),
    ]
    assert s.total is not None and s.total.display == "11件 84百万円"
    assert s.previous_total is not None and s.previous_total.display == "10件 78百万円"
    grades = {k.id: (k.rate, k.grade) for k in s.kpis}
    assert grades["online-procedures"] == ("108.3%", "A")
    assert grades["counter-wait"] == ("83.3%", "B")
    assert grades["cashless-share"] == ("70.0%", "C")
    assert grades["trained-staff"] == ("64.0%", "C")
    assert grades["device-use"][1] == "A"  # 維持: 85 ≥ last year's 80
