"""The policy office's pages: the round at a glance with its deadline, reminders sent
through a real (local) SMTP server, return with a reason, the review and publish
confirmations, user management, the user's own password, TOTP log-in, the change log."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pyotp
import pytest
from typer.testing import CliRunner

from shinchoku.cli import app
from shinchoku.store.accounts import Accounts
from shinchoku.store.edits import MeasureYearEdit, ObservationEdit, apply_edits
from shinchoku.store.history import Workflow
from shinchoku.workflow import submitting_units
from tests.web.conftest import (
    KPI_X,
    MEASURE_X,
    OPEN_YEAR,
    PASSWORD,
    PLAN,
    UNIT_X,
    UNIT_Y,
    Site,
    csrf,
    csrf_of,
    log_in,
)
from tests.web.mailserver import Inbox, body, mail_site, smtp

__all__ = ["mail_site", "smtp"]  # fixtures

runner = CliRunner()


def _post(c: object, path: str, data: dict[str, str] | None = None, page: str = "/staff/round"):  # type: ignore[no-untyped-def]
    token = csrf(c, page)  # type: ignore[arg-type]
    return c.post(path, data={"csrf_token": token, **(data or {})}, follow_redirects=False)  # type: ignore[attr-defined]


def test_the_round_shows_each_division_and_its_deadline(site: Site) -> None:
    apply_edits(site.db, PLAN, OPEN_YEAR, [ObservationEdit(KPI_X, 0, value="410")], user="editor_x")
    Workflow(site.db).submit(PLAN, OPEN_YEAR, UNIT_X, "editor_x")
    admin = site.client("admin")
    page = admin.get("/staff/round").text
    assert "提出状況の一覧" in page and "令和6年度" in page
    assert "デジタルみやぎ推進課" in page and "教育企画室" in page
    assert "提出期限はまだ設定されていません" in page
    # the last change of unit X is the editor's
    row = re.search(r"デジタルみやぎ推進課</th>(.*?)</tr>", page, re.S)
    assert row is not None and "editor_x" in row.group(1) and "state-submitted" in row.group(1)
    other = re.search(r"教育企画室</th>(.*?)</tr>", page, re.S)
    assert (
        other is not None and "state-draft" in other.group(1) and "editor_x" not in other.group(1)
    )
    r = _post(admin, f"/staff/round/{OPEN_YEAR}/deadline", {"deadline": "2025-06-30"})
    assert r.status_code == 303
    page = admin.get(r.headers["location"]).text
    assert "令和7年6月30日（月）" in page and "提出期限を保存しました" in page
    r = _post(admin, f"/staff/round/{OPEN_YEAR}/deadline", {"deadline": "6月30日"})
    assert r.status_code == 422 and "「6月30日」を日付として読み取れません" in r.text
    assert Workflow(site.db).deadline(PLAN, OPEN_YEAR).deadline.isoformat() == "2025-06-30"  # type: ignore[union-attr]
    assert "Deadline" in admin.get("/staff/round?lang=en").text


def test_reminders_reach_the_smtp_server_and_are_recorded(
    mail_site: Site, smtp: tuple[Inbox, int]
) -> None:
    inbox, _port = smtp
    accounts = Accounts(mail_site.db)
    accounts.update("editor_x", "editor", [UNIT_X], "x@pref.example.jp")
    accounts.update("editor_y", "editor", [UNIT_Y], "y@pref.example.jp")
    wf = Workflow(mail_site.db)
    wf.set_deadline(PLAN, OPEN_YEAR, date(2025, 6, 30), "admin")
    wf.submit(PLAN, OPEN_YEAR, UNIT_Y, "editor_y")  # Y has submitted: no reminder
    admin = mail_site.client("admin")
    r = _post(admin, f"/staff/round/{OPEN_YEAR}/remind")
    assert r.status_code == 303
    assert [m["To"] for m in inbox.messages] == ["x@pref.example.jp"]
    msg = inbox.messages[0]
    assert msg["From"] == "office@pref.example.jp"
    assert "デジタルみやぎ推進課" in msg["Subject"] and "令和6年度" in msg["Subject"]
    text = body(msg)
    assert "令和7年6月30日（月）" in text
    assert "https://shinchoku.pref.example.jp/staff/my" in text
    [sent] = wf.mails(PLAN, OPEN_YEAR)
    assert (sent.recipient, sent.org_unit_id, sent.sent_by) == (
        "x@pref.example.jp",
        UNIT_X,
        "admin",
    )
    assert sent.subject == msg["Subject"]
    page = admin.get(r.headers["location"]).text
    assert "1通のメールを送信しました" in page and "x@pref.example.jp" in page
    # divisions with no address are named, not silently skipped
    accounts.update("editor_x", "editor", [UNIT_X], None)
    r = _post(admin, f"/staff/round/{OPEN_YEAR}/remind")
    page = admin.get(r.headers["location"]).text
    waiting = len(submitting_units(mail_site.db.load_plan(PLAN))) - 1
    assert "0通" in page and f"宛先のない所属が{waiting}件" in page
    assert len(inbox.messages) == 1


def test_reminders_need_a_mail_server(site: Site) -> None:
    admin = site.client("admin")
    assert "メールサーバーが設定されていません" in admin.get("/staff/round").text
    r = _post(admin, f"/staff/round/{OPEN_YEAR}/remind")
    assert r.status_code == 409 and "メールサーバーが設定されていない" in r.text


def test_a_return_needs_a_reason_which_the_division_sees(site: Site) -> None:
    Workflow(site.db).submit(PLAN, OPEN_YEAR, UNIT_X, "editor_x")
    admin, editor = site.client("admin"), site.client("editor_x")
    page = admin.get(f"/staff/years/{OPEN_YEAR}/units/{UNIT_X}/return").text
    assert "差し戻しの理由" in page and "残っている事項" in page
    path = f"/staff/years/{OPEN_YEAR}/units/{UNIT_X}/return"
    r = _post(admin, path, {"reason": "  "}, page=path)
    assert r.status_code == 422 and "差し戻しの理由を入力してください" in r.text
    assert Workflow(site.db).status(PLAN, OPEN_YEAR).unit_state(UNIT_X).value == "submitted"
    r = _post(admin, path, {"reason": "R6の実績値の単位が違います"}, page=path)
    assert r.status_code == 303
    assert Workflow(site.db).status(PLAN, OPEN_YEAR).unit_state(UNIT_X).value == "draft"
    assert "R6の実績値の単位が違います" in editor.get("/staff/years").text
    Workflow(site.db).set_deadline(PLAN, OPEN_YEAR, date(2025, 6, 30), "admin")
    mine = editor.get("/staff/my").text
    assert "R6の実績値の単位が違います" in mine and "令和7年6月30日（月）" in mine


def test_review_and_publish_confirmations_list_what_is_open(site: Site) -> None:
    Workflow(site.db).submit(PLAN, OPEN_YEAR, UNIT_X, "editor_x")
    admin = site.client("admin")
    path = f"/staff/years/{OPEN_YEAR}/units/{UNIT_X}/review"
    page = admin.get(path).text
    assert "確認済みにする前の確認" in page and "未入力" in page
    assert _post(admin, path, page=path).status_code == 303
    confirm = f"/staff/years/{OPEN_YEAR}/publish"
    page = admin.get(confirm).text
    assert "公開前の確認" in page and "確認済みでない所属" in page and "教育企画室" in page
    assert "デジタルみやぎ推進課" not in page.split("確認済みでない所属")[1].split("</ul>")[0]
    # refused: the confirmation again, in Japanese, linking to what blocks it
    r = _post(admin, confirm, page=confirm)
    assert r.status_code == 409
    assert "公開できませんでした" in r.text and "units-not-reviewed" in r.text
    assert "/staff/round?year=2024" in r.text
    assert not Workflow(site.db).status(PLAN, OPEN_YEAR).is_published
    r = _post(admin, confirm, {"force": "yes"}, page=confirm)
    assert r.status_code == 303
    assert Workflow(site.db).status(PLAN, OPEN_YEAR).is_published


def test_user_management(site: Site) -> None:
    admin = site.client("admin")
    r = _post(
        admin,
        "/staff/users",
        {
            "username": "suzuki",
            "role": "editor",
            "units": UNIT_Y,
            "email": "suzuki@pref.example.jp",
            "password": PASSWORD,
            "password_again": PASSWORD,
        },
        page="/staff/users",
    )
    assert r.status_code == 303
    r = _post(
        admin,
        "/staff/users",
        {"username": "tanaka", "role": "editor", "password": PASSWORD, "password_again": PASSWORD},
        page="/staff/users",
    )
    assert r.status_code == 422 and "担当する所属を1つ以上" in r.text
    r = _post(
        admin,
        "/staff/users/suzuki/update",
        {"role": "editor", "units": UNIT_X, "email": "s@pref.example.jp"},
        page="/staff/users",
    )
    assert r.status_code == 303
    user = Accounts(site.db).get("suzuki")
    assert user is not None and (user.units, user.email) == ({UNIT_X}, "s@pref.example.jp")
    r = _post(
        admin, "/staff/users/suzuki/update", {"role": "editor", "units": "nowhere"}, "/staff/users"
    )
    # one code for an org unit the plan lacks, wherever it is named (404, as in a path)
    assert r.status_code == 404 and "unit-not-found" in r.text and "「nowhere」" in r.text
    r = _post(admin, "/staff/users/admin/update", {"role": "viewer"}, page="/staff/users")
    assert r.status_code == 409
    assert _post(admin, "/staff/users/suzuki/disable", page="/staff/users").status_code == 303
    assert Accounts(site.db).get("suzuki").disabled  # type: ignore[union-attr]
    assert "有効にする" in admin.get("/staff/users").text
    assert _post(admin, "/staff/users/suzuki/enable", page="/staff/users").status_code == 303
    assert not Accounts(site.db).get("suzuki").disabled  # type: ignore[union-attr]


def test_a_reset_password_must_be_changed_at_the_next_log_in(site: Site) -> None:
    admin = site.client("admin")
    r = _post(admin, "/staff/users/editor_x/reset-password", page="/staff/users")
    assert r.status_code == 200 and "仮パスワードを発行しました" in r.text
    temporary = re.search(r'<code class="temporary-password">([^<]+)</code>', r.text)
    assert temporary is not None
    c = site.client()
    log_in(c, "editor_x", temporary.group(1))
    r = c.get("/staff/kpis", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/staff/account/password"
    page = c.get("/staff/account/password").text
    assert "仮パスワードでログインしています" in page
    token = csrf_of(page)
    form = {"csrf_token": token, "current_password": temporary.group(1)}
    r = c.post(
        "/staff/account/password",
        data={**form, "new_password": "x" * 12, "new_password_again": "y" * 12},
    )
    assert r.status_code == 422 and "2つのパスワードが一致しません" in r.text
    new = "a brand new passphrase"
    r = c.post(
        "/staff/account/password",
        data={**form, "new_password": new, "new_password_again": new},
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert "パスワードを変更しました" in c.get(r.headers["location"]).text
    assert c.get("/staff/kpis").status_code == 200
    assert Accounts(site.db).authenticate("editor_x", new) is not None


def test_totp_log_in_for_an_admin(site: Site) -> None:
    admin = site.client("admin")
    page = admin.get("/staff/account/totp").text
    secret = re.search(r'<code class="totp-secret">([A-Z2-7]+)</code>', page)
    assert secret is not None and "otpauth://totp/" in page
    assert re.search(
        r'<div class="totp-qr-box" role="img" aria-label="[^"]+"><svg [^>]*class="totp-qr"', page
    )
    token = csrf_of(page)
    r = admin.post(
        "/staff/account/totp",
        data={"csrf_token": token, "secret": secret.group(1), "code": "12345x"},
    )
    assert r.status_code == 422 and "確認コードが一致しません" in r.text
    code = pyotp.TOTP(secret.group(1)).now()
    r = admin.post(
        "/staff/account/totp",
        data={"csrf_token": token, "secret": secret.group(1), "code": code},
        follow_redirects=False,
    )
    assert r.status_code == 303 and Accounts(site.db).get("admin").totp  # type: ignore[union-attr]
    # the password alone no longer logs in
    c = site.client()
    login = c.get("/login").text
    form = {"csrf_token": csrf_of(login), "username": "admin", "password": PASSWORD}
    assert c.post("/login", data=form).status_code == 401
    r = c.post(
        "/login",
        data={**form, "code": pyotp.TOTP(secret.group(1)).now()},
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert c.get("/staff/round").status_code == 200
    # editors cannot enrol (admins only)
    assert site.client("editor_x").get("/staff/account/totp").status_code == 403


def test_the_change_log_page_filters_and_exports_safe_csv(site: Site) -> None:
    apply_edits(site.db, PLAN, OPEN_YEAR, [ObservationEdit(KPI_X, 0, value="410")], user="editor_x")
    Accounts(site.db).add_user("mallory", "admin", PASSWORD)
    apply_edits(
        site.db,
        PLAN,
        OPEN_YEAR,
        measure_years=[MeasureYearEdit(MEASURE_X, 0, analysis='=HYPERLINK("http://x")')],
        user="mallory",
    )
    viewer = site.client("viewer")
    page = viewer.get("/staff/changes").text
    assert "変更履歴" in page and "editor_x" in page and "mallory" in page
    page = viewer.get("/staff/changes?user=editor_x").text
    assert "1件の変更" in page
    assert "mallory</td>" not in page and "HYPERLINK" not in page
    page = viewer.get(f"/staff/changes?division={UNIT_Y}").text
    assert "条件に合う変更はありません" in page
    r = viewer.get("/staff/changes?since=2025-13-01")
    assert r.status_code == 422 and "2025-13-01" in r.text
    r = viewer.get(f"/staff/changes.csv?division={UNIT_X}")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["番号", "日時", "担当者"]
    cells = [cell for row in rows[1:] for cell in row]
    assert '\'=HYPERLINK("http://x")' in cells
    assert not any(cell.startswith("=") for cell in cells)


def test_the_cli_sets_the_deadline_and_reminds(
    site: Site, smtp: tuple[Inbox, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox, port = smtp
    Accounts(site.db).update("editor_y", "editor", [UNIT_Y], "y@pref.example.jp")
    url = site.url
    r = runner.invoke(app, ["year", "deadline", "2024", "30.6.2025", "--by", "admin", "--db", url])
    assert r.exit_code == 1 and "invalid-date" in r.output and "30.6.2025" in r.output
    r = runner.invoke(
        app, ["year", "deadline", "2024", "2025-06-30", "--by", "editor_y", "--db", url]
    )
    assert r.exit_code == 1 and "forbidden" in r.output
    r = runner.invoke(app, ["year", "deadline", "2024", "2025-06-30", "--by", "admin", "--db", url])
    assert r.exit_code == 0, r.output
    args = ["remind", "--year", "2024", "--by", "admin", "--site-url", "https://x.example.jp"]
    monkeypatch.delenv("SHINCHOKU_SMTP_HOST", raising=False)
    r = runner.invoke(app, [*args, "--db", url])
    assert r.exit_code == 1 and "mail-not-configured" in r.output
    monkeypatch.setenv("SHINCHOKU_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SHINCHOKU_SMTP_PORT", str(port))
    monkeypatch.setenv("SHINCHOKU_SMTP_FROM", "office@pref.example.jp")
    r = runner.invoke(app, [*args, "--db", url])
    assert r.exit_code == 0, r.output
    assert "y@pref.example.jp（kyoiku-kikaku）に送信" in r.output
    assert "督促メール 1 通を送信しました" in r.output
    [msg] = inbox.messages
    assert msg["To"] == "y@pref.example.jp"
    text = body(msg)
    assert "令和7年6月30日（月）" in text and "https://x.example.jp/staff/my" in text
    assert [m.recipient for m in Workflow(site.db).mails(PLAN, OPEN_YEAR)] == ["y@pref.example.jp"]
