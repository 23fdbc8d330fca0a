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

from shinchoku.japanese.text import MAX_FIGURE_TEXT
from shinchoku.store import Database
from shinchoku.web import WebSettings, create_app
from tests.web.conftest import KPI_X, OPEN_YEAR, PLAN, Site, make_settings

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


def test_openapi_declares_the_bearer_scheme_and_figure_limits(site: Site) -> None:
    doc = site.client().get("/openapi.json").json()
    assert doc["components"]["securitySchemes"]["bearer"] == {
        "type": "http",
        "scheme": "bearer",
        "description": doc["components"]["securitySchemes"]["bearer"]["description"],
    }
    paths = doc["paths"]
    put = paths["/api/plans/{plan_id}/kpis/{kpi_id}/observations/{year}"]["put"]
    assert put["security"] == [{"bearer": []}]  # writes need a token
    assert paths["/api/plans"]["get"]["security"] == [{"bearer": []}, {}]  # reads: optional
    assert paths["/api/me"]["get"]["security"] == [{"bearer": []}]
    value = doc["components"]["schemas"]["ObservationIn"]["properties"]["value"]
    assert {"type": "string", "maxLength": MAX_FIGURE_TEXT} in value["anyOf"]


def test_figure_text_at_the_limit_is_read_and_past_it_refused(site: Site) -> None:
    """The schema's limit is the parser's: the longest schema-valid text reaches the
    parser (and is judged on what it says), one more character is a validation error."""
    token = site.token("admin")
    url = f"/api/plans/{PLAN}/kpis/{KPI_X}/observations/{OPEN_YEAR}"
    headers = {"Authorization": f"Bearer {token}"}
    client = site.client()
    longest = "1" + " " * (MAX_FIGURE_TEXT - 2) + "件"
    too_long = longest + "件"
    over = client.put(url, json={"value": too_long, "revision": 0}, headers=headers)
    assert over.status_code == 422 and over.json()["code"] == "invalid-request"
    at = client.put(url, json={"value": longest, "revision": 0}, headers=headers)
    assert at.status_code != 500 and at.json().get("code") != "invalid-request"


def test_docs_page_serves_the_document(site: Site) -> None:
    page = site.client().get("/docs")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    html = page.text
    assert "/api/plans/{plan_id}/kpis/{kpi_id}/observations/{year}" in html
    assert f"maxLength {MAX_FIGURE_TEXT}" in html and "bearer" in html
    assert "<script" not in html  # the Content-Security-Policy allows none from elsewhere
