"""``load``, ``export``, ``check``, ``summary``, ``schema``: a plan in, out, audited, summed up."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

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
    lang: LangOption = "ja",
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
        out.print(f"loaded plan {plan.id} into {url}: {result.describe()}", markup=False)
    else:
        out.print(f"plan {plan.id} in {url} is already up to date", markup=False)


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
    out.print(f"wrote {len(paths)} files to {folder}", markup=False)


@app.command()
def check(
    dataset: DatasetArg = None,
    db: DbOption = None,
    year: YearOption = None,
    as_json: JsonOption = False,
    plan_id: PlanOption = None,
    lang: LangOption = "ja",
) -> None:
    """Audit the figures; exit 1 when any finding is an error."""
    from shinchoku.audit import audit
    from shinchoku.cli.output import print_report
    from shinchoku.wording import Names, problem_dict

    plan = open_plan(dataset, db, plan_id, check_lang(lang), year=year)
    report = audit(plan, year)
    names = Names.of(plan, lang)
    if as_json:
        problems = [problem_dict(p, lang, names) for p in report]
        data = {"counts": report.counts(), "problems": problems}
        out.print(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True), markup=False)
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
    lang: LangOption = "ja",
) -> None:
    """Per area: measures, projects, money, last year beside; per KPI: figures and status."""
    from shinchoku.cli.output import print_summary
    from shinchoku.method.summary import summarise

    plan = open_plan(dataset, db, plan_id, check_lang(lang), year=year)
    s = summarise(plan, year)
    if as_json:
        out.print(json.dumps(s.to_dict(), ensure_ascii=False, indent=2), markup=False)
        return
    print_summary(out, s, plan, lang)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the dataset format."""
    from shinchoku.dataset import dataset_schema

    out.print(json.dumps(dataset_schema(), ensure_ascii=False, indent=2), markup=False)
