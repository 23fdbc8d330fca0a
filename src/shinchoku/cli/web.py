"""``serve`` and ``user …``: the web app and its staff accounts."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from shinchoku.cli import messages as msg
from shinchoku.cli.common import (
    DatasetArg,
    DbOption,
    PlanOption,
    State,
    app,
    err,
    fail,
    out,
    said,
    using_database,
    words,
)
from shinchoku.problems import ShinchokuError

if TYPE_CHECKING:
    from shinchoku.store import Database
    from shinchoku.store.accounts import Accounts, User

OrganisationOption = Annotated[
    str | None,
    typer.Option(
        "--organisation",
        help="団体コード of the organisation the user works for (e.g. 041009); its plans only.",
    ),
]
UserByOption = Annotated[
    str | None,
    typer.Option(
        "--by",
        help="Staff account the change is made as: its rules apply (an organisation's admin "
        "manages its own organisation's accounts only).",
    ),
]


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
    """Serve the public dashboard and the staff area (default: the database, else the bundled
    example, in ./shinchoku.sqlite, which keeps the staff's entries across restarts)."""
    from shinchoku.dataset import read_dataset
    from shinchoku.source import database_url
    from shinchoku.wording import fiscal_year_text

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

    try:
        plan = read_dataset(dataset) if dataset is not None else None
        url, prepared = serve_database(database_url(db), plan)
        if prepared is not None:
            plan_id = plan_id or prepared.plan_id
            lang = State.lang
            years = [fiscal_year_text(y, lang) for y in prepared.published]
            published = "、".join(years) if years else words(msg.NONE_PUBLISHED)
            err.print(
                words(msg.SERVE_LOADED, plan=prepared.plan_id, published=published), markup=False
            )
        err.print(words(msg.SERVE_DATABASE, url=url), markup=False)
        from shinchoku.mail import MailSettings

        settings = WebSettings(
            database_url=url,
            plan_id=plan_id,
            mail=MailSettings.from_environment(os.environ),
            site_url=os.environ.get("SHINCHOKU_SITE_URL") or None,
            secure_cookies=(not is_loopback(host)) if secure_cookies is None else secure_cookies,
        )
        err.print(words(msg.SERVE_LOGIN, url=url), markup=False)
        run(settings, host, port, workers)
    except ShinchokuError as exc:
        fail(exc)


user_app = typer.Typer(help="Staff accounts of the web app.", no_args_is_help=True)
app.add_typer(user_app, name="user")


def _accounts(database: Database) -> Accounts:
    from shinchoku.store.accounts import Accounts

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
    organisation: OrganisationOption = None,
    by: UserByOption = None,
    db: DbOption = None,
) -> None:
    """Add a staff user; the password is prompted for (or read from stdin). Without
    --organisation the account is installation-wide."""
    from shinchoku.workflow import Role

    if role not in {r.value for r in Role}:
        err.print(f"--role must be {', '.join(r.value for r in Role)}", markup=False)
        raise typer.Exit(2)
    if password_stdin or not sys.stdin.isatty():
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    with using_database(db, create=True) as database:
        accounts = _accounts(database)
        actor = _actor(accounts, by)
        user = accounts.add_user(name, role, password, unit or (), email, organisation, actor)
    from shinchoku.problems.store import ROLE_WORDS

    units = words(msg.USER_UNITS, units=", ".join(sorted(user.units))) if user.units else ""
    org = words(msg.USER_ORG, org=user.organisation) if user.organisation else ""
    said(msg.USER_ADDED, role=ROLE_WORDS[user.role], name=user.name, org=org, units=units)


@user_app.command("update")
def user_update(
    name: Annotated[str, typer.Argument()],
    role: Annotated[
        str | None, typer.Option("--role", help="admin, editor or viewer (default: as is).")
    ] = None,
    unit: Annotated[
        list[str] | None,
        typer.Option("--unit", help="Org unit id (editors; repeatable; replaces the units)."),
    ] = None,
    email: Annotated[
        str | None, typer.Option("--email", help="E-mail address (default: as is).")
    ] = None,
    organisation: OrganisationOption = None,
    installation_wide: Annotated[
        bool,
        typer.Option("--installation-wide", help="Take the account's organisation away."),
    ] = False,
    by: UserByOption = None,
    db: DbOption = None,
) -> None:
    """Change a user's role, org units, e-mail address or organisation; what is not given
    stays as it is."""
    from shinchoku.store.accounts import KEEP
    from shinchoku.workflow import Role

    if role is not None and role not in {r.value for r in Role}:
        err.print(f"--role must be {', '.join(r.value for r in Role)}", markup=False)
        raise typer.Exit(2)
    if installation_wide and organisation is not None:
        err.print("--organisation and --installation-wide exclude each other", markup=False)
        raise typer.Exit(2)
    with using_database(db, create=False) as database:
        accounts = _accounts(database)
        actor = _actor(accounts, by)
        current = accounts.get(name)
        if current is None:
            from shinchoku.problems.store import USER_NOT_FOUND

            raise USER_NOT_FOUND.error(found=name)
        user = accounts.update(
            name,
            role or current.role,
            current.units if unit is None else unit,
            current.email if email is None else email,
            None if installation_wide else (organisation or KEEP),
            actor,
        )
    from shinchoku.problems.store import ROLE_WORDS

    said(
        msg.USER_UPDATED,
        role=ROLE_WORDS[user.role],
        name=user.name,
        org=user.organisation or words(msg.INSTALLATION_WIDE),
        units=", ".join(sorted(user.units)) or words(msg.NO_UNITS),
    )


def _actor(accounts: Accounts, by: str | None) -> User | None:
    """The staff account a ``--by`` names, whose rules then apply; None: the operator."""
    return None if by is None else accounts.acting(by)


@user_app.command("list")
def user_list(db: DbOption = None) -> None:
    """List staff users."""
    from shinchoku.problems.store import ROLE_WORDS

    with using_database(db, create=False) as database:
        users = _accounts(database).list_users()
    t = Table(title=words(msg.USERS_TITLE), title_justify="left")
    for col in msg.USERS_COLUMNS:
        t.add_column(words(col))
    for u in users:
        state = msg.USER_INACTIVE if u.disabled else msg.USER_ACTIVE
        t.add_row(
            u.name,
            words(ROLE_WORDS[u.role]),
            u.organisation or "",
            ", ".join(sorted(u.units)),
            words(state),
        )
    out.print(t)


@user_app.command("disable")
def user_disable(name: Annotated[str, typer.Argument()], db: DbOption = None) -> None:
    """Disable a user: sessions end, API tokens stop working."""
    with using_database(db, create=False) as database:
        _accounts(database).disable(name)
    said(msg.USER_DISABLED, name=name)


@user_app.command("enable")
def user_enable(name: Annotated[str, typer.Argument()], db: DbOption = None) -> None:
    """Re-enable a disabled user (they log in again with their password)."""
    with using_database(db, create=False) as database:
        _accounts(database).enable(name)
    said(msg.USER_ENABLED, name=name)


@user_app.command("token")
def user_token(
    name: Annotated[str, typer.Argument()],
    label: Annotated[str | None, typer.Option("--label", help="What the token is for.")] = None,
    db: DbOption = None,
) -> None:
    """Create an API token for a user and print it (only its hash is stored)."""
    with using_database(db, create=False) as database:
        token = _accounts(database).create_token(name, label)
    out.print(token, markup=False)
