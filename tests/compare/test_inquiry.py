"""The 照会 from 宮城県 to its municipalities on SQLite and PostgreSQL: survey import first,
then forms made, filled as a municipality would (openpyxl), collected, and the status."""

from __future__ import annotations

import hashlib
import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from typer.testing import CliRunner

from shinchoku.cli import app
from shinchoku.compare import aggregates, store
from shinchoku.compare.indicators import bundled_set
from shinchoku.compare.inquiry import collect, fingerprint, make_forms, status
from shinchoku.compare.survey import import_survey
from shinchoku.orgs import registry
from shinchoku.problems import ShinchokuError
from shinchoku.store import Database
from shinchoku.store.tables import SurveyImportRow
from tests.compare.conftest import SURVEY

MIYAGI = "040002"
SENDAI, ISHINOMAKI, ZAO, OHIRA = "041009", "042021", "043010", "044245"


def _fill(path: Path, answers: dict[str, object], to: Path | None = None) -> Path:
    """Type answers into the 回答 column, by indicator id, and save (as Excel would)."""
    wb = load_workbook(path)
    ws = wb["回答"]
    rows = {ws.cell(r, 2).value: r for r in range(1, ws.max_row + 1)}
    for indicator, value in answers.items():
        ws.cell(rows[indicator], 8).value = value
    out = to or path
    wb.save(out)
    return out


def _form(folder: Path, code: str) -> Path:
    return next(folder.glob(f"{code}_*.xlsx"))


@pytest.fixture
def forms(db: Database, tmp_path: Path) -> Path:
    """宮城県's FY2023 forms, after the survey file of FY2022–23 was imported."""
    import_survey(db, SURVEY, bundled_set(), registry())
    out = tmp_path / "forms"
    made = make_forms(db, bundled_set(), registry(), MIYAGI, 2023, out)
    assert len(made) == 35 and {m.rows for m in made} == {9}
    return out


def test_round_trip_with_provenance_and_diff(db: Database, forms: Path, tmp_path: Path) -> None:
    replies = tmp_path / "replies"
    replies.mkdir()
    _fill(
        _form(forms, ISHINOMAKI),
        {"cio": "はい", "online-procedures": "６", "procedures": 20, "paper-sheets": "980"},
        replies / "ishinomaki.xlsx",
    )
    _fill(
        _form(forms, OHIRA),
        {"cio": "はい", "dx-policy": "いいえ", "ai": "該当なし", "online-procedures": "約3"},
        replies / "ohira.xlsx",
    )
    result = collect(db, [replies], bundled_set(), registry(), MIYAGI, 2023)
    assert result.applied
    assert [(r.org.code, r.answered, r.blank) for r in result.replies] == [
        (ISHINOMAKI, 4, 5),
        (OHIRA, 4, 5),
    ]
    diffs = {d.code: (d.added, d.changed, d.unchanged) for d in result.imported.diffs}  # type: ignore[union-attr]
    # 石巻市: cio × → はい and online-procedures 5 → ６ changed; procedures, paper unchanged.
    # 大衡村: cio ○ → はい is the same answer typed differently: a change of the text kept
    assert diffs == {ISHINOMAKI: (0, 2, 2), OHIRA: (3, 1, 0)}
    with db.engine.connect() as conn:
        cio = store.figures(conn, "dx-survey", "cio", 2023)[2023]
        online = store.figures(conn, "dx-survey", "online-procedures", 2023)[2023]
        ai = store.figures(conn, "dx-survey", "ai", 2023)[2023]
        row = conn.execute(
            select(store.FIGURES, SurveyImportRow.__table__.c.file)
            .join(SurveyImportRow.__table__)
            .where(
                store.FIGURES.c.org_code == OHIRA,
                store.FIGURES.c.indicator_id == "online-procedures",
            )
        ).one()
        sendai = conn.execute(
            select(SurveyImportRow.__table__.c.file)
            .join(store.FIGURES)
            .where(store.FIGURES.c.org_code == SENDAI, store.FIGURES.c.year == 2023)
            .distinct()
        ).scalar_one()
    assert (cio[ISHINOMAKI], cio[OHIRA], cio[SENDAI]) == (1, 1, 1)
    assert (online[ISHINOMAKI], online[OHIRA]) == (Decimal(6), Decimal(3))
    assert ai == {OHIRA: None}  # 該当なし: reported as not applicable
    # provenance: the reply file, the cell typed in, the organisation
    assert (row.file, row.cell, row.text, row.approximate) == ("ohira.xlsx", "H18", "約3", True)
    assert sendai == SURVEY.name  # untouched figures keep theirs
    # the comparison's aggregates follow in the same transaction: 石巻市's はい makes
    # 宮城県's municipalities ○ はい はい いいえ はい (仙台, 石巻, 塩竈, 気仙沼, 大衡)
    with db.engine.connect() as conn:
        b = aggregates.basis(bundled_set().content_hash(), registry())
        spec = bundled_set().get("cio")
        assert spec is not None
        stored = aggregates.read(conn, "dx-survey", "cio", b)
        assert stored == aggregates.compute(conn, "dx-survey", spec, registry())
    assert stored[2023][MIYAGI] == (5, Decimal("0.8"))

    # the same replies again: nothing changes, the identical copy is skipped
    shutil.copy(replies / "ohira.xlsx", replies / "ohira-again.xlsx")
    again = collect(db, [replies], bundled_set(), registry(), MIYAGI, 2023)
    assert again.skipped == ("ohira.xlsx",) or again.skipped == ("ohira-again.xlsx",)
    assert (again.imported.added, again.imported.changed) == (0, 0)  # type: ignore[union-attr]

    with db.engine.connect() as conn:
        st = status(conn, bundled_set(), registry(), MIYAGI, 2023).to_dict()
    # the survey file gave six municipalities some answers, none all nine
    assert st["counts"] == {"municipalities": 35, "complete": 0, "partial": 6, "not-replied": 29}
    by_code = {o["code"]: o for o in st["organisations"]}
    assert by_code[SENDAI]["missing"] == ["cio-deputy", "dx-policy", "rpa", "ai", "telework"]
    assert by_code["042056"]["state"] == "partial"  # 気仙沼市: cio only, from the survey
    missing = ["cio-deputy", "rpa", "telework", "procedures", "paper-sheets"]
    assert by_code[OHIRA]["missing"] == missing
    assert by_code[OHIRA]["files"] == ["ohira.xlsx"]
    assert by_code[ZAO]["state"] == "partial"  # its 「ー」 for cio is an answer
    assert st["outstanding"][:3] == [SENDAI, ISHINOMAKI, "042030"]
    assert by_code["046060"]["state"] == "not-replied"


def test_forms_are_the_same_bytes(db: Database, forms: Path, tmp_path: Path) -> None:
    again = make_forms(db, bundled_set(), registry(), MIYAGI, 2023, tmp_path / "again")
    for m in again:
        assert m.path.read_bytes() == (forms / m.path.name).read_bytes()


def _count(db: Database) -> int:
    with db.engine.connect() as conn:
        return len(conn.execute(select(store.FIGURES.c.org_code)).all())


def test_refusals_are_all_or_nothing(db: Database, forms: Path, tmp_path: Path) -> None:
    before = _count(db)
    replies = tmp_path / "replies"
    replies.mkdir()
    _fill(_form(forms, OHIRA), {"cio": "はい"}, replies / "a-good.xlsx")
    # a value the figure parser cannot read, named by file and cell
    _fill(_form(forms, ZAO), {"online-procedures": "たくさん"}, replies / "b-bad-value.xlsx")
    with pytest.raises(ShinchokuError) as caught:
        collect(db, [replies], bundled_set(), registry(), MIYAGI, 2023)
    [p] = caught.value.problems
    assert (p.place.file, p.place.sheet, p.place.cell) == ("b-bad-value.xlsx", "回答", "H18")
    assert p.found == "たくさん"
    assert _count(db) == before
    with db.engine.connect() as conn:
        b = aggregates.basis(bundled_set().content_hash(), registry())
        assert aggregates.read(conn, "dx-survey", "cio", b)[2023][MIYAGI] == (5, Decimal("0.6"))

    # a second, different reply of 大衡村
    (replies / "b-bad-value.xlsx").unlink()
    _fill(_form(forms, OHIRA), {"cio": "いいえ"}, replies / "c-other.xlsx")
    with pytest.raises(ShinchokuError) as caught:
        collect(db, [replies], bundled_set(), registry(), MIYAGI, 2023)
    assert [p.code for p in caught.value.problems] == ["duplicate-reply"]
    assert _count(db) == before


def test_forms_of_another_municipality_set_or_year_are_refused(
    db: Database, forms: Path, tmp_path: Path
) -> None:
    iwate = make_forms(db, bundled_set(), registry(), "030007", 2023, tmp_path / "iwate")
    fy24 = make_forms(db, bundled_set(), registry(), MIYAGI, 2024, tmp_path / "fy24")

    def codes(path: Path) -> list[str]:
        with pytest.raises(ShinchokuError) as caught:
            collect(db, [path], bundled_set(), registry(), MIYAGI, 2023)
        return [p.code for p in caught.value.problems]

    assert codes(iwate[0].path) == ["inquiry-wrong-organisation"]
    assert codes(fy24[0].path) == ["wrong-year"]
    assert codes(tmp_path / "empty-folder") == ["file-not-found"]
    (tmp_path / "no-replies").mkdir()
    assert codes(tmp_path / "no-replies") == ["inquiry-no-replies"]

    # a form of another indicator set
    other = bundled_set().model_copy(update={"id": "dx-survey-2"})
    made = make_forms(db, other, registry(), MIYAGI, 2023, tmp_path / "other-set")
    assert codes(made[0].path) == ["inquiry-wrong-set"]

    # re-keyed to 仙台市 with the fingerprint recomputed: only the signature tells
    forged = tmp_path / "forged.xlsx"
    wb = load_workbook(_form(forms, OHIRA))
    meta, sheet = wb["_meta"], wb["回答"]
    for r in range(1, meta.max_row + 1):
        if meta.cell(r, 1).value == "org":
            meta.cell(r, 2).value = SENDAI
    rows = range(1, meta.max_row + 1)
    ids = [meta.cell(r, 2).value for r in rows if meta.cell(r, 1).value == "row"]
    for r in range(1, sheet.max_row + 1):
        if sheet.cell(r, 1).value == OHIRA:
            sheet.cell(r, 1).value = SENDAI
    for r in range(1, meta.max_row + 1):
        if meta.cell(r, 1).value == "fingerprint":
            meta.cell(r, 2).value = fingerprint(bundled_set(), 2023, MIYAGI, SENDAI, ids)
    wb.save(forged)
    assert codes(forged) == ["signature-mismatch"]

    # one row copied from another municipality's form
    pasted = tmp_path / "pasted.xlsx"
    wb = load_workbook(_form(forms, OHIRA))
    wb["回答"].cell(12, 1).value = ZAO
    wb.save(pasted)
    assert codes(pasted) == ["inquiry-wrong-organisation"]

    # a hidden row key edited
    edited = tmp_path / "edited.xlsx"
    wb = load_workbook(_form(forms, OHIRA))
    wb["回答"].cell(13, 2).value = "rpa"
    wb.save(edited)
    assert codes(edited) == ["keys-altered"]

    # not a form at all; the hostile-file guard of the plan 照会 runs first
    fake = tmp_path / "fake.xlsx"
    fake.write_bytes(b"PK\x03\x04 not really")
    assert codes(fake)[0] in {"not-a-workbook", "corrupt-workbook"}


def test_cli_make_collect_status(db: Database, tmp_path: Path) -> None:
    url = db.url.render_as_string(hide_password=False)
    runner = CliRunner()
    out = tmp_path / "forms"
    base = ["--set", "dx-survey", "--prefecture", MIYAGI, "--year", "2024", "--db", url]
    made = runner.invoke(app, ["compare", "inquiry", "make", *base, "--out", str(out)])
    assert made.exit_code == 0, made.output
    assert "令和6年度の照会様式 35 件を作成しました" in made.stdout
    _fill(_form(out, ZAO), {"cio": "はい", "procedures": "12"})
    # collected as a staff account: the prefecture's office may, another's may not
    from shinchoku.compare import store
    from shinchoku.store.accounts import Accounts

    accounts = Accounts(db)
    accounts.add_user("miyagi-office", "admin", "pw-miyagi-office-1", organisation=MIYAGI)
    accounts.add_user("yamagata-office", "admin", "pw-yamagata-office-1", organisation="060003")
    collect_zao = ["compare", "inquiry", "collect", str(_form(out, ZAO)), *base]
    refused = runner.invoke(app, [*collect_zao, "--by", "yamagata-office"])
    assert refused.exit_code == 1 and "forbidden" in refused.stderr
    collected = runner.invoke(app, [*collect_zao, "--by", "miyagi-office", "--json"])
    assert collected.exit_code == 0, collected.output
    with db.engine.connect() as conn:
        (last,) = store.survey_imports(conn, "dx-survey", limit=1)
    assert (last.file, last.imported_by) == ("043010_蔵王町.xlsx", "miyagi-office")
    data = json.loads(collected.stdout)
    assert data["import"]["organisations"] == [
        {"code": ZAO, "added": 2, "changed": 0, "unchanged": 0}
    ]
    st = runner.invoke(app, ["compare", "inquiry", "status", *base, "--json"])
    reminder = json.loads(st.stdout)
    zao = next(o for o in reminder["organisations"] if o["code"] == ZAO)
    assert (zao["state"], zao["answered"], zao["form"]) == ("partial", 2, "043010_蔵王町.xlsx")
    assert len(reminder["outstanding"]) == 35
    text = runner.invoke(app, ["compare", "inquiry", "status", *base])
    assert "043010 蔵王町  一部未回答" in text.stdout
    # the comparison itself still runs as `compare INDICATOR`
    shown = runner.invoke(app, ["compare", "dx-survey/cio", "--year", "2024", "--db", url])
    assert shown.exit_code == 0, shown.output
    assert "回答 1 / 1,741 団体" in shown.stdout and "  -  470007 沖縄県  -" in shown.stdout


def test_checksum_is_of_the_reply(db: Database, forms: Path, tmp_path: Path) -> None:
    reply = _fill(_form(forms, OHIRA), {"cio": "はい"}, tmp_path / "r.xlsx")
    collect(db, [reply], bundled_set(), registry(), MIYAGI, 2023)
    with db.engine.connect() as conn:
        sha = conn.execute(
            select(SurveyImportRow.__table__.c.sha256).where(
                SurveyImportRow.__table__.c.file == "r.xlsx"
            )
        ).scalar_one()
    assert sha == hashlib.sha256(reply.read_bytes()).hexdigest()
