"""The request parameters the pages share: a fiscal year in the path or the query, an id,
a short text, and the signed-in staff member (any role, or an admin)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path, Query

from shinchoku.store.accounts import User
from shinchoku.web.auth import require_admin, require_user

Year = Annotated[int, Path(ge=1900, le=2199)]
YearQ = Annotated[int | None, Query(ge=1900, le=2199)]
Key = Annotated[str, Path(max_length=200)]
Text = Annotated[str | None, Query(max_length=200)]
Staff = Annotated[User, Depends(require_user)]
Admin = Annotated[User, Depends(require_admin)]
