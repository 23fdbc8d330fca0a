"""A disaggregated KPI on the public site and in the JSON API (the town plan)."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from shinchoku.model import Plan
from shinchoku.web import create_app
from shinchoku.web.server import load_and_publish
from tests.web.conftest import make_settings
from tests.web.test_pages import text

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient


@pytest.fixture
def client(town: Plan, tmp_path: Path) -> Iterator[TestClient]:
    url = f"sqlite:///{tmp_path / 'town.sqlite'}"
    load_and_publish(url, town)
    with TestClient(create_app(make_settings(url, tmp_path)), base_url="http://testserver") as c:  # type: ignore[arg-type]
        yield c


def test_kpi_page_shows_a_line_per_part(client: TestClient) -> None:
    r = client.get("/fy/2024/kpis/ict-teachers.html")
    assert r.status_code == 200
    table = r.text.split('id="kpi-ict-teachers-breakdown"', 1)[1].split("</table>", 1)[0]
    page = text(table)
    assert "KPIの判定方法: 最も低い内訳の評価" in page
    assert "小 70 80 84 105.0% 90 93.3% 達成" in page
    assert "中 60 80 72 90.0% 85 84.7% 未達成" in page


def test_api_gives_the_breakdown_and_its_parts(client: TestClient, town: Plan) -> None:
    kpi = client.get(f"/api/plans/{town.id}/kpis/seminar-participants?year=2024").json()
    assert kpi["breakdown"] == {
        "dimensions": {"性別": ["男", "女"]},
        "rule": "total",
        "total": "計",
    }
    assert (kpi["status"], kpi["actual_value"]) == ("achieved", "120")
    assert [(p["label"], p["dimensions"], p["actual"], p["status"]) for p in kpi["parts"]] == [
        ("男", {"性別": "男"}, "50人", "no-target"),
        ("女", {"性別": "女"}, "70人", "no-target"),
    ]
    plain = client.get(f"/api/plans/{town.id}/kpis/counter-wait?year=2024").json()
    assert plain["breakdown"] is None and plain["parts"] == []
