"""``load``, ``export``, ``check``, ``summary``, ``schema``: a plan in, out, audited, summed up."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from shinchoku.cli import messages as msg
from shinchoku.cli.common import (
    DatasetArg,
    DbOption,
    JsonOption,
    LangOption,
    PlanOption,
    YearOption,
    app,
    check_lang,
    fail,
    open_plan,
    out,
    print_json,
    said,
)
from shinchoku.problems import ShinchokuError


@app.command()
def load(
    dataset: Annotated[Path, typer.Argument(help="Dataset folder to load.")],
    db: DbOption = None,
    overwrite_edits: Annotated[
        bool,
        typer.Option(
            "--overwrite-edits",
            help="Replace figures entered since the last load (web, API, 照会) as well.",
        ),
    ] = False,
    lang: LangOption = None,
) -> None:
    """Load a dataset into the database: all of it or none of it."""
    from shinchoku.dataset import read_dataset
    from shinchoku.source import database_url
    from shinchoku.store import Database

    try:
        plan = read_dataset(dataset)
        url = database_url(db, default=True)
        database = Database(url)
        try:
            database.migrate()
            result = database.load_dataset_plan(plan, overwrite_edits=overwrite_edits)
        finally:
            database.dispose()
    except ShinchokuError as exc:
        fail(exc, check_lang(lang))
    if result.changed:
        ins, upd, dele = result.counts()
        said(
            msg.LOADED,
            plan=plan.id,
            db=str(url),
            inserted=ins,
            updated=upd,
            deleted=dele,
        )
    else:
        said(msg.UP_TO_DATE, plan=plan.id, db=str(url))


@app.command()
def export(
    folder: Annotated[Path, typer.Argument(help="Folder to write the dataset to.")],
    db: DbOption = None,
    plan_id: PlanOption = None,
) -> None:
    """Write the plan as a dataset folder (YAML), losslessly."""
    from shinchoku.dataset import write_dataset

    plan = open_plan(None, db, plan_id)
    paths = write_dataset(plan, folder)
    said(msg.WROTE_FILES, count=len(paths), folder=str(folder))


@app.command()
def check(
    dataset: DatasetArg = None,
    db: DbOption = None,
    year: YearOption = None,
    as_json: JsonOption = False,
    plan_id: PlanOption = None,
    lang: LangOption = None,
) -> None:
    """Audit the figures; exit 1 when any finding is an error."""
    from shinchoku.audit import audit
    from shinchoku.cli.output import print_report
    from shinchoku.wording import Names, problem_dict

    lang = check_lang(lang)
    plan = open_plan(dataset, db, plan_id, lang, year=year)
    report = audit(plan, year)
    names = Names.of(plan, lang)
    if as_json:
        problems = [problem_dict(p, lang, names) for p in report]
        data = {"counts": report.counts(), "problems": problems}
        print_json(data, sort_keys=True)
    else:
        print_report(out, report, names)
    if report.has_errors:
        raise typer.Exit(1)


@app.command()
def summary(
    dataset: DatasetArg = None,
    db: DbOption = None,
    year: YearOption = None,
    as_json: JsonOption = False,
    plan_id: PlanOption = None,
    lang: LangOption = None,
) -> None:
    """Per area: measures, projects, money, last year beside; per KPI: figures and status."""
    from shinchoku.cli.output import print_summary
    from shinchoku.method.summary import summarise

    lang = check_lang(lang)
    plan = open_plan(dataset, db, plan_id, lang, year=year)
    s = summarise(plan, year)
    if as_json:
        print_json(s.to_dict())
        return
    print_summary(out, s, plan, lang)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the dataset format."""
    from shinchoku.dataset import dataset_schema

    print_json(dataset_schema())
