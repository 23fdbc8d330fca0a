"""What the commands say when they succeed, in Japanese (the default) or English.

The language is the root option ``shinchoku --lang en …`` (or ``SHINCHOKU_LANG``); a
command's own ``--lang`` overrides it. Problems are worded by :mod:`shinchoku.wording`;
this table holds the rest: the one line a command prints when it has done its work, and
the headers of the tables it lists. Arguments go through
:func:`shinchoku.wording.render_arg`, so a :class:`~shinchoku.problems.FiscalYear` reads
「令和6年度」 or "FY2024" and counts get their thousands separators.
"""

from __future__ import annotations

from shinchoku.problems import Wording

W = Wording

# -- the plan: load, export, report --------------------------------------------------------
LOADED = W(
    "計画 {plan} を {db} に読み込みました"
    "（追加 {inserted} 行、更新 {updated} 行、削除 {deleted} 行）",
    "loaded plan {plan} into {db}: inserted {inserted} rows, updated {updated}, deleted {deleted}",
)
UP_TO_DATE = W(
    "計画 {plan}（{db}）は最新です。変更はありません", "plan {plan} in {db} is already up to date"
)
WROTE_FILES = W(
    "{count} 個のファイルを {folder} に書き出しました", "wrote {count} files to {folder}"
)
WROTE_FILE = W("{path} に書き出しました", "wrote {path}")

# -- 照会 ----------------------------------------------------------------------------------
FORM_MADE = W("{path}（{label}、{rows} 行）", "{path}  ({label}, {rows} rows)")
FORMS_MADE = W(
    "{year}の照会様式 {count} 件を作成しました。{note}", "{count} forms for {year}; {note}"
)
FORMS_RECORDED = W("データベースに記録しました", "recorded in the database")
FORMS_NOT_RECORDED = W("データベースがないため記録していません", "not recorded (no database)")
NO_DATABASE = W(
    "データベースがありません。--db URL を指定してください（--dataset なら試行のみ）",
    "no database: give --db URL (or --dataset for a dry run)",
)
SURVEY_FORM_MADE = W("{path}（{org}、{rows} 指標）", "{path}  ({org}, {rows} indicators)")
SURVEY_FORMS_MADE = W("{year}の照会様式 {count} 件を作成しました", "{count} forms for {year}")
REPLIES_READ = W(
    "回答 {count} 件。{added_verb} {added} 件、変更 {changed} 件",
    "{count} replies; {added_verb} {added}, changed {changed}",
)
REPLY_LINE = W(
    "  {code} {name}：回答 {answered} 件、空欄 {blank} 件（{file}）",
    "  {code} {name}: {answered} answered, {blank} blank ({file})",
)
WOULD_ADD = W("追加予定", "would add")
ADDED = W("追加", "added")

# -- the year's workflow, reminders, tokens ------------------------------------------------
YEAR_OPENED = W("{plan} の{year}の入力受付を開始しました", "{year} of {plan} is open")
UNIT_SUBMITTED = W("{year}：{unit} を提出しました", "{year}: {unit} submitted")
UNIT_WITHDRAWN = W(
    "{year}：{unit} の提出を取り下げました（未提出に戻りました）",
    "{year}: {unit} withdrawn (draft again)",
)
UNIT_REVIEWED = W("{year}：{unit} の提出を確認済みにしました", "{year}: {unit} reviewed")
UNIT_RETURNED = W(
    "{year}：{unit} の提出を差し戻しました（理由は担当課に表示されます）",
    "{year}: {unit} sent back (the division sees the reason)",
)
YEAR_PUBLISHED = W("{plan} の{year}を公開しました", "{year} of {plan} is published")
YEAR_REOPENED = W("{plan} の{year}の入力受付を再開しました", "{year} of {plan} is open again")
DEADLINE_SET = W("{plan} の{year}：提出期限 {day}", "{year} of {plan}: deadline {day}")
MAIL_SENT = W("{recipient}（{unit}）に送信：{subject}", "sent to {recipient} ({unit}): {subject}")
NO_ADDRESS = W("メールアドレス未登録：{units}", "no address for: {units}")
MAILS_SENT = W("督促メール {count} 通を送信しました", "{count} mails sent")
TOKEN_REVOKED = W(
    "{user} のトークン {id}（{label}）を失効させました",
    "revoked token {id} of {user} ({label})",
)
NO_LABEL = W("ラベルなし", "no label")
YEARS_TITLE = W("{plan}：年度", "{plan}: fiscal years")
YEARS_COLUMNS = (
    W("年度", "year"),
    W("状態", "state"),
    W("公表", "published"),
    W("公表回数", "times"),
    W("担当課", "divisions"),
)
TOKENS_TITLE = W("APIトークン", "API tokens")
TOKENS_COLUMNS = (
    W("ID", "id"),
    W("ユーザー", "user"),
    W("ラベル", "label"),
    W("作成", "created"),
    W("最終使用", "last used"),
    W("状態", "state"),
)
TOKEN_ACTIVE = W("有効", "active")
TOKEN_REVOKED_STATE = W("{at} に {by} が失効", "revoked {at} by {by}")
NEVER = W("未使用", "never")

# -- serve and staff accounts --------------------------------------------------------------
SERVE_LOADED = W(
    "計画 {plan} を読み込みました。公表済み：{published}",
    "loaded plan {plan}; published: {published}",
)
NONE_PUBLISHED = W("なし", "none")
SERVE_DATABASE = W(
    "データベース：{url}（再起動しても保持されます）", "database: {url} (kept across restarts)"
)
SERVE_LOGIN = W(
    "職員のログインにはアカウントが必要です：shinchoku user add NAME --role admin --db {url}",
    "staff log-in needs an account: shinchoku user add NAME --role admin --db {url}",
)
USER_ADDED = W("{role} {name} を追加しました{org}{units}", "added {role} {name}{org}{units}")
USER_UNITS = W("（担当：{units}）", " for {units}")
USER_ORG = W("（団体：{org}）", " of {org}")
USER_UPDATED = W(
    "{role} {name} を更新しました（{org}、{units}）", "updated {role} {name} ({org}; {units})"
)
INSTALLATION_WIDE = W("全団体共通", "installation-wide")
NO_UNITS = W("担当課なし", "no units")
USER_DISABLED = W("{name} を無効にしました", "disabled {name}")
USER_ENABLED = W("{name} を有効にしました", "enabled {name}")
USERS_TITLE = W("ユーザー", "users")
USERS_COLUMNS = (
    W("名前", "name"),
    W("役割", "role"),
    W("団体", "organisation"),
    W("担当課", "units"),
    W("状態", "state"),
)
USER_ACTIVE = W("有効", "active")
USER_INACTIVE = W("無効", "disabled")

# -- organisations and common indicators ---------------------------------------------------
ORG_PARENT = W("  所属：{code} {name}", "  belongs to {code} {name}")
ORG_MEMBERS = W("  構成団体 {count}", "  {count} members")
ORG_PEER_GROUP = W("  比較グループ {id}：{name}（{size}）", "  peer group {id}: {name} ({size})")
ORG_COUNT = W("{count} 団体", "{count} organisations")
PEER_GROUP_SAVED = W("比較グループ {id}：{count} 団体", "peer group {id}: {count} members")
ORG_DIFF = W("  {code}：追加 {added}、変更 {changed}", "  {code}: +{added} ~{changed}")
SURVEY_IMPORTED = W(
    "{file}：{rows} 行。{added_verb} {added}、変更 {changed}、変更なし {unchanged}",
    "{file}: {rows} rows; {added_verb} {added}, changed {changed}, unchanged {unchanged}",
)
SET_ADDED = W(
    "指標セット {id}（{name}、{count} 指標）を追加しました",
    "added indicator set {id} ({name}, {count} indicators)",
)
SET_CHANGED = W(
    "指標セット {id}（{name}、{count} 指標）を新しい版に更新しました",
    "indicator set {id} ({name}, {count} indicators) updated to the new version",
)
SET_UNCHANGED = W(
    "指標セット {id}（{name}）は保存済みの内容と同じです。変更はありません",
    "indicator set {id} ({name}) is stored as it is; nothing changed",
)
COMPARISON_TITLE = W("{name}（{ref}）{year}、{scope}", "{name} ({ref}) {year}, {scope}")
NATION = W("全国", "all of Japan")
REPORTED = W("  回答 {reported} / {population} 団体", "  reported {reported} of {population}")
YES_RATE = W(
    "  実施率 {rate}%（{yes} / {reported} 団体）", "  実施率 {rate}% ({yes} of {reported})"
)
SPREAD = W(
    "  最小 {minimum}  第1四分位 {q1}  中央値 {median}  第3四分位 {q3}  最大 {maximum}"
    "  平均 {mean} {unit}",
    "  min {minimum}  Q1 {q1}  median {median}  Q3 {q3}  max {maximum}  mean {mean} {unit}",
)
TREND = W("  推移：{points}", "  trend: {points}")
TREND_POINT = W("{year} {value}（{reported}）", "{year} {value} ({reported})")
PREFECTURES_HEADING = W(
    "  都道府県（市区町村の集計）：", "  都道府県 (aggregate of their municipalities):"
)
FOCUS_LINE = W(
    "  {code} {name}：{value} {unit}、順位 {rank}", "  {code} {name}: {value} {unit}, rank {rank}"
)
FOCUS_GROUP = W(
    "    {id}：{of} 団体中 {rank} 位、中央値 {median}",
    "    {id}: rank {rank} of {of}, median {median}",
)
FOCUS_TREND = W("    推移：{points}", "    trend: {points}")
MAP_WRITTEN = W("{title} の地図を {path} に書き出しました", "wrote the map of {title} to {path}")
MAP_TABLE_WRITTEN = W(
    "地図の値（{rows} 団体）を {path} に書き出しました",
    "wrote the map's figures ({rows} organisations) to {path}",
)
