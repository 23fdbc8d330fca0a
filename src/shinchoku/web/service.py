"""What the pages and the API read: a plan as the public or the staff sees it, cached.

The **public** view is the stored plan with each fiscal year's figures taken from the
snapshot made when that year was published (years never published are left out). The
**staff** view is the stored plan as it is now, drafts included.

Each view is cached per (plan, content hash, web revision): the revision moves with every
edit and workflow step (:mod:`shinchoku.store.history`), so one cheap query per request
tells whether the cached plan, its evaluations and summaries still hold. Any number of
workers can share one database this way.

A view is built once per key however many requests ask for it at the same time (a
single flight): the first builds it, the others wait for that one and share its result,
so a freshly started server under load reads and prepares the plan once, not once per
request.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Literal

from shinchoku.audit import audit
from shinchoku.method import Evaluation, evaluate
from shinchoku.method.summary import Summary, summarise
from shinchoku.model import MoneyKind, Observation, Plan
from shinchoku.model.plan import MeasureYear
from shinchoku.problems import Place, Report, ShinchokuError, Wording
from shinchoku.problems.store import PLAN_AMBIGUOUS, PLAN_NOT_FOUND
from shinchoku.problems.web import NO_PUBLISHED_YEAR, NOT_FOUND
from shinchoku.publish.prepare import prepare
from shinchoku.publish.view import ReportView
from shinchoku.store import Database
from shinchoku.store.history import Snapshot, Workflow
from shinchoku.workflow import YearStatus

View = Literal["public", "staff"]
ONLY_PLAN_TTL = 30.0  # seconds the "only plan in the database" answer is reused
PAGE_CACHE = 256  # rendered public pages kept per plan view


# What a not-found names: 「KPI」「施策」…
_WHAT = {
    "KPI": Wording("KPI", "KPI"),
    "action": Wording("操作", "action"),
    "area": Wording("領域", "area"),
    "figures for": Wording("値", "figures for"),
    "fiscal year": Wording("年度", "fiscal year"),
    "measure": Wording("施策", "measure"),
    "org unit": Wording("所属", "org unit"),
    "plan": Wording("計画", "plan"),
    "prefecture": Wording("都道府県", "prefecture"),
    "page": Wording("ページ", "page"),
}


def not_found(what: str, key: str, year: int | None = None) -> ShinchokuError:
    return NOT_FOUND.error(
        Place(year=year), f"no {what} {key!r}", key, what=_WHAT.get(what, Wording(what, what))
    )


def public_plan(live: Plan, snapshots: dict[int, Snapshot]) -> Plan:
    """The plan with only published figures: each year's from its snapshot."""
    plan = live.model_copy(deep=True)
    published = set(snapshots)
    latest = max(published) if published else None
    for kpi in plan.kpis:
        kpi.observations = {
            y: Observation.model_validate(s.observations[kpi.id])
            for y, s in sorted(snapshots.items())
            if kpi.id in s.observations
        }
    for area, _ in plan.walk_areas():
        for m in area.measures:
            m.years = {
                y: MeasureYear.model_validate(s.measure_years[m.id])
                for y, s in sorted(snapshots.items())
                if m.id in s.measure_years
            }
        for g in area.guidelines:
            g.initiatives = {y: v for y, v in g.initiatives.items() if y in published}
        area.money = [r for r in area.money if _money_public(r.year, r.kind, published, latest)]
    plan.money = [r for r in plan.money if _money_public(r.year, r.kind, published, latest)]
    if latest is not None:
        plan.report.year = latest
    return plan


def _money_public(year: int, kind: MoneyKind, published: set[int], latest: int | None) -> bool:
    # A published report shows its year's settled money and the next year's budget.
    if year in published:
        return True
    return latest is not None and kind is MoneyKind.BUDGET and year <= latest + 1


@dataclass(slots=True)
class PlanView:
    """One plan as one audience sees it, with evaluations computed once per year."""

    kind: View
    plan: Plan
    years: list[int]  # years this audience may look at
    default_year: int | None
    statuses: dict[int, YearStatus]
    _evaluations: dict[int, Evaluation] = field(default_factory=dict)
    _summaries: dict[int, Summary] = field(default_factory=dict)
    _findings: dict[int, Report] = field(default_factory=dict)
    _reports: dict[tuple[int, str], ReportView] = field(default_factory=dict)
    _pages: OrderedDict[tuple[str, ...], bytes] = field(default_factory=OrderedDict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def year(self, requested: int | None) -> int:
        """The year to show: the one asked for if this audience may see it, else the default."""
        if requested is None:
            if self.default_year is None:
                raise NO_PUBLISHED_YEAR.error()
            return self.default_year
        if requested not in self.years:
            raise not_found("fiscal year", str(requested), requested)
        return requested

    def evaluation(self, year: int) -> Evaluation:
        with self._lock:
            if year not in self._evaluations:
                self._evaluations[year] = evaluate(self.plan, year)
            return self._evaluations[year]

    def summary(self, year: int) -> Summary:
        ev = self.evaluation(year)
        with self._lock:
            if year not in self._summaries:
                self._summaries[year] = summarise(self.plan, year, ev)
            return self._summaries[year]

    def findings(self, year: int) -> Report:
        ev = self.evaluation(year)
        with self._lock:
            if year not in self._findings:
                self._findings[year] = audit(self.plan, year, ev)
            return self._findings[year]

    def report(self, year: int, lang: str) -> ReportView:
        """Everything the pages show for ``year``, as the report's view records."""
        with self._lock:
            if (year, lang) not in self._reports:
                self._reports[(year, lang)] = prepare(self.plan, year, lang)
            return self._reports[(year, lang)]

    def page(self, key: tuple[str, ...]) -> bytes | None:
        """A rendered public page, kept while this view (this revision) lives."""
        with self._lock:
            return self._pages.get(key)

    def keep_page(self, key: tuple[str, ...], body: bytes) -> None:
        with self._lock:
            self._pages[key] = body
            while len(self._pages) > PAGE_CACHE:
                self._pages.popitem(last=False)


class PlanService:
    """Plans from one database, as public and staff views, cached per revision."""

    def __init__(self, db: Database, cache_size: int = 8) -> None:
        self.db = db
        self.workflow = Workflow(db)
        self.cache_size = cache_size
        self._cache: OrderedDict[tuple[object, ...], PlanView] = OrderedDict()
        self._lock = threading.Lock()
        self._building: dict[tuple[object, ...], threading.Lock] = {}  # one lock per key
        self.builds = 0  # views built since start (a cache miss each)
        self._only: tuple[str, float] | None = None  # the only plan stored, and when seen

    def cached_name(self, plan_id: str) -> str | None:
        """The name of the plan ``plan_id`` when a view of it is in memory (for page
        titles; never queries)."""
        with self._lock:
            for key, view in reversed(self._cache.items()):
                if key[0] == plan_id:
                    return view.plan.name
        return None

    def plans(self) -> list[tuple[str, str]]:
        """(id, name) of every stored plan."""
        return self.db.list_plans()

    def default_plan_id(self, configured: str | None) -> str:
        if configured is not None:
            return configured
        with self._lock:
            if self._only is not None and time.monotonic() - self._only[1] < ONLY_PLAN_TTL:
                return self._only[0]
        plans = self.plans()
        if len(plans) != 1:
            if not plans:
                raise PLAN_NOT_FOUND.error(plan=Wording("", ""))
            ids = [p[0] for p in plans]
            raise PLAN_AMBIGUOUS.error(found=", ".join(ids), count=len(ids))
        with self._lock:
            self._only = (plans[0][0], time.monotonic())
        return plans[0][0]

    def view(self, plan_id: str, kind: View) -> PlanView:
        content_hash, revision = self.workflow.revision(plan_id)
        if content_hash is None:
            raise not_found("plan", plan_id)
        key = (plan_id, kind, content_hash, revision)
        with self._lock:
            hit = self._cache.get(key)
            if hit is not None:
                self._cache.move_to_end(key)
                return hit
            flight = self._building.setdefault(key, threading.Lock())
        with flight:  # the first request builds; the others wait here, then find it cached
            with self._lock:
                hit = self._cache.get(key)
                if hit is not None:
                    self._cache.move_to_end(key)
                    return hit
            try:
                built = self._build(plan_id, kind)
                with self._lock:
                    self.builds += 1
                    self._cache[key] = built
                    self._cache.move_to_end(key)
                    while len(self._cache) > self.cache_size:
                        self._cache.popitem(last=False)
            finally:
                with self._lock:
                    self._building.pop(key, None)
        return built

    def _build(self, plan_id: str, kind: View) -> PlanView:
        live = self.db.load_plan(plan_id)
        statuses = self.workflow.years(plan_id)
        if kind == "public":
            snapshots = self.workflow.snapshots(plan_id)
            years = sorted(snapshots)
            return PlanView(
                kind=kind,
                plan=public_plan(live, snapshots),
                years=years,
                default_year=years[-1] if years else None,
                statuses=statuses,
            )
        years = sorted(set(live.years) | set(statuses))
        open_years = [y for y, s in statuses.items() if s.is_open]
        published = [y for y, s in statuses.items() if s.has_snapshot]
        default = (
            max(open_years)
            if open_years
            else max(published)
            if published
            else live.report.year or live.period.end
        )
        return PlanView(kind=kind, plan=live, years=years, default_year=default, statuses=statuses)
