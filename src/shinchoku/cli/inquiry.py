"""``inquiry make|collect|status``: 照会 forms out to each division, replies back in."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from shinchoku.cli import messages as msg
from shinchoku.cli.common import (
    ContactOption,
    DatasetArg,
    DbOption,
    DeadlineOption,
    JsonOption,
    LangOption,
    PlanOption,
    app,
    check_lang,
    deadline_date,
    err,
    fail,
    open_database,
    open_plan,
    out,
    print_json,
    said,
    words,
)
from shinchoku.problems import FiscalYear, ShinchokuError

if TYPE_CHECKING:
    from shinchoku.store import Database

inquiry_app = typer.Typer(
    help="照会: Excel forms out to each division, replies back in.", no_args_is_help=True
)
app.add_typer(inquiry_app, name="inquiry")
InquiryYear = Annotated[int, typer.Option("--year", help="Fiscal year asked about.")]


def _inquiry_db(db: str | None) -> Database | None:
    """The database the rounds are recorded in; None when there is none (no default file)."""
    from shinchoku.source import database_url

    if database_url(db) is None:
        return None
    try:
        return open_database(db, create=False)
    except ShinchokuError as exc:
        fail(exc)


def _required_db(db: str | None) -> Database:
    database = _inquiry_db(db)
    if database is None:
        err.print(words(msg.NO_DATABASE), markup=False)
        raise typer.Exit(2)
    return database


@inquiry_app.command("make")
def inquiry_make(
    year: InquiryYear,
    dataset: DatasetArg = None,
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for the forms.")] = Path("."),
    deadline: DeadlineOption = None,
    contact: ContactOption = None,
    db: DbOption = None,
    plan_id: PlanOption = None,
) -> None:
    """Write one form per division that owns measures, plus the policy office's."""

    from shinchoku.inquiry import make_forms

    due = deadline_date(deadline)
    plan = open_plan(dataset, db, plan_id, year=year)
    database = _inquiry_db(db) if dataset is None or db else None
    try:
        made = make_forms(plan, year, out_dir, deadline=due, contact=contact, database=database)
    except ShinchokuError as exc:
        fail(exc)
        return
    finally:
        if database is not None:
            database.dispose()
    for m in made:
        said(msg.FORM_MADE, path=str(m.path), label=m.label, rows=m.rows)
    note = msg.FORMS_RECORDED if database is not None else msg.FORMS_NOT_RECORDED
    said(msg.FORMS_MADE, count=len(made), year=FiscalYear(year), note=note)


@inquiry_app.command("collect")
def inquiry_collect(
    files: Annotated[
        list[Path], typer.Argument(help="Reply files or folders (and optionally a DATASET).")
    ],
    year: InquiryYear,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Check and diff only.")] = False,
    as_json: JsonOption = False,
    dataset: Annotated[
        Path | None, typer.Option("--dataset", help="Check against a dataset (dry run).")
    ] = None,
    db: DbOption = None,
    lang: LangOption = None,
) -> None:
    """Check, diff and apply replies: all of them in one transaction, or none."""
    from shinchoku.dataset import read_dataset
    from shinchoku.inquiry import collect
    from shinchoku.wording import problem_dict

    folders = [f for f in files if (f / "plan.yaml").is_file()]  # a DATASET argument
    dataset = dataset or (folders[0] if folders else None)
    replies = [f for f in files if f not in folders]
    database = None if dataset is not None else _required_db(db)
    try:
        if database is not None:
            result = collect(replies, year, database=database, dry_run=dry_run)
        else:
            assert dataset is not None
            result = collect(replies, year, plan=read_dataset(dataset), dry_run=True)
    except ShinchokuError as exc:
        if as_json:
            problems = [problem_dict(p, check_lang(lang)) for p in exc.problems]
            print_json({"errors": problems})
            raise typer.Exit(1) from None
        fail(exc, check_lang(lang))
    finally:
        if database is not None:
            database.dispose()
    if as_json:
        print_json(result.to_dict())
    else:
        out.print(result.to_text(check_lang(lang)), markup=False)


@inquiry_app.command("status")
def inquiry_status(
    year: InquiryYear,
    as_json: JsonOption = False,
    db: DbOption = None,
    plan_id: PlanOption = None,
    lang: LangOption = None,
) -> None:
    """Per division: sent, replied, applied, outstanding — whom to chase."""
    from shinchoku.inquiry import status

    database = _required_db(db)
    try:
        st = status(database, year, plan_id)
    except ShinchokuError as exc:
        fail(exc, check_lang(lang))
    finally:
        database.dispose()
    if as_json:
        print_json(st.to_dict())
    else:
        out.print(st.to_text(check_lang(lang)), markup=False)
