"""The request parameters the pages share: a fiscal year in the path or the query, an id,
a short text, and the signed-in staff member: of the plan shown (any role), its office
(an admin of its organisation), a reviewer of its divisions (its office or its
prefecture's), of no plan in particular (their own account), or the national
administrator (what belongs to the installation: indicator sets)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path, Query

from shinchoku.store.accounts import User
from shinchoku.web.auth import (
    require_admin,
    require_national_admin,
    require_office,
    require_reviewer,
    require_staff,
    require_user,
)

Year = Annotated[int, Path(ge=1900, le=2199)]
YearQ = Annotated[int | None, Query(ge=1900, le=2199)]
Key = Annotated[str, Path(max_length=200)]
Text = Annotated[str | None, Query(max_length=200)]
Staff = Annotated[User, Depends(require_staff)]
Admin = Annotated[User, Depends(require_office)]
Reviewer = Annotated[User, Depends(require_reviewer)]
Account = Annotated[User, Depends(require_user)]
AccountAdmin = Annotated[User, Depends(require_admin)]
NationalAdmin = Annotated[User, Depends(require_national_admin)]
