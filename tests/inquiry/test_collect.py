"""Collecting replies: the round trip, all-or-nothing, idempotence, refusals."""

from __future__ import annotations

import hashlib
import shutil
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from shinchoku.inquiry import MadeForm, collect
from shinchoku.model import Plan
from shinchoku.problems import ShinchokuError
from shinchoku.store import Database

from .conftest import YEAR, cell_of, fill, input_sheet

NOW = datetime(2025, 6, 2, 9, 30, tzinfo=UTC)
DIGITAL = "kikaku-digital"


def codes(exc: pytest.ExceptionInfo[ShinchokuError]) -> list[str]:
    return [p.code for p in exc.value.problems]


def test_round_trip_with_messy_values(
    tmp_path: Path, db: Database, forms: dict[str, MadeForm]
) -> None:
    unit = fill(
        forms[DIGITAL].path,
        tmp_path / "回答_デジタル.xlsx",
        {
            ("open-data-miyagi", "open-data-datasets"): {
                "in.value": "４１２",  # full-width digits
                "in.as_of": "R7.3",  # 和暦 month point
                "in.status": "未達成",
                "in.analysis": "庁内研修を実施したが、公開の定着が不十分であった。",
            },
            ("free-public-wifi", "free-wifi-spots"): {
                "in.value": "約1,100",
                "in.as_of": "令和7年3月末",
            },
            ("mynumber-card-promotion", "mynumber-card-rate"): {"in.value": "80.1（速報値）"},
            ("web-meeting-use", "web-meetings"): {"in.value": "７００"},
            ("digital-advisors", "advisor-consultations"): {"in.value": 171},  # a number
        },
    )
    office = fill(
        forms["_office"].path,
        tmp_path / "回答_政策担当課.xlsx",
        {("citizen", "2024", "settled"): {"in.projects": "６３", "in.amount": "2,100,000"}},
        role="money",
    )
    office = fill(
        office,
        office,
        {
            ("citizen", "citizen-online-cashless", "1"): {
                "in.text": "キャッシュレス決済の本格導入",
                "in.new": "新規",
                "in.details": "県税・手数料\n証紙の廃止準備",
            }
        },
        role="initiatives",
    )
    result = collect([unit, office], YEAR, database=db, now=NOW)
    assert result.applied
    assert {ch.subject for ch in result.changes} >= {
        "オープンデータみやぎ公開数",
        "Ｗｅｂ会議実施件数",
    }

    plan = db.load_plan()
    obs = plan.kpi("open-data-datasets").observations[YEAR]
    assert (obs.value.value, obs.value.text) == (Decimal("412"), "４１２")
    assert obs.as_of is not None and (obs.as_of.fiscal_year, obs.as_of.month) == (2024, 3)
    digest = hashlib.sha256(unit.read_bytes()).hexdigest()
    assert obs.provenance is not None
    assert obs.provenance.model_dump() == {
        "source": "inquiry",
        "file": "回答_デジタル.xlsx",
        "sheet": "施策・KPI",
        "cell": cell_of(unit, ("open-data-miyagi", "open-data-datasets"), "in.value"),
        "checksum": digest,
        "user": None,
        "at": NOW.isoformat(),
    }
    wifi = plan.kpi("free-wifi-spots").observations[YEAR]
    assert (wifi.value.value, wifi.value.approximate) == (Decimal("1100"), True)
    assert wifi.as_of is not None and (wifi.as_of.fiscal_year, wifi.as_of.month) == (2024, 3)
    card = plan.kpi("mynumber-card-rate").observations[YEAR]
    assert (card.value.value, card.provisional) == (Decimal("80.1"), True)
    assert plan.kpi("web-meetings").observations[YEAR].value.value == Decimal("700")
    assert plan.kpi("advisor-consultations").observations[YEAR].value.text == "171"
    measure = next(m for _, m in plan.measures() if m.id == "open-data-miyagi")
    assert measure.years[YEAR].declared_status == "未達成"
    assert measure.years[YEAR].provenance is not None
    money = next(r for r in plan.area("citizen").money if r.year == YEAR and r.kind == "settled")
    assert (money.projects, money.amount.yen if money.amount else None) == (63, 2_100_000_000)
    assert money.provenance is not None and money.provenance.file == "回答_政策担当課.xlsx"
    guideline = next(
        g for g in plan.area("citizen").guidelines if g.id == "citizen-online-cashless"
    )
    [initiative] = guideline.initiatives[YEAR]
    assert (initiative.text, initiative.new) == ("キャッシュレス決済の本格導入", True)
    assert initiative.details == ["県税・手数料", "証紙の廃止準備"]


def test_data_year_note_and_percent(
    tmp_path: Path, db: Database, forms: dict[str, MadeForm]
) -> None:
    reply = fill(
        forms["somu-gyosei"].path,
        tmp_path / "telework.xlsx",
        {
            ("telework", "telework-pc-rate"): {"in.value": "約１６％", "in.remarks": "R5年度数値"},
            ("telework", "mobile-work"): {"in.value": "0.4"},
        },
    )
    result = collect([reply], YEAR, database=db, now=NOW)
    obs = db.load_plan().kpi("telework-pc-rate").observations[YEAR]
    assert (obs.value.value, obs.value.unit, obs.value.approximate) == (Decimal(16), "%", True)
    assert obs.data_year == 2023
    assert obs.note == "R5年度数値"
    found = [p.code for p in result.report]
    assert "observation-earlier-year" in found  # the audit's finding, as a warning
    assert "value-implausible" in found  # 0.4 against a history of hundreds
    assert all(p.severity.value != "error" for p in result.report)


def test_unreadable_value_leaves_database_unchanged(
    tmp_path: Path, db: Database, db_file: Path, forms: dict[str, MadeForm]
) -> None:
    good = fill(
        forms["somu-gyosei"].path,
        tmp_path / "good.xlsx",
        {("telework", "mobile-work"): {"in.value": "390"}},
    )
    bad = fill(
        forms[DIGITAL].path,
        tmp_path / "bad.xlsx",
        {
            ("open-data-miyagi", "open-data-datasets"): {"in.value": "４１２件くらい"},
            ("free-public-wifi", "free-wifi-spots"): {"in.as_of": "三月末"},
            ("web-meeting-use", "web-meetings"): {"in.value": "700（庁内分のみ）"},
        },
    )
    db.dispose()
    before = db_file.read_bytes()
    with pytest.raises(ShinchokuError) as caught:
        collect([good, bad], YEAR, database=db, now=NOW)
    db.dispose()
    assert db_file.read_bytes() == before
    problems = {p.place.cell: p for p in caught.value.problems}
    cell = cell_of(bad, ("open-data-miyagi", "open-data-datasets"), "in.value")
    p = problems[cell]
    assert (p.code, p.place.file, p.place.sheet, p.found) == (
        "unparseable-value",
        "bad.xlsx",
        "施策・KPI",
        "４１２件くらい",
    )
    assert "bad.xlsx" in p.describe() and cell in p.describe() and "４１２件くらい" in p.describe()
    assert sorted(codes(caught)) == ["unknown-note", "unparseable-value", "unparseable-value"]
    comment = problems[cell_of(bad, ("web-meeting-use", "web-meetings"), "in.value")]
    assert comment.code == "unknown-note" and "備考" in comment.message


def test_collecting_twice_changes_nothing(
    tmp_path: Path, db: Database, db_file: Path, forms: dict[str, MadeForm]
) -> None:
    reply = fill(
        forms[DIGITAL].path,
        tmp_path / "reply.xlsx",
        {("open-data-miyagi", "open-data-datasets"): {"in.value": "412", "in.status": "未達成"}},
    )
    first = collect([reply], YEAR, database=db, now=NOW)
    assert first.applied and len(first.changes) == 2
    db.dispose()
    before = db_file.read_bytes()
    second = collect([reply], YEAR, database=db, now=datetime(2025, 6, 3, tzinfo=UTC))
    db.dispose()
    assert db_file.read_bytes() == before
    assert not second.applied and second.changes == []
    assert second.replies[0].already_collected
    assert "already collected" in second.to_text("en")
    assert "回収済みの回答のため読み飛ばしました" in second.to_text()


def test_untouched_form_changes_nothing(
    db: Database, db_file: Path, forms: dict[str, MadeForm]
) -> None:
    db.dispose()
    result = collect([forms[DIGITAL].path], YEAR, database=db, dry_run=True)
    assert result.changes == [] and not result.applied


def test_prefilled_year_round_trips_unchanged(tmp_path: Path, db: Database, plan: Plan) -> None:
    """Forms for FY2023 come pre-filled with the example's figures; returned as they are,
    they change nothing — including 「R4年度数値」 and ※翌年度に数値確定 notes."""
    from shinchoku.inquiry import make_forms

    made = make_forms(plan, 2023, tmp_path / "r5")
    result = collect([m.path for m in made], 2023, database=db, dry_run=True)
    assert result.changes == []
    assert [p.code for p in result.report] == []


def test_wrong_year_and_plan_refused(
    tmp_path: Path, db: Database, plan: Plan, forms: dict[str, MadeForm]
) -> None:
    with pytest.raises(ShinchokuError) as caught:
        collect([forms[DIGITAL].path], 2023, database=db)
    assert codes(caught) == ["wrong-year"]
    other = plan.model_copy(update={"id": "other-plan"})
    with pytest.raises(ShinchokuError) as caught:
        collect([forms[DIGITAL].path], YEAR, plan=other)
    assert codes(caught) == ["wrong-plan"]


def test_altered_keys_refused(tmp_path: Path, db: Database, forms: dict[str, MadeForm]) -> None:
    wb = openpyxl.load_workbook(forms[DIGITAL].path)
    ws = input_sheet(wb, "kpis")
    ws["D8"] = "mynumber-card-rate"  # key.kpi of the second row, pointed at another KPI
    wb.save(tmp_path / "keys.xlsx")
    with pytest.raises(ShinchokuError) as caught:
        collect([tmp_path / "keys.xlsx"], YEAR, database=db)
    [problem] = caught.value.problems
    assert problem.code == "keys-altered"
    assert (problem.place.sheet, problem.place.cell) == ("施策・KPI", "D8")

    wb = openpyxl.load_workbook(forms[DIGITAL].path)
    meta = wb["_meta"]
    meta["B8"] = "0" * 64  # the fingerprint
    wb.save(tmp_path / "print.xlsx")
    with pytest.raises(ShinchokuError) as caught:
        collect([tmp_path / "print.xlsx"], YEAR, database=db)
    assert codes(caught) == ["fingerprint-mismatch"]


def test_renamed_reordered_sheets_and_extra_content(
    tmp_path: Path, db: Database, forms: dict[str, MadeForm]
) -> None:
    path = fill(
        forms[DIGITAL].path,
        tmp_path / "reshaped.xlsx",
        {("open-data-miyagi", "open-data-datasets"): {"in.value": "412"}},
    )
    wb = openpyxl.load_workbook(path)
    ws = input_sheet(wb, "kpis")
    ws.title = "回答"
    wb.move_sheet(ws, offset=-1)  # before the cover
    wb["_meta"].title = "zz"
    ws.cell(ws.max_row + 3, 8).value = "※メモ：数値は暫定"  # a note below the table
    ws.cell(7, ws.max_column + 2).value = "確認済"  # beside it
    wb.save(path)
    result = collect([path], YEAR, database=db, dry_run=True)
    assert [ch.subject for ch in result.changes] == ["オープンデータみやぎ公開数"]
    [finding] = [p for p in result.report if p.code == "extra-content-ignored"]
    assert finding.place.sheet == "回答" and "2 cell(s)" in finding.message


def test_conflicting_replies_refused(
    tmp_path: Path, db: Database, forms: dict[str, MadeForm]
) -> None:
    """A measure shared by two divisions: their replies must agree."""
    keys = ("paperless-document-system", "paperless-meetings")
    a = fill(forms["somu-gyosei"].path, tmp_path / "a.xlsx", {keys: {"in.value": "410回"}})
    b = fill(forms["somu-kensei-bunsho"].path, tmp_path / "b.xlsx", {keys: {"in.value": "420回"}})
    with pytest.raises(ShinchokuError) as caught:
        collect([a, b], YEAR, database=db)
    assert codes(caught) == ["conflicting-replies", "conflicting-replies"]
    same = fill(
        forms["somu-kensei-bunsho"].path, tmp_path / "c.xlsx", {keys: {"in.value": "410回"}}
    )
    assert len(collect([a, same], YEAR, database=db, dry_run=True).changes) == 1


def test_duplicate_and_folder(tmp_path: Path, db: Database, forms: dict[str, MadeForm]) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    reply = fill(
        forms[DIGITAL].path,
        folder / "a.xlsx",
        {("open-data-miyagi", "open-data-datasets"): {"in.value": "412"}},
    )
    shutil.copy(reply, folder / "a (1).xlsx")  # the same file mailed twice
    (folder / "~$a.xlsx").write_bytes(b"lock")  # Excel's lock file: skipped
    (folder / "notes.txt").write_text("not a reply")  # not a workbook name: skipped
    result = collect([folder], YEAR, database=db, dry_run=True)
    assert len(result.replies) == 1
    assert [p.code for p in result.report] == ["already-collected"]
    other = fill(
        forms[DIGITAL].path,
        folder / "b.xlsx",
        {("open-data-miyagi", "open-data-datasets"): {"in.value": "413"}},
    )
    with pytest.raises(ShinchokuError) as caught:
        collect([reply, other], YEAR, database=db)
    assert codes(caught) == ["duplicate-reply"]


def test_blank_keeps_stored_and_findings(
    tmp_path: Path, db: Database, plan: Plan, forms: dict[str, MadeForm]
) -> None:
    from shinchoku.inquiry import make_forms

    made = {m.form: m for m in make_forms(plan, 2023, tmp_path / "r5")}
    reply = fill(
        made[DIGITAL].path,
        tmp_path / "r5.xlsx",
        {
            ("open-data-miyagi", "open-data-datasets"): {"in.value": None},  # cleared
            ("free-public-wifi", "free-wifi-spots"): {"in.status": "達成"},  # 1,023 < 1,731
        },
    )
    result = collect([reply], 2023, database=db, dry_run=True)
    found = sorted(p.code for p in result.report)
    assert found == ["blank-keeps-stored", "declared-status-mismatch"]
    assert all(p.place.file == "r5.xlsx" and p.place.cell for p in result.report)


def test_a_correction_replaces_and_the_old_reply_does_not_undo_it(
    tmp_path: Path, db: Database, forms: dict[str, MadeForm]
) -> None:
    keys = ("open-data-miyagi", "open-data-datasets")
    first = fill(forms[DIGITAL].path, tmp_path / "first.xlsx", {keys: {"in.value": "412"}})
    fixed = fill(forms[DIGITAL].path, tmp_path / "fixed.xlsx", {keys: {"in.value": "421"}})
    collect([first], YEAR, database=db, now=NOW)
    result = collect([fixed], YEAR, database=db, now=NOW)
    [change] = result.changes
    assert (change.old, change.new) == ("412", "421")
    assert [p.code for p in result.report] == ["changed-since-sent"]
    again = collect([first, fixed], YEAR, database=db, now=NOW)  # both in the inbox
    assert not again.applied and all(r.already_collected for r in again.replies)
    assert db.load_plan().kpi("open-data-datasets").observations[YEAR].value.text == "421"


def test_published_year_is_locked(tmp_path: Path, db: Database, forms: dict[str, MadeForm]) -> None:
    from shinchoku.store.history import Workflow

    flow = Workflow(db)
    flow.open("miyagi-it-policy", YEAR, "admin")
    flow.publish(db.load_plan(), YEAR, "admin", units=[], force=True)
    reply = fill(
        forms[DIGITAL].path,
        tmp_path / "late.xlsx",
        {("open-data-miyagi", "open-data-datasets"): {"in.value": "412"}},
    )
    with pytest.raises(ShinchokuError) as caught:
        collect([reply], YEAR, database=db)
    assert codes(caught) == ["year-published"]


def test_cells_left_as_prefilled_keep_their_reading(
    tmp_path: Path, db: Database, plan: Plan
) -> None:
    """「会議等３９４回実施（約５２３千ページ削減）」 is stored with an explicit value; a reply
    that changes only the 時点 beside it keeps that reading."""
    from shinchoku.inquiry import make_forms

    made = {m.form: m for m in make_forms(plan, 2023, tmp_path / "r5", database=db)}
    keys = ("paperless-document-system", "paperless-meetings")
    reply = fill(made["somu-gyosei"].path, tmp_path / "r5.xlsx", {keys: {"in.as_of": "R6.3"}})
    result = collect([reply], 2023, database=db, now=NOW)
    obs = db.load_plan().kpi("paperless-meetings").observations[2023]
    assert obs.value.value == Decimal(394) and obs.as_of is not None
    assert [ch.field for ch in result.changes] == ["実績値"]


def test_unknown_status_refused(tmp_path: Path, db: Database, forms: dict[str, MadeForm]) -> None:
    reply = fill(
        forms[DIGITAL].path,
        tmp_path / "status.xlsx",
        {("open-data-miyagi", "open-data-datasets"): {"in.status": "概ね達成"}},  # pasted
    )
    with pytest.raises(ShinchokuError) as caught:
        collect([reply], YEAR, database=db)
    [p] = caught.value.problems
    assert (p.code, p.found, p.place.measure) == ("unknown-status", "概ね達成", "open-data-miyagi")


def test_figures_as_printed_are_read_as_the_dataset_reads_them(
    tmp_path: Path, db: Database, forms: dict[str, MadeForm]
) -> None:
    reply = fill(
        forms[DIGITAL].path,
        tmp_path / "printed.xlsx",
        {
            ("open-data-miyagi", "open-data-datasets"): {
                "in.value": "1,023 データセット（R7.3末）"
            },
            ("web-meeting-use", "web-meetings"): {"in.value": "600回→700 回"},
        },
    )
    collect([reply], YEAR, database=db, now=NOW)
    plan = db.load_plan()
    obs = plan.kpi("open-data-datasets").observations[YEAR]
    assert (obs.value.value, obs.value.unit) == (Decimal(1023), "データセット")
    assert obs.as_of is not None and (obs.as_of.fiscal_year, obs.as_of.month) == (2024, 3)
    meetings = plan.kpi("web-meetings").observations[YEAR].value
    assert meetings.value == 700 and meetings.start is not None and meetings.start.value == 600


def test_a_cell_of_excels_maximum_length_is_refused_at_once(
    tmp_path: Path, db: Database, forms: dict[str, MadeForm]
) -> None:
    cell_text = "1" + " " * 32_765 + "件"  # 32,767 characters: took minutes before the limit
    bad = fill(
        forms[DIGITAL].path,
        tmp_path / "long.xlsx",
        {("open-data-miyagi", "open-data-datasets"): {"in.value": cell_text}},
    )
    with pytest.raises(ShinchokuError) as caught:
        collect([bad], YEAR, database=db, now=NOW)
    p = caught.value.problem
    assert p.code == "unparseable-value"
    assert p.place.cell == cell_of(bad, ("open-data-miyagi", "open-data-datasets"), "in.value")
    assert "longer than 200 characters" in p.message


def test_a_web_save_during_collection_is_not_undone(
    tmp_path: Path, db: Database, forms: dict[str, MadeForm], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The replies were merged into the plan as it was read; a figure saved on the web
    before they are written must survive: the collection is refused instead."""
    from shinchoku.inquiry import records
    from shinchoku.store.edits import ObservationEdit, apply_edits, observation_state
    from shinchoku.store.history import Workflow

    Workflow(db).open("miyagi-it-policy", YEAR, "admin")
    reply = fill(
        forms[DIGITAL].path,
        tmp_path / "reply.xlsx",
        {("open-data-miyagi", "open-data-datasets"): {"in.value": "412"}},
    )
    real_apply = records.apply

    def edit_then_apply(*args: object, **kwargs: object) -> dict[str, int]:
        # an editor saves another KPI's actual between the read and the write
        rev = observation_state(db, "miyagi-it-policy", "free-wifi-spots", YEAR).revision
        edit = ObservationEdit("free-wifi-spots", rev, value="1,234")
        assert apply_edits(db, "miyagi-it-policy", YEAR, [edit], user="tanaka").ok
        return real_apply(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(records, "apply", edit_then_apply)
    with pytest.raises(ShinchokuError) as caught:
        collect([reply], YEAR, database=db)
    assert codes(caught) == ["plan-changed"]
    stored = db.load_plan()
    assert stored.kpi("free-wifi-spots").observations[YEAR].value.text == "1,234"
    assert YEAR not in stored.kpi("open-data-datasets").observations
    monkeypatch.setattr(records, "apply", real_apply)
    again = collect([reply], YEAR, database=db)  # collected again: both figures stand
    assert again.applied
    stored = db.load_plan()
    assert stored.kpi("free-wifi-spots").observations[YEAR].value.text == "1,234"
    assert stored.kpi("open-data-datasets").observations[YEAR].value.text == "412"


def test_a_workbook_that_is_not_a_form(tmp_path: Path, db: Database) -> None:
    from openpyxl import Workbook

    from shinchoku.problems import ShinchokuError

    wb = Workbook()
    wb.active.append(["施策", "KPI", "実績値"])
    path = tmp_path / "own-table.xlsx"
    wb.save(path)
    with pytest.raises(ShinchokuError) as caught:
        collect([path], 2024, database=db, dry_run=True)
    assert [p.code for p in caught.value.problems] == ["not-an-inquiry-form"]
