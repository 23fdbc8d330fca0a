"""Codes the store refuses with: the database, the year workflow, accounts and edits.

The store raises them with ``CODE.error(place, ...)``; the CLI prints them and the web
answers them with the type's HTTP status (409 for a conflict with the current state).
"""

from __future__ import annotations

from shinchoku.problems import ProblemType, Severity, Wording
from shinchoku.workflow import Action, Role, UnitState, YearState

ERROR = Severity.ERROR

# -- the database ---------------------------------------------------------------------------
DATABASE_URL_INVALID = ProblemType(
    "database-url-invalid",
    ERROR,
    "Database URL cannot be read",
    "The --db URL (or SHINCHOKU_DATABASE_URL) is not a URL.",
    "データベースURLを読み取れない",
    Wording(
        "データベースのURL「{found}」を読み取れません。"
        "sqlite:///path/to/file.sqlite または postgresql://user:password@host/name の形で"
        "指定してください。",
        "Cannot read the database URL {found!r}; write sqlite:///path/to/file.sqlite or "
        "postgresql://user:password@host/name.",
    ),
    status=500,
)
DATABASE_URL_UNSUPPORTED = ProblemType(
    "database-url-unsupported",
    ERROR,
    "Database kind not supported",
    "Only SQLite and PostgreSQL databases are supported.",
    "対応していないデータベース",
    Wording(
        "データベース「{found}」には対応していません。sqlite:/// か postgresql:// を"
        "指定してください。",
        "The database {found!r} is not supported; only sqlite:/// and postgresql:// are.",
    ),
    status=500,
)
DATABASE_FOLDER_NOT_FOUND = ProblemType(
    "database-folder-not-found",
    ERROR,
    "Folder of the SQLite file not found",
    "The folder that should hold the SQLite database file does not exist.",
    "データベースのフォルダがない",
    Wording(
        "SQLiteデータベースを置くフォルダ「{folder}」がありません。",
        "The folder of the SQLite database does not exist: {folder}",
    ),
    status=500,
)
DATABASE_NOT_FOUND = ProblemType(
    "database-not-found",
    ERROR,
    "Database file not found",
    "The SQLite file does not exist; `shinchoku load` creates it.",
    "データベースファイルがない",
    Wording(
        "データベースファイル「{path}」がありません。先に shinchoku load でデータセットを"
        "読み込んでください。",
        "No database file {path}; load a dataset into it first (shinchoku load).",
    ),
    status=500,
)
DATABASE_UNREACHABLE = ProblemType(
    "database-unreachable",
    ERROR,
    "Database cannot be opened",
    "Connecting to the database failed (server down, wrong password, unreadable file).",
    "データベースに接続できない",
    Wording(
        "データベース「{found}」を開けません（{reason}）。",
        "Cannot open the database {found}: {reason}",
    ),
    status=503,
)
DATABASE_BUSY = ProblemType(
    "database-busy",
    ERROR,
    "Database stayed busy",
    "Another writer held the database for longer than the wait allows.",
    "データベースが使用中",
    Wording(
        "データベースが他の書き込みで使用中のままです。しばらくしてからもう一度お試しください。",
        "The database stayed busy; try again.",
    ),
    status=503,
)
DUPLICATE_KEY = ProblemType(
    "duplicate-key",
    ERROR,
    "Two rows with one key",
    "Two rows of the plan to write share a table's key; nothing was written.",
    "同じキーの行が2つある",
    Wording(
        "表 {table} の2つの行が同じキー {found} を持っています。何も書き込んでいません。",
        "Two {table} rows share the key {found}; nothing was written.",
    ),
    status=500,
)
PLAN_NOT_FOUND = ProblemType(
    "plan-not-found",
    ERROR,
    "Plan not in the database",
    "No plan of that id, or no plan at all, is stored; `shinchoku load` stores one.",
    "計画がデータベースにない",
    Wording(
        "データベースに計画{plan}がありません。先に shinchoku load でデータセットを"
        "読み込んでください。",
        "The database holds no plan{plan}. Load its dataset first (shinchoku load).",
    ),
    status=404,
)
PLAN_AMBIGUOUS = ProblemType(
    "plan-ambiguous",
    ERROR,
    "Several plans in the database",
    "The database holds more than one plan and none was named (--plan, plan_id).",
    "計画を特定できない",
    Wording(
        "データベースに計画が{count}件あります（{found}）。--plan でどの計画かを指定してください。",
        "The database holds {count} plans ({found}); say which one (--plan).",
    ),
    status=500,
)
LOAD_OVERWRITES_EDIT = ProblemType(
    "load-overwrites-edit",
    ERROR,
    "Loading would overwrite a figure entered since the last load",
    "A figure entered on the web, by the API or from a 照会 reply differs from the "
    "dataset being loaded; `load --overwrite-edits` replaces it.",
    "読込みで入力済みの値が上書きされる",
    Wording(
        "{by} が入力した値「{found}」が、データセットの値「{expected}」で上書きされます。"
        "上書きしてよい場合は --overwrite-edits を付けてください。",
        "Loading would replace {found!r}, entered by {by}, with the dataset's {expected!r}. "
        "Pass --overwrite-edits to replace it.",
    ),
    status=409,
)

# -- the year workflow ------------------------------------------------------------------------
YEAR_OUTSIDE_PLAN = ProblemType(
    "year-outside-plan",
    ERROR,
    "Fiscal year outside the plan's period",
    "The year asked for is not within the plan's period.",
    "計画期間外の年度",
    Wording(
        "{year}は計画期間（{start}～{end}）の外です。",
        "{year} is outside the plan's period {start}–{end}.",
    ),
    status=422,
)
YEAR_ALREADY_OPENED = ProblemType(
    "year-already-opened",
    ERROR,
    "Fiscal year opened before",
    "A year is opened once; a published year is reopened instead.",
    "既に開始済みの年度",
    Wording("{year}は既に開始されています。", "{year} was opened before."),
    status=409,
)
ANOTHER_YEAR_OPEN = ProblemType(
    "another-year-open",
    ERROR,
    "Another fiscal year is open",
    "One year at a time is open for entry; publish it first.",
    "別の年度が入力受付中",
    Wording(
        "{other}が入力受付中です。先にその年度を公開してください。",
        "{other} is open; publish it first.",
    ),
    status=409,
)
YEAR_NOT_OPEN = ProblemType(
    "year-not-open",
    ERROR,
    "The fiscal year is not open",
    "Figures of a year are entered only while it is open for entry.",
    "入力受付中でない年度",
    Wording(
        "{year}は入力受付中ではありません（{state}）。何も保存していません。",
        "{year} is not open ({state}); nothing was saved.",
    ),
    status=409,
)
YEAR_NOT_PUBLISHED = ProblemType(
    "year-not-published",
    ERROR,
    "The fiscal year is not published",
    "Only a published year can be reopened.",
    "公開されていない年度",
    Wording("{year}はまだ公開されていません。", "{year} is not published."),
    status=409,
)
YEAR_PUBLISHED = ProblemType(
    "year-published",
    ERROR,
    "The fiscal year is published and locked",
    "A published year changes only after an admin reopens it (recorded in the history).",
    "公開済みで変更できない年度",
    Wording(
        "{year}は公開済みのため変更できません{change}。変更するには管理者が年度を再開して"
        "ください。何も保存していません。",
        "{year} is published and locked{change}; an admin must reopen it first. Nothing was saved.",
    ),
    status=409,
)
REASON_REQUIRED = ProblemType(
    "reason-required",
    ERROR,
    "Reason required",
    "Reopening a published year or returning a division's submission needs a reason, "
    "kept in the history (a return's is shown to the division).",
    "理由の記入が必要",
    Wording(
        "{action}の理由を入力してください（記録に残ります）。何も変更していません。",
        "Say why it is {action}; the reason is kept. Nothing was changed.",
    ),
    status=422,
)
UNIT_NOT_FOUND = ProblemType(
    "unit-not-found",
    ERROR,
    "No such org unit",
    "The org unit (所属) is not one that answers for a measure of the plan.",
    "所属が見つからない",
    Wording(
        "所属「{unit}」は計画の施策を担当していません。所属IDを確認してください。",
        "No org unit {unit!r} answers for a measure; check the unit's id.",
    ),
    status=404,
)
UNIT_STATE_INVALID = ProblemType(
    "unit-state-invalid",
    ERROR,
    "Step not possible in the unit's state",
    "The org unit's submission state does not allow the step (e.g. reviewing a draft).",
    "所属の提出状況に合わない操作",
    Wording(
        "所属「{unit}」は{state}のため、{action}できません。",
        "Org unit {unit} is {state}; it cannot be {action}.",
    ),
    status=409,
)
UNITS_NOT_REVIEWED = ProblemType(
    "units-not-reviewed",
    ERROR,
    "Org units not reviewed",
    "Publishing needs every submitting org unit reviewed (or --force).",
    "確認済みでない所属がある",
    Wording(
        "確認済みになっていない所属が{count}件あります（{units}）。"
        "すべての所属を確認してから公開してください。",
        "{count} org units are not reviewed: {units}. Review every one before publishing.",
    ),
    status=409,
)

# -- accounts ---------------------------------------------------------------------------------
USER_NAME_INVALID = ProblemType(
    "user-name-invalid",
    ERROR,
    "User name not allowed",
    "A user name is 1–64 letters, digits, '.', '_', '@' or '-'.",
    "使えないユーザー名",
    Wording(
        "ユーザー名「{found}」は使えません。英数字と . _ @ - の1～64文字にしてください。",
        "The user name {found!r} is not allowed: use 1–64 letters, digits, . _ @ or -.",
    ),
    status=422,
)
PASSWORD_TOO_SHORT = ProblemType(
    "password-too-short",
    ERROR,
    "Password too short",
    "A password has a minimum length.",
    "パスワードが短すぎる",
    Wording(
        "パスワードは{minimum}文字以上にしてください。",
        "A password needs at least {minimum} characters.",
    ),
    status=422,
)
EDITOR_NEEDS_UNIT = ProblemType(
    "editor-needs-unit",
    ERROR,
    "Editor without an org unit",
    "An editor enters the figures of their org units, so needs at least one.",
    "入力担当に所属がない",
    Wording(
        "入力担当には担当する所属を1つ以上指定してください。",
        "An editor must be bound to at least one org unit.",
    ),
    status=422,
)
USER_EXISTS = ProblemType(
    "user-exists",
    ERROR,
    "User exists",
    "A user of that name exists already.",
    "同名のユーザーがいる",
    Wording("ユーザー「{found}」は既にいます。", "User {found!r} exists already."),
    status=409,
)
USER_NOT_FOUND = ProblemType(
    "user-not-found",
    ERROR,
    "No such user",
    "No (enabled) staff account of that name.",
    "ユーザーが見つからない",
    Wording("ユーザー「{found}」はいません。", "No user {found!r}."),
    status=404,
)
PLAN_OF_ANOTHER_ORGANISATION = ProblemType(
    "plan-of-another-organisation",
    ERROR,
    "Plan of another organisation",
    "A user bound to an organisation (団体コード) works on its own organisation's plans; a "
    "prefecture's users also read and review their municipalities' plans, but change none "
    "of their figures. A plan of no organisation is the installation-wide users' only.",
    "他の団体の計画",
    Wording(
        "計画「{plan}」（{owner}）は{user}（{organisation}）の担当ではありません。"
        "{action}できません。何も変更していません。",
        "Plan {plan!r} ({owner}) is not {user}'s ({organisation}) to {action}; nothing was "
        "changed.",
    ),
    status=403,
)
USER_OF_ANOTHER_ORGANISATION = ProblemType(
    "user-of-another-organisation",
    ERROR,
    "Account of another organisation",
    "An organisation's admin creates and changes the accounts of its own organisation "
    "only; installation-wide accounts are the national admin's.",
    "他の団体のアカウント",
    Wording(
        "{user}（{organisation}）は{target}のアカウントを作成・変更できません。",
        "{user} ({organisation}) may not create or change an account of {target}.",
    ),
    status=403,
)
USER_DISABLED = ProblemType(
    "user-disabled",
    ERROR,
    "User disabled",
    "A disabled account gets no new API token.",
    "無効にされたユーザー",
    Wording("ユーザー「{found}」は無効にされています。", "User {found!r} is disabled."),
    status=409,
)
EMAIL_INVALID = ProblemType(
    "email-invalid",
    ERROR,
    "E-mail address not valid",
    "An account's e-mail address (where reminders go) looks like name@example.jp.",
    "メールアドレスが正しくない",
    Wording(
        "メールアドレス「{found}」は正しくありません。name@example.jp の形で入力してください。",
        "The e-mail address {found!r} is not valid; write it as name@example.jp.",
    ),
    status=422,
)
PASSWORD_WRONG = ProblemType(
    "password-wrong",
    ERROR,
    "Current password wrong",
    "Changing one's password needs the current one.",
    "現在のパスワードが違う",
    Wording(
        "現在のパスワードが違います。パスワードは変更していません。",
        "The current password is wrong; the password was not changed.",
    ),
    status=422,
)
PASSWORD_UNCHANGED = ProblemType(
    "password-unchanged",
    ERROR,
    "New password same as the current one",
    "A new password (after a temporary one, too) must differ from the current one.",
    "新しいパスワードが現在と同じ",
    Wording(
        "新しいパスワードは現在のものと違うものにしてください。",
        "The new password must differ from the current one.",
    ),
    status=422,
)
TOTP_CODE_WRONG = ProblemType(
    "totp-code-wrong",
    ERROR,
    "Authenticator code wrong",
    "Turning on two-factor log-in needs the current code of the authenticator app.",
    "確認コードが違う",
    Wording(
        "確認コードが一致しません。認証アプリに表示されている現在のコードを入力してください。",
        "The code does not match; enter the one the authenticator app shows now.",
    ),
    status=422,
)
TOKEN_NOT_FOUND = ProblemType(
    "token-not-found",
    ERROR,
    "No such API token",
    "No API token of that number.",
    "APIトークンが見つからない",
    Wording("APIトークン {found} はありません。", "No API token {found}."),
    status=404,
)

# -- the year's round: deadline and reminders --------------------------------------------------
INVALID_DATE = ProblemType(
    "invalid-date",
    ERROR,
    "Date cannot be read",
    "A date (the year's deadline, a change-log filter) is written YYYY-MM-DD.",
    "日付を読み取れない",
    Wording(
        "{what}「{found}」を日付として読み取れません。年-月-日（例 2025-06-30）で"
        "入力してください。",
        "The {what} {found!r} is not a date; enter it as YYYY-MM-DD.",
    ),
    status=422,
)
MAIL_NOT_CONFIGURED = ProblemType(
    "mail-not-configured",
    ERROR,
    "No mail server configured",
    "Reminders are sent by SMTP; SHINCHOKU_SMTP_HOST (and the other SHINCHOKU_SMTP_* "
    "settings) name the server.",
    "メールサーバーが設定されていない",
    Wording(
        "メールサーバーが設定されていないため送信できません。"
        "システム管理者に SHINCHOKU_SMTP_HOST などの設定を依頼してください。",
        "No mail server is configured; ask the administrator to set SHINCHOKU_SMTP_HOST.",
    ),
    status=409,
)
MAIL_FAILED = ProblemType(
    "mail-failed",
    ERROR,
    "Mail server refused or unreachable",
    "The SMTP server refused a reminder or could not be reached; the mails sent before "
    "it stay recorded.",
    "メールを送信できない",
    Wording(
        "メールサーバー {server} に送信できませんでした（{found}）。{total}通のうち{sent}通は"
        "送信済みです。",
        "The mail server {server} refused or could not be reached ({found}); "
        "{sent} of {total} mails were sent.",
    ),
    status=502,
)

# -- edits ------------------------------------------------------------------------------------
EDIT_CONFLICT = ProblemType(
    "edit-conflict",
    ERROR,
    "Someone else saved this meanwhile",
    "A figure changed since the form or the API read it: both values are shown (the "
    "problem's params yours, theirs, by, at) and nothing was saved.",
    "他の人が先に保存した",
    Wording(
        "開いた後に {by} が「{theirs}」と保存しました（入力した値は「{yours}」）。"
        "何も保存していません。",
        "{by} saved {theirs!r} since you opened it (you entered {yours!r}). Nothing was saved.",
    ),
    status=409,
)


# -- the words these messages use for the workflow's states and steps ---------------------
YEAR_STATE_WORDS: dict[YearState | None, Wording] = {
    None: Wording("未開始", "not opened"),
    YearState.OPEN: Wording("入力受付中", "open"),
    YearState.PUBLISHED: Wording("公開済み", "published and locked"),
}
UNIT_STATE_WORDS: dict[UnitState, Wording] = {
    UnitState.DRAFT: Wording("未提出", "a draft"),
    UnitState.SUBMITTED: Wording("提出済み", "submitted"),
    UnitState.REVIEWED: Wording("確認済み", "reviewed"),
}
# What a user of another organisation was refused (plan-of-another-organisation).
ORG_ACTION_WORDS: dict[str, Wording] = {
    "read": Wording("閲覧", "read"),
    "edit": Wording("編集", "edit"),
    "manage": Wording("管理", "manage"),
    "review": Wording("確認・差し戻し", "review"),
}
ROLE_WORDS: dict[Role, Wording] = {
    Role.ADMIN: Wording("管理者", "Admin"),
    Role.EDITOR: Wording("入力担当", "Editor"),
    Role.VIEWER: Wording("閲覧者", "Viewer"),
}
UNIT_ACTION_WORDS: dict[Action, Wording] = {
    Action.OPEN: Wording("開始", "opened"),
    Action.SUBMIT: Wording("提出", "submitted"),
    Action.REVIEW: Wording("確認済みに", "reviewed"),
    Action.RETURN: Wording("差し戻し", "sent back"),
    Action.WITHDRAW: Wording("提出取り下げ", "withdrawn"),
    Action.PUBLISH: Wording("公開", "published"),
    Action.REOPEN: Wording("再開", "reopened"),
}


def plan_named(plan_id: str) -> Wording:
    """The ``{plan}`` of ``plan-not-found``: 「id」 / ' "id"'."""
    return Wording(f"「{plan_id}」", f' "{plan_id}"')
