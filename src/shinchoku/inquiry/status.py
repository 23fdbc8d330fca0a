"""Where the year's inquiry stands, per division: sent, replied, applied, outstanding.

*Sent* is when the forms were made; *replied* is when the latest reply was collected
(replies are recorded only when they were applied: a refused batch leaves no trace);
*changes* counts the figures the replies changed; *outstanding* is what the audit still
finds about the division's own measures and KPIs for the year that its reply can
resolve — a KPI with a target and no figure, a declared status the figures contradict,
area money that does not add up — so the office knows whom to chase and about what.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from shinchoku.audit import audit
from shinchoku.inquiry import records
from shinchoku.inquiry.checks import CHASE_CODES
from shinchoku.inquiry.forms import OFFICE_LABEL, plan_forms
from shinchoku.inquiry.layout import OFFICE, date_label, year_label
from shinchoku.model import Plan
from shinchoku.model.years import require_year
from shinchoku.problems import Problem, Severity, Wording
from shinchoku.store import Database

# What status says, in Japanese and English.
_STATES = {
    "not-sent": Wording("未送付", "not-sent"),
    "awaiting": Wording("回答待ち", "awaiting"),
    "replied": Wording("回答済み", "replied"),
}
_WORDS = {
    "made": Wording(" — 様式作成 {at}", " — forms made {at}"),
    "deadline": Wording("、回答期限 {day}", ", deadline {day}"),
    "form": Wording(
        "送付 {sent}  回答 {replied}  変更 {changes}件  指摘 {findings}件  "
        "未解決 {outstanding}件（うちエラー {errors}件）",
        "sent {sent}  replied {replied}  changes {changes}  findings {findings}  "
        "outstanding {outstanding} ({errors} errors)",
    ),
    "waiting": Wording("未回答（{n}）: ", "not replied ({n}): "),
    "all-replied": Wording(
        "様式を送付したすべての所属から回答がありました",
        "every division that was sent a form has replied",
    ),
}


@dataclass(slots=True)
class FormStatus:
    form: str
    label: str
    file_name: str | None = None
    sent_at: datetime | None = None
    replied_at: datetime | None = None
    replies: int = 0
    changes: int = 0
    findings: list[dict[str, Any]] = field(default_factory=list)  # of the latest reply
    outstanding: list[Problem] = field(default_factory=list)

    @property
    def state(self) -> str:
        """not-sent, awaiting (sent, no reply) or replied."""
        if self.replies:
            return "replied"
        return "awaiting" if self.sent_at is not None else "not-sent"

    def to_dict(self) -> dict[str, Any]:
        return {
            "form": self.form,
            "label": self.label,
            "file": self.file_name,
            "state": self.state,
            "sent_at": _iso(self.sent_at),
            "replied_at": _iso(self.replied_at),
            "replies": self.replies,
            "changes": self.changes,
            "findings": self.findings,
            "outstanding": [p.to_dict() for p in self.outstanding],
        }


@dataclass(slots=True)
class InquiryStatus:
    plan_id: str
    year: int
    made_at: datetime | None
    deadline: date | None
    contact: str | None
    forms: list[FormStatus]

    @property
    def awaiting(self) -> list[FormStatus]:
        """Divisions whose form was sent and that have not replied."""
        return [f for f in self.forms if f.state == "awaiting"]

    def to_text(self, lang: str = "ja") -> str:
        """One line per form, then whom to chase, in ``lang``."""
        en = lang == "en"
        head = f"{self.plan_id} {f'FY{self.year}' if en else year_label(self.year)}"
        if self.made_at is not None:
            head += _WORDS["made"].get(lang).format(at=f"{self.made_at:%Y-%m-%d %H:%M}")
        if self.deadline is not None:
            day = self.deadline.isoformat() if en else date_label(self.deadline)
            head += _WORDS["deadline"].get(lang).format(day=day)
        lines = [head]
        width = max(len(w.get(lang)) for w in _STATES.values())
        for f in self.forms:
            sent = f"{f.sent_at:%Y-%m-%d}" if f.sent_at else "-"
            replied = f"{f.replied_at:%Y-%m-%d %H:%M}" if f.replied_at else "-"
            errors = sum(1 for p in f.outstanding if p.severity is Severity.ERROR)
            state = _STATES[f.state].get(lang)
            lines.append(
                f"{state:{width}} {f.label}  "
                + _WORDS["form"]
                .get(lang)
                .format(
                    sent=sent,
                    replied=replied,
                    changes=f.changes,
                    findings=len(f.findings),
                    outstanding=len(f.outstanding),
                    errors=errors,
                )
            )
        waiting = self.awaiting
        if waiting:
            lines.append(
                _WORDS["waiting"].get(lang).format(n=len(waiting))
                + ("、" if not en else ", ").join(f.label for f in waiting)
            )
        else:
            lines.append(_WORDS["all-replied"].get(lang))
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {
            "plan": self.plan_id,
            "year": self.year,
            "made_at": _iso(self.made_at),
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "contact": self.contact,
            "forms": [f.to_dict() for f in self.forms],
        }


def status(
    database: Database, year: int, plan_id: str | None = None, office_label: str = OFFICE_LABEL
) -> InquiryStatus:
    """The state of the inquiry of fiscal year ``year`` for every form the plan calls for."""
    plan = database.load_plan(plan_id)
    require_year(plan, year)
    rnd = records.round_of(database, plan.id, year)
    made = records.forms_of(database, plan.id, year)
    replies = records.replies_of(database, plan.id, year)
    outstanding = _outstanding(plan, year)
    forms: list[FormStatus] = []
    for spec in plan_forms(plan, year, office_label):
        rec = made.get(spec.form)
        mine = [r for r in replies if r.form == spec.form]
        latest = mine[-1] if mine else None
        forms.append(
            FormStatus(
                form=spec.form,
                label=spec.label,
                file_name=rec.file_name if rec else None,
                sent_at=rec.made_at if rec else None,
                replied_at=latest.collected_at if latest else None,
                replies=len(mine),
                changes=sum(r.changes for r in mine),
                findings=latest.findings if latest else [],
                outstanding=outstanding.get(spec.form, []),
            )
        )
    return InquiryStatus(
        plan.id,
        year,
        rnd["made_at"] if rnd else None,
        rnd["deadline"] if rnd else None,
        rnd["contact"] if rnd else None,
        forms,
    )


def _outstanding(plan: Plan, year: int) -> dict[str, list[Problem]]:
    """Audit errors and warnings of the year, by the form whose cells can resolve them."""
    owners: dict[tuple[str, str], set[str]] = {}
    for _, m in plan.measures():
        for unit in m.org_units or [OFFICE]:
            owners.setdefault(("measure", m.id), set()).add(unit)
            for ref in m.kpis:
                owners.setdefault(("kpi", ref.kpi), set()).add(unit)
    for k in plan.kpis:
        owners.setdefault(("kpi", k.id), {OFFICE})
    out: dict[str, list[Problem]] = {}
    for p in audit(plan, year):
        if p.code not in CHASE_CODES or p.severity is Severity.INFO:
            continue
        if p.place.measure is not None:
            forms = owners.get(("measure", p.place.measure), set())
        elif p.place.kpi is not None:
            forms = owners.get(("kpi", p.place.kpi), set())
        elif p.place.field == "money":
            forms = {OFFICE}
        else:
            continue
        for form in forms:
            out.setdefault(form, []).append(p)
    return out


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None
