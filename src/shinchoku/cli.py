"""The ``shinchoku`` command: thin adapters over the library.

Exit codes: 0 ok, 1 findings or invalid input, 2 usage.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from shinchoku.problems import Problem, Report, Severity, ShinchokuError

app = typer.Typer(
    name="shinchoku",
    help="shinchoku (進捗): a digital policy from plan to published progress report.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
# Piped output is not cut to 80 columns: tables of Japanese names need room.
out = Console(highlight=False, soft_wrap=True, width=None if sys.stdout.isatty() else 200)
err = Console(stderr=True, highlight=False, soft_wrap=True)


class _State:
    debug = False


DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Database URL (sqlite:///file or postgresql://…); default SHINCHOKU_DATABASE_URL.",
    ),
]
DatasetArg = Annotated[
    Path | None,
    typer.Argument(help="A dataset folder; default: the database, else the bundled example."),
]
YearOption = Annotated[
    int | None, typer.Option("--year", help="Fiscal year (Western year it starts in).")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]
PlanOption = Annotated[
    str | None, typer.Option("--plan", help="Plan id, when the database holds several.")
]


@app.callback()
def _main(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks.")] = False,
) -> None:
    _State.debug = debug
    logging.basicConfig(level=logging.DEBUG if debug else logging.WARNING)


def _fail(exc: ShinchokuError) -> None:
    if _State.debug:
        raise exc
    for p in exc.problems:
        err.print(p.describe(), markup=False)
    raise typer.Exit(1)


def _open(dataset: Path | None, db: str | None, plan_id: str | None = None) -> Any:
    from shinchoku.source import open_plan

    try:
        plan, src = open_plan(dataset, db, plan_id)
    except ShinchokuError as exc:
        _fail(exc)
        raise  # unreachable: _fail always exits
    err.print(f"[dim]plan {plan.id} from {src.describe()}[/dim]")
    return plan


@app.command()
def load(
    dataset: Annotated[Path, typer.Argument(help="Dataset folder to load.")],
    db: DbOption = None,
) -> None:
    """Load a dataset into the database: all of it or none of it."""
    from shinchoku.dataset import read_dataset
    from shinchoku.source import DEFAULT_SQLITE, database_url
    from shinchoku.store import Database

    try:
        plan = read_dataset(dataset)
        url = database_url(db) or f"sqlite:///{DEFAULT_SQLITE}"
        database = Database(url)
        try:
            database.migrate()
            result = database.save_plan(plan)
        finally:
            database.dispose()
    except ShinchokuError as exc:
        _fail(exc)
        return
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

    plan = _open(None, db, plan_id)
    paths = write_dataset(plan, folder)
    out.print(f"wrote {len(paths)} files to {folder}", markup=False)


@app.command()
def check(
    dataset: DatasetArg = None,
    db: DbOption = None,
    year: YearOption = None,
    as_json: JsonOption = False,
    plan_id: PlanOption = None,
) -> None:
    """Audit the figures; exit 1 when any finding is an error."""
    from shinchoku.audit import audit

    plan = _open(dataset, db, plan_id)
    report = audit(plan, year)
    if as_json:
        out.print(report.to_json(), markup=False)
    else:
        _print_report(report)
    if report.has_errors:
        raise typer.Exit(1)


def _print_report(report: Report) -> None:
    styles = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
    for p in report:
        out.print(f"[{styles[p.severity]}]{p.severity.value:7}[/] ", end="")
        out.print(_problem_text(p), markup=False)
    c = report.counts()
    out.print(f"{c['error']} errors, {c['warning']} warnings, {c['info']} notes", markup=False)


def _problem_text(p: Problem) -> str:
    text = f"[{p.code}] {p.place.describe()}: {p.message}"
    if p.found is not None or p.expected is not None:
        text += f" — found {p.found}, expected {p.expected}"
    return text


@app.command()
def summary(
    dataset: DatasetArg = None,
    db: DbOption = None,
    year: YearOption = None,
    as_json: JsonOption = False,
    plan_id: PlanOption = None,
) -> None:
    """Per area: measures, projects, money, last year beside; per KPI: figures and status."""
    from shinchoku.method.summary import summarise

    plan = _open(dataset, db, plan_id)
    s = summarise(plan, year)
    if as_json:
        out.print(json.dumps(s.to_dict(), ensure_ascii=False, indent=2), markup=False)
        return
    _print_summary(s)


def _print_summary(s: Any) -> None:
    out.print(f"{s.plan_name}  {s.year_label}", markup=False, style="bold")
    t = Table(title="領域別 事業数・金額", title_justify="left")
    heads = ("領域", "施策", "KPI", f"FY{s.year}", "円", "種別", f"FY{s.previous_year}", "増減")
    for col in heads:
        t.add_column(col, justify="left" if col == "領域" else "right")
    for a in s.areas:
        name = "  " * a.depth + (f"{a.label} " if a.label else "") + a.name
        t.add_row(
            name,
            str(a.measures),
            str(a.kpis),
            a.money.display if a.money else "—",
            _yen(a.money.yen if a.money else None),
            _kind_ja(a.money.kind) if a.money else "",
            a.previous.display if a.previous else "—",
            _change(a.projects_change),
        )
    if s.total:
        t.add_row(
            "合計",
            "",
            "",
            s.total.display,
            _yen(s.total.yen),
            _kind_ja(s.total.kind),
            s.previous_total.display if s.previous_total else "—",
            "",
            style="bold",
        )
    out.print(t)
    k = Table(title="KPI", title_justify="left")
    for col in (
        "KPI",
        "基準値",
        "目標",
        "最終目標",
        "実績",
        "達成率",
        "対最終",
        "状況",
        "評価",
        "見通し",
    ):
        k.add_column(col)
    for r in s.kpis:
        k.add_row(
            ("★" if r.headline else "") + r.name + (f"（{r.unit}）" if r.unit else ""),
            (r.baseline or "—") + (f"（{r.baseline_as_of}）" if r.baseline_as_of else ""),
            r.target or "—",
            r.final_target or "—",
            r.actual or "—",
            r.rate or "—",
            r.final_rate or "—",
            r.status_ja,
            r.grade,
            r.outlook,
        )
    out.print(k)
    counts = ", ".join(f"{key} {n}" for key, n in s.kpi_status.items() if n)
    out.print(f"KPI status: {counts}", markup=False)


def _yen(n: int | None) -> str:
    return "" if n is None else f"{n:,}"


def _change(n: int | None) -> str:
    if n is None:
        return ""
    return "±0件" if n == 0 else f"{n:+,d}件"


def _kind_ja(kind: str | None) -> str:
    return {"settled": "決算額", "budget": "予算額"}.get(kind or "", "")


@app.command()
def schema() -> None:
    """Print the JSON Schema of the dataset format."""
    from shinchoku.dataset import dataset_schema

    out.print(json.dumps(dataset_schema(), ensure_ascii=False, indent=2), markup=False)


def main() -> None:
    """Entry point: typer's usage errors exit 2; our own errors exit 1."""
    try:
        app()
    except ShinchokuError as exc:  # raised with --debug
        if _State.debug:
            raise
        for p in exc.problems:
            err.print(p.describe(), markup=False)
        sys.exit(1)


if __name__ == "__main__":
    main()
