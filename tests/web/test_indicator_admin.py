"""The national administrator's indicator sets on the staff pages, on SQLite and
PostgreSQL: a set added and a new version of it, its definition downloaded as the CLI
prints it, a survey file previewed (nothing written) and then imported, a file with a
bad cell or a bad field refused with its file, row, cell and text (nothing written),
the upload limits, and the refusals of everyone but the national administrator."""

from __future__ import annotations

import hashlib
import html
import io
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from httpx import Response
from openpyxl import Workbook
from typer.testing import CliRunner

from shinchoku.cli import app
from shinchoku.compare import store
from shinchoku.compare.indicators import IndicatorSet, read_indicator_set
from shinchoku.store.accounts import Accounts
from tests.web.conftest import (
    PASSWORD,
    SURVEY,
    Site,
    TestClient,
    backend_sites,
    prepare,
    temporary_database,
)

HOME = "/staff/indicators"
SET_ID = "miyagi-dx"
SET_YAML = """\
id: miyagi-dx
name: 宮城県市町村DX取組調査
scope: prefectural
owner: "040002"
source: 宮城県「市町村DX取組状況調査」
as_of: R6.4
indicators:
  - id: chatbot
    name: チャットボットの導入
    definition: 住民向けのチャットボットを導入しているか
    computation: yes-no
  - id: cashless
    name: キャッシュレス決済に対応した手続数
    unit: 件
    computation: number
"""
# real 団体コード of 宮城県 and its municipalities, figures as people type them
SURVEY_CSV = """\
団体コード,団体名,年度,指標,値
041009,仙台市,R5,chatbot,○
042021,石巻市,R5,chatbot,×
042030,塩竈市,R5,chatbot,はい
043010,蔵王町,R5,cashless,３件
044245,大衡村,R5,cashless,12
041009,仙台市,R5,cashless,"1,250"
"""
ORGS = ["041009", "042021", "042030", "043010", "044245"]

runner = CliRunner()


# -- sites on both backends ------------------------------------------------------------------


@pytest.fixture(scope="session")
def postgres_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A prepared PostgreSQL database (the web tests' example, users, survey) to copy."""
    with temporary_database("postgresql", tmp_path_factory.mktemp("natadmin-pg")) as url:
        prepare(url)
        yield sa.make_url(url).database or ""


SiteMaker = Callable[..., Site]


@pytest.fixture(params=["sqlite", "postgresql"])
def sites(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SiteMaker]:
    """Fresh sites over copies of the web tests' database on one backend; keyword
    arguments change the app's settings."""
    with backend_sites(
        tmp_path,
        request.param,
        lambda: request.getfixturevalue("template_db"),
        lambda: request.getfixturevalue("postgres_template"),
    ) as make:
        yield make


def national(site: Site) -> tuple[TestClient, str]:
    """A client of the national administrator (the web tests' admin: no organisation)
    and its form token."""
    c = site.client()
    token = site.become(c, "admin")
    assert token is not None
    return c, token


def send(c: TestClient, url: str, token: str, name: str, data: bytes, **fields: str) -> Response:
    r: Response = c.post(
        url,
        data={"csrf_token": token, **fields},
        files={"file": (name, data, "application/octet-stream")},
        follow_redirects=False,
    )
    return r


def problems(r: Response) -> list[tuple[str, str, str, str]]:
    """(place, message, text found, code) of each problem the page lists."""
    rows = re.findall(
        r"<tr><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td><td><code>(.*?)</code></td></tr>",
        r.text,
    )
    return [tuple(html.unescape(x) for x in row) for row in rows]  # type: ignore[misc]


def counts(r: Response) -> tuple[int, ...]:
    """Rows read, added, changed, unchanged, as the preview or the result shows them."""
    table = r.text[r.text.index('<table class="import-counts">') :]
    row = re.search(r"<tbody><tr>(.*?)</tr>", table)
    assert row is not None
    return tuple(int(n.replace(",", "")) for n in re.findall(r">([\d,]+)<", row.group(1)))


def diff_codes(r: Response) -> list[str]:
    if '<table class="diff-table">' not in r.text:
        return []
    table = r.text[
        r.text.index('<table class="diff-table">') : r.text.index(
            "</table>", r.text.index('<table class="diff-table">')
        )
    ]
    return re.findall(r"<tr><td>(\d{6})</td>", table)


def summary(site: Site, set_id: str = SET_ID) -> store.SetSummary | None:
    with site.db.engine.connect() as conn:
        return next((s for s in store.set_summaries(conn) if s.id == set_id), None)


def stored(site: Site, set_id: str = SET_ID) -> IndicatorSet:
    with site.db.engine.connect() as conn:
        return store.load_indicator_set(conn, set_id)


def add_set(site: Site) -> None:
    c, token = national(site)
    r = send(c, HOME, token, "miyagi-dx.yaml", SET_YAML.encode())
    assert r.status_code == 303, r.text


# -- an indicator set --------------------------------------------------------------------------


def test_a_set_is_added_downloaded_and_replaced_by_a_new_version(sites: SiteMaker) -> None:
    site = sites()
    c, token = national(site)
    r = send(c, HOME, token, "miyagi-dx.yaml", SET_YAML.encode())
    assert (r.status_code, r.headers["location"]) == (303, f"{HOME}/{SET_ID}?note=added")
    page = c.get(r.headers["location"])
    assert "指標セットを追加しました。" in page.text
    assert "チャットボットの導入" in page.text and "宮城県 040002" in page.text
    s = summary(site)
    assert s is not None and (s.name, s.indicators, s.years, s.figures) == (
        "宮城県市町村DX取組調査",
        2,
        (),
        0,
    )
    listed = c.get(HOME)
    assert f'<a href="{HOME}/{SET_ID}">{SET_ID}</a>' in listed.text

    # the definition: the text the CLI prints, read back to the same set
    download = c.get(f"{HOME}/{SET_ID}/definition.yaml")
    assert download.status_code == 200
    assert download.headers["content-disposition"] == f'attachment; filename="{SET_ID}.yaml"'
    assert download.text == stored(site).to_yaml()
    printed = runner.invoke(app, ["indicators", "definition", SET_ID, "--db", site.url])
    assert printed.exit_code == 0, printed.output
    assert printed.stdout == download.text
    (site.tmp_path / "back.yaml").write_text(download.text, encoding="utf-8")
    assert read_indicator_set(site.tmp_path / "back.yaml") == stored(site)

    # the same file again changes nothing; a new version replaces the set
    r = send(c, HOME, token, "miyagi-dx.yaml", download.content)
    assert r.headers["location"] == f"{HOME}/{SET_ID}?note=unchanged"
    newer = SET_YAML.replace("as_of: R6.4", "as_of: R7.4") + (
        "  - id: ai\n    name: 生成AIの利用\n    computation: yes-no\n"
    )
    r = send(c, HOME, token, "miyagi-dx-v2.yaml", newer.encode())
    assert r.headers["location"] == f"{HOME}/{SET_ID}?note=changed"
    assert "指標セットを新しい版に更新しました。" in c.get(r.headers["location"]).text
    assert [i.id for i in stored(site).indicators] == ["chatbot", "cashless", "ai"]


def test_a_bad_set_file_names_its_file_field_and_text_and_saves_nothing(
    sites: SiteMaker,
) -> None:
    site = sites()
    c, token = national(site)
    bad = SET_YAML.replace("computation: number", "computation: percent")
    r = send(c, HOME, token, "bad-set.yaml", bad.encode())
    assert r.status_code == 422
    assert "ファイル「bad-set.yaml」に問題があります。何も保存していません。" in r.text
    [(place, _message, found, code)] = problems(r)
    assert place.startswith("bad-set.yaml:15") and "computation" in place
    assert (found, code) == ("「percent」", "invalid-value")
    assert summary(site) is None

    # an owner that is no organisation
    r = send(c, HOME, token, "stray.yaml", SET_YAML.replace('"040002"', '"999999"').encode())
    assert [(p[0], p[2], p[3]) for p in problems(r)] == [
        ("stray.yaml（作成団体（owner））", "「999999」", "org-unknown")
    ]
    assert summary(site) is None

    # dx-survey without an indicator that has figures: the store's one rule
    before = stored(site, "dx-survey")
    text = c.get(f"{HOME}/dx-survey/definition.yaml").text
    start = text.index("  - id: cio\n")
    dropped = text[:start] + text[text.index("  - id: cio-deputy\n") :]
    r = send(c, HOME, token, "dx-survey.yaml", dropped.encode())
    assert r.status_code == 409
    assert [(p[0], p[2], p[3]) for p in problems(r)] == [
        ("dx-survey.yaml（指標（indicators））", "「cio」", "indicator-has-figures")
    ]
    assert stored(site, "dx-survey") == before


def test_the_upload_is_checked_before_it_is_read(sites: SiteMaker) -> None:
    site = sites(upload_max_bytes=2048)
    c, token = national(site)
    r = send(c, HOME, token, "set.json", b"{}")
    assert r.status_code == 415
    assert [(p[2], p[3]) for p in problems(r)] == [("「set.json」", "upload-file-type")]
    r = c.post(HOME, data={"csrf_token": token}, follow_redirects=False)
    assert r.status_code == 422 and [p[3] for p in problems(r)] == ["upload-missing"]
    # over the limit: a file a little over it, on the page; a body far over it, before
    # anything is read
    padded = SET_YAML + "#" * 3000 + "\n"
    r = send(c, HOME, token, "miyagi-dx.yaml", padded.encode())
    assert r.status_code == 413 and [p[3] for p in problems(r)] == ["upload-too-large"]
    r = send(c, HOME, token, "huge.yaml", b"#" * 200_000)
    assert r.status_code == 413 and "<code>upload-too-large</code>" in r.text
    # a path sent as the name keeps its base name only
    r = send(c, HOME, token, "C:\\Users\\kikaku\\miyagi-dx.yaml", SET_YAML.encode())
    assert r.status_code == 303
    assert summary(site) is not None


# -- a survey file -----------------------------------------------------------------------------


def test_a_survey_is_previewed_then_imported(sites: SiteMaker) -> None:
    site = sites()
    add_set(site)
    c, token = national(site)
    url = f"{HOME}/{SET_ID}/survey"
    data = SURVEY_CSV.encode()

    preview = send(c, url, token, "r5-survey.csv", data)
    assert preview.status_code == 200
    assert "取込みのプレビュー" in preview.text and "まだ何も取り込んでいません" in preview.text
    assert counts(preview) == (6, 6, 0, 0)
    assert diff_codes(preview) == ORGS
    sha = hashlib.sha256(data).hexdigest()
    assert f'name="previewed" value="{sha}"' in preview.text
    s = summary(site)
    assert s is not None and (s.figures, s.last_import) == (0, None)  # nothing written

    # another file sent to confirm: its own preview, nothing imported
    other = data.replace(b"\xe2\x97\x8b", "×".encode())  # 仙台市's ○ becomes ×
    r = send(c, url, token, "r5-survey.csv", other, previewed=sha)
    assert "プレビューしたファイルと内容が異なります" in r.text
    assert counts(r) == (6, 6, 0, 0)
    assert summary(site).figures == 0  # type: ignore[union-attr]

    # the file previewed, confirmed: imported whole
    done = send(c, url, token, "r5-survey.csv", data, previewed=sha)
    assert done.status_code == 200
    assert "取り込みました。" in done.text and counts(done) == (6, 6, 0, 0)
    s = summary(site)
    assert s is not None and (s.years, s.figures) == ((2023,), 6)
    assert s.last_import is not None and (s.last_import.file, s.last_import.rows) == (
        "r5-survey.csv",
        6,
    )
    assert (s.last_import.sha256, s.last_import.imported_by) == (sha, "admin")
    page = c.get(f"{HOME}/{SET_ID}")
    assert '<th scope="row">r5-survey.csv</th>' in page.text
    assert '<th scope="col">取込み者</th>' in page.text and "<td>admin</td>" in page.text
    assert f'href="/compare/{SET_ID}/chatbot/2023"' in page.text
    compared = c.get(f"/compare/{SET_ID}/chatbot/2023?prefecture=040002")
    assert compared.status_code == 200 and "仙台市" in compared.text

    # the next file's preview shows what it changes
    r = send(c, url, token, "r5-survey-fixed.csv", other)
    assert counts(r) == (6, 0, 1, 5) and diff_codes(r) == ["041009"]


def test_a_bad_cell_is_shown_with_its_file_row_and_text_and_nothing_changes(
    sites: SiteMaker,
) -> None:
    site = sites()
    add_set(site)
    c, token = national(site)
    url = f"{HOME}/{SET_ID}/survey"
    bad = SURVEY_CSV.replace("042021,石巻市,R5,chatbot,×", "042021,石巻市,R5,chatbot,たぶん")
    for fields in ({}, {"previewed": hashlib.sha256(bad.encode()).hexdigest()}):
        r = send(c, url, token, "r5-bad.csv", bad.encode(), **fields)
        assert r.status_code == 400
        assert "ファイル「r5-bad.csv」に問題があります。何も保存していません。" in r.text
        assert problems(r) == [
            (
                "r5-bad.csv:3（値）",
                "有無の指標の回答が有・無・空欄でない（記載:「たぶん」）。",
                "「たぶん」",
                "survey-yes-no",
            )
        ]
    s = summary(site)
    assert s is not None and (s.figures, s.last_import) == (0, None)


def _workbook(rows: list[list[str]], sheet: str) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "説明"
    ws.append(["この調査ファイルの説明"])
    data = wb.create_sheet(sheet)
    for row in rows:
        data.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_a_workbook_is_read_from_its_sheet(sites: SiteMaker) -> None:
    site = sites()
    add_set(site)
    c, token = national(site)
    url = f"{HOME}/{SET_ID}/survey"
    rows = [line.split(",") for line in SURVEY_CSV.splitlines()[:6]]
    good = _workbook(rows, "R5")
    r = send(c, url, token, "r5.xlsx", good, sheet="R5")
    assert r.status_code == 200 and counts(r) == (5, 5, 0, 0)
    r = send(c, url, token, "r5.xlsx", good, sheet="R6")
    assert [(p[2], p[3]) for p in problems(r)] == [("「R6」", "survey-sheet-missing")]
    rows[3][4] = "多分"  # 塩竈市's answer, cell E4
    r = send(c, url, token, "r5-bad.xlsx", _workbook(rows, "R5"), sheet="R5")
    [(place, _message, _found, code)] = problems(r)
    assert (place, code) == ("r5-bad.xlsx:4、シート R5、セル E4（値）", "survey-yes-no")
    r = send(c, url, token, "r5.xlsx", b"PK\x03\x04 not a workbook")
    assert [p[3] for p in problems(r)] == ["not-a-workbook"]
    assert summary(site).figures == 0  # type: ignore[union-attr]


def test_an_unknown_set_is_not_found(sites: SiteMaker) -> None:
    site = sites()
    c, token = national(site)
    assert c.get(f"{HOME}/no-such-set").status_code == 404
    assert c.get(f"{HOME}/no-such-set/definition.yaml").status_code == 404
    r = send(c, f"{HOME}/no-such-set/survey", token, "r5.csv", SURVEY.read_bytes())
    assert r.status_code == 404 and "<code>indicator-set-not-found</code>" in r.text


# -- who may --------------------------------------------------------------------------------


def test_only_the_national_administrator_manages_sets(sites: SiteMaker) -> None:
    site = sites()
    Accounts(site.db).add_user("sendai_office", "admin", PASSWORD, (), organisation="041009")
    c = site.client()
    for role in ("sendai_office", "viewer", "editor_x"):
        token = site.become(c, role)
        assert token is not None
        assert c.get(HOME).status_code == 403
        assert c.get(f"{HOME}/dx-survey/definition.yaml").status_code == 403
        r = send(c, HOME, token, "miyagi-dx.yaml", SET_YAML.encode())
        assert r.status_code == 403 and "<code>forbidden</code>" in r.text
        r = send(c, f"{HOME}/dx-survey/survey", token, "s.csv", SURVEY.read_bytes())
        assert r.status_code == 403
        assert f'href="{HOME}"' not in c.get("/staff/").text  # not in their navigation
    site.become(c, "anonymous")
    r = c.get(HOME, follow_redirects=False)
    assert (r.status_code, r.headers["location"]) == (303, "/login?next=%2Fstaff%2Findicators")
    r = c.post(HOME, files={"file": ("x.yaml", SET_YAML.encode())}, follow_redirects=False)
    assert r.headers["location"].startswith("/login")
    assert summary(site) is None

    c, token = national(site)
    assert f'<a href="{HOME}">指標セットの管理</a>' in c.get("/staff/").text
    # a form from elsewhere: refused, nothing saved
    r = send(c, HOME, "not-the-token", "miyagi-dx.yaml", SET_YAML.encode())
    assert r.status_code == 403 and "<code>csrf-failed</code>" in r.text
    assert summary(site) is None


def test_the_pages_speak_english_when_asked(sites: SiteMaker) -> None:
    site = sites()
    c, _token = national(site)
    page = c.get(f"{HOME}?lang=en")
    assert '<h1 class="page-title">Indicator sets</h1>' in page.text
    assert "Add or update an indicator set" in page.text
    one = c.get(f"{HOME}/dx-survey").text  # the cookie keeps English
    assert "Download the definition (YAML)" in one and "Higher is better" in one
