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

from shinchoku.problems import ShinchokuError

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
LangOption = Annotated[str, typer.Option("--lang", help="Language of the output: ja or en.")]


def _print_version(value: bool) -> None:
    if value:
        from shinchoku import __version__

        out.print(f"shinchoku {__version__}", markup=False)
        raise typer.Exit()


@app.callback()
def _main(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks.")] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", help="Print the version and exit.", callback=_print_version, is_eager=True
        ),
    ] = False,
) -> None:
    _State.debug = debug
    logging.basicConfig(level=logging.DEBUG if debug else logging.WARNING)


def _fail(exc: ShinchokuError, lang: str = "ja") -> None:
    if _State.debug:
        raise exc
    from shinchoku.wording import error_lines

    for line in error_lines(exc.problems, lang):
        err.print(line, markup=False)
    raise typer.Exit(1)


def _open(
    dataset: Path | None,
    db: str | None,
    plan_id: str | None = None,
    lang: str = "ja",
    year: int | None = None,
) -> Any:
    """The plan to work on; a ``year`` outside its period is refused here, for every command."""
    from shinchoku.cli_output import source_line
    from shinchoku.model.years import require_year
    from shinchoku.source import open_plan

    try:
        plan, src = open_plan(dataset, db, plan_id)
        if year is not None:
            require_year(plan, year)
    except ShinchokuError as exc:
        _fail(exc, lang)
        raise  # unreachable: _fail always exits
    err.print(source_line(plan.id, src.describe(lang), lang), style="dim", markup=False)
    return plan


def _lang(lang: str) -> str:
    from shinchoku.wording import LANGS

    if lang not in LANGS:
        raise typer.BadParameter(f"{lang!r} is not one of {', '.join(LANGS)}", param_hint="--lang")
    return lang


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
    from shinchoku.source import DEFAULT_SQLITE, database_url
    from shinchoku.store import Database

    try:
        plan = read_dataset(dataset)
        url = database_url(db) or f"sqlite:///{DEFAULT_SQLITE}"
        database = Database(url)
        try:
            database.migrate()
            result = database.load_dataset_plan(plan, overwrite_edits=overwrite_edits)
        finally:
            database.dispose()
    except ShinchokuError as exc:
        _fail(exc, _lang(lang))
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
    lang: LangOption = "ja",
) -> None:
    """Audit the figures; exit 1 when any finding is an error."""
    from shinchoku.audit import audit
    from shinchoku.cli_output import print_report
    from shinchoku.wording import Names, problem_dict

    plan = _open(dataset, db, plan_id, _lang(lang), year=year)
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
    from shinchoku.cli_output import print_summary
    from shinchoku.method.summary import summarise

    plan = _open(dataset, db, plan_id, _lang(lang), year=year)
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


@app.command()
def serve(
    dataset: DatasetArg = None,
    db: DbOption = None,
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option("--workers", min=1, help="Worker processes.")] = 1,
    plan_id: PlanOption = None,
    secure_cookies: Annotated[
        bool | None,
        typer.Option(
            "--secure-cookies/--no-secure-cookies",
            help="Secure cookies (default: on, except when listening on loopback).",
        ),
    ] = None,
) -> None:
    """Serve the public dashboard and the staff area (default: the bundled example, in
    ./shinchoku.sqlite, which keeps the staff's entries across restarts)."""
    import os

    from shinchoku.dataset import read_dataset

    try:
        from shinchoku.web.server import is_loopback, run, serve_database
        from shinchoku.web.settings import WebSettings
    except ModuleNotFoundError as exc:
        # The web app is an extra: a base install has the CLI, the report and 照会 only.
        err.print(
            f"serve needs the web extra ({exc.name} is not installed): "
            "pip install 'shinchoku[web]'",
            markup=False,
        )
        raise typer.Exit(2) from exc

    url = db or os.environ.get("SHINCHOKU_DATABASE_URL")
    try:
        plan = read_dataset(dataset) if dataset is not None else None
        url, prepared = serve_database(url, plan)
        if prepared is not None:
            plan_id = plan_id or prepared.plan_id
            published = ", ".join(f"FY{y}" for y in prepared.published) or "none"
            err.print(f"loaded plan {prepared.plan_id}; published: {published}", markup=False)
        err.print(f"database: {url} (kept across restarts)", markup=False)
        from shinchoku.mail import MailSettings

        settings = WebSettings(
            database_url=url,
            plan_id=plan_id,
            mail=MailSettings.from_environment(os.environ),
            site_url=os.environ.get("SHINCHOKU_SITE_URL") or None,
            secure_cookies=(not is_loopback(host)) if secure_cookies is None else secure_cookies,
        )
        err.print(
            f"staff log-in needs an account: shinchoku user add NAME --role admin --db {url}",
            markup=False,
        )
        run(settings, host, port, workers)
    except ShinchokuError as exc:
        _fail(exc)


user_app = typer.Typer(help="Staff accounts of the web app.", no_args_is_help=True)
app.add_typer(user_app, name="user")


def _accounts(db: str | None, create: bool = False) -> Any:
    from shinchoku.source import DEFAULT_SQLITE, database_url
    from shinchoku.store import Database
    from shinchoku.store.accounts import Accounts

    try:
        database = Database(database_url(db) or f"sqlite:///{DEFAULT_SQLITE}")
        database.migrate(create=create)
    except ShinchokuError as exc:
        _fail(exc)
    return Accounts(database)


@user_app.command("add")
def user_add(
    name: Annotated[str, typer.Argument(help="User name (letters, digits, . _ @ -).")],
    role: Annotated[str, typer.Option("--role", help="admin, editor or viewer.")],
    unit: Annotated[
        list[str] | None, typer.Option("--unit", help="Org unit id (editors; repeatable).")
    ] = None,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from stdin.")
    ] = False,
    email: Annotated[
        str | None, typer.Option("--email", help="E-mail address (reminders go to editors).")
    ] = None,
    db: DbOption = None,
) -> None:
    """Add a staff user; the password is prompted for (or read from stdin)."""
    if role not in ("admin", "editor", "viewer"):
        err.print("--role must be admin, editor or viewer", markup=False)
        raise typer.Exit(2)
    if password_stdin or not sys.stdin.isatty():
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    accounts = _accounts(db, create=True)
    try:
        user = accounts.add_user(name, role, password, unit or (), email)
    except ShinchokuError as exc:
        _fail(exc)
        return
    finally:
        accounts.db.dispose()
    units = f" for {', '.join(sorted(user.units))}" if user.units else ""
    out.print(f"added {user.role.value} {user.name}{units}", markup=False)


@user_app.command("list")
def user_list(db: DbOption = None) -> None:
    """List staff users."""
    accounts = _accounts(db)
    try:
        users = accounts.list_users()
    finally:
        accounts.db.dispose()
    t = Table(title="users", title_justify="left")
    for col in ("name", "role", "units", "state"):
        t.add_column(col)
    for u in users:
        t.add_row(
            u.name, u.role.value, ", ".join(sorted(u.units)), "disabled" if u.disabled else "active"
        )
    out.print(t)


@user_app.command("disable")
def user_disable(name: Annotated[str, typer.Argument()], db: DbOption = None) -> None:
    """Disable a user: sessions end, API tokens stop working."""
    accounts = _accounts(db)
    try:
        accounts.disable(name)
    except ShinchokuError as exc:
        _fail(exc)
    finally:
        accounts.db.dispose()
    out.print(f"disabled {name}", markup=False)


@user_app.command("enable")
def user_enable(name: Annotated[str, typer.Argument()], db: DbOption = None) -> None:
    """Re-enable a disabled user (they log in again with their password)."""
    accounts = _accounts(db)
    try:
        accounts.enable(name)
    except ShinchokuError as exc:
        _fail(exc)
    finally:
        accounts.db.dispose()
    out.print(f"enabled {name}", markup=False)


@user_app.command("token")
def user_token(
    name: Annotated[str, typer.Argument()],
    label: Annotated[str | None, typer.Option("--label", help="What the token is for.")] = None,
    db: DbOption = None,
) -> None:
    """Create an API token for a user and print it (only its hash is stored)."""
    accounts = _accounts(db)
    try:
        token = accounts.create_token(name, label)
    except ShinchokuError as exc:
        _fail(exc)
        return
    finally:
        accounts.db.dispose()
    out.print(token, markup=False)


inquiry_app = typer.Typer(
    help="照会: Excel forms out to each division, replies back in.", no_args_is_help=True
)
app.add_typer(inquiry_app, name="inquiry")
InquiryYear = Annotated[int, typer.Option("--year", help="Fiscal year asked about.")]


def _inquiry_db(db: str | None, required: bool) -> Any:
    from shinchoku.source import database_url
    from shinchoku.store import Database

    url = database_url(db)
    if url is None:
        if required:
            err.print("no database: give --db URL (or --dataset for a dry run)", markup=False)
            raise typer.Exit(2)
        return None
    try:
        database = Database(url)
        database.migrate(create=False)
    except ShinchokuError as exc:
        _fail(exc)
    return database


@inquiry_app.command("make")
def inquiry_make(
    year: InquiryYear,
    dataset: DatasetArg = None,
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for the forms.")] = Path("."),
    deadline: Annotated[
        str | None, typer.Option("--deadline", help="回答期限, YYYY-MM-DD.")
    ] = None,
    contact: Annotated[str | None, typer.Option("--contact", help="照会元・問合せ先.")] = None,
    db: DbOption = None,
    plan_id: PlanOption = None,
) -> None:
    """Write one form per division that owns measures, plus the policy office's."""
    from datetime import date

    from shinchoku.inquiry import make_forms

    try:
        due = date.fromisoformat(deadline) if deadline else None
    except ValueError:
        err.print(f"--deadline must be YYYY-MM-DD, not {deadline!r}", markup=False)
        raise typer.Exit(2) from None
    plan = _open(dataset, db, plan_id, year=year)
    database = _inquiry_db(db, required=False) if dataset is None or db else None
    try:
        made = make_forms(plan, year, out_dir, deadline=due, contact=contact, database=database)
    except ShinchokuError as exc:
        _fail(exc)
        return
    finally:
        if database is not None:
            database.dispose()
    for m in made:
        out.print(f"{m.path}  ({m.label}, {m.rows} rows)", markup=False)
    note = "recorded in the database" if database is not None else "not recorded (no database)"
    out.print(f"{len(made)} forms for FY{year}; {note}", markup=False)


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
    lang: LangOption = "ja",
) -> None:
    """Check, diff and apply replies: all of them in one transaction, or none."""
    from shinchoku.dataset import read_dataset
    from shinchoku.inquiry import collect
    from shinchoku.wording import problem_dict

    folders = [f for f in files if (f / "plan.yaml").is_file()]  # a DATASET argument
    dataset = dataset or (folders[0] if folders else None)
    replies = [f for f in files if f not in folders]
    database = None if dataset is not None else _inquiry_db(db, required=True)
    try:
        if database is not None:
            result = collect(replies, year, database=database, dry_run=dry_run)
        else:
            assert dataset is not None
            result = collect(replies, year, plan=read_dataset(dataset), dry_run=True)
    except ShinchokuError as exc:
        if as_json:
            problems = [problem_dict(p, _lang(lang)) for p in exc.problems]
            out.print(json.dumps({"errors": problems}, ensure_ascii=False, indent=2), markup=False)
            raise typer.Exit(1) from None
        _fail(exc, _lang(lang))
        return
    finally:
        if database is not None:
            database.dispose()
    if as_json:
        out.print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2), markup=False)
    else:
        out.print(result.to_text(_lang(lang)), markup=False)


@inquiry_app.command("status")
def inquiry_status(
    year: InquiryYear,
    as_json: JsonOption = False,
    db: DbOption = None,
    plan_id: PlanOption = None,
    lang: LangOption = "ja",
) -> None:
    """Per division: sent, replied, applied, outstanding — whom to chase."""
    from shinchoku.inquiry import status

    database = _inquiry_db(db, required=True)
    try:
        st = status(database, year, plan_id)
    except ShinchokuError as exc:
        _fail(exc, _lang(lang))
        return
    finally:
        database.dispose()
    if as_json:
        out.print(json.dumps(st.to_dict(), ensure_ascii=False, indent=2), markup=False)
    else:
        out.print(st.to_text(_lang(lang)), markup=False)


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
    from shinchoku.batch import collector_paused

    with collector_paused():  # a one-shot build: see shinchoku.batch
        _report(dataset, db, year, out_dir, formats, lang, no_bom, csv_header, plan_id, incremental)


def _report(
    dataset: Path | None,
    db: str | None,
    year: int | None,
    out_dir: Path,
    formats: str,
    lang: str,
    no_bom: bool,
    csv_header: str | None,
    plan_id: str | None,
    incremental: bool,
) -> None:
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from shinchoku.publish import build_report, parse_formats
    from shinchoku.publish.labels import LANGS

    try:
        fmts = parse_formats(formats)
    except ShinchokuError as exc:
        raise typer.BadParameter(exc.problem.describe(), param_hint="--format") from exc
    if lang not in LANGS:
        raise typer.BadParameter(f"{lang!r} is not one of {', '.join(LANGS)}", param_hint="--lang")
    if csv_header is not None and csv_header not in LANGS:
        raise typer.BadParameter(
            f"{csv_header!r} is not one of {', '.join(LANGS)}", param_hint="--csv-header"
        )
    plan = _open(dataset, db, plan_id, lang, year=year)
    columns = (TextColumn("{task.description:<16}"), BarColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err) as bar:
        task = bar.add_task("report", total=len(fmts) + 1)

        def on_step(step: str, done: int, total: int) -> None:
            bar.update(task, description=f"report: {step}", completed=done, total=total)

        try:
            paths = build_report(
                plan, year, out_dir, fmts, lang, not no_bom, on_step, csv_header, incremental
            )
        except ShinchokuError as exc:
            _fail(exc)
            return
    out.print(f"wrote {len(paths)} files to {out_dir}", markup=False)


def _register_compare() -> None:
    from shinchoku.cli_compare import register

    register(app)


def _register_staff() -> None:
    # The year workflow and API tokens live in their own module; it uses the options above.
    from shinchoku.cli_staff import remind, token_app, year_app

    app.add_typer(year_app, name="year")
    app.add_typer(token_app, name="token")
    app.command("remind")(remind)


if __name__ != "__main__":
    # Run as ``python -m shinchoku.cli`` this file is ``__main__``, and the command-group
    # modules import ``shinchoku.cli`` itself: only that module registers them.
    _register_compare()
    _register_staff()


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
    from shinchoku.cli import main as _entry

    _entry()
