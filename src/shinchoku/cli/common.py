"""What every command shares: the app, the consoles, the options, and the helpers that
open a plan or a database and turn the library's errors into a message and exit code 1."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from rich.console import Console

from shinchoku.problems import Arg, ShinchokuError, Wording

if TYPE_CHECKING:
    from shinchoku.model import Plan
    from shinchoku.store import Database

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


class State:
    """Set by the global options, read by every command."""

    debug = False
    lang = "ja"  # what the commands say: --lang / SHINCHOKU_LANG


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
LangOption = Annotated[
    str | None,
    typer.Option("--lang", help="Language of the output: ja or en (default: shinchoku --lang)."),
]


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
    lang: Annotated[
        str,
        typer.Option(
            "--lang",
            envvar="SHINCHOKU_LANG",
            help="Language of what the commands say: ja (default) or en.",
        ),
    ] = "ja",
) -> None:
    State.debug = debug
    State.lang = check_lang(lang)
    logging.basicConfig(level=logging.DEBUG if debug else logging.WARNING)


def fail(exc: ShinchokuError, lang: str | None = None) -> NoReturn:
    """Print the problems in ``lang`` (default: the root ``--lang``) and exit 1 (with
    ``--debug``: raise, for the traceback)."""
    if State.debug:
        raise exc
    from shinchoku.wording import error_lines

    for line in error_lines(exc.problems, lang or State.lang):
        err.print(line, markup=False)
    raise typer.Exit(1)


def say(text: str) -> None:
    """Print plain text (no rich markup) to standard output."""
    out.print(text, markup=False)


def words(template: Wording, **args: Arg) -> str:
    """``template`` (one of :mod:`shinchoku.cli.messages`) in the root ``--lang``."""
    from shinchoku.wording import render_arg

    values = {k: render_arg(v, State.lang) for k, v in args.items()}
    return template.get(State.lang).format(**values)


def said(template: Wording, **args: Arg) -> None:
    """Print ``template`` in the root ``--lang`` to standard output."""
    say(words(template, **args))


def print_json(data: Any, *, sort_keys: bool = False) -> None:
    say(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=sort_keys))


def open_plan(
    dataset: Path | None,
    db: str | None,
    plan_id: str | None = None,
    lang: str | None = None,
    year: int | None = None,
) -> Plan:
    """The plan to work on; a ``year`` outside its period is refused here, for every command."""
    from shinchoku.cli.output import source_line
    from shinchoku.model.years import require_year
    from shinchoku.source import open_plan as open_source

    try:
        plan, src = open_source(dataset, db, plan_id)
        if year is not None:
            require_year(plan, year)
    except ShinchokuError as exc:
        fail(exc, lang)
    lang = lang or State.lang
    err.print(source_line(plan.id, src.describe(lang), lang), style="dim", markup=False)
    return plan


DeadlineOption = Annotated[str | None, typer.Option("--deadline", help="回答期限, YYYY-MM-DD.")]
ContactOption = Annotated[str | None, typer.Option("--contact", help="照会元・問合せ先.")]


def deadline_date(deadline: str | None) -> date | None:
    """The ``--deadline`` of a 照会 as a date (None when not given); a usage error else."""
    try:
        return date.fromisoformat(deadline) if deadline else None
    except ValueError:
        raise typer.BadParameter(
            f"write it as YYYY-MM-DD, not {deadline!r}", param_hint="--deadline"
        ) from None


def check_lang(lang: str | None) -> str:
    """A command's ``--lang``, else the root's; a usage error when it is neither ja nor en."""
    from shinchoku.wording import LANGS

    if lang is None:
        return State.lang
    if lang not in LANGS:
        raise typer.BadParameter(f"{lang!r} is not one of {', '.join(LANGS)}", param_hint="--lang")
    return lang


def open_database(db: str | None, *, create: bool) -> Database:
    """The database ``--db`` names (see :func:`shinchoku.source.database_url`), migrated.

    Commands that only read never make one (``create=False``); the caller disposes of it.
    """
    from shinchoku.source import database_url
    from shinchoku.store import Database

    database = Database(database_url(db, default=True))
    try:
        database.migrate(create=create)
    except BaseException:
        database.dispose()
        raise
    return database


@contextmanager
def using_database(db: str | None, *, create: bool) -> Iterator[Database]:
    """:func:`open_database` for one command: its errors end the command (exit 1)."""
    try:
        database = open_database(db, create=create)
    except ShinchokuError as exc:
        fail(exc)
    try:
        yield database
    except ShinchokuError as exc:
        fail(exc)
    finally:
        database.dispose()
