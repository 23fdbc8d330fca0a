"""Codes the web app answers with, besides the store's and the input's.

An HTTP error that Starlette raises itself (a 405, a 404 for an unknown path) is
answered with the code of its status (:data:`BY_STATUS`); any other status with
``bad-request`` or ``server-error``.
"""

from __future__ import annotations

from shinchoku.problems import ProblemType, Severity, Wording

ERROR = Severity.ERROR


def _web(code: str, status: int, title: str, title_ja: str, ja: str, en: str) -> ProblemType:
    return ProblemType(code, ERROR, title, "", title_ja, Wording(ja, en), status=status)


BAD_REQUEST = _web(
    "bad-request",
    400,
    "Bad request",
    "処理できないリクエスト",
    "リクエストを処理できません。",
    "The request cannot be processed.",
)
UNAUTHORIZED = _web(
    "unauthorized",
    401,
    "Log-in or API token required",
    "ログインが必要",
    "ログイン（APIではトークン）が必要です。ログインしてからもう一度お試しください。",
    "Log in (or, for the API, send a token), then try again.",
)
FORBIDDEN = _web(
    "forbidden",
    403,
    "Not allowed",
    "権限がない",
    "この操作を行う権限がありません。担当の所属と権限を確認してください。",
    "You are not allowed to do this. Check your divisions and your role.",
)
NOT_FOUND = _web(
    "not-found",
    404,
    "Not found",
    "見つからない",
    "お探しの{what}「{found}」は見つかりませんでした。アドレスを確かめてください。",
    "No {what} {found!r}. Check the address.",
)
PLAN_NOT_CHOSEN = _web(
    "plan-not-chosen",
    404,
    "No plan in the address",
    "計画が指定されていない",
    "この進捗ダッシュボードには計画が{count}件あります。トップページの一覧から計画を選んでください"
    "（各計画のページは /p/計画ID/ の下にあります）。",
    "This dashboard holds {count} plans: choose one from the list on the home page (each "
    "plan's pages are under /p/PLAN-ID/).",
)
NO_PUBLISHED_YEAR = _web(
    "no-published-year",
    404,
    "No year published yet",
    "公開済みの年度がない",
    "公開済みの年度はまだありません。",
    "No fiscal year has been published yet.",
)
METHOD_NOT_ALLOWED = _web(
    "method-not-allowed",
    405,
    "Method not allowed",
    "許可されていない方法",
    "この方法では利用できません。",
    "This method is not allowed here.",
)
INVALID_REQUEST = _web(
    "invalid-request",
    422,
    "Request not valid",
    "読み取れないリクエスト",
    "送信された内容を{count}か所読み取れませんでした。何も保存していません。",
    "The request is not valid ({count} problems). Nothing was saved.",
)
SERVER_ERROR = _web(
    "server-error",
    500,
    "Server error",
    "サーバーのエラー",
    "サーバーで問題が発生しました。時間をおいてもう一度お試しください。",
    "Something went wrong on the server. Try again later.",
)
CSRF_FAILED = _web(
    "csrf-failed",
    403,
    "Form expired or from another site",
    "フォームの確認に失敗",
    "フォームの有効期限が切れたか、このサイトのフォームではありません。"
    "ページを開き直してもう一度送信してください。",
    "The form has expired or did not come from this site. Reload the page and try again.",
)
TOO_MANY_LOG_IN_FAILURES = _web(
    "too-many-log-in-failures",
    429,
    "Too many failed log-ins",
    "ログイン失敗の回数超過",
    "ログインの失敗が続いたため、しばらくログインできません。時間をおいてお試しください。",
    "Too many failed log-ins for this user or from this address. Try again later.",
)
INVALID_YEAR = _web(
    "invalid-year",
    422,
    "Fiscal year not valid",
    "年度の指定が正しくない",
    "年度の指定「{found}」が正しくありません。計画期間内の年度を選んでください。",
    "The fiscal year {found!r} is not valid. Choose a year within the plan's period.",
)
PASSWORDS_DIFFER = _web(
    "passwords-differ",
    422,
    "Passwords differ",
    "パスワードの不一致",
    "2つのパスワードが一致しません。",
    "The two passwords differ.",
)
INVALID_ROLE = _web(
    "invalid-role",
    422,
    "Role not known",
    "権限の指定が正しくない",
    "権限「{found}」はありません。管理者・入力担当・閲覧者のいずれかを選んでください。",
    "There is no role {found!r}. Choose admin, editor or viewer.",
)
CANNOT_DISABLE_SELF = _web(
    "cannot-disable-self",
    409,
    "Cannot disable oneself",
    "自分のアカウントは無効にできない",
    "自分のアカウントは無効にできません。",
    "You cannot disable your own account.",
)
CANNOT_DEMOTE_SELF = _web(
    "cannot-demote-self",
    409,
    "Cannot take one's own admin role",
    "自分の管理者権限は外せない",
    "自分の管理者権限は外せません。別の管理者に依頼してください。",
    "You cannot take away your own admin role; ask another admin.",
)
CANNOT_RESET_SELF = _web(
    "cannot-reset-self",
    409,
    "Cannot reset one's own password",
    "自分のパスワードは再発行できない",
    "自分のパスワードは再発行できません。パスワードの変更ページで変更してください。",
    "You cannot reset your own password; change it on the password page.",
)
DOWNLOAD_UNAVAILABLE = _web(
    "download-unavailable",
    503,
    "Download cannot be produced now",
    "ダウンロードを作成できない",
    "このファイルは現在作成できません。時間をおいてお試しください。",
    "This file cannot be produced right now. Try again later.",
)
UPLOAD_MISSING = _web(
    "upload-missing",
    422,
    "No file was sent",
    "ファイルが選ばれていない",
    "ファイルが選ばれていません。{what}を選んでから送信してください。",
    "No file was sent: choose {what}, then send the form.",
)
UPLOAD_FILE_TYPE = _web(
    "upload-file-type",
    415,
    "A file of a kind this form does not take",
    "受け付けない種類のファイル",
    "ファイル「{found}」は受け付けられません。{expected}のファイルを選んでください。",
    "The file {found!r} is not taken here: choose a {expected} file.",
)
UPLOAD_TOO_LARGE = _web(
    "upload-too-large",
    413,
    "The file is over the upload limit",
    "ファイルが大きすぎる",
    "送信された内容（{size}バイト）が上限の{limit}バイトを超えています。"
    "ファイルを分けて送信してください。",
    "The upload ({size} bytes) is over the limit of {limit} bytes. Split the file and send "
    "the parts one by one.",
)

# The code of an HTTP error raised outside shinchoku's own code (routing, Starlette).
BY_STATUS: dict[int, ProblemType] = {
    t.status: t
    for t in (
        BAD_REQUEST,
        UNAUTHORIZED,
        FORBIDDEN,
        NOT_FOUND,
        METHOD_NOT_ALLOWED,
        INVALID_REQUEST,
        SERVER_ERROR,
    )
}
