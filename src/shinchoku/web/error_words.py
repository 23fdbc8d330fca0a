"""What an error page says, in the reader's language.

The API answers errors as data (code, English message, place); a page shows a heading by
HTTP status and the problems worded by their catalogue entries
(:mod:`shinchoku.problems`), in Japanese or English.
"""

from __future__ import annotations

from shinchoku.problems import ShinchokuError, Wording
from shinchoku.wording import problem_message

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


def heading(status: int, lang: str) -> str:
    fallback = HEADINGS[500 if status >= 500 else 400]
    return HEADINGS.get(status, fallback).get(lang)


def message(exc: ShinchokuError, lang: str) -> str:
    """The first problem in ``lang``."""
    return problem_message(exc.problem, lang)


def details(exc: ShinchokuError, lang: str) -> list[tuple[str, str | None]]:
    """Each further problem in ``lang`` and the text found."""
    return [(problem_message(q, lang), q.found) for q in exc.problems[1:]]
