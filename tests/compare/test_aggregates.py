"""The comparison's aggregates, written by the import that changes the figures (SQLite and
PostgreSQL): what the figures give, kept with them all or nothing, and read only for the
basis they were computed with."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select

from shinchoku.compare import aggregates, store
from shinchoku.compare.indicators import IndicatorSet, bundled_set
from shinchoku.compare.inquiry import make_forms
from shinchoku.compare.service import compare, set_years
from shinchoku.compare.survey import import_survey
from shinchoku.orgs import NATION_CODE, Registry, registry
from shinchoku.problems import ShinchokuError
from shinchoku.store import Database
from tests.compare.conftest import SURVEY

SET = "dx-survey"
MIYAGI, HOKKAIDO = "040002", "010006"


def _basis(iset: IndicatorSet | None = None, orgs: Registry | None = None) -> str:
    return aggregates.basis((iset or bundled_set()).content_hash(), orgs or registry())


def _stored(db: Database, indicator: str) -> aggregates.Figures:
    with db.engine.connect() as conn:
        return aggregates.read(conn, SET, indicator, _basis())


def _rows(db: Database) -> int:
    with db.engine.connect() as conn:
        q = select(func.count()).select_from(aggregates.AGGREGATES)
        return int(conn.execute(q).scalar_one())


def _as_computed(db: Database) -> None:
    """Every indicator's stored aggregates are what its figures give now."""
    with db.engine.connect() as conn:
        assert aggregates.current(conn, SET, _basis())
        for i in bundled_set().indicators:
            stored = aggregates.read(conn, SET, i.id, _basis())
            assert stored == aggregates.compute(conn, SET, i, registry()), i.id


def _changed_survey(tmp_path: Path) -> Path:
    """石巻市 answers yes to cio for FY2023, and 名取市 answers too."""
    changed = tmp_path / "r5.csv"
    changed.write_text(
        SURVEY.read_text(encoding="utf-8").replace(
            "042021,石巻市,R5,cio,×", "042021,石巻市,R5,cio,○"
        )
        + "042072,名取市,R5,cio,○,\n",
        encoding="utf-8",
    )
    return changed


def test_the_import_stores_what_the_figures_give(db: Database) -> None:
    import_survey(db, SURVEY, bundled_set(), registry())
    _as_computed(db)
    cio = _stored(db, "cio")
    assert sorted(cio) == [2022, 2023]
    # every scope of a year: the nation and the 47 prefectures
    assert set(cio[2023]) == {NATION_CODE, *(p.code for p in registry().prefectures())}
    # 宮城県's municipalities answered ○ × はい いいえ ○ and 蔵王町 「ー」 (none): 3 of 5;
    # 宮城県's own answer is not one of its municipalities'
    assert cio[2023][MIYAGI] == (5, Decimal("0.6"))
    assert cio[2023][NATION_CODE] == (5, Decimal("0.6"))
    assert cio[2023][HOKKAIDO] == (0, None)
    assert cio[2022][MIYAGI] == (3, Decimal(1) / 3)  # ○ × ×
    # a ratio pools its parts: (30 + 5 + 約12) / (40 + 20 + 24) × 100
    rate = _stored(db, "online-rate")
    assert rate[2023][MIYAGI] == (3, Decimal(47) / Decimal(84) * 100)
    assert rate[2022][MIYAGI] == (1, Decimal(55))
    # a number's aggregate is the median: 980, 1,100, 1,250
    assert _stored(db, "paper-sheets")[2023][MIYAGI] == (3, Decimal(1100))


def test_a_change_recomputes_what_it_touched(db: Database, tmp_path: Path) -> None:
    import_survey(db, SURVEY, bundled_set(), registry())
    before = _stored(db, "cio")
    import_survey(db, _changed_survey(tmp_path), bundled_set(), registry())
    _as_computed(db)
    after = _stored(db, "cio")
    assert after[2023][MIYAGI] == (6, Decimal(5) / 6)  # ○ ○ はい いいえ ○, 名取市 ○
    assert after[2022] == before[2022]
    with db.engine.connect() as conn:
        last = conn.execute(select(func.max(store.IMPORTS.c.id))).scalar_one()
        # what the second import changed: FY2023's cio, one indicator-year of nine
        assert aggregates.refresh(conn, bundled_set(), registry(), [last]) == 1
        # stored and current, and no import given: nothing to do
        assert aggregates.refresh(conn, bundled_set(), registry()) == 0


def test_a_refused_import_leaves_the_aggregates(db: Database, tmp_path: Path) -> None:
    import_survey(db, SURVEY, bundled_set(), registry())
    before = _stored(db, "cio")
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "団体コード,団体名,年度,指標,値\n042021,石巻市,R5,cio,○\n042030,塩竈市,R5,cio,たぶん\n",
        encoding="utf-8",
    )
    with pytest.raises(ShinchokuError):
        import_survey(db, bad, bundled_set(), registry())
    assert _stored(db, "cio") == before


def test_figures_and_aggregates_are_written_together_or_not_at_all(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failure while the aggregates are computed rolls the new figures back too."""
    import_survey(db, SURVEY, bundled_set(), registry())
    before = _stored(db, "cio")

    def fail(*_: object) -> None:
        raise RuntimeError("the aggregates could not be computed")

    monkeypatch.setattr(aggregates, "year_figures", fail)
    with pytest.raises(RuntimeError):
        import_survey(db, _changed_survey(tmp_path), bundled_set(), registry())
    monkeypatch.undo()
    with db.engine.connect() as conn:
        cio = store.figures(conn, SET, "cio", 2023)[2023]
        imports = conn.execute(select(func.count()).select_from(store.IMPORTS)).scalar_one()
    assert (cio["042021"], "042072" in cio, imports) == (0, False, 1)
    assert _stored(db, "cio") == before


def test_comparisons_are_the_same_without_the_stored_aggregates(db: Database) -> None:
    """Read from the rows, or computed from the figures when the rows are not of the
    current basis (none stored, another organisation list): the same comparison."""
    import_survey(db, SURVEY, bundled_set(), registry())
    cases = [
        ("cio", 2023, None, ["041009", "043010"]),
        ("online-rate", 2023, MIYAGI, ["042021"]),
        ("online-rate", None, None, [MIYAGI]),
        ("paper-sheets", 2022, MIYAGI, []),
    ]
    r = registry()
    fewer = Registry(tuple(o for o in r if o.code != "042072"), r.source)
    assert _basis(orgs=fewer) != _basis()
    with db.engine.connect() as conn:
        stored = [compare(conn, r, SET, *case).to_dict() for case in cases]
        other = aggregates.basis(bundled_set().content_hash(), fewer)
        assert not aggregates.current(conn, SET, other)
        direct = compare(conn, fewer, SET, "cio", 2023, MIYAGI)
        assert direct.distribution.population == 34  # computed over the list it was given
    with db.engine.begin() as conn:
        conn.execute(delete(aggregates.AGGREGATES))
    with db.engine.connect() as conn:
        assert [compare(conn, r, SET, *case).to_dict() for case in cases] == stored
        assert set_years(conn, SET) == [2022, 2023]  # from the figures
    # the set's next import, even of nothing new, computes every row again
    import_survey(db, SURVEY, bundled_set(), registry())
    _as_computed(db)
    with db.engine.connect() as conn:
        assert set_years(conn, SET) == [2022, 2023]  # from the aggregates


def test_a_changed_set_definition_is_computed_again(db: Database, tmp_path: Path) -> None:
    """make_forms stores the set it is given: a changed definition (here: a ratio in
    per mille) has its aggregates computed again, under the new basis."""
    import_survey(db, SURVEY, bundled_set(), registry())
    data = bundled_set().model_dump(mode="json")
    for indicator in data["indicators"]:
        if indicator["id"] == "online-rate":
            indicator["scale"] = 1000
    changed = IndicatorSet.model_validate(data)
    make_forms(db, changed, registry(), MIYAGI, 2023, tmp_path / "forms")
    with db.engine.connect() as conn:
        b = _basis(changed)
        assert aggregates.current(conn, SET, b) and not aggregates.current(conn, SET, _basis())
        rate = aggregates.read(conn, SET, "online-rate", b)
    assert rate[2023][MIYAGI] == (3, Decimal(47) / Decimal(84) * 1000)
    # FY2023: cio, online-procedures, procedures, paper-sheets and the ratio; FY2022 the
    # same but paper-sheets: nine indicator-years, each for the nation and 47 prefectures
    assert _rows(db) == 9 * 48


def test_an_empty_set_has_no_aggregates(db: Database, tmp_path: Path) -> None:
    make_forms(db, bundled_set(), registry(), MIYAGI, 2023, tmp_path / "forms")
    assert _rows(db) == 0
    with db.engine.connect() as conn:
        assert set_years(conn, SET) == []
