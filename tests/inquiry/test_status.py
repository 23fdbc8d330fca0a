"""Inquiry status: who was sent a form, who replied, what is outstanding."""

from __future__ import annotations

from pathlib import Path

from shinchoku.inquiry import MadeForm, collect, status
from shinchoku.store import Database

from .conftest import DEADLINE, YEAR, fill


def test_status_lists_divisions_that_have_not_replied(
    tmp_path: Path, db: Database, forms: dict[str, MadeForm]
) -> None:
    before = status(db, YEAR)
    assert before.deadline == DEADLINE
    assert [f.state for f in before.forms] == ["awaiting"] * 10
    reply = fill(
        forms["nosei-nogyo"].path,
        tmp_path / "nogyo.xlsx",
        {("agritech-promotion", "agritech-firms"): {"in.value": "63", "in.status": "未達成"}},
    )
    collect([reply], YEAR, database=db)
    st = status(db, YEAR)
    replied = {f.form: f for f in st.forms if f.state == "replied"}
    assert list(replied) == ["nosei-nogyo"]
    assert replied["nosei-nogyo"].changes == 2
    assert replied["nosei-nogyo"].outstanding == []  # its figure is in
    waiting = [f.label for f in st.awaiting]
    assert "農政部 農業振興課" not in waiting and len(waiting) == 9
    assert "企画部 デジタルみやぎ推進課" in waiting
    digital = next(f for f in st.forms if f.form == "kikaku-digital")
    assert {p.code for p in digital.outstanding} == {"missing-observation"}
    text = st.to_text()
    assert "未回答（9）" in text and "令和7年5月30日（金）" in text
    assert st.to_dict()["forms"][0]["state"] == "awaiting"


def test_status_before_any_form(tmp_path: Path, db: Database) -> None:
    st = status(db, 2023)
    assert {f.state for f in st.forms} == {"not-sent"}
    assert st.awaiting == []
