"""The national administrator's pages of indicator sets (指標セットの管理).

Indicator sets and their figures belong to the installation, not to one plan, so the
pages sit outside any plan's ``/p/{plan_id}/`` prefix, at ``/staff/indicators``, and
only the national administrator (:func:`shinchoku.workflow.is_national_admin`) opens
them. They are thin adapters over the library, like ``shinchoku indicators …``:

* the stored sets at a glance (:func:`shinchoku.compare.store.set_summaries`); a set's
  indicators, its imports, its definition as YAML (:meth:`IndicatorSet.to_yaml`, the
  text ``shinchoku indicators definition`` prints) and links to its comparison pages;
* a set's YAML file added or a new version of it stored
  (:func:`shinchoku.compare.sets.add_set_file`: the same parser and the store's one rule);
* a survey file imported against a set (:func:`shinchoku.compare.survey.import_survey`):
  first its dry run — rows, figures added, changed and unchanged, the diff per
  organisation, or the problems with file, row, cell and text — then, confirmed, the
  import, all or nothing.

Between the preview and the confirmation nothing is kept on the server: the
confirmation sends the file again, with the SHA-256 of the file previewed, and only the
same bytes are imported (other bytes get a preview of their own). The app's workers
share nothing but the database (a file kept by the worker that previewed it would be
missing on the one that confirms), the store has no table for files in waiting, and the
import checks everything again anyway; re-sending the file is the one design with no
state to expire, clean up or protect.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Path, Request
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.responses import HTMLResponse, RedirectResponse, Response

from shinchoku.compare import store
from shinchoku.compare.indicators import IndicatorSet
from shinchoku.compare.service import set_years
from shinchoku.compare.sets import SetSaved, add_set_file
from shinchoku.compare.survey import ImportResult, import_survey
from shinchoku.inquiry.guard import MIB, Limits, check_bytes
from shinchoku.orgs import registry
from shinchoku.problems import Problem, ShinchokuError, Wording
from shinchoku.store.accounts import User
from shinchoku.web.auth import check_csrf, require_national_admin
from shinchoku.web.errors import status_of
from shinchoku.web.params import NationalAdmin
from shinchoku.web.render import render, request_lang
from shinchoku.web.state import AppState, app_state
from shinchoku.web.uploads import Upload, received, upload_form
from shinchoku.wording import place_text, point_text, problem_message, shown_value
from shinchoku.workflow import organisation_words

log = logging.getLogger(__name__)

HOME = "/staff/indicators"
router = APIRouter(prefix=HOME, include_in_schema=False)

SetId = Annotated[str, Path(max_length=100)]
SET_FILES = (".yaml", ".yml")
SURVEY_FILES = (".csv", ".xlsx")
SET_FILE = Wording("指標セットのYAMLファイル", "an indicator set's YAML file")
SURVEY_FILE = Wording("調査ファイル（CSV・XLSX）", "a survey file (CSV or XLSX)")
NOTES = {s.value for s in SetSaved}

# The pages' own words (ja, en); the staff navigation's are the web's (shinchoku.web.i18n).
WORDS: dict[str, tuple[str, str]] = {
    "intro": (
        "団体比較の共通指標を定める指標セットと、その調査結果（団体・指標・年度ごとの値）の"
        "取込みを管理します。全国管理者（団体の指定のない管理者）のページです。",
        "The indicator sets that define the comparison's common indicators, and the import "
        "of their survey results (a figure per organisation, indicator and year). A page "
        "of the national administrator (an admin of no organisation).",
    ),
    "sets_caption": ("保存されている指標セット", "Stored indicator sets"),
    "id": ("ID", "ID"),
    "set": ("指標セット", "Indicator set"),
    "count": ("指標数", "Indicators"),
    "years": ("値のある年度", "Years with figures"),
    "figures": ("値の件数", "Figures"),
    "last_import": ("最後の取込み", "Last import"),
    "none_yet": ("なし", "None yet"),
    "no_sets": ("指標セットはまだありません。", "No indicator set is stored yet."),
    "rows": ("{n}行", "{n} rows"),
    "add": ("指標セットの追加・更新", "Add or update an indicator set"),
    "add_hint": (
        "指標セットのYAMLファイル（.yaml）を選びます。同じIDの指標セットがあれば新しい版として"
        "置き換えます。値のある指標は削除できません。問題が一つでもあれば何も保存しません。",
        "Choose an indicator set's YAML file (.yaml). A stored set with the same id is "
        "replaced by the new version; an indicator that has figures cannot be dropped. On "
        "any problem nothing is saved.",
    ),
    "set_file": ("指標セットのファイル（YAML）", "Indicator set file (YAML)"),
    "limit": ("ファイルの大きさの上限：{size}", "Largest file taken: {size}"),
    "read_and_save": ("読み込んで保存する", "Read and save"),
    "saved_added": ("指標セットを追加しました。", "The indicator set was added."),
    "saved_changed": (
        "指標セットを新しい版に更新しました。",
        "The indicator set was updated to the new version.",
    ),
    "saved_unchanged": (
        "保存済みの指標セットと同じ内容です。変更はありません。",
        "The file is the set as stored; nothing changed.",
    ),
    "problems": (
        "ファイル「{file}」に問題があります。何も保存していません。",
        "The file {file} has problems. Nothing was saved.",
    ),
    "problems_nofile": (
        "送信内容に問題があります。何も保存していません。",
        "The form has problems. Nothing was saved.",
    ),
    "problems_caption": ("問題の一覧", "Problems"),
    "where": ("場所", "Where"),
    "problem": ("内容", "Problem"),
    "found": ("記載", "Text found"),
    "code": ("コード", "Code"),
    "back": ("指標セットの一覧へ", "Back to the indicator sets"),
    "facts": ("指標セットの概要", "About the set"),
    "scope": ("範囲", "Scope"),
    "scope_national": ("全国", "National"),
    "scope_prefectural": ("都道府県", "Prefectural"),
    "owner": ("作成団体", "Owner"),
    "source": ("出典（調査）", "Source (survey)"),
    "as_of": ("値の時点", "Figures as of"),
    "indicators": ("指標", "Indicators"),
    "name": ("指標名", "Indicator"),
    "unit": ("単位", "Unit"),
    "computation": ("集計方法", "Computation"),
    "computation_yes-no": ("有無（全体では実施率）", "Yes or no (share answering yes)"),
    "computation_number": ("数値（全体では分布）", "Number (its distribution)"),
    "computation_ratio": ("比率", "Ratio"),
    "direction": ("評価の方向", "Direction"),
    "definition": ("定義", "Definition"),
    "as_the_set": ("指標セットの出典と同じ", "As the set's"),
    "comparison": ("団体比較", "Comparison"),
    "no_figures": ("値なし", "No figures"),
    "download": ("定義をYAMLでダウンロード", "Download the definition (YAML)"),
    "download_hint": (
        "shinchoku indicators definition と同じ内容です。編集して、指標セットの一覧のページから"
        "新しい版として読み込めます。",
        "The same text as shinchoku indicators definition prints. Edit it and read it back as "
        "a new version on the page of the indicator sets.",
    ),
    "compare_all": ("公開の団体比較ページ", "The public comparison pages"),
    "imports": ("取込みの履歴（新しい順）", "Imports, newest first"),
    "file": ("ファイル", "File"),
    "imported_at": ("取込み日時", "Imported"),
    "imported_by": ("取込み者", "Imported by"),
    "rows_head": ("行数", "Rows"),
    "no_imports": ("まだ取り込んでいません。", "Nothing imported yet."),
    "survey": ("調査ファイルの取込み", "Import a survey file"),
    "survey_hint": (
        "CSV（UTF-8またはシフトJIS）かXLSXで、見出し行（団体コード・団体名・年度・指標・値）と、"
        "団体・指標・年度ごとに1行。まずプレビュー（試行）を表示し、確認してから取り込みます。"
        "問題が一つでもあれば何も取り込みません。",
        "CSV (UTF-8 or Shift_JIS) or XLSX: a header row (団体コード, 団体名, 年度, 指標, 値) "
        "and a row per organisation, indicator and year. A preview (dry run) comes first; "
        "the import follows when you confirm it. On any problem nothing is imported.",
    ),
    "survey_file": ("調査ファイル（CSV・XLSX）", "Survey file (CSV or XLSX)"),
    "sheet": ("シート名（XLSX、省略すると最初のシート）", "Sheet (XLSX; default the first)"),
    "preview": ("プレビュー（試行）", "Preview (dry run)"),
    "preview_title": ("取込みのプレビュー", "Preview of the import"),
    "preview_note": (
        "まだ何も取り込んでいません。内容を確認してから取り込んでください。",
        "Nothing is imported yet. Check it, then import it.",
    ),
    "other_file": (
        "選んだファイルは、プレビューしたファイルと内容が異なります。"
        "このファイルのプレビューを表示しています（まだ取り込んでいません）。",
        "The file chosen is not the file previewed. This is the new file's preview; "
        "nothing is imported yet.",
    ),
    "imported_title": ("取込みの結果", "Import done"),
    "imported": (
        "取り込みました。ファイルのすべての行を保存しました。",
        "Imported: every row of the file was saved.",
    ),
    "summary": ("件数", "Counts"),
    "rows_read": ("読み取った行", "Rows read"),
    "added": ("追加", "Added"),
    "changed": ("変更", "Changed"),
    "unchanged": ("変更なし", "Unchanged"),
    "would_add": ("追加予定", "To add"),
    "would_change": ("変更予定", "To change"),
    "by_org": ("団体ごとの差分（追加・変更のある団体）", "Per organisation (those with changes)"),
    "org_code": ("団体コード", "Code"),
    "org_name": ("団体名", "Organisation"),
    "no_change": (
        "値を追加・変更する団体はありません。",
        "No organisation's figures are added or changed.",
    ),
    "unchanged_orgs": (
        "ほかに{n}団体は値がすべて保存済みと同じです。",
        "{n} other organisations' figures are all as stored.",
    ),
    "confirm": ("取り込む", "Import"),
    "confirm_hint": (
        "確認のため、同じファイルをもう一度選んでください。プレビューしたファイルと同じ内容"
        "（SHA-256 {sha}）のときだけ取り込みます。",
        "To confirm, choose the same file again. It is imported only when it is the file "
        "previewed (SHA-256 {sha}).",
    ),
    "confirm_file": (
        "取り込むファイル（プレビューしたもの）",
        "File to import (the one previewed)",
    ),
}


def _words(request: Request) -> dict[str, str]:
    i = 0 if request_lang(request) == "ja" else 1
    return {k: v[i] for k, v in WORDS.items()}


@dataclass(frozen=True, slots=True)
class ProblemRow:
    """One problem as the page lists it, in the reader's language."""

    code: str
    place: str
    message: str
    found: str | None


def problem_rows(problems: list[Problem], lang: str) -> list[ProblemRow]:
    return [
        ProblemRow(
            p.code,
            place_text(p.place, lang),
            problem_message(p, lang),
            shown_value(p, "found", lang),
        )
        for p in problems
    ]


def _size(n: int) -> str:
    return f"{n / MIB:.0f} MB" if n >= MIB else f"{n // 1024} KB"


async def _form(request: Request) -> tuple[User, FormData, int]:
    """The national administrator's form: who, before its file is read; then the form
    (within the upload limit) and its CSRF token."""
    user = await run_in_threadpool(require_national_admin, request)
    limit = app_state(request).settings.upload_max_bytes
    form = await upload_form(request, limit)
    try:
        check_csrf(request, form.get("csrf_token"))
    except BaseException:
        await form.close()
        raise
    return user, form, limit


# -- the stored sets -------------------------------------------------------------------------


@router.get("")
def sets(request: Request, user: NationalAdmin) -> HTMLResponse:
    return _sets_page(request)


def _sets_page(
    request: Request, problems: ShinchokuError | None = None, file: str | None = None
) -> HTMLResponse:
    st = app_state(request)
    with st.db.engine.connect() as conn:
        summaries = store.set_summaries(conn)
    return render(
        request,
        "staff/indicator_sets.html",
        {
            "summaries": summaries,
            "problems": problem_rows(problems.problems, request_lang(request)) if problems else [],
            "file": file,
            "limit": _size(st.settings.upload_max_bytes),
            "sets_url": HOME,
            "w": _words(request),
            "staff": True,
            "title_key": "indicator_sets",
        },
        status=status_of(problems) if problems else 200,
    )


@router.post("")
async def add_set(request: Request) -> Response:
    user, form, limit = await _form(request)
    try:
        upload = await _take(form, SET_FILES, SET_FILE, limit)
        iset, saved = await run_in_threadpool(_add_set, app_state(request), upload)
    except ShinchokuError as exc:
        return await run_in_threadpool(_sets_page, request, exc, _file_name(exc))
    log.info("indicator set %s %s from %s by %s", iset.id, saved.value, upload.name, user.name)
    return RedirectResponse(f"{HOME}/{iset.id}?note={saved.value}", status_code=303)


async def _take(form: FormData, suffixes: tuple[str, ...], what: Wording, limit: int) -> Upload:
    """The form's file (:func:`~shinchoku.web.uploads.received`); the form is closed."""
    try:
        return await received(form, "file", suffixes, what, limit)
    finally:
        await form.close()


def _file_name(exc: ShinchokuError) -> str | None:
    """The file the problems are about, as the page's heading names it."""
    return next((p.place.file for p in exc.problems if p.place.file), None)


def _add_set(st: AppState, upload: Upload) -> tuple[IndicatorSet, SetSaved]:
    with upload.saved() as path:
        return add_set_file(st.db, path, registry())


# -- one set ---------------------------------------------------------------------------------


@router.get("/{set_id}")
def one_set(request: Request, user: NationalAdmin, set_id: SetId) -> HTMLResponse:
    return _set_page(request, set_id)


@router.get("/{set_id}/definition.yaml")
def definition(request: Request, user: NationalAdmin, set_id: SetId) -> Response:
    """The set as YAML: what ``shinchoku indicators definition`` prints."""
    with app_state(request).db.engine.connect() as conn:
        text = store.load_indicator_set(conn, set_id).to_yaml()
    return Response(
        text.encode("utf-8"),
        media_type="application/yaml; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{set_id}.yaml"',
            "Cache-Control": "no-store",
        },
    )


def _set_page(
    request: Request,
    set_id: str,
    problems: ShinchokuError | None = None,
    file: str | None = None,
) -> HTMLResponse:
    st = app_state(request)
    with st.db.engine.connect() as conn:
        iset = store.load_indicator_set(conn, set_id)  # indicator-set-not-found: 404
        years = set_years(conn, set_id)  # from the stored aggregates: no scan of the figures
        imports = store.survey_imports(conn, set_id)
    note = request.query_params.get("note")
    lang = request_lang(request)
    as_of = iset.as_of
    return render(
        request,
        "staff/indicator_set.html",
        {
            "iset": iset,
            "owner": organisation_words(iset.owner).get(lang),
            "as_of": point_text(as_of.text, as_of.fiscal_year, lang) if as_of else None,
            "years": years,
            "imports": imports,
            "note": note if note in NOTES and problems is None else None,
            "problems": problem_rows(problems.problems, lang) if problems else [],
            "file": file,
            "limit": _size(st.settings.upload_max_bytes),
            "sets_url": HOME,
            "w": _words(request),
            "staff": True,
            "title": iset.name,
        },
        status=status_of(problems) if problems else 200,
    )


# -- a survey file ---------------------------------------------------------------------------


@router.post("/{set_id}/survey")
async def survey(request: Request, set_id: SetId) -> Response:
    """A survey file's dry run; with the SHA-256 of the file previewed (``previewed``),
    and the same bytes sent again, its import."""
    user, form, limit = await _form(request)
    st = app_state(request)
    sheet = str(form.get("sheet") or "").strip()[:100] or None
    previewed = str(form.get("previewed") or "")
    try:
        upload = await _take(form, SURVEY_FILES, SURVEY_FILE, limit)
    except ShinchokuError as exc:  # shown on the set's page (an unknown set: 404)
        return await run_in_threadpool(_set_page, request, set_id, exc, _file_name(exc))
    iset = await run_in_threadpool(_stored_set, st, set_id)  # indicator-set-not-found: 404
    try:
        confirmed = previewed == upload.sha256
        result = await run_in_threadpool(_import, st, iset, upload, sheet, not confirmed, user.name)
    except ShinchokuError as exc:
        return await run_in_threadpool(_set_page, request, set_id, exc, _file_name(exc))
    if result.applied:
        log.info("survey %s imported into %s by %s", upload.name, iset.id, user.name)
    orgs = registry()
    return render(
        request,
        "staff/survey_import.html",
        {
            "iset": iset,
            "result": result,
            "changed_orgs": [
                (d, o.name if (o := orgs.get(d.code)) else d.code)
                for d in result.diffs
                if d.added or d.changed
            ],
            "unchanged_orgs": sum(1 for d in result.diffs if not (d.added or d.changed)),
            "upload": upload,
            "sheet": sheet,
            "other_file": bool(previewed) and not confirmed,
            "limit": _size(limit),
            "sets_url": HOME,
            "w": _words(request),
            "staff": True,
            "title": iset.name,
        },
    )


def _stored_set(st: AppState, set_id: str) -> IndicatorSet:
    with st.db.engine.connect() as conn:
        return store.load_indicator_set(conn, set_id)


def _import(
    st: AppState, iset: IndicatorSet, upload: Upload, sheet: str | None, dry_run: bool, by: str
) -> ImportResult:
    if upload.suffix == ".xlsx":
        # refused before any spreadsheet library reads it: macros, DTDs, zip bombs
        check_bytes(upload.data, upload.name, _workbook_limits(st.settings.upload_max_bytes))
    with upload.saved() as path:
        return import_survey(st.db, path, iset, registry(), sheet=sheet, dry_run=dry_run, by=by)


def _workbook_limits(limit: int) -> Limits:
    """The 照会 replies' checks, sized for a survey: a national one has a row per
    organisation × indicator × year (read row by row, never as a grid)."""
    return Limits(
        max_file_bytes=limit,
        max_unpacked_bytes=max(100 * MIB, 20 * limit),
        max_rows=1_048_576,  # Excel's own limit
        max_grid_cells=1_048_576 * 16,
    )
