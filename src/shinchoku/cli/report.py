"""``report``: the annual progress report (HTML site, PDF, XLSX) and open data."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from shinchoku.cli import messages as msg
from shinchoku.cli.common import (
    DatasetArg,
    DbOption,
    PlanOption,
    YearOption,
    app,
    err,
    fail,
    open_plan,
    said,
)
from shinchoku.problems import ShinchokuError


@app.command()
def report(
    dataset: DatasetArg = None,
    db: DbOption = None,
    year: YearOption = None,
    out_dir: Annotated[Path, typer.Option("--out", help="Output folder.")] = Path("out"),
    formats: Annotated[
        str, typer.Option("--format", help="Comma-separated: html,pdf,xlsx,data.")
    ] = "html,pdf,xlsx,data",
    lang: Annotated[str, typer.Option("--lang", help="Labels: ja or en.")] = "ja",
    no_bom: Annotated[bool, typer.Option("--no-bom", help="CSV without a UTF-8 BOM.")] = False,
    csv_header: Annotated[
        str | None,
        typer.Option(
            "--csv-header",
            help="CSV column headings: ja (Japanese titles) or en (English keys); default: --lang.",
        ),
    ] = None,
    plan_id: PlanOption = None,
    incremental: Annotated[
        bool,
        typer.Option(
            "--incremental",
            help="Reuse the previous build in --out: build only formats whose inputs changed, "
            "rewrite only files whose bytes changed (same files as a full build).",
        ),
    ] = False,
) -> None:
    """Build the annual progress report (HTML site, PDF, XLSX) and open data."""
    from shinchoku.batch import collector_on_new_objects, collector_paused

    # Importing the report's modules and reading the plan make long-lived objects only:
    # the collector is paused meanwhile (see shinchoku.batch).
    with collector_paused():
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        from shinchoku.publish import build_report, parse_formats
        from shinchoku.publish.labels import LANGS

        try:
            fmts = parse_formats(formats)
        except ShinchokuError as exc:
            raise typer.BadParameter(exc.problem.describe(), param_hint="--format") from exc
        if lang not in LANGS:
            raise typer.BadParameter(
                f"{lang!r} is not one of {', '.join(LANGS)}", param_hint="--lang"
            )
        if csv_header is not None and csv_header not in LANGS:
            raise typer.BadParameter(
                f"{csv_header!r} is not one of {', '.join(LANGS)}", param_hint="--csv-header"
            )
        plan = open_plan(dataset, db, plan_id, lang, year=year)
    columns = (TextColumn("{task.description:<16}"), BarColumn(), TimeElapsedColumn())
    with collector_on_new_objects(), Progress(*columns, console=err) as bar:
        task = bar.add_task("report", total=len(fmts) + 1)

        def on_step(step: str, done: int, total: int) -> None:
            bar.update(task, description=f"report: {step}", completed=done, total=total)

        try:
            paths = build_report(
                plan, year, out_dir, fmts, lang, not no_bom, on_step, csv_header, incremental
            )
        except ShinchokuError as exc:
            fail(exc)
            return
    said(msg.WROTE_FILES, count=len(paths), folder=str(out_dir))
