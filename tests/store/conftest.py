"""Store fixtures: every test runs on SQLite and on PostgreSQL.

``temporary_database`` is a plain context manager so that other test packages can use
it; moving this file to ``tests/conftest.py`` keeps every fixture working.
PostgreSQL comes from ``SHINCHOKU_TEST_POSTGRES_URL`` (a server URL with rights to create
databases); when it cannot be reached the tests fail, they are never skipped.
"""

from __future__ import annotations

import copy
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import NullPool

from shinchoku.store import Database

POSTGRES_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
BACKENDS = ("sqlite", "postgresql")


def postgres_server_url() -> sa.URL:
    url = sa.make_url(os.environ.get("SHINCHOKU_TEST_POSTGRES_URL", POSTGRES_DEFAULT))
    return url.set(drivername="postgresql+psycopg") if url.drivername == "postgresql" else url


@contextmanager
def temporary_database(backend: str, tmp_path: Path, template: str | None = None) -> Iterator[str]:
    """The URL of a fresh, empty database, removed afterwards; on PostgreSQL, with
    ``template`` (a database's name, nobody connected to it), a copy of that one."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'shinchoku.sqlite'}"
        return
    if backend != "postgresql":
        raise ValueError(f"unknown backend {backend!r}")
    server = postgres_server_url()
    name = f"shinchoku_t_{secrets.token_hex(6)}"
    admin = sa.create_engine(
        server,
        isolation_level="AUTOCOMMIT",
        poolclass=NullPool,
        connect_args={"connect_timeout": 5},
    )
    try:
        with admin.connect() as conn:
            copy_of = f' TEMPLATE "{template}"' if template is not None else ""
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"{copy_of}')
    except OperationalError as exc:
        admin.dispose()
        pytest.fail(
            f"PostgreSQL is unreachable at {server.render_as_string(hide_password=True)} "
            f"(set SHINCHOKU_TEST_POSTGRES_URL): {exc}",
            pytrace=False,
        )
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(
                sa.text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE datname = :name AND pid <> pg_backend_pid()"
                ),
                {"name": name},
            )
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')
        admin.dispose()


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with temporary_database(request.param, tmp_path) as url:
        yield url


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    """A migrated, empty database."""
    database = Database(db_url)
    database.migrate()
    try:
        yield database
    finally:
        database.dispose()


_PLAN: dict[str, Any] = {
    "id": "miyagi-test",
    "name": "みやぎ情報化推進ポリシー",
    "name_en": "Miyagi informatization policy",
    "government": "宮城県",
    "period": {"start": 2021, "end": 2024},
    "basic_goal": "県民一人ひとりが実感できるデジタル社会",
    "slogan": "デジタルで、みやぎの未来を",
    "settings": {
        "rate_rounding": "half-up",
        "bands": [{"grade": "A", "min_rate": "100.0", "label": "達成"}, {"grade": "B"}],
        "flat_tolerance": "0.05",
    },
    "report": {"year": 2023, "as_of": "R6.3", "note": "R5年度実績"},
    "org_units": [
        {"id": "digital", "department": "企画部", "division": "デジタルみやぎ推進課"},
        {
            "id": "edu",
            "department": "教育庁",
            "division": "教育企画室",
            "division_en": "Education Planning Office",
        },
    ],
    "money": [
        {"year": 2023, "projects": 45, "amount": "2,022,951千円", "kind": "settled"},
    ],
    "statements": [
        {
            "where": "summary page",
            "year": 2023,
            "projects": "45事業",
            "amount": "20.2億円",
            "kind": "settled",
        },
        {"where": "area page", "area": "citizen", "year": 2022, "projects": "ー"},
    ],
    "areas": [
        {
            "id": "citizen",
            "name": "D for Citizen",
            "label": "D for Citizen",
            "kind": "priority-goal",
            "guidelines": [
                {
                    "id": "g-online",
                    "headings": ["行政手続のオンライン化", "利便性向上"],
                    "initiatives": {
                        2023: [
                            {
                                "text": "オンライン申請の拡充",
                                "new": True,
                                "details": ["電子申請システムの更新"],
                                "figures": [{"text": "1,731件", "kpi": "kpi-online", "year": 2023}],
                            },
                            "出会い支援",
                        ]
                    },
                }
            ],
            "cards": [
                {
                    "kpi": "kpi-online",
                    "baseline": "345件",
                    "baseline_as_of": "R2.12",
                    "actual": "1,731件",
                    "target": "前年度越え",
                    "target_year": 2023,
                    "rate": "71.0%",
                    "notes": ["※速報値"],
                }
            ],
            "measures": [
                {
                    "id": "m-online",
                    "name": "行政手続オンライン化推進事業",
                    "org_units": ["digital"],
                    "kpis": [{"kpi": "kpi-online", "number": 1}, {"kpi": "kpi-ict", "number": 2}],
                    "years": {
                        2023: {
                            "declared_status": "【一部達成】",
                            "analysis": "システム更新により申請件数が増加した。",
                            "provenance": {
                                "source": "dataset",
                                "file": "r5.xlsx",
                                "sheet": "D for Citizen",
                                "cell": "H12",
                            },
                        }
                    },
                }
            ],
            "money": [
                {"year": 2022, "projects": 12, "amount": "123,456千円", "kind": "settled"},
                {
                    "year": 2023,
                    "projects": 13,
                    "amount": {"text": "約1億円", "yen": 100000000},
                    "kind": "budget",
                    "note": "当初予算",
                },
            ],
        },
        {
            "id": "foundation",
            "name": "基盤取組",
            "kind": "foundation",
            "children": [
                {
                    "id": "municipal",
                    "name": "市町村の情報化への支援",
                    "label": "イ",
                    "kind": "sub-area",
                    "measures": [
                        {
                            "id": "m-school",
                            "name": "学校ICT活用推進事業",
                            "org_units": ["edu", "digital"],
                            "org_unit_text": "教育庁 教育企画室ほか",
                            "kpis": ["kpi-ict"],
                            "years": {2022: {"declared_status": "【達成】"}},
                        }
                    ],
                    "money": [{"year": 2023, "projects": 3, "kind": "settled"}],
                }
            ],
        },
    ],
    "kpis": [
        {
            "id": "kpi-online",
            "name": "オンライン化された行政手続数",
            "unit": "件",
            "cumulative": True,
            "baseline": {"value": "345件", "as_of": "R2.12"},
            "targets": {2022: "400件", 2023: "前年度越え", 2024: {"text": "ー", "note": "R4目標"}},
            "final_target": {"text": "500件", "note": "R6目標"},
            "observations": {
                2022: {"value": "約5万2千件", "as_of": "R4.3", "provisional": True},
                2023: {
                    "value": "1,731件",
                    "data_year": 2022,
                    "finalised_later": True,
                    "basis": "R4年度比",
                    "declared_status": "達成",
                    "stated_rate": "71.0%",
                    "note": "※翌年度に数値確定",
                    "provenance": {
                        "source": "inquiry",
                        "user": "tanaka",
                        "at": "2024-05-01T09:00:00+09:00",
                    },
                },
            },
            "source": "総務省発表",
            "notes": ["注1", "注2"],
        },
        {
            "id": "kpi-ict",
            "name": "ICT活用指導力のある教員の割合",
            "unit": "%",
            "direction": "keep",
            "baseline": {"note": "R3新規"},
            "targets": {2023: "維持"},
            "observations": {
                2023: {
                    "value": {
                        "text": "会議等394回実施（約523千ページ削減）",
                        "value": "523000.0",
                        "unit": "ページ",
                        "approximate": True,
                    }
                }
            },
        },
        {
            "id": "kpi-paper",
            "name": "紙の使用量",
            "unit": "枚",
            "direction": "lower",
            "baseline": {"value": "７１．０", "as_of": "R元年度"},
            "targets": {2023: "50", 2024: "40"},
            "observations": {2022: {"value": "60.50"}, 2023: {"value": "ー"}},
        },
    ],
}


@pytest.fixture
def plan_data() -> dict[str, Any]:
    """A small plan as a dataset would give it; a fresh copy for every test."""
    return copy.deepcopy(_PLAN)
