"""Who may do what: the role rules, as plain functions the pages and the API share.

* admin — everything: open, publish and reopen a year, review divisions, manage users,
  edit any figure of the open year;
* editor — bound to org units: edits the open year's figures (actual, as-of point,
  declared status, 要因分析) of measures and KPIs of their own units, while their unit's
  submission is still a draft; submits their unit;
* viewer — reads the internal pages, drafts included; changes nothing.
"""

from __future__ import annotations

from shinchoku.model import Measure, Plan
from shinchoku.store.accounts import Role, User
from shinchoku.store.history import UnitState, YearStatus, submitting_units


def is_staff(user: User | None) -> bool:
    return user is not None and not user.disabled


def is_admin(user: User | None) -> bool:
    return is_staff(user) and user is not None and user.role is Role.ADMIN


def may_edit_measure(user: User | None, measure: Measure, status: YearStatus) -> bool:
    """May ``user`` change the measure's texts (declared status, 要因分析) this year?"""
    if user is None or user.disabled or not status.is_open:
        return False
    if user.role is Role.ADMIN:
        return True
    if user.role is not Role.EDITOR:
        return False
    return any(
        u in user.units and status.unit_state(u) is UnitState.DRAFT for u in measure.org_units
    )


def editable_measures(
    user: User | None, plan: Plan, kpi_id: str, status: YearStatus
) -> list[Measure]:
    """The measures showing ``kpi_id`` whose texts ``user`` may change this year."""
    return [m for _, m in plan.kpi_places(kpi_id) if may_edit_measure(user, m, status)]


def may_edit_kpi(user: User | None, plan: Plan, kpi_id: str, status: YearStatus) -> bool:
    """May ``user`` change the KPI's actual this year? Admins always; editors via a measure."""
    if user is None or user.disabled or not status.is_open:
        return False
    if user.role is Role.ADMIN:
        return True
    return bool(editable_measures(user, plan, kpi_id, status))


def may_submit(user: User | None, unit_id: str, status: YearStatus) -> bool:
    if user is None or user.disabled or not status.is_open:
        return False
    if status.unit_state(unit_id) is not UnitState.DRAFT:
        return False
    return user.role is Role.ADMIN or (user.role is Role.EDITOR and unit_id in user.units)


def plan_units(plan: Plan) -> list[str]:
    """Org units that answer for at least one measure: the divisions that submit."""
    return submitting_units(plan)


def user_kpis(user: User, plan: Plan) -> list[str]:
    """KPIs under measures of the user's units (all KPIs for admins and viewers)."""
    if user.role is not Role.EDITOR:
        return [k.id for k in plan.kpis]
    mine = {r.kpi for _, m in plan.measures() if set(m.org_units) & user.units for r in m.kpis}
    return [k.id for k in plan.kpis if k.id in mine]
