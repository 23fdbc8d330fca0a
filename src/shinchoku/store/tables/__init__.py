"""Every table (SQLAlchemy 2 declarative, typed), importable from here.

One declarative :class:`Base` and its metadata hold the whole schema: importing this
package registers every table, so the migrations' comparison with the models and
``Database.migrate()`` always see all of them. The modules follow the domain:

* :mod:`.plan` — the plan's dataset, normalised (plans, areas, measures, KPIs, figures);
* :mod:`.accounts` — users, API tokens, sessions, the installation secret;
* :mod:`.years` — the year workflow's states and events, publications, the change log;
* :mod:`.inquiry` — 照会 rounds, forms and replies;
* :mod:`.compare` — many governments' figures (organisations, indicator sets).

Importing it pulls in SQLAlchemy only (the migrations import it; no openpyxl).
"""

from shinchoku.store.tables.accounts import (
    SECRET_BYTES,
    ApiTokenRow,
    InstallationSecretRow,
    LoginFailureRow,
    SessionRow,
    UserOrgUnitRow,
    UserRow,
)
from shinchoku.store.tables.base import (
    NAMING_CONVENTION,
    Base,
    Id,
    Json,
)
from shinchoku.store.tables.compare import (
    ComparisonAggregateRow,
    FigureRow,
    IndicatorRow,
    IndicatorSetRow,
    OrganisationRow,
    PeerGroupMemberRow,
    PeerGroupRow,
    SurveyImportRow,
)
from shinchoku.store.tables.inquiry import (
    InquiryFormRow,
    InquiryReplyRow,
    InquiryRoundRow,
)
from shinchoku.store.tables.plan import (
    SYNC_ORDER,
    AreaRow,
    KpiRow,
    MeasureKpiRow,
    MeasureMoneyRow,
    MeasureOrgUnitRow,
    MeasureRow,
    MeasureYearRow,
    MoneyRow,
    ObservationRow,
    OrgUnitRow,
    PlanRow,
    StatementRow,
    TargetRow,
)
from shinchoku.store.tables.years import (
    ChangeRow,
    PlanRevisionRow,
    PublishedYearRow,
    SentMailRow,
    UnitStateRow,
    YearDeadlineRow,
    YearEventRow,
    YearStateRow,
)

__all__ = [
    "NAMING_CONVENTION",
    "SECRET_BYTES",
    "SYNC_ORDER",
    "ApiTokenRow",
    "AreaRow",
    "Base",
    "ChangeRow",
    "ComparisonAggregateRow",
    "FigureRow",
    "Id",
    "IndicatorRow",
    "IndicatorSetRow",
    "InquiryFormRow",
    "InquiryReplyRow",
    "InquiryRoundRow",
    "InstallationSecretRow",
    "Json",
    "KpiRow",
    "LoginFailureRow",
    "MeasureKpiRow",
    "MeasureMoneyRow",
    "MeasureOrgUnitRow",
    "MeasureRow",
    "MeasureYearRow",
    "MoneyRow",
    "ObservationRow",
    "OrgUnitRow",
    "OrganisationRow",
    "PeerGroupMemberRow",
    "PeerGroupRow",
    "PlanRevisionRow",
    "PlanRow",
    "PublishedYearRow",
    "SentMailRow",
    "SessionRow",
    "StatementRow",
    "SurveyImportRow",
    "TargetRow",
    "UnitStateRow",
    "UserOrgUnitRow",
    "UserRow",
    "YearDeadlineRow",
    "YearEventRow",
    "YearStateRow",
]
