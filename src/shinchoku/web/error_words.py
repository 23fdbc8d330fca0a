"""What an error page says, in the reader's language.

The API answers errors as data (code, English message, place); a page shows a heading by
HTTP status and a message by code, in Japanese or English. To word a new code, add it to
:data:`MESSAGES` (a template may use the error's place fields, e.g. ``{year}``). Problems
whose catalogue entry has a :class:`~shinchoku.problems.Wording` template are worded by it.
"""

from __future__ import annotations

import string

from shinchoku.problems import Wording
from shinchoku.web.errors import ErrorDetail, WebError

HEADINGS: dict[int, Wording] = {
    400: Wording("リクエストを処理できません", "The request cannot be processed"),
    401: Wording("ログインが必要です", "Log-in required"),
    403: Wording("この操作は許可されていません", "Not allowed"),
    404: Wording("ページが見つかりません", "Page not found"),
    405: Wording("この方法では利用できません", "Method not allowed"),
    409: Wording("現在の状態では実行できません", "Not possible in the current state"),
    413: Wording("送信された内容が大きすぎます", "Too large"),
    415: Wording("この形式は受け付けていません", "Unsupported format"),
    422: Wording("入力内容に誤りがあります", "The entries cannot be read"),
    429: Wording("しばらくしてからお試しください", "Too many requests"),
    500: Wording("サーバーでエラーが発生しました", "Server error"),
    503: Wording("現在ご利用いただけません", "Unavailable"),
}

MESSAGES: dict[str, Wording] = {
    "not-found": Wording(
        "お探しのページまたはデータは見つかりませんでした。アドレスを確かめてください。",
        "The page or the data you asked for was not found. Check the address.",
    ),
    "plan-not-found": Wording("計画が見つかりません。", "The plan was not found."),
    "no-published-year": Wording(
        "公開済みの年度はまだありません。", "No fiscal year has been published yet."
    ),
    "year-already-opened": Wording(
        "この年度は既に開始されています。", "This fiscal year has already been opened."
    ),
    "another-year-open": Wording(
        "別の年度が入力受付中です。先にその年度を公開してください。",
        "Another fiscal year is open for entry. Publish it first.",
    ),
    "unit-state-invalid": Wording(
        "所属の提出状況がこの操作に合いません。ページを開き直して状況を確認してください。",
        "The division's submission state does not allow this. Reload and check its state.",
    ),
    "year-not-open": Wording(
        "この年度は入力受付中ではありません。", "This fiscal year is not open for entry."
    ),
    "year-not-published": Wording(
        "この年度はまだ公開されていません。", "This fiscal year is not published yet."
    ),
    "units-not-reviewed": Wording(
        "確認済みになっていない所属があります。すべての所属を確認してから公開してください。",
        "Some divisions are not reviewed yet. Review every division before publishing.",
    ),
    "user-exists": Wording("同じ名前のユーザーが既にいます。", "A user of that name exists."),
    "user-not-found": Wording("ユーザーが見つかりません。", "No such user."),
    "plan-ambiguous": Wording(
        "データベースに複数の計画があります。管理者に連絡してください。",
        "The database holds several plans. Contact the administrator.",
    ),
    "forbidden": Wording(
        "この操作を行う権限がありません。担当の所属と権限を確認してください。",
        "You are not allowed to do this. Check your divisions and your role.",
    ),
    "unauthorized": Wording("ログインしてからもう一度お試しください。", "Log in, then try again."),
    "csrf-failed": Wording(
        "フォームの有効期限が切れたか、このサイトのフォームではありません。"
        "ページを開き直してもう一度送信してください。",
        "The form has expired or did not come from this site. Reload the page and try again.",
    ),
    "too-many-log-in-failures": Wording(
        "ログインの失敗が続いたため、しばらくログインできません。時間をおいてお試しください。",
        "Too many failed log-ins. Try again later.",
    ),
    "invalid-year": Wording(
        "年度の指定が正しくありません。計画期間内の年度を選んでください。",
        "Choose a fiscal year within the plan's period.",
    ),
    "passwords-differ": Wording("2つのパスワードが一致しません。", "The two passwords differ."),
    "invalid-role": Wording(
        "権限は管理者・入力担当・閲覧者のいずれかを選んでください。",
        "Choose admin, editor or viewer.",
    ),
    "cannot-disable-self": Wording(
        "自分のアカウントは無効にできません。", "You cannot disable your own account."
    ),
    "edit-conflict": Wording(
        "開いた後に他の人が保存しました。何も保存していません。",
        "Someone else saved this since you opened it. Nothing was saved.",
    ),
    "download-unavailable": Wording(
        "このファイルは現在作成できません。時間をおいてお試しください。",
        "This file cannot be produced right now. Try again later.",
    ),
    "invalid-request": Wording(
        "送信された内容を読み取れませんでした。何も保存していません。",
        "The request could not be read. Nothing was saved.",
    ),
    "server-error": Wording(
        "サーバーで問題が発生しました。時間をおいてもう一度お試しください。",
        "Something went wrong on the server. Try again later.",
    ),
}

_DETAIL = Wording("項目「{field}」の値を読み取れません", "The value of {field} cannot be read")


def heading(status: int, lang: str) -> str:
    fallback = HEADINGS[500 if status >= 500 else 400]
    return HEADINGS.get(status, fallback).get(lang)


def message(err: WebError, lang: str) -> str:
    """The error's own wording, else its code's, else the heading's."""
    if err.wording is not None:
        return err.wording.get(lang)
    template = MESSAGES.get(err.body.code)
    if template is None:
        return err.body.message if lang == "en" else heading(err.status, lang)
    return _fill(template.get(lang), {k: str(v) for k, v in err.body.place.items()})


def details(err: WebError, lang: str) -> list[tuple[str, str | None]]:
    """Each detail's text in ``lang`` and the text found."""
    words = err.detail_words + [None] * (len(err.body.details) - len(err.detail_words))
    return [(_detail(d, w, lang), d.found) for d, w in zip(err.body.details, words, strict=True)]


def _detail(d: ErrorDetail, wording: Wording | None, lang: str) -> str:
    if wording is not None:
        return wording.get(lang)
    if lang == "en":
        return d.message
    template = MESSAGES.get(d.code)
    if template is not None:
        return template.ja
    return _fill(_DETAIL.ja, {"field": str(d.place.get("field", ""))})


def _fill(template: str, values: dict[str, str]) -> str:
    """Format with the fields present; a missing field leaves the template's text."""
    fields = {f for _, f, _, _ in string.Formatter().parse(template) if f}
    if not fields <= values.keys():
        return template.split("{")[0].rstrip("「") or template
    return template.format(**values)
