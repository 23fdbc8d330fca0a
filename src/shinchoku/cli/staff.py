"""``shinchoku year …``, ``shinchoku remind`` and ``shinchoku token …``: the policy
office's scripted work.

The year commands go through the same :class:`~shinchoku.store.history.Workflow` as the
staff pages, with the same role rules (:mod:`shinchoku.workflow`) for the staff
account named by ``--by``, and the same history.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from shinchoku.cli import messages as msg
from shinchoku.cli.common import (
    DbOption,
    JsonOption,
    PlanOption,
    State,
    app,
    out,
    print_json,
    said,
    using_database,
    words,
)
from shinchoku.problems import FiscalYear, Place, Wording
from shinchoku.problems.store import INVALID_DATE, MAIL_NOT_CONFIGURED
from shinchoku.problems.web import FORBIDDEN

if TYPE_CHECKING:
    from collections.abc import Callable

    from shinchoku.model import Plan
    from shinchoku.store import Database
    from shinchoku.store.accounts import User
    from shinchoku.store.history import Workflow

year_app = typer.Typer(
    help="The fiscal-year workflow: open, submit, withdraw, review, return, publish, reopen.",
    no_args_is_help=True,
)
token_app = typer.Typer(help="API tokens: list them, revoke one.", no_args_is_help=True)
app.add_typer(year_app, name="year")
app.add_typer(token_app, name="token")

YearArg = Annotated[int, typer.Argument(help="Fiscal year (Western year it starts in).")]
NOT_OPENED = "not opened"  # the state of a year never opened, in `year list --json`
ByOption = Annotated[
    str,
    typer.Option("--by", help="Staff account the step is taken as (recorded in the history)."),
]


def _step(
    database: Database,
    by: str,
    year: int | None,
    plan: Plan | None,
    *,
    unit: str | None = None,
    review: bool = False,
) -> User:
    """The staff account ``by`` when it may take this step of ``plan`` (its office's step,
    with ``unit`` that division's own, with ``review`` a reviewer's — the plan's office or
    its prefecture's; no plan: an admin's), else refuse."""
    from shinchoku.store.accounts import Accounts
    from shinchoku.workflow import (
        Reach,
        is_admin,
        is_own_unit,
        may_manage_plan,
        may_review,
        plan_refused,
        reach,
    )

    user = Accounts(database).acting(by, Place(year=year))
    needed = {Reach.OWN, Reach.SUPERVISED} if review else {Reach.OWN}
    if plan is not None and reach(user, plan.organisation) not in needed:
        action = "review" if review else "manage" if unit is None else "edit"
        raise plan_refused(user, plan.id, plan.organisation, action, Place(year=year))
    # Whether the year and the unit allow the step now, the workflow itself says.
    if plan is None:
        allowed = is_admin(user)
    elif review:
        allowed = may_review(user, plan.organisation)
    elif unit is None:
        allowed = may_manage_plan(user, plan.organisation)
    else:
        allowed = is_own_unit(user, plan.organisation, unit)
    if not allowed:
        raise FORBIDDEN.error(Place(year=year), f"{by} ({user.role.value}) may not do this")
    return user


def _take_step(
    db: str | None,
    by: str,
    year: int,
    plan_id: str | None,
    step: Callable[[Workflow, str, str], object],
    *,
    unit: str | None = None,
    review: bool = False,
) -> str:
    """Take a step of the year workflow as the staff account ``by``: the plan's id."""
    from shinchoku.store.history import Workflow

    with using_database(db, create=False) as database:
        plan = database.load_plan(plan_id)
        user = _step(database, by, year, plan, unit=unit, review=review)
        step(Workflow(database), plan.id, user.name)
    return plan.id


@year_app.command("list")
def year_list(db: DbOption = None, plan_id: PlanOption = None, as_json: JsonOption = False) -> None:
    """Every year of the plan: state, who published it and when, the divisions' states."""
    from shinchoku.problems.store import UNIT_STATE_WORDS, YEAR_STATE_WORDS
    from shinchoku.store.history import Workflow
    from shinchoku.wording import fiscal_year_text
    from shinchoku.workflow import UnitState, YearState, submitting_units

    with using_database(db, create=False) as database:
        plan = database.load_plan(plan_id)
        wf = Workflow(database)
        statuses = wf.years(plan.id)
        units = submitting_units(plan)
        rows: list[dict[str, Any]] = []
        for year in plan.years:
            st = statuses.get(year) or wf.status(plan.id, year)
            rows.append(
                {
                    "year": year,
                    "state": st.state.value if st.state else NOT_OPENED,
                    "published_at": _when(st.published_at),
                    "published_by": st.published_by,
                    "times_published": st.times_published,
                    "units": {u: st.unit_state(u).value for u in units} if st.is_open else {},
                }
            )
    if as_json:
        data = {"plan": plan.id, "years": rows}
        print_json(data)
        return
    lang = State.lang
    t = Table(title=words(msg.YEARS_TITLE, plan=plan.id), title_justify="left")
    for col in msg.YEARS_COLUMNS:
        t.add_column(col.get(lang))
    for r in rows:
        counts: dict[str, int] = {}
        for state in r["units"].values():
            counts[state] = counts.get(state, 0) + 1
        state = r["state"]
        t.add_row(
            fiscal_year_text(r["year"], lang),
            YEAR_STATE_WORDS[None if state == NOT_OPENED else YearState(state)].get(lang),
            f"{r['published_at']} {r['published_by']}" if r["published_at"] else "",
            str(r["times_published"]),
            "、".join(
                f"{UNIT_STATE_WORDS[UnitState(k)].get(lang)} {n}" for k, n in sorted(counts.items())
            ),
        )
    out.print(t)


def _when(at: datetime | None) -> str | None:
    return at.isoformat(timespec="seconds") if at is not None else None


@year_app.command("open")
def year_open(year: YearArg, by: ByOption, db: DbOption = None, plan_id: PlanOption = None) -> None:
    """Open a year for entry (admins; one open year at a time)."""
    pid = _take_step(db, by, year, plan_id, lambda wf, pid, name: wf.open(pid, year, name))
    said(msg.YEAR_OPENED, year=FiscalYear(year), plan=pid)


@year_app.command("submit")
def year_submit(
    year: YearArg,
    unit: Annotated[str, typer.Option("--unit", help="Org unit id submitting its figures.")],
    by: ByOption,
    db: DbOption = None,
    plan_id: PlanOption = None,
) -> None:
    """Submit a division's figures (its editor or an admin)."""
    _take_step(
        db, by, year, plan_id, lambda wf, pid, name: wf.submit(pid, year, unit, name), unit=unit
    )
    said(msg.UNIT_SUBMITTED, year=FiscalYear(year), unit=unit)


@year_app.command("withdraw")
def year_withdraw(
    year: YearArg,
    unit: Annotated[str, typer.Option("--unit", help="Org unit id taking back its submission.")],
    by: ByOption,
    db: DbOption = None,
    plan_id: PlanOption = None,
) -> None:
    """Take back a division's submission the office has not reviewed yet (its editor or an
    admin); the division is a draft again."""
    _take_step(
        db, by, year, plan_id, lambda wf, pid, name: wf.withdraw(pid, year, unit, name), unit=unit
    )
    said(msg.UNIT_WITHDRAWN, year=FiscalYear(year), unit=unit)


@year_app.command("review")
def year_review(
    year: YearArg,
    unit: Annotated[str, typer.Option("--unit", help="Org unit id whose submission is checked.")],
    by: ByOption,
    db: DbOption = None,
    plan_id: PlanOption = None,
) -> None:
    """Mark a division's submission reviewed (the plan's office, or its prefecture's)."""
    _take_step(
        db,
        by,
        year,
        plan_id,
        lambda wf, pid, name: wf.review(pid, year, unit, name),
        unit=unit,
        review=True,
    )
    said(msg.UNIT_REVIEWED, year=FiscalYear(year), unit=unit)


@year_app.command("return")
def year_return(
    year: YearArg,
    unit: Annotated[str, typer.Option("--unit", help="Org unit id whose submission goes back.")],
    by: ByOption,
    reason: Annotated[str, typer.Option("--reason", help="What to correct (shown to it).")],
    db: DbOption = None,
    plan_id: PlanOption = None,
) -> None:
    """Send a division's submission back to draft with the reason (the plan's office, or
    its prefecture's); the division sees the reason until it submits again."""
    _take_step(
        db,
        by,
        year,
        plan_id,
        lambda wf, pid, name: wf.send_back(pid, year, unit, name, reason),
        unit=unit,
        review=True,
    )
    said(msg.UNIT_RETURNED, year=FiscalYear(year), unit=unit)


@year_app.command("publish")
def year_publish(
    year: YearArg,
    by: ByOption,
    force: Annotated[
        bool, typer.Option("--force", help="Publish even if some divisions are not reviewed.")
    ] = False,
    db: DbOption = None,
    plan_id: PlanOption = None,
) -> None:
    """Publish an open year: its figures are frozen in a snapshot the public sees (admins)."""
    pid = _take_step(
        db, by, year, plan_id, lambda wf, pid, name: wf.publish(pid, year, name, force=force)
    )
    said(msg.YEAR_PUBLISHED, year=FiscalYear(year), plan=pid)


@year_app.command("reopen")
def year_reopen(
    year: YearArg,
    by: ByOption,
    reason: Annotated[str, typer.Option("--reason", help="Why (kept in the history).")],
    db: DbOption = None,
    plan_id: PlanOption = None,
) -> None:
    """Reopen a published year for corrections (admins); the public keeps the snapshot."""
    pid = _take_step(
        db, by, year, plan_id, lambda wf, pid, name: wf.reopen(pid, year, name, reason)
    )
    said(msg.YEAR_REOPENED, year=FiscalYear(year), plan=pid)


@year_app.command("deadline")
def year_deadline(
    year: YearArg,
    deadline: Annotated[str, typer.Argument(help="The day divisions submit by (YYYY-MM-DD).")],
    by: ByOption,
    db: DbOption = None,
    plan_id: PlanOption = None,
) -> None:
    """Set the date the divisions submit the year's figures by (admins; shown to them)."""
    from datetime import date

    from shinchoku.store.history import Workflow

    with using_database(db, create=False) as database:
        plan = database.load_plan(plan_id)
        user = _step(database, by, year, plan)
        try:
            day = date.fromisoformat(deadline)
        except ValueError:
            raise INVALID_DATE.error(
                Place(year=year), found=deadline, what=Wording("締切日", "deadline")
            ) from None
        pid = plan.id
        Workflow(database).set_deadline(pid, year, day, user.name)
    said(msg.DEADLINE_SET, year=FiscalYear(year), plan=pid, day=day.isoformat())


@app.command("remind")
def remind(
    year: Annotated[int, typer.Option("--year", help="The open fiscal year.")],
    by: ByOption,
    site_url: Annotated[
        str,
        typer.Option(
            "--site-url", envvar="SHINCHOKU_SITE_URL", help="The staff site's address for links."
        ),
    ],
    db: DbOption = None,
    plan_id: PlanOption = None,
) -> None:
    """E-mail the divisions that have not submitted (admins). The SMTP server is read from
    SHINCHOKU_SMTP_HOST, _PORT, _FROM, _STARTTLS, _USER and _PASSWORD; every mail is recorded."""
    import os

    from shinchoku.audit import audit
    from shinchoku.mail import MailSettings, send_reminders
    from shinchoku.workload import unit_work

    settings = MailSettings.from_environment(os.environ)
    with using_database(db, create=False) as database:
        plan = database.load_plan(plan_id)
        user = _step(database, by, year, plan)
        if settings is None:
            raise MAIL_NOT_CONFIGURED.error(Place(year=year))
        work = unit_work(plan, year, audit(plan, year))
        done = send_reminders(database, plan, year, settings, site_url, user.name, work)
    for m in done.sent:
        said(msg.MAIL_SENT, recipient=m.recipient, unit=m.org_unit_id or "", subject=m.subject)
    if done.no_address:
        said(msg.NO_ADDRESS, units=", ".join(done.no_address))
    said(msg.MAILS_SENT, count=len(done.sent))


@token_app.command("list")
def token_list(
    user: Annotated[str | None, typer.Option("--user", help="Only this user's tokens.")] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """API tokens: id, user, label, created, last used (to the minute), revoked."""
    from shinchoku.store.accounts import Accounts

    with using_database(db, create=False) as database:
        tokens = Accounts(database).list_tokens(user)
    rows: list[dict[str, Any]] = [
        {
            "id": t.id,
            "user": t.user,
            "label": t.label,
            "created_at": _when(t.created_at),
            "last_used_at": _when(t.last_used_at),
            "revoked_at": _when(t.revoked_at),
            "revoked_by": t.revoked_by,
        }
        for t in tokens
    ]
    if as_json:
        print_json(rows)
        return
    t = Table(title=words(msg.TOKENS_TITLE), title_justify="left")
    for col in msg.TOKENS_COLUMNS:
        t.add_column(words(col))
    for r in rows:
        if r["revoked_at"]:
            state = words(msg.TOKEN_REVOKED_STATE, at=r["revoked_at"], by=r["revoked_by"])
        else:
            state = words(msg.TOKEN_ACTIVE)
        t.add_row(
            str(r["id"]),
            r["user"],
            r["label"] or "",
            r["created_at"] or "",
            r["last_used_at"] or words(msg.NEVER),
            state,
        )
    out.print(t)


@token_app.command("revoke")
def token_revoke(
    token_id: Annotated[int, typer.Argument(help="Token id (see `shinchoku token list`).")],
    by: ByOption,
    db: DbOption = None,
) -> None:
    """Revoke one API token: it stops working at once; the user's other tokens go on."""
    from shinchoku.store.accounts import Accounts

    with using_database(db, create=False) as database:
        user = _step(database, by, None, None)
        token = Accounts(database).revoke_token(token_id, user.name, by=user)
    label = token.label or words(msg.NO_LABEL)
    said(msg.TOKEN_REVOKED, id=str(token.id), user=token.user, label=label)
