"""The org, indicators and compare commands, end to end on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from shinchoku.cli import app
from shinchoku.compare.indicators import BUNDLED, bundled_set, read_indicator_set
from shinchoku.store import Database
from tests.compare.conftest import SURVEY

runner = CliRunner()


def test_org_show_and_list() -> None:
    result = runner.invoke(app, ["org", "show", "04100", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["code"], data["name"], data["kind"]) == ("041009", "仙台市", "designated-city")
    assert len(data["members"]) == 5
    assert [g["id"] for g in data["peer_groups"]] == ["prefecture:040002", "kind:designated-city"]
    result = runner.invoke(
        app, ["org", "list", "--prefecture", "040002", "--kind", "village", "--json"]
    )
    assert [o["name"] for o in json.loads(result.stdout)["organisations"]] == ["大衡村"]
    bad = runner.invoke(app, ["org", "show", "041008"])
    assert bad.exit_code == 1
    assert "org-code-invalid" in bad.stderr


def test_import_then_compare(db: Database) -> None:
    url = db.url.render_as_string(hide_password=False)
    dry = runner.invoke(
        app,
        [
            "indicators",
            "import",
            str(SURVEY),
            "--set",
            "dx-survey",
            "--db",
            url,
            "--dry-run",
            "--json",
        ],
    )
    assert dry.exit_code == 0, dry.output
    assert json.loads(dry.stdout)["applied"] is False
    done = runner.invoke(
        app, ["indicators", "import", str(SURVEY), "--set", "dx-survey", "--db", url]
    )
    assert done.exit_code == 0, done.output
    assert "21 行。追加 21、変更 0、変更なし 0" in done.stdout
    result = runner.invoke(
        app,
        [
            "compare",
            "dx-survey/cio",
            "--prefecture",
            "040002",
            "--org",
            "042021",
            "--db",
            url,
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    d = data["distribution"]
    # FY2023 in 宮城県's 35 municipalities: 仙台 ○, 石巻 ×, 塩竈 はい, 気仙沼 いいえ, 大衡 ○,
    # 蔵王 「ー」 (not reported); 3 yes of 5 reported → 60%.
    assert (data["year"], d["population"], d["reported"], d["yes"], d["rate"]) == (
        2023,
        35,
        5,
        3,
        0.6,
    )
    assert "043010" in data["missing"] and len(data["missing"]) == 30
    (focus,) = data["focus"]
    assert (focus["code"], focus["value"], focus["rank"]) == (
        "042021",
        0.0,
        4,
    )  # 1, 1, 1, then 0, 0
    assert focus["trend"] == [{"year": 2022, "value": 0.0}, {"year": 2023, "value": 0.0}]
    # 宮城県's municipalities year by year: FY2022 仙台 ○, 石巻 ×, 塩竈 × → 1 of 3
    assert data["trend"] == [
        {"year": 2022, "reported": 3, "value": 0.3333},
        {"year": 2023, "reported": 5, "value": 0.6},
    ]
    ratio = runner.invoke(app, ["compare", "dx-survey/online-rate", "--db", url, "--json"])
    data = json.loads(ratio.stdout)
    # 仙台 30/40 = 75%, 石巻 5/20 = 25%, 塩竈 12/24 = 50%; 宮城県 pooled 47/84 = 55.95…%
    assert [(o["code"], o["value"], o["rank"]) for o in data["organisations"][:3]] == [
        ("041009", 75.0, 1),
        ("042030", 50.0, 2),
        ("042021", 25.0, 3),
    ]
    miyagi = next(p for p in data["prefectures"] if p["code"] == "040002")
    assert (miyagi["value"], miyagi["rank"]) == (55.9524, 1)
    assert data["distribution"]["median"] == 50.0
    # FY2022: 仙台 22 of 40 only → 55%
    assert data["trend"][0] == {"year": 2022, "reported": 1, "value": 55.0}
    group = runner.invoke(
        app, ["org", "group", "sanriku", "042021", "042056", "--name", "三陸沿岸", "--db", url]
    )
    assert group.exit_code == 0 and "比較グループ sanriku：2 団体" in group.stdout
    peers = runner.invoke(
        app,
        ["compare", "dx-survey/cio", "--year", "2023", "--org", "042021", "--db", url, "--json"],
    )
    (sanriku,) = [
        g for g in json.loads(peers.stdout)["focus"][0]["groups"] if g["id"] == "user:sanriku"
    ]
    assert (sanriku["rank"], sanriku["of"], sanriku["rate"]) == (1, 2, 0.0)  # both answered ×
    text = runner.invoke(app, ["compare", "dx-survey/cio", "--year", "2023", "--db", url])
    assert "実施率 60.0%（3 / 5 団体）" in text.stdout
    english = runner.invoke(
        app, ["--lang", "en", "compare", "dx-survey/cio", "--year", "2023", "--db", url]
    )
    assert "実施率 60.0% (3 of 5)" in english.stdout and "reported 5 of 1,741" in english.stdout
    missing = runner.invoke(app, ["compare", "dx-survey/nothing", "--db", url])
    assert missing.exit_code == 1 and "compare-not-found" in missing.stderr


def test_a_set_is_added_and_its_definition_printed(db: Database, tmp_path: Path) -> None:
    url = db.url.render_as_string(hide_password=False)
    bundled = bundled_set()
    added = runner.invoke(app, ["indicators", "add", str(BUNDLED / "dx-survey.yaml"), "--db", url])
    assert added.exit_code == 0, added.output
    assert "指標セット dx-survey（自治体DX推進状況調査、10 指標）を追加しました" in added.stdout
    printed = runner.invoke(app, ["indicators", "definition", "dx-survey", "--db", url])
    assert printed.exit_code == 0 and printed.stdout == bundled.to_yaml()
    out = tmp_path / "dx-survey.yaml"
    written = runner.invoke(
        app, ["indicators", "definition", "dx-survey", "--out", str(out), "--db", url]
    )
    assert written.exit_code == 0 and read_indicator_set(out) == bundled
    again = runner.invoke(app, ["--lang", "en", "indicators", "add", str(out), "--db", url])
    assert "indicator set dx-survey (自治体DX推進状況調査) is stored as it is" in again.stdout
    # a new version, then one that drops an indicator with figures: refused, named
    out.write_text(bundled.to_yaml().replace("as_of: R6.4", "as_of: R7.4"), encoding="utf-8")
    changed = runner.invoke(app, ["indicators", "add", str(out), "--db", url])
    assert "新しい版に更新しました" in changed.stdout
    assert (
        runner.invoke(
            app, ["indicators", "import", str(SURVEY), "--set", "dx-survey", "--db", url]
        ).exit_code
        == 0
    )
    text = out.read_text(encoding="utf-8")
    start, end = text.index("  - id: cio\n"), text.index("  - id: cio-deputy\n")
    out.write_text(text[:start] + text[end:], encoding="utf-8")
    refused = runner.invoke(app, ["indicators", "add", str(out), "--db", url])
    assert refused.exit_code == 1
    assert "[indicator-has-figures] dx-survey.yaml（指標（indicators））" in refused.stderr
    missing = runner.invoke(app, ["indicators", "definition", "nothing", "--db", url])
    assert missing.exit_code == 1 and "indicator-set-not-found" in missing.stderr
