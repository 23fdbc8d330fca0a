"""What the form writer and the reply reader agree on: sheets, fields, keys, fingerprint.

A form has a cover sheet, one input sheet per :class:`Role` and a hidden ``_meta``
sheet. The reader finds sheets by content, never by name or position:

- the ``_meta`` sheet has :data:`MARKER` in A1, then ``key | value`` rows (plan, year,
  form, fingerprint…) and one ``row | role | key…`` row per input row of the form;
- an input sheet has a hidden *field row* whose first cell is ``#shinchoku:<role>`` and
  whose other cells name the field of each column (``key.kpi``, ``in.value``…); the
  rows below it whose key cells are filled are the form's rows.

The fingerprint is a SHA-256 over the format version, plan, year, form and every row's
keys and pre-filled texts: an integrity check against edits of the hidden cells. Anyone
can recompute it, so a form made with a database also carries a *signature*: an
HMAC-SHA256 of the same text under the installation's secret
(:mod:`shinchoku.store.secret`), which only that database can make or check.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from shinchoku.japanese import format_fiscal_year
from shinchoku.japanese.eras import era_of_date

FORMAT_VERSION = 1
MARKER = "shinchoku-inquiry"
META_SHEET = "_meta"
FIELD_MARK = "#shinchoku:"
OFFICE = "_office"  # form key of the policy office's form (never an org unit id)

STATUSES = ("達成", "一部達成", "未達成")  # the drop-down of 達成状況
NEW_MARK = "新規"  # the drop-down of 【新規】


class SheetRole(StrEnum):
    KPIS = "kpis"  # 施策・KPI
    MONEY = "money"  # 事業数・決算額
    INITIATIVES = "initiatives"  # 主要取組


# Key fields of each role's rows (besides plan and year, which every row carries).
KEY_FIELDS: dict[SheetRole, tuple[str, ...]] = {
    SheetRole.KPIS: ("key.measure", "key.kpi", "key.mode"),
    SheetRole.MONEY: ("key.area", "key.fy", "key.kind"),
    SheetRole.INITIATIVES: ("key.area", "key.guideline", "key.slot"),
}
COMMON_KEYS = ("key.plan", "key.year")
PREFILL = "key.prefill"  # JSON of the texts the input cells were pre-filled with

# Input fields of each role.
INPUT_FIELDS: dict[SheetRole, tuple[str, ...]] = {
    SheetRole.KPIS: ("in.value", "in.as_of", "in.remarks", "in.status", "in.analysis"),
    SheetRole.MONEY: ("in.projects", "in.amount"),
    SheetRole.INITIATIVES: ("in.text", "in.new", "in.details"),
}
# Fields of a measure, read from the first row of the measure only (the cells are merged).
MEASURE_FIELDS = ("in.status", "in.analysis")

MODE_INPUT = "input"
MODE_REFERENCE = "ref"  # a KPI shown again under a second measure of the same form


def key_fields(role: SheetRole) -> tuple[str, ...]:
    return (*COMMON_KEYS, *KEY_FIELDS[role], PREFILL)


@dataclass(frozen=True, slots=True)
class RowKey:
    """The identity of one input row: its role and key values (without plan and year)."""

    role: SheetRole
    keys: tuple[str, ...]

    def describe(self) -> str:
        return f"{self.role.value}:" + "/".join(k or "-" for k in self.keys)


def fingerprint(
    plan_id: str,
    year: int,
    form: str,
    rows: Iterable[tuple[RowKey, str]],
    version: int = FORMAT_VERSION,
) -> str:
    """SHA-256 over the form's identity and every row's keys and pre-filled texts."""
    return hashlib.sha256(_payload(plan_id, year, form, rows, version)).hexdigest()


def signature(
    secret: bytes,
    plan_id: str,
    year: int,
    form: str,
    rows: Iterable[tuple[RowKey, str]],
    version: int = FORMAT_VERSION,
) -> str:
    """HMAC-SHA256 under the installation secret over what :func:`fingerprint` covers."""
    return hmac.new(secret, _payload(plan_id, year, form, rows, version), "sha256").hexdigest()


def same_signature(a: str, b: str) -> bool:
    """Compared in constant time."""
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))


def _payload(
    plan_id: str, year: int, form: str, rows: Iterable[tuple[RowKey, str]], version: int
) -> bytes:
    payload = [
        version,
        plan_id,
        year,
        form,
        [[key.role.value, *key.keys, prefill] for key, prefill in rows],
    ]
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def prefill_json(values: dict[str, str]) -> str:
    """The pre-filled texts of a row, as stored in its hidden ``key.prefill`` cell."""
    return json.dumps({k: v for k, v in values.items() if v}, ensure_ascii=False, sort_keys=True)


def read_prefill(text: str) -> dict[str, str]:
    if not text:
        return {}
    data = json.loads(text)
    if not isinstance(data, dict):
        raise ValueError("prefill is not an object")
    return {str(k): str(v) for k, v in data.items()}


# -- Japanese labels ------------------------------------------------------------------------

_WEEKDAYS = "月火水木金土日"


def year_label(fy: int) -> str:
    """「令和5年度（2023年度）」."""
    return format_fiscal_year(fy, "both")


def short_year(fy: int) -> str:
    """「R5」."""
    return format_fiscal_year(fy, "short")


def date_label(day: date) -> str:
    """「令和6年5月31日（金）」."""
    era = era_of_date(day)
    n = era.era_year(day.year)
    return (
        f"{era.name}{'元' if n == 1 else n}年{day.month}月{day.day}日（{_WEEKDAYS[day.weekday()]}）"
    )


def circled(n: int | None) -> str:
    """「①」 for 1; '' for none."""
    if n is None:
        return ""
    if 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    return f"({n})"


def safe_file_part(text: str) -> str:
    """A piece of a file name: no path separators or characters Windows refuses."""
    bad = '\\/:*?"<>|'
    return "".join("_" if ch in bad or ord(ch) < 32 else ch for ch in text).strip() or "_"


def column_letter(index: int) -> str:
    """0 → 'A', 25 → 'Z', 26 → 'AA'."""
    out = ""
    n = index + 1
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


def cell_ref(row: int, col: int) -> str:
    """Zero-based row and column → 'B7'."""
    return f"{column_letter(col)}{row + 1}"


def same_keys(a: Sequence[RowKey], b: Sequence[RowKey]) -> int | None:
    """Index of the first difference between two row-key lists, or None when equal."""
    for i, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            return i
    return None if len(a) == len(b) else min(len(a), len(b))
