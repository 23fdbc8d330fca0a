"""Schemathesis over /openapi.json, in process (ASGI): no input makes the server fail (5xx).

The schema is read from an app that is never connected to a database (``create_app``
connects nothing); each generated request goes to the test's own app.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from shinchoku.store import Database
from shinchoku.web import WebSettings, create_app
from tests.web.conftest import Site, make_settings

FUZZ = settings(
    max_examples=5,
    derandomize=True,  # the same examples on every run
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)

schema = schemathesis.openapi.from_asgi(
    "/openapi.json", create_app(WebSettings(database_url="sqlite:///never-opened.sqlite"))
)


@pytest.fixture(scope="module")
def api_site(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """One site for every generated request of this module (writes are rare and harmless)."""
    folder = tmp_path_factory.mktemp("openapi")
    shutil.copyfile(template_db, folder / "shinchoku.sqlite")
    url = f"sqlite:///{folder / 'shinchoku.sqlite'}"
    db = Database(url)
    try:
        yield Site(url, folder, create_app(make_settings(url, folder)), db, [])
    finally:
        db.dispose()


@pytest.fixture(scope="module")
def admin_token(api_site: Site) -> str:
    return api_site.token("admin")


@schema.parametrize()
@FUZZ
def test_api_anonymous(case: Any, api_site: Site) -> None:
    case.call_and_validate(app=api_site.app, checks=[not_a_server_error])


@schema.parametrize()
@FUZZ
def test_api_with_admin_token(case: Any, api_site: Site, admin_token: str) -> None:
    case.call_and_validate(
        app=api_site.app,
        headers={"Authorization": f"Bearer {admin_token}"},
        checks=[not_a_server_error],
    )


def test_openapi_documents_the_error_shape(site: Site) -> None:
    doc = site.client().get("/openapi.json").json()
    assert "ErrorBody" in doc["components"]["schemas"]
    put = doc["paths"]["/api/plans/{plan_id}/kpis/{kpi_id}/observations/{year}"]["put"]
    assert {"401", "403", "404", "409", "422"} <= set(put["responses"])
    assert put["responses"]["409"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ErrorBody"
    }
    # the pages are not API operations
    assert not any(p.startswith("/staff") or p == "/" for p in doc["paths"])
