"""Bulk survey import on SQLite and PostgreSQL: values, problems, all or nothing, diff."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select
from sqlalchemy import inspect as sa_inspect

from shinchoku.compare import store
from shinchoku.compare.indicators import bundled_set
from shinchoku.compare.survey import import_survey
from shinchoku.orgs import registry
from shinchoku.problems import ShinchokuError
from shinchoku.store import Database
from tests.compare.conftest import SURVEY


def _count(db: Database) -> int:
    with db.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(store.FIGURES)).scalar_one())


def test_import_reads_every_value(db: Database) -> None:
    result = import_survey(db, SURVEY, bundled_set(), registry())
    assert (result.rows, result.added, result.changed, result.applied) == (21, 21, 0, True)
    with db.engine.connect() as conn:
        cio = store.figures(conn, "dx-survey", "cio")
        online = store.figures(conn, "dx-survey", "online-procedures", 2023)
        paper = store.figures(conn, "dx-survey", "paper-sheets", 2023)
        row = conn.execute(
            select(store.FIGURES).where(
                store.FIGURES.c.org_code == "042030",
                store.FIGURES.c.indicator_id == "online-procedures",
            )
        ).one()
    assert cio[2023] == {
        "040002": 1,
        "041009": 1,
        "042021": 0,
        "042030": 1,
        "042056": 0,
        "043010": None,  # 「ー」: reported as none
        "044245": 1,
    }
    assert cio[2022] == {"041009": 1, "042021": 0, "042030": 0}
    assert online[2023] == {"041009": Decimal(30), "042021": Decimal(5), "042030": Decimal(12)}
    assert paper[2023]["041009"] == Decimal(1250)
    assert (row.text, row.approximate, row.line) == ("約12", True, 13)


def test_reimport_is_unchanged_and_a_change_is_diffed(db: Database, tmp_path: Path) -> None:
    import_survey(db, SURVEY, bundled_set(), registry())
    again = import_survey(db, SURVEY, bundled_set(), registry())
    assert (again.added, again.changed, again.unchanged) == (0, 0, 21)
    changed = tmp_path / "r5.csv"
    changed.write_text(
        SURVEY.read_text(encoding="utf-8").replace(
            "042021,石巻市,R5,cio,×", "042021,石巻市,R5,cio,○"
        )
        + "042072,名取市,R5,cio,○,\n",
        encoding="utf-8",
    )
    preview = import_survey(db, changed, bundled_set(), registry(), dry_run=True)
    assert [(d.code, d.added, d.changed) for d in preview.diffs if d.added or d.changed] == [
        ("042021", 0, 1),
        ("042072", 1, 0),
    ]
    assert _count(db) == 21  # a dry run writes nothing
    import_survey(db, changed, bundled_set(), registry())
    with db.engine.connect() as conn:
        cio = store.figures(conn, "dx-survey", "cio", 2023)[2023]
    assert (cio["042021"], cio["042072"]) == (1, 1)
    assert _count(db) == 22


def test_bad_rows_change_nothing(db: Database, tmp_path: Path) -> None:
    import_survey(db, SURVEY, bundled_set(), registry())
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "団体コード,団体名,年度,指標,値\n"
        "041009,仙台市,R6,cio,○\n"
        "041008,仙台市,R6,cio,○\n"  # check digit
        "042021,塩竈市,R6,cio,○\n"  # name of another organisation
        "042030,塩竈市,R6,cio,たぶん\n"
        "042030,塩竈市,R6,online-rate,50%\n"
        "042030,塩竈市,R6,paper-sheets,12件\n"
        "042030,塩竈市,R6,paper-sheets,ABC\n"
        "042030,塩竈市,R9年,cio,○\n"
        "042030,塩竈市,R6,unknown,1\n"
        '042030,塩竈市,R6,paper-sheets,"5枚(男) 7枚(女)"\n',
        encoding="utf-8",
    )
    with pytest.raises(ShinchokuError) as caught:
        import_survey(db, bad, bundled_set(), registry())
    found = [(p.code, p.place.line, p.found) for p in caught.value.problems]
    assert found == [
        ("org-code-invalid", 3, "041008"),
        ("survey-name-mismatch", 4, "塩竈市"),
        ("survey-yes-no", 5, "たぶん"),
        ("survey-indicator-computed", 6, "online-rate"),
        ("survey-unit-mismatch", 7, "12件"),
        ("unparseable-value", 8, "ABC"),
        ("unparseable-value", 9, "R9年"),
        ("survey-indicator-unknown", 10, "unknown"),
        ("survey-not-one-number", 11, "5枚(男) 7枚(女)"),
    ]
    assert all(p.place.file == "bad.csv" for p in caught.value.problems)
    assert _count(db) == 21


def test_duplicates_are_refused(db: Database, tmp_path: Path) -> None:
    dup = tmp_path / "dup.csv"
    dup.write_text(
        "団体コード,年度,指標,値\n041009,R5,cio,○\n042021,R5,cio,×\n041009,R5,cio,×\n",
        encoding="utf-8",
    )
    with pytest.raises(ShinchokuError) as caught:
        import_survey(db, dup, bundled_set(), registry())
    (problem,) = caught.value.problems
    assert (problem.code, problem.place.line, problem.found) == ("survey-duplicate", 4, "041009")
    assert "line 2" in problem.message
    assert _count(db) == 0


def test_missing_column(db: Database, tmp_path: Path) -> None:
    bad = tmp_path / "cols.csv"
    bad.write_text("団体コード,指標,値\n041009,cio,○\n", encoding="utf-8")
    with pytest.raises(ShinchokuError) as caught:
        import_survey(db, bad, bundled_set(), registry())
    assert caught.value.problem.code == "survey-column-missing"
    assert "年度" in caught.value.problem.message


def test_xlsx_and_shift_jis(db: Database, tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "回答"
    ws.append(["全国地方公共団体コード", "団体名", "年度", "指標", "値"])
    ws.append([41009, "仙台市", 2023, "RPAの導入", "○"])  # 5-digit code, indicator by name
    ws.append(["042021", "石巻市", "R5", "paper-sheets", 980.5])
    ws.append(["042030", "塩竈市", "R5", "paper-sheets", "多数"])
    xlsx = tmp_path / "survey.xlsx"
    wb.save(xlsx)
    with pytest.raises(ShinchokuError) as caught:
        import_survey(db, xlsx, bundled_set(), registry())
    (problem,) = caught.value.problems
    assert (problem.place.sheet, problem.place.cell, problem.found) == ("回答", "E4", "多数")
    ws.delete_rows(4)
    wb.save(xlsx)
    assert import_survey(db, xlsx, bundled_set(), registry()).added == 2
    sjis = tmp_path / "sjis.csv"
    sjis.write_bytes("団体コード,年度,指標,値\n042056,R5,ai,○\n".encode("cp932"))
    assert import_survey(db, sjis, bundled_set(), registry()).added == 1
    with db.engine.connect() as conn:
        assert store.figures(conn, "dx-survey", "paper-sheets", 2023)[2023] == {
            "042021": Decimal("980.5")
        }


def test_sql_import_of_the_bundled_example_file(db: Database, tmp_path: Path) -> None:
    # The fixture file, copied to a path with spaces: nothing depends on the name.
    copy = tmp_path / "survey file.csv"
    shutil.copy(SURVEY, copy)
    assert import_survey(db, copy, bundled_set(), registry()).file == "survey file.csv"


def test_bulk_insert_keeps_the_foreign_keys(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from shinchoku.compare import survey
    from shinchoku.store.tables import Base

    monkeypatch.setattr(survey, "BULK_ROWS", 1)  # PostgreSQL drops and re-adds them
    import_survey(db, SURVEY, bundled_set(), registry())
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
        fks = {fk["name"] for fk in sa_inspect(conn).get_foreign_keys("figures")}
    assert fks == {
        "fk_figures_import_id_survey_imports",
        "fk_figures_org_code_organisations",
        "fk_figures_set_id_indicator_id_indicators",
    }


def test_files_that_hold_no_survey(db: Database, tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(ShinchokuError) as caught:
        import_survey(db, empty, bundled_set(), registry())
    assert caught.value.problem.code == "survey-empty"
    wb = Workbook()
    wb.active.title = "回答"
    xlsx = tmp_path / "survey.xlsx"
    wb.save(xlsx)
    with pytest.raises(ShinchokuError) as caught:
        import_survey(db, xlsx, bundled_set(), registry(), sheet="集計")
    assert (caught.value.problem.code, caught.value.problem.found) == (
        "survey-sheet-missing",
        "集計",
    )


def test_past_the_limit_problems_are_counted(db: Database, tmp_path: Path) -> None:
    from shinchoku.compare.survey import MAX_PROBLEMS

    rows = "".join(f"042030,R5,cio,たぶん{i}\n" for i in range(MAX_PROBLEMS + 5))
    bad = tmp_path / "many.csv"
    bad.write_text("団体コード,年度,指標,値\n" + rows, encoding="utf-8")
    with pytest.raises(ShinchokuError) as caught:
        import_survey(db, bad, bundled_set(), registry())
    problems = caught.value.problems
    assert len(problems) == MAX_PROBLEMS + 1
    assert (problems[-1].code, problems[-1].found) == (
        "survey-too-many-problems",
        str(MAX_PROBLEMS + 5),
    )
    assert _count(db) == 0
