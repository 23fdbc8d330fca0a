"""照会 from a prefecture to its municipalities on an indicator set: one workbook each,
replies collected all or nothing, and who has not replied.

- :func:`make_forms` writes one XLSX per municipality of the prefecture: its name and
  団体コード, each reported indicator with its definition, unit and the kind of answer
  expected, with data validation. The hidden ``_meta`` sheet carries the set, year,
  prefecture and organisation, a fingerprint and the installation's signature (the same
  HMAC-SHA256 under :mod:`shinchoku.store.secret` the plan's 照会 forms carry).
- :func:`collect` refuses unsafe files with the plan 照会's guard
  (:func:`shinchoku.inquiry.guard.check_file`), then a workbook of another set, year or
  prefecture, one whose keys, fingerprint or signature do not match, and two different
  replies of one municipality; the answers go through the survey import (the one figure
  parser, the same problems), every reply recorded as its own import, so each figure
  keeps its file, cell and organisation. All replies are applied in one transaction,
  or none.
- :func:`status` lists per municipality what it answered and what is missing: the
  input of a reminder.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.styles import Alignment  # type: ignore[import-untyped]
from openpyxl.worksheet.datavalidation import DataValidation  # type: ignore[import-untyped]
from python_calamine import CalamineError, CalamineWorkbook
from sqlalchemy import Connection, select

from shinchoku import inquiry as _plan_inquiry
from shinchoku.compare.indicators import Computation, Indicator, IndicatorSet
from shinchoku.compare.problems import (
    INQUIRY_NO_REPLIES,
    INQUIRY_WRONG_ORGANISATION,
    INQUIRY_WRONG_SET,
)
from shinchoku.compare.sets import store_set
from shinchoku.compare.store import FIGURES
from shinchoku.compare.survey import ImportResult, Source, import_sources
from shinchoku.compare.survey_file import Cell, SurveyLine
from shinchoku.inquiry import codes as c
from shinchoku.inquiry.guard import Checked, Limits, check_file
from shinchoku.inquiry.identity import newer_format
from shinchoku.inquiry.layout import (
    FIELD_MARK,
    cell_ref,
    date_label,
    safe_file_part,
    same_signature,
    year_label,
)
from shinchoku.inquiry.values import cell_text
from shinchoku.inquiry.xlsx import (
    BASE,
    BOLD,
    BOX,
    CENTRE,
    HEADER_FILL,
    HEADING,
    INPUT_FILL,
    INPUT_HEADER_FILL,
    LINE_HEIGHT,
    SHOW_FILL,
    SMALL,
    TITLE,
    UNLOCKED,
    WRAP_TOP,
    print_and_protect,
    sealed,
    text_cell,
    wrapped_lines,
)
from shinchoku.orgs import Organisation, Registry
from shinchoku.problems import Place, Problem, ShinchokuError, Wording
from shinchoku.store import Database
from shinchoku.store.secret import installation_secret
from shinchoku.store.tables import SurveyImportRow

log = logging.getLogger(__name__)

# shinchoku.inquiry binds its name ``collect`` (the function) on first use; importing its
# submodule ``collect`` first would leave the module under that name for everyone. So the
# package is asked first; then the plan 照会's folder expansion is taken from the module.
_plan_inquiry.collect  # noqa: B018
from shinchoku.inquiry.collect import expand  # noqa: E402

FORMAT_VERSION = 1
MARKER = "shinchoku-compare-inquiry"
META_SHEET = "_meta"
ROLE = "compare"  # the field row's first cell: FIELD_MARK + ROLE
SHEET = "回答"
YES, NO, NOT_APPLICABLE = "はい", "いいえ", "該当なし"

# Columns of the answer sheet: (field, label, width); key columns are hidden.
COLUMNS: tuple[tuple[str, str, float], ...] = (
    ("key.org", "団体コード", 8),
    ("key.indicator", "指標ID", 14),
    ("show.no", "No.", 5),
    ("show.name", "指標", 24),
    ("show.definition", "定義", 46),
    ("show.unit", "単位", 7),
    ("show.kind", "回答の種類", 22),
    ("in.value", "回答", 16),
)
KEYS = ("key.org", "key.indicator")
_SCAN_ROWS = 40


# -- the form --------------------------------------------------------------------------


def form_file_name(org: Organisation) -> str:
    return f"{org.code}_{safe_file_part(org.name)}.xlsx"


def asked(iset: IndicatorSet) -> tuple[Indicator, ...]:
    """The indicators a municipality answers: every reported one (a ratio is computed)."""
    return tuple(i for i in iset.indicators if i.is_reported)


def answer_kind(iset: IndicatorSet, indicator: Indicator) -> str:
    """The kind of answer expected, as the form says it."""
    if indicator.computation is Computation.YES_NO:
        return f"{YES}／{NO}（一覧から選択）"
    unit = f"（{indicator.unit}）" if indicator.unit else ""
    for ratio in iset.indicators:
        if indicator.id == ratio.numerator:
            return f"数値{unit}：「{ratio.name}」の分子"
        if indicator.id == ratio.denominator:
            return f"数値{unit}：「{ratio.name}」の分母"
    return f"数値{unit}"


def _payload(
    iset: IndicatorSet, year: int, prefecture: str, org: str, ids: Sequence[str], version: int
) -> bytes:
    data = [MARKER, version, iset.id, iset.content_hash(), year, prefecture, org, list(ids)]
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def fingerprint(
    iset: IndicatorSet, year: int, prefecture: str, org: str, ids: Sequence[str]
) -> str:
    """SHA-256 over the form's identity and its rows: an integrity check anyone can redo."""
    return hashlib.sha256(_payload(iset, year, prefecture, org, ids, FORMAT_VERSION)).hexdigest()


def signature(
    secret: bytes, iset: IndicatorSet, year: int, prefecture: str, org: str, ids: Sequence[str]
) -> str:
    """HMAC-SHA256 under the installation secret: only this database makes or checks it."""
    payload = _payload(iset, year, prefecture, org, ids, FORMAT_VERSION)
    return hmac.new(secret, payload, "sha256").hexdigest()


@dataclass(frozen=True, slots=True)
class MadeForm:
    org: Organisation
    path: Path
    rows: int


def make_forms(
    database: Database,
    iset: IndicatorSet,
    registry: Registry,
    prefecture: str,
    year: int,
    out_dir: str | Path,
    *,
    deadline: date | None = None,
    contact: str | None = None,
) -> list[MadeForm]:
    """Write one form per municipality of ``prefecture``; the same bytes every time for
    the same set, year, deadline, contact and database.

    The set and the organisations are stored first, so the replies can be collected
    into this database; the forms are signed with its installation secret.
    """
    pref = _prefecture(registry, prefecture)
    municipalities = registry.municipalities(pref.code)
    with database.writing() as conn:
        store_set(conn, iset, registry)
    secret = installation_secret(database, create=True)
    assert secret is not None
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    made: list[MadeForm] = []
    for org in municipalities:
        path = out / form_file_name(org)
        path.write_bytes(render(iset, year, pref, org, secret, deadline, contact))
        made.append(MadeForm(org, path, len(asked(iset))))
    log.info("wrote %d forms for %s FY%d to %s", len(made), pref.name, year, out)
    return made


def _prefecture(registry: Registry, code: str) -> Organisation:
    place = Place(field="prefecture")
    org = registry.find(code, place)
    if org.code not in {p.code for p in registry.prefectures()}:
        raise ShinchokuError(
            INQUIRY_WRONG_ORGANISATION(
                place, f"{org.code} {org.name} is not a prefecture", found=code
            )
        )
    return org


def render(
    iset: IndicatorSet,
    year: int,
    prefecture: Organisation,
    org: Organisation,
    secret: bytes,
    deadline: date | None = None,
    contact: str | None = None,
) -> bytes:
    """The form of one municipality as XLSX bytes."""
    indicators = asked(iset)
    ids = [i.id for i in indicators]
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = SHEET
    ws.sheet_view.showGridLines = False
    first = 3  # the first visible column (C)
    y = year_label(year)
    _put(ws, 1, first, f"{y}「{iset.name}」照会", TITLE)
    _put(ws, 2, first, f"回答団体：{org.name}（団体コード {org.code}）", HEADING)
    lines = [
        f"照会元：{prefecture.name}" + (f"（{contact}）" if contact else ""),
        "回答期限：" + (date_label(deadline) if deadline else "別途通知のとおり"),
        f"調査：{iset.source or iset.name}"
        + (f"（{iset.as_of.text}時点）" if iset.as_of is not None else ""),
        f"黄色の「回答」欄に{y}の状況を入力してください。はい／いいえは一覧から選択し、"
        "数値は単位を付けずに入力してください（全角数字・桁区切りのカンマ・「約」も可）。",
        f"該当しない場合は「{NOT_APPLICABLE}」または「ー」を、未定の場合は空欄のままにしてください"
        "（空欄は未回答として扱います）。",
        "行・列・シートの追加・削除・並べ替えはしないでください。ファイルはExcel形式（.xlsx）の"
        "まま保存し、期限までに照会元へ返送してください。",
    ]
    r = 3
    for text in lines:
        _put(ws, r, first, text, BASE)
        r += 1
    field_row, header_row = r + 1, r + 2
    for col, (name, label, width) in enumerate(COLUMNS, start=1):
        ws.cell(field_row, col, FIELD_MARK + ROLE if col == 1 else name).font = SMALL
        fill = INPUT_HEADER_FILL if name.startswith("in.") else HEADER_FILL
        cell = _put(ws, header_row, col, label, BOLD)
        cell.fill, cell.border, cell.alignment = fill, BOX, CENTRE
        letter = cell.column_letter
        ws.column_dimensions[letter].width = width
        if name.startswith("key."):
            ws.column_dimensions[letter].hidden = True
    ws.row_dimensions[field_row].hidden = True
    for n, indicator in enumerate(indicators):
        row = header_row + 1 + n
        values = {
            "key.org": org.code,
            "key.indicator": indicator.id,
            "show.no": str(n + 1),
            "show.name": indicator.name,
            "show.definition": indicator.definition or "",
            "show.unit": indicator.unit or "",
            "show.kind": answer_kind(iset, indicator),
        }
        height = 1
        for col, (name, _, width) in enumerate(COLUMNS, start=1):
            if name.startswith("key."):
                text_cell(ws, row, col, values[name]).number_format = "@"
                continue
            cell = text_cell(ws, row, col, values.get(name) or None)
            cell.font, cell.border, cell.alignment = BASE, BOX, WRAP_TOP
            if name == "in.value":
                cell.fill, cell.protection = INPUT_FILL, UNLOCKED
                if indicator.computation is not Computation.YES_NO:
                    cell.number_format = "@"  # 「16%」 and 「約12」 stay as typed
            else:
                cell.fill = SHOW_FILL
                height = max(height, wrapped_lines(values.get(name, ""), width))
        ws.row_dimensions[row].height = LINE_HEIGHT * height + 4
        ws.add_data_validation(_validation(iset, indicator, f"H{row}"))
    ws.freeze_panes = ws.cell(header_row + 1, first)
    print_and_protect(ws, header_row)
    _meta(wb.create_sheet(META_SHEET), iset, year, prefecture, org, ids, secret)
    return sealed(wb, f"{iset.name} {y} 照会（{org.name}）")


def _put(ws: Any, row: int, col: int, text: str, font: Any) -> Any:
    cell = text_cell(ws, row, col, text)
    cell.font = font
    if font is BASE:
        cell.alignment = Alignment(vertical="top")
    return cell


def _validation(iset: IndicatorSet, indicator: Indicator, ref: str) -> DataValidation:
    common: dict[str, Any] = {
        "allow_blank": True,
        "showInputMessage": True,
        "showErrorMessage": True,
        "promptTitle": indicator.name[:32],
        "prompt": answer_kind(iset, indicator)[:255],
        "errorTitle": "入力値の確認",
    }
    if indicator.computation is Computation.YES_NO:
        dv = DataValidation(
            type="list",
            formula1=f'"{YES},{NO},{NOT_APPLICABLE}"',
            error=f"一覧から選択してください：{YES}／{NO}／{NOT_APPLICABLE}",
            errorStyle="stop",
            **common,
        )
    else:
        # The cell holds text (so 「16%」 is not turned into 0.16): the length is what
        # Excel can check; the number itself is read at collection.
        dv = DataValidation(
            type="textLength",
            operator="lessThanOrEqual",
            formula1="40",
            error="数値を入力してください（例：12、約30、ー）。",
            errorStyle="warning",
            imeMode="halfAlpha",
            **common,
        )
    dv.add(ref)
    return dv


def _meta(
    ws: Any,
    iset: IndicatorSet,
    year: int,
    prefecture: Organisation,
    org: Organisation,
    ids: list[str],
    secret: bytes,
) -> None:
    pairs = [
        ("format", str(FORMAT_VERSION)),
        ("set", iset.id),
        ("set_name", iset.name),
        ("year", str(year)),
        ("prefecture", prefecture.code),
        ("org", org.code),
        ("org_name", org.name),
        ("fingerprint", fingerprint(iset, year, prefecture.code, org.code, ids)),
        ("signature", signature(secret, iset, year, prefecture.code, org.code, ids)),
    ]
    ws.cell(1, 1, MARKER)
    ws.cell(1, 2, str(FORMAT_VERSION))
    r = 2
    for k, v in pairs:
        ws.cell(r, 1, k)
        text_cell(ws, r, 2, v).number_format = "@"
        r += 1
    for i in ids:
        ws.cell(r, 1, "row")
        text_cell(ws, r, 2, i).number_format = "@"
        r += 1
    ws.sheet_state = "veryHidden"
    ws.protection.sheet = True


# -- reading a reply ---------------------------------------------------------------------


@dataclass(slots=True)
class Reply:
    """One reply as read: its identity and its answer rows."""

    checked: Checked
    meta: dict[str, str]
    meta_sheet: str
    meta_rows: list[str]
    sheet: str
    rows: list[tuple[int, str, str, Any, str]]  # row index, org, indicator, value, ref
    key_columns: dict[str, int]
    warnings: list[Problem] = field(default_factory=list)

    @property
    def file(self) -> str:
        return self.checked.name


def read_reply(checked: Checked) -> Reply:
    """The reply's ``_meta`` and answer rows; :class:`ShinchokuError` when not a form."""
    place = Place(file=checked.name)
    try:
        wb = CalamineWorkbook.from_filelike(io.BytesIO(checked.data))
    except (CalamineError, OSError, ValueError) as exc:
        raise ShinchokuError(c.CORRUPT_WORKBOOK(place, f"cannot read the workbook: {exc}")) from exc
    grids: list[tuple[str, list[list[Any]]]] = []
    with wb:
        for name in wb.sheet_names:
            try:
                grids.append((name, wb.get_sheet_by_name(name).to_python(skip_empty_area=False)))
            except (CalamineError, OSError, ValueError) as exc:
                problem = c.CORRUPT_WORKBOOK(
                    Place(file=checked.name, sheet=name), f"cannot read the sheet: {exc}"
                )
                raise ShinchokuError(problem) from exc
    metas = [(n, g) for n, g in grids if g and g[0] and cell_text(g[0][0]) == MARKER]
    if len(metas) != 1:
        raise ShinchokuError(
            c.NOT_AN_INQUIRY_FORM(
                place,
                "no _meta sheet of a comparison 照会: this workbook was not made by "
                "`shinchoku compare inquiry make`",
            )
        )
    meta_name, meta_grid = metas[0]
    meta: dict[str, str] = {}
    ids: list[str] = []
    for line in meta_grid[1:]:
        cells = [cell_text(v) for v in line] + ["", ""]
        if cells[0] == "row":
            ids.append(cells[1])
        elif cells[0]:
            meta[cells[0]] = cells[1]
    answer = [(n, g, r) for n, g in grids if (r := _field_row(g)) is not None]
    if len(answer) != 1:
        raise ShinchokuError(
            c.SHEET_MISSING(place, "the answer sheet (回答) is missing or appears twice")
        )
    sheet, grid, field_row = answer[0]
    columns = {cell_text(v): col for col, v in enumerate(grid[field_row]) if cell_text(v)}
    columns["key.org"] = columns.pop(FIELD_MARK + ROLE, 0)
    missing = [f for f, _, _ in COLUMNS if f.startswith(("key.", "in.")) and f not in columns]
    if missing:
        raise ShinchokuError(
            c.COLUMN_MISSING(
                Place(file=checked.name, sheet=sheet),
                f"the columns {', '.join(missing)} are missing; was a column deleted?",
            )
        )
    rows = []
    ignored: list[str] = []
    value_col = columns["in.value"]
    known = set(columns.values())
    for r in range(field_row + 2, len(grid)):
        line = grid[r]

        def at(col: int, line: list[Any] = line) -> Any:
            return line[col] if col < len(line) else None

        org, indicator = (cell_text(at(columns[k])) for k in KEYS)
        if not (org or indicator):
            ignored += [cell_ref(r, col) for col, v in enumerate(line) if cell_text(v)]
            continue
        ignored += [
            cell_ref(r, col) for col, v in enumerate(line) if col not in known and cell_text(v)
        ]
        rows.append((r, org, indicator, at(value_col), cell_ref(r, value_col)))
    reply = Reply(checked, meta, meta_name, ids, sheet, rows, {k: columns[k] for k in KEYS})
    if ignored:
        shown = ", ".join(ignored[:5]) + (" …" if len(ignored) > 5 else "")
        reply.warnings.append(
            c.EXTRA_CONTENT_IGNORED(
                Place(file=checked.name, sheet=sheet, cell=ignored[0]),
                f"{len(ignored)} cell(s) outside the form's rows and columns are not read: {shown}",
            )
        )
    return reply


def _field_row(grid: list[list[Any]]) -> int | None:
    for r, line in enumerate(grid[:_SCAN_ROWS]):
        if line and cell_text(line[0]) == FIELD_MARK + ROLE:
            return r
    return None


def check_reply(
    reply: Reply,
    iset: IndicatorSet,
    registry: Registry,
    prefecture: Organisation,
    year: int,
    secret: bytes | None,
) -> list[Problem]:
    """Errors that make a reply unusable: another set, year, prefecture or municipality,
    altered keys, fingerprint or signature. Nothing of the answers is read before."""
    meta = reply.meta
    where = Place(file=reply.file, sheet=reply.meta_sheet)
    if newer := newer_format(meta, where, FORMAT_VERSION):
        return [newer]
    if meta.get("set") != iset.id:
        return [
            INQUIRY_WRONG_SET(
                where,
                f"the form is for indicator set {meta.get('set')!r} ({meta.get('set_name', '')})",
                found=meta.get("set"),
                expected=iset.id,
            )
        ]
    if meta.get("year") != str(year):
        return [
            c.WRONG_YEAR(
                where, f"the form is for FY{meta.get('year')}, not FY{year}", meta.get("year"), year
            )
        ]
    code = meta.get("org", "")
    org = registry.get(code)
    if (
        meta.get("prefecture") != prefecture.code
        or org is None
        or org.prefecture != prefecture.code
    ):
        return [
            INQUIRY_WRONG_ORGANISATION(
                where,
                f"the form is of {code} {meta.get('org_name', '')}, not of a municipality of "
                f"{prefecture.name} ({prefecture.code})",
                found=code,
                expected=prefecture.code,
            )
        ]
    problems: list[Problem] = []
    for r, row_org, _, _, _ in reply.rows:
        if row_org != code:
            problems.append(
                INQUIRY_WRONG_ORGANISATION(
                    Place(
                        file=reply.file,
                        sheet=reply.sheet,
                        cell=cell_ref(r, reply.key_columns["key.org"]),
                    ),
                    f"the row is of another organisation than the form's ({code} {org.name}): "
                    "rows copied from another municipality's form are not read",
                    found=row_org,
                    expected=code,
                )
            )
    ids = [indicator for _, _, indicator, _, _ in reply.rows]
    if not problems and ids != reply.meta_rows:
        i = next(
            (n for n, (a, b) in enumerate(zip(ids, reply.meta_rows, strict=False)) if a != b),
            min(len(ids), len(reply.meta_rows)),
        )
        cell = (
            cell_ref(reply.rows[i][0], reply.key_columns["key.indicator"])
            if i < len(reply.rows)
            else None
        )
        problems.append(
            c.KEYS_ALTERED(
                Place(file=reply.file, sheet=reply.sheet, cell=cell),
                "the hidden key columns differ from the form as made (rows added, removed, "
                "reordered or keys edited); make a new form or undo the change",
                ids[i] if i < len(ids) else "(no row)",
                reply.meta_rows[i] if i < len(reply.meta_rows) else "(no row)",
            )
        )
    if problems:
        return problems
    if fingerprint(iset, year, prefecture.code, code, ids) != meta.get("fingerprint"):
        stale = [i for i in ids if iset.get(i) is None or not iset.get(i).is_reported]  # type: ignore[union-attr]
        return [
            c.STALE_FORM(where, f"the indicator set no longer has {', '.join(stale)}", code)
            if stale
            else c.FINGERPRINT_MISMATCH(
                where,
                "the form's hidden cells were changed after it was made, or the indicator "
                "set changed since; make a new form",
                meta.get("fingerprint"),
            )
        ]
    given = meta.get("signature", "")
    expected = signature(secret, iset, year, prefecture.code, code, ids) if secret else ""
    if not given or not expected or not same_signature(given, expected):
        return [
            c.SIGNATURE_MISMATCH(
                where,
                "the form's keys are not signed by this installation: they were re-keyed "
                "(or the form was made with another database); make a new form",
                given[:16] + "…" if given else "",
            )
        ]
    return []


def _lines_of(reply: Reply, org: Organisation, year: int) -> Iterator[SurveyLine]:
    """The answered rows as survey lines (blank answers are not answers)."""
    code = Cell(org.code, None)
    name = Cell(org.name, None)
    fy = Cell(str(year), None)
    for r, _, indicator, value, ref in reply.rows:
        text = cell_text(value)
        if not text:
            continue
        cells = {
            "code": code,
            "name": name,
            "year": fy,
            "indicator": Cell(indicator, None),
            "value": Cell(text, ref),
        }
        yield SurveyLine(r + 1, cells, reply.sheet)


# -- collecting --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReplyResult:
    file: str
    org: Organisation
    answered: int
    blank: int


@dataclass(frozen=True)
class CollectResult:
    set_id: str
    year: int
    prefecture: Organisation
    replies: tuple[ReplyResult, ...]
    imported: ImportResult | None
    warnings: tuple[Problem, ...] = ()
    skipped: tuple[str, ...] = ()  # files identical to another reply

    @property
    def applied(self) -> bool:
        return self.imported is not None and self.imported.applied

    def to_dict(self) -> dict[str, Any]:
        imported = self.imported.to_dict() if self.imported is not None else None
        return {
            "indicator_set": self.set_id,
            "year": self.year,
            "prefecture": {"code": self.prefecture.code, "name": self.prefecture.name},
            "applied": self.applied,
            "replies": [
                {
                    "file": r.file,
                    "code": r.org.code,
                    "name": r.org.name,
                    "answered": r.answered,
                    "blank": r.blank,
                }
                for r in self.replies
            ],
            "skipped": list(self.skipped),
            "import": imported,
            "warnings": [p.to_dict() for p in self.warnings],
        }


def collect(
    database: Database,
    paths: Iterable[str | Path],
    iset: IndicatorSet,
    registry: Registry,
    prefecture: str,
    year: int,
    *,
    dry_run: bool = False,
    limits: Limits | None = None,
    by: str | None = None,
) -> CollectResult:
    """Check every reply, then import them all in one transaction — or none. ``by``: the
    staff account collecting them, recorded with each reply's import."""
    pref = _prefecture(registry, prefecture)
    files = expand(paths)
    if not files:
        raise ShinchokuError(
            INQUIRY_NO_REPLIES(Place(), "no reply workbooks (.xlsx) were given or found")
        )
    secret = installation_secret(database)
    errors: list[Problem] = []
    warnings: list[Problem] = []
    replies: list[Reply] = []
    for path in files:
        try:
            checked = check_file(path, limits or Limits())
            reply = read_reply(checked)
        except ShinchokuError as exc:
            errors.extend(exc.problems)
            continue
        problems = check_reply(reply, iset, registry, pref, year, secret)
        if problems:
            errors.extend(problems)
            continue
        warnings.extend(reply.warnings)
        replies.append(reply)
    by_org: dict[str, Reply] = {}
    skipped: list[str] = []
    for reply in replies:
        code = reply.meta["org"]
        other = by_org.get(code)
        if other is None:
            by_org[code] = reply
        elif other.checked.checksum == reply.checked.checksum:
            skipped.append(reply.file)
        else:
            errors.append(
                c.DUPLICATE_REPLY(
                    Place(file=reply.file),
                    f"{other.file} and {reply.file} are two different replies of {code} "
                    f"{other.meta.get('org_name', '')}; keep one",
                    reply.file,
                )
            )
    if errors:
        raise ShinchokuError(errors)
    sources: list[Source] = []
    results: list[ReplyResult] = []
    for code in sorted(by_org):
        reply = by_org[code]
        org = registry.get(code)
        assert org is not None  # checked
        answered = sum(1 for *_, v, _ in reply.rows if cell_text(v))
        results.append(ReplyResult(reply.file, org, answered, len(reply.rows) - answered))
        sources.append(
            Source(reply.file, reply.checked.checksum, list(_lines_of(reply, org, year)))
        )
    imported = import_sources(
        database,
        sources,
        iset,
        registry,
        dry_run=dry_run,
        label=f"{len(sources)} replies from {pref.name}",
        by=by,
    )
    return CollectResult(
        iset.id, year, pref, tuple(results), imported, tuple(warnings), tuple(skipped)
    )


# -- status ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OrgStatus:
    org: Organisation
    answered: tuple[str, ...]  # indicator ids with a figure for the year
    missing: tuple[str, ...]
    files: tuple[str, ...]  # the files the figures came from
    received: datetime | None  # when the latest of them was imported

    @property
    def state(self) -> str:
        if not self.answered:
            return "not-replied"
        return "partial" if self.missing else "complete"


@dataclass(frozen=True)
class InquiryStatus:
    set_id: str
    set_name: str
    year: int
    prefecture: Organisation
    organisations: tuple[OrgStatus, ...]

    def to_dict(self) -> dict[str, Any]:
        counts = {"complete": 0, "partial": 0, "not-replied": 0}
        for o in self.organisations:
            counts[o.state] += 1
        return {
            "indicator_set": {"id": self.set_id, "name": self.set_name},
            "year": self.year,
            "prefecture": {"code": self.prefecture.code, "name": self.prefecture.name},
            "counts": {"municipalities": len(self.organisations), **counts},
            "outstanding": [o.org.code for o in self.organisations if o.state != "complete"],
            "organisations": [
                {
                    "code": o.org.code,
                    "name": o.org.name,
                    "kind": o.org.kind.value,
                    "state": o.state,
                    "form": form_file_name(o.org),
                    "answered": len(o.answered),
                    "missing": list(o.missing),
                    "files": list(o.files),
                    "received": o.received.isoformat() if o.received else None,
                }
                for o in self.organisations
            ],
        }

    def to_text(self, lang: str = "ja") -> str:
        """The counts, then one line per municipality, in ``lang``."""
        d = self.to_dict()
        n = d["counts"]
        year = f"FY{self.year}" if lang == "en" else year_label(self.year)
        out = [
            _STATUS_HEAD.get(lang).format(
                prefecture=self.prefecture.name, year=year, name=self.set_name, **n
            )
        ]
        for o in d["organisations"]:
            line = f"  {o['code']} {o['name']}  {_REPLY_STATES[o['state']].get(lang)}"
            if o["state"] == "partial":
                line += _MISSING.get(lang).format(missing=", ".join(o["missing"]))
            out.append(line)
        return "\n".join(out)


_STATUS_HEAD = Wording(
    "{prefecture} {year}「{name}」：{municipalities} 市町村のうち回答済 {complete}、"
    "一部未回答 {partial}、未回答 {not-replied}",
    "{prefecture} {year}「{name}」: {municipalities} municipalities, {complete} complete, "
    "{partial} partial, {not-replied} not replied",
)
_REPLY_STATES = {
    "complete": Wording("回答済", "complete"),
    "partial": Wording("一部未回答", "partly answered"),
    "not-replied": Wording("未回答", "not replied"),
}
_MISSING = Wording("（未回答：{missing}）", " (not answered: {missing})")


def status(
    conn: Connection, iset: IndicatorSet, registry: Registry, prefecture: str, year: int
) -> InquiryStatus:
    """Per municipality of the prefecture: the indicators answered for the year and the
    ones missing, with the files the answers came from."""
    pref = _prefecture(registry, prefecture)
    wanted = [i.id for i in asked(iset)]
    imports: Any = SurveyImportRow.__table__
    q = (
        select(FIGURES.c.org_code, FIGURES.c.indicator_id, imports.c.file, imports.c.imported_at)
        .join(imports, imports.c.id == FIGURES.c.import_id)
        .where(
            FIGURES.c.set_id == iset.id,
            FIGURES.c.year == year,
            FIGURES.c.org_code.in_([m.code for m in registry.municipalities(pref.code)]),
        )
    )
    answered: dict[str, set[str]] = {}
    files: dict[str, set[str]] = {}
    received: dict[str, datetime] = {}
    for code, indicator, file, at in conn.execute(q):
        answered.setdefault(code, set()).add(indicator)
        files.setdefault(code, set()).add(file)
        if code not in received or at > received[code]:
            received[code] = at
    rows = []
    for org in registry.municipalities(pref.code):
        have = answered.get(org.code, set())
        rows.append(
            OrgStatus(
                org,
                tuple(i for i in wanted if i in have),
                tuple(i for i in wanted if i not in have),
                tuple(sorted(files.get(org.code, ()))),
                received.get(org.code),
            )
        )
    return InquiryStatus(iset.id, iset.name, year, pref, tuple(rows))
