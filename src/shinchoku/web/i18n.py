"""The web app's own words (log-in, staff pages, workflow) in Japanese and English.

Words shared with the report — statuses, table headings, fiscal-year labels — come from
the report's catalogue, :mod:`shinchoku.publish.labels`, so a page and the printed
report say the same thing. Data text (names, analyses) is never translated.
"""

from __future__ import annotations

from collections.abc import Mapping

from shinchoku.publish.labels import fiscal_year_label, fiscal_year_short, labels

LANGS = ("ja", "en")

# key: (ja, en)
_WEB: dict[str, tuple[str, str]] = {
    "site_title": ("進捗ダッシュボード", "Progress dashboard"),
    "lang_switch": ("English", "日本語"),
    "lang_switch_label": ("Switch to English", "日本語に切り替え"),
    "main_nav": ("メインメニュー", "Main menu"),
    "staff_nav": ("職員メニュー", "Staff menu"),
    "public_site": ("公開ページ", "Public pages"),
    "staff_area": ("職員ページ", "Staff area"),
    "compare_nav": ("団体比較", "Comparison"),
    "log_in": ("ログイン", "Log in"),
    "log_out": ("ログアウト", "Log out"),
    "logged_in_as": ("ログイン中", "Logged in as"),
    "user_name": ("ユーザー名", "User name"),
    "password": ("パスワード", "Password"),
    "password_again": ("パスワード（確認）", "Password (again)"),
    "login_failed": (
        "ユーザー名またはパスワードが違います。",
        "The user name or the password is wrong.",
    ),
    "year_select": ("表示する年度", "Fiscal year shown"),
    "show": ("表示", "Show"),
    "filter": ("絞り込み", "Filter"),
    "filter_apply": ("絞り込む", "Apply"),
    "filter_clear": ("条件をクリア", "Clear"),
    "all": ("すべて", "All"),
    "division": ("担当所属", "Division"),
    "text_search": ("キーワード", "Keywords"),
    "results": ("件", "results"),
    "results_count": ("該当するKPI", "KPIs found"),
    "no_results": ("条件に合うKPIはありません。", "No KPI matches."),
    "no_published": (
        "公開済みの年度はまだありません。",
        "No fiscal year has been published yet.",
    ),
    "previous_year": ("前年度", "Previous year"),
    "change": ("増減", "Change"),
    "kpi_counts": ("KPIの判定の内訳", "KPI status counts"),
    "count": ("件数", "Count"),
    "area_pages": ("領域別のページ", "Area pages"),
    "figures_note": ("数値は公開済みのものです。", "Figures as published."),
    "draft_banner": (
        "職員用の表示です。未公開の数値（下書き）を含みます。",
        "Staff view: includes figures not yet published (drafts).",
    ),
    "year_state": ("年度の状態", "Year state"),
    "state_open": ("入力受付中", "Open"),
    "state_published": ("公開済み", "Published"),
    "state_none": ("未開始", "Not opened"),
    "state_draft": ("作成中", "Draft"),
    "state_submitted": ("提出済み", "Submitted"),
    "state_reviewed": ("確認済み", "Reviewed"),
    "workflow": ("年度の進行管理", "Year workflow"),
    "open_year": ("年度を開始", "Open year"),
    "publish": ("公開する", "Publish"),
    "publish_force": (
        "確認が済んでいない所属があっても公開する",
        "Publish even though some divisions are not reviewed",
    ),
    "reopen": ("公開を取り消して再開", "Reopen"),
    "reopen_reason": ("再開の理由", "Reason for reopening"),
    "submit_unit": ("提出する", "Submit"),
    "review_unit": ("確認済みにする", "Mark reviewed"),
    "return_unit": ("差し戻す", "Send back"),
    "withdraw_unit": ("提出を取り下げる", "Withdraw the submission"),
    "events": ("経過", "Events"),
    "action": ("操作", "Action"),
    "action_open": ("年度開始", "opened"),
    "action_submit": ("提出", "submitted"),
    "action_review": ("確認", "reviewed"),
    "action_return": ("差戻し", "sent back"),
    "action_publish": ("公開", "published"),
    "action_reopen": ("再開", "reopened"),
    "action_withdraw": ("提出取下げ", "withdrawn"),
    "who": ("担当者", "By"),
    "when": ("日時", "When"),
    "note": ("備考", "Note"),
    "history": ("変更履歴", "Change history"),
    "history_caption": (
        "このKPIと施策の変更履歴（新しい順）",
        "Changes to this KPI and its measures, newest first",
    ),
    "no_history": ("変更履歴はありません。", "No changes recorded."),
    "before": ("変更前", "Before"),
    "after": ("変更後", "After"),
    "field_value": ("実績値", "Actual"),
    "field_as_of": ("時点", "As of"),
    "field_declared_status": ("状況（達成・一部達成・未達成）", "Declared status"),
    "field_analysis": ("要因分析", "Analysis"),
    "edit": ("入力・修正", "Edit"),
    "edit_title": ("実績値の入力", "Enter the actual"),
    "edit_intro": (
        "数値は報告書と同じ規則で読み取ります（例：「1,731」「約5万2千件」「78.4%」「ー」）。",
        "Figures are read by the same rules as the report data "
        "(e.g. 1,731, 約5万2千件, 78.4%, ー).",
    ),
    "unit_hint": ("単位「{unit}」は省略できます。", "The unit {unit} may be left out."),
    "as_of_hint_year": (
        "年度末の数値なら「{end}」、年度の数値なら「{year}」のように書きます（空欄可）。",
        "For the figure at the year's end write {end}, for the whole year {year} (may be empty).",
    ),
    "not_chosen": ("（未選択）", "(none)"),
    "status_choice_hint": (
        "計画の評価区分から選びます。",
        "Choose from the plan's grading scheme.",
    ),
    "check_entries": ("確認", "Check"),
    "check_ok": (
        "読み取れない入力はありません。まだ保存していません。",
        "Every entry can be read. Nothing is saved yet.",
    ),
    "save": ("保存する", "Save"),
    "cancel": ("キャンセル", "Cancel"),
    "saved": ("保存しました。", "Saved."),
    "nothing_changed": ("変更はありませんでした。", "Nothing was changed."),
    "errors_found": (
        "入力に誤りがあります。何も保存していません。",
        "Some entries could not be read. Nothing was saved.",
    ),
    "text_found": ("入力された文字", "Text found:"),
    "cannot_read": ("を読み取れません", "cannot be read"),
    "accepted_forms": ("読み取れる書き方", "Accepted"),
    "previous_actual": ("前年度の実績値", "Previous year's actual"),
    "not_editable": (
        "この年度のこのKPIは編集できません。",
        "You cannot edit this KPI in this year.",
    ),
    "conflict_title": ("他の人が先に保存しました", "Someone else saved first"),
    "conflict_intro": (
        "このKPIを開いた後に、他の人が同じ項目を保存しました。"
        "あなたの入力はまだ保存していません。下の表で両方の値を確認してください。",
        "After you opened this KPI, someone else saved the same fields. "
        "Your entries are not saved yet. Compare both values below.",
    ),
    "yours": ("あなたの入力", "Your entry"),
    "theirs": ("保存済みの値", "Saved value"),
    "saved_by": ("保存した人・日時", "Saved by, at"),
    "keep_mine": ("自分の入力で上書きする", "Save mine over it"),
    "keep_theirs": ("保存済みの値のままにする", "Keep the saved value"),
    "users": ("ユーザー管理", "Users"),
    "role": ("権限", "Role"),
    "role_admin": ("管理者", "Admin"),
    "role_editor": ("入力担当", "Editor"),
    "role_viewer": ("閲覧者", "Viewer"),
    "units": ("所属", "Org units"),
    "account_state": ("状態", "State"),
    "disabled": ("無効", "Disabled"),
    "active": ("有効", "Active"),
    "disable": ("無効にする", "Disable"),
    "add_user": ("ユーザーを追加", "Add user"),
    "api_tokens": ("APIトークン", "API tokens"),
    "token_id": ("番号", "No."),
    "token_label": ("用途", "Label"),
    "created_at": ("発行日時", "Created"),
    "last_used_at": ("最終利用（1分単位）", "Last used (to the minute)"),
    "never_used": ("未使用", "Never"),
    "revoked": ("失効", "Revoked"),
    "revoke": ("失効させる", "Revoke"),
    "no_tokens": ("APIトークンはありません。", "There are no API tokens."),
    "tokens_note": (
        "トークンは shinchoku user token コマンドで発行します。"
        "失効させたトークンはすぐに使えなくなります（ほかのトークンはそのまま使えます）。",
        "Tokens are issued with the shinchoku user token command. A revoked token stops "
        "working at once; the others go on working.",
    ),
    "my_kpis": ("担当するKPI", "My KPIs"),
    "only_mine": ("担当分のみ", "Mine only"),
    "staff_home": ("職員トップ", "Staff home"),
    "current_open_year": ("入力受付中の年度", "Year open for entry"),
    "no_open_year": ("入力受付中の年度はありません。", "No year is open for entry."),
    "error": ("エラー", "Error"),
    "error_code": ("エラーコード", "Error code"),
    "back_home": ("トップへ戻る", "Back to the top page"),
    "download_csv": ("KPI一覧（CSV）", "KPIs (CSV)"),
    "download_json": ("データ（JSON）", "Data (JSON)"),
    "download_unavailable": (
        "この形式は現在作成できません。",
        "This format cannot be produced right now.",
    ),
    "format": ("形式", "Format"),
    "file": ("ファイル", "File"),
    "downloads_note": (
        "公開済みの数値から作成します。初回は作成に時間がかかることがあります。",
        "Made from the published figures; the first download of a file may take a moment.",
    ),
    "api_docs": ("API（OpenAPI）", "API (OpenAPI)"),
    "chart_label": ("グラフ", "Chart"),
    "table_of_figures": ("数値の表", "Figures as a table"),
    "unit_state": ("所属の提出状況", "Division submissions"),
    "publish_blocked": (
        "すべての所属が確認済みになると公開できます。",
        "The year can be published when every division is reviewed.",
    ),
    "kpi_search": ("KPIの検索", "Find KPIs"),
    "both_values": ("両方の値", "Both values"),
    "submission": ("提出状況", "Submission"),
    "reopen_blocked": (
        "再開するには、入力受付中の年度を先に公開してください。",
        "Publish the open year before reopening another.",
    ),
    "more_pages": ("関連ページ", "More"),
    "kpis_of_area": ("この領域のKPI", "KPIs in this area"),
    "revision": ("版", "Revision"),
    "per_year": ("年あたり", "per year"),
    # a division's side: my work, the submission
    "my_work": ("今年度の担当業務", "My work this year"),
    "my_work_intro": (
        "担当する所属のKPIと施策です。空欄の項目と点検での指摘を確認し、入力が済んだら提出してください。",
        "The KPIs and measures of your divisions. Check what is still empty and what the "
        "audit flags, then submit.",
    ),
    "my_units_none": ("担当する所属がありません。", "You have no division to answer for."),
    "actual_empty": ("未入力", "Empty"),
    "entered": ("入力済み", "Entered"),
    "findings_count": ("指摘", "Findings"),
    "no_findings": ("指摘なし", "None"),
    "open_items": ("未入力・指摘", "Open items"),
    "texts": ("状況・要因分析", "Status and analysis"),
    "analysis_empty": ("要因分析が未入力", "Analysis empty"),
    "status_empty": ("状況が未選択", "Status not chosen"),
    "view": ("表示", "View"),
    "submit_confirm": ("提出の確認", "Confirm the submission"),
    "submit_confirm_intro": (
        "提出すると、政策担当課が確認するまで入力できなくなります。"
        "確認前であれば提出を取り下げて修正できます。",
        "Once submitted, the figures cannot be edited until the policy office has looked "
        "at them. Before it has, you can withdraw the submission and correct them.",
    ),
    "submit_open_items": (
        "次の項目が未入力か、点検で指摘されています。このまま提出することもできます。",
        "The items below are empty or flagged by the audit. You may submit all the same.",
    ),
    "submit_nothing_open": (
        "未入力の項目も点検での指摘もありません。",
        "Nothing is empty and the audit flags nothing.",
    ),
    "submit_anyway": ("この内容で提出する", "Submit as it is"),
    "back_to_my_work": ("担当業務に戻る", "Back to my work"),
    "to_submit": ("提出の確認へ", "Review and submit"),
    "withdraw_hint": (
        "政策担当課の確認前なので、提出を取り下げて修正できます。",
        "The office has not reviewed it yet: you can withdraw it and correct it.",
    ),
    "submitted_locked": (
        "提出済みのため、取り下げるまで入力できません。",
        "Submitted: withdraw it to edit again.",
    ),
    "next_steps": ("次にできること", "What you can do next"),
    "next_403_staff": (
        "担当の所属や権限が違う場合は、政策担当課（管理者）に連絡してください。",
        "If your divisions or your role are wrong, contact the policy office (an admin).",
    ),
    "next_404": (
        "アドレスを確かめるか、KPI一覧から探してください。",
        "Check the address, or look for it in the list of KPIs.",
    ),
    "next_409": (
        "ページを開き直して、年度と提出の状況を確かめてください。",
        "Reload the page and check the state of the year and of the submissions.",
    ),
    "next_500": (
        "時間をおいてもう一度お試しください。続く場合は管理者に連絡してください。",
        "Try again in a while. If it goes on, contact the administrator.",
    ),
    "public_home": ("公開ページのトップ", "Public home page"),
    "reviewed_locked": (
        "政策担当課が確認済みです。修正が必要な場合は政策担当課に差戻しを依頼してください。",
        "Reviewed by the policy office. Ask the office to send it back to correct it.",
    ),
}


class Words(Mapping[str, str]):
    """Look-ups for one language: the web's words, then the report's."""

    def __init__(self, lang: str) -> None:
        self.lang = lang if lang in LANGS else "ja"
        i = LANGS.index(self.lang)
        self._web = {k: v[i] for k, v in _WEB.items()}
        self._report = labels(self.lang)

    def __getitem__(self, key: str) -> str:
        if key in self._web:
            return self._web[key]
        return self._report[key]

    def __iter__(self):  # type: ignore[no-untyped-def]
        yield from self._web
        yield from (k for k in self._report if k not in self._web)

    def __len__(self) -> int:
        return len(set(self._web) | set(self._report))

    def __call__(self, key: str) -> str:
        try:
            return self[key]
        except KeyError:
            return key

    def year(self, fy: int) -> str:
        return fiscal_year_label(fy, self.lang)

    def year_short(self, fy: int) -> str:
        return fiscal_year_short(fy, self.lang)


_CACHE = {lang: Words(lang) for lang in LANGS}


def words(lang: str) -> Words:
    return _CACHE.get(lang, _CACHE["ja"])


def keys() -> set[str]:
    return set(_WEB)
