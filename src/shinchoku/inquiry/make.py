"""Making the year's forms: one XLSX per division that owns measures, one for the office."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from shinchoku.inquiry import codes as c
from shinchoku.inquiry import records
from shinchoku.inquiry.forms import OFFICE_LABEL, plan_forms
from shinchoku.inquiry.layout import OFFICE
from shinchoku.inquiry.xlsx import render
from shinchoku.model import Plan
from shinchoku.model.years import require_year
from shinchoku.problems import Place, ShinchokuError
from shinchoku.problems.store import PLAN_NOT_FOUND, plan_named
from shinchoku.store import Database
from shinchoku.store.secret import installation_secret

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class MadeForm:
    form: str  # org unit id, or "_office"
    label: str
    path: Path
    fingerprint: str
    rows: int

    @property
    def is_office(self) -> bool:
        return self.form == OFFICE


def make_forms(
    plan: Plan,
    year: int,
    out_dir: str | Path,
    *,
    deadline: date | None = None,
    contact: str | None = None,
    database: Database | None = None,
    office_label: str = OFFICE_LABEL,
    now: datetime | None = None,
) -> list[MadeForm]:
    """Write the forms of fiscal year ``year`` to ``out_dir``; record the round in ``database``.

    The files are the same bytes for the same plan, year, deadline and contact (and
    database). With a database the plan must be stored there (``shinchoku load``), so
    that the replies can be applied to it, and the forms' keys are signed with the
    installation secret, so that collect can tell a re-keyed form.
    """
    require_year(plan, year)
    if database is not None and not records.plan_stored(database, plan.id):
        raise PLAN_NOT_FOUND.error(found=plan.id, plan=plan_named(plan.id))
    specs = plan_forms(plan, year, office_label)
    if not specs:
        raise ShinchokuError(
            c.NOTHING_TO_ASK(
                Place(year=year),
                f"plan {plan.id!r} has no measure, KPI, area money or main initiative for "
                f"{year}'s forms to ask of anyone; no form was written",
                plan.id,
            )
        )
    secret = installation_secret(database, create=True) if database is not None else None
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    made: list[MadeForm] = []
    for spec in specs:
        spec.secret = secret
        path = out / spec.file_name
        path.write_bytes(render(spec, deadline, contact))
        rows = sum(len(s.rows) for s in spec.sheets)
        made.append(MadeForm(spec.form, spec.label, path, spec.fingerprint, rows))
        log.info("wrote %s (%d rows)", path, rows)
    if database is not None:
        stamp = now or datetime.now(UTC)
        records.record_round(
            database,
            plan.id,
            year,
            [records.FormRecord(m.form, m.label, m.path.name, m.fingerprint, stamp) for m in made],
            deadline,
            contact,
            stamp,
        )
    return made
