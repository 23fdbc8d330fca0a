"""Reading what people type into a form's cells, through :mod:`shinchoku.japanese`.

A cell arrives from python-calamine as text, a number, a date or blank. Each reader
returns the typed value or raises :class:`~shinchoku.japanese.ParseError` naming the
text; the caller adds the file, sheet and cell. Nothing is guessed: a comment after a
number is read only when it is a known note (「速報値」「R4年度数値」…).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from shinchoku.inquiry.layout import NEW_MARK, STATUSES
from shinchoku.japanese import (
    ParseError,
    is_none_marker,
    normalise,
    normalise_unit,
    parse_period,
    parse_point,
    read_figure,
    read_money,
)
from shinchoku.japanese.periods import Period, format_fiscal_year, format_period
from shinchoku.japanese.text import check_text
from shinchoku.method.grading import accepted_labels, read_declared
from shinchoku.model import Figure, GradingScheme, Observation, Point, current_short_years
from shinchoku.problems import reasons as why

CellValue = str | int | float | bool | date | datetime | None


def cell_text(value: object) -> str:
    """A cell as text: numbers without exponent or a trailing '.0', dates as ISO."""
    if type(value) is str:
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return number_text(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def number_text(value: float | int) -> str:
    """A float from Excel as the digits a person typed: 345.0 → '345', 0.1+0.2 → '0.3'."""
    if isinstance(value, int):
        return str(value)
    if value != value or value in (float("inf"), float("-inf")):
        return str(value)
    d = Decimal(f"{value:.15g}")
    text = f"{d:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


# -- notes: 「速報値」「R4年度数値」「※翌年度に数値確定」 -----------------------------------

_PROVISIONAL = re.compile(r"速報値?|暫定値?|見込み?値?|概算値?")
# Whitespace runs are collapsed to one space before these run, and every repeat is
# bounded, so that no pattern backtracks over a long run (a 32,767-character cell of
# spaces took 14 s with 「\s*」).
_FINALISED_LATER = re.compile(r"※? ?翌年度.{0,6}確定(予定)?|確定は翌年度")
_DATA_YEAR = re.compile(
    r"(?P<y>(?:R|H|令和|平成) ?(?:[0-9]{1,3}|元)|(?:FY)?[0-9]{4}) ?年度? ?の? ?(?:数値|実績値?|値)"
)
_FILLER = re.compile(r"[\s、,，・/※()（）「」【】\[\]。.:：;；]+")


@dataclass(frozen=True, slots=True)
class Remarks:
    """What a 備考 cell (or a comment after a number) says about a figure."""

    provisional: bool = False
    data_year: int | None = None
    finalised_later: bool = False
    rest: str = ""  # what is left when the known notes are taken out


def read_remarks(text: str) -> Remarks:
    """Find the known notes in ``text``; the rest is kept as free text."""
    t = " ".join(normalise(text).split())
    provisional = bool(_PROVISIONAL.search(t))
    finalised = bool(_FINALISED_LATER.search(t))
    data_year = None
    m = _DATA_YEAR.search(t)
    if m:
        y = m["y"].replace(" ", "")
        data_year = parse_period(y if y.startswith(("FY",)) else f"{y}年度").fiscal_year
    rest = _FINALISED_LATER.sub(" ", t)
    rest = _DATA_YEAR.sub(" ", rest)
    rest = _PROVISIONAL.sub(" ", rest)
    rest = _FILLER.sub(" ", rest).strip()
    return Remarks(provisional, data_year, finalised, rest)


def compose_remarks(obs: Observation) -> str:
    """The 備考 text a form is pre-filled with: the note, plus the flags it does not say."""
    parts = [obs.note] if obs.note else []
    said = read_remarks(obs.note or "")
    if obs.provisional and not said.provisional:
        parts.append("速報値")
    if obs.data_year is not None and said.data_year != obs.data_year:
        parts.append(f"{format_fiscal_year(obs.data_year, 'short')}年度数値")
    if obs.finalised_later and not said.finalised_later:
        parts.append("※翌年度に数値確定")
    return " ".join(parts)


def observation_text(obs: Observation) -> str:
    """An actual as shown in the reference columns: 「72.9（R4年度数値）」."""
    extra = compose_remarks(obs)
    return f"{obs.value.text}（{extra}）" if extra else obs.value.text


# -- the actual (実績値) -----------------------------------------------------------------

_TRAILING_COMMENT = re.compile(
    r"^(?P<num>.*?[0-9０-９%％])\s*(?:[（(](?P<c1>[^（）()]*)[）)]|(?P<c2>※.*)|\s+(?P<c3>\S.*))$",
    re.DOTALL,
)


class UnknownNote(ParseError):
    """A comment after a number that is not a known note: 「345（庁内分のみ）」."""


@dataclass(frozen=True, slots=True)
class Actual:
    figure: Figure
    remarks: Remarks  # notes found after the number, e.g. 「345（速報値）」
    comment: str = ""  # that comment as typed


def finite(value: object, kind: str = "a figure") -> None:
    """Refuse a number cell holding NaN or an infinity (「1E+400」 overflows to one)."""
    if isinstance(value, float) and not math.isfinite(value):
        raise ParseError(cell_text(value), why.NOT_FINITE(), kind=kind)


def read_actual(value: object, unit: str | None) -> Actual | None:
    """An actual: a number with optional unit and 約, 「ー」 for none; blank → None."""
    if value is None or value == "":
        return None
    finite(value)
    if isinstance(value, (bool, date)):
        raise ParseError(cell_text(value), why.DATE_NOT_FIGURE())
    if isinstance(value, int | float):
        text = number_text(value)
        return Actual(Figure.model_validate({"text": text, "value": Decimal(text)}), Remarks())
    # The length limit and control characters first, on the cell as typed: nothing
    # below scans more, and strip() would drop a control character at either end.
    check_text(str(value), "a figure")
    text = str(value).strip()
    if not text:
        return None
    if is_none_marker(text):
        return Actual(Figure.of(text), Remarks())
    try:
        return Actual(_figure(text, unit), Remarks())
    except ParseError as first:
        m = _TRAILING_COMMENT.match(text)
        if not m:
            raise
        comment = (m["c1"] or m["c2"] or m["c3"] or "").strip()
        remarks = read_remarks(comment)
        known = remarks.provisional or remarks.data_year is not None or remarks.finalised_later
        if not known or remarks.rest:
            raise UnknownNote(
                text,
                why.UNKNOWN_NOTE(comment=comment),
                kind="a figure",
            ) from first
        return Actual(_figure(m["num"].strip(), unit), remarks, comment)


def _figure(text: str, unit: str | None) -> Figure:
    """A figure as the dataset reads it, with the KPI's own unit (「5市町村数」)."""
    return Figure.read(text, unit)


def unit_differs(figure: Figure, unit: str | None) -> bool:
    if figure.unit is None or not unit:
        return False
    return normalise_unit(figure.unit) != normalise_unit(unit)


# -- as-of point (時点) ------------------------------------------------------------------


def read_point(value: object) -> Point | None:
    """「R6.3」「令和6年3月末」「R5年度末」, or a date cell; blank → None."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime | date):
        day = value.date() if isinstance(value, datetime) else value
        try:
            p = parse_period(f"{day.year}-{day.month}-{day.day}")
            text = format_period(Period(p.fiscal_year, p.month, p.year, "", p.day))
        except ValueError as exc:  # a date no era label is known for (before 昭和)
            raise ParseError(
                cell_text(value),
                exc.why if isinstance(exc, ParseError) else why.BEFORE_SHOWA(),
                kind="a point in time",
            ) from exc
        return Point.model_validate({"text": text})
    if isinstance(value, bool | int | float):
        raise ParseError(cell_text(value), why.NUMBER_NOT_POINT())
    check_text(str(value), "a period")  # before strip() drops a control character
    text = str(value).strip()
    if not text:
        return None
    # 「R6.3末」「令和6年3月31日現在」 too; 「22年度」 by the plan's rule (see reading_for)
    p = parse_point(text, current_short_years())
    return Point.model_validate({"text": text, "fiscal_year": p.fiscal_year, "month": p.month})


# -- measures, money, initiatives -----------------------------------------------------------


def read_status(value: object, scheme: GradingScheme | None = None) -> str | None:
    """A label of the plan's grading scheme (default 達成 / 一部達成 / 未達成; 「【達成】」
    accepted); blank → None."""
    text = cell_text(value)
    if not text:
        return None
    word = normalise(text).strip("【】[]()（） ")
    if scheme is None:
        if word not in STATUSES:
            raise ParseError(text, why.NOT_ONE_OF(accepted=", ".join(STATUSES)), kind="a status")
    elif read_declared(scheme, word) is None:
        accepted = ", ".join(accepted_labels(scheme))
        raise ParseError(text, why.NOT_ONE_OF(accepted=accepted), kind="a status")
    return word


def read_text(value: object) -> str | None:
    text = cell_text(value)
    return text.replace("\r\n", "\n").replace("\r", "\n") if text else None


_TRUE_MARKS = frozenset({NEW_MARK, "【新規】", "○", "〇", "◯", "✓", "✔", "1", "TRUE", "はい"})


def read_new(value: object) -> bool:
    text = cell_text(value)
    if not text:
        return False
    if normalise(text) in {normalise(t) for t in _TRUE_MARKS}:
        return True
    raise ParseError(text, why.NEW_MARK(), kind="the 新規 mark")


def read_projects(value: object) -> int | None:
    """A project count: 「60」「６０件」「60事業」; blank → None."""
    if value is None or value == "":
        return None
    text = cell_text(value)
    if not text:
        return None
    if isinstance(value, (bool, date)):
        raise ParseError(text, why.NOT_A_COUNT(), kind="a project count")
    finite(value, "a project count")
    q = read_figure(text)  # the one figure reader: 「60 事業」 too
    if q.parts or q.start is not None or q.as_of is not None or q.value is None:
        raise ParseError(text, why.NOT_ONE_COUNT(), kind="a project count")
    if q.unit not in (None, "件", "事業"):
        raise ParseError(text, why.COUNT_UNIT(unit=q.unit), kind="a project count")
    if q.approximate or q.value != q.value.to_integral_value() or q.value < 0:
        raise ParseError(text, why.NOT_A_WHOLE_COUNT(), kind="a project count")
    return int(q.value)


def read_amount(value: object) -> tuple[str, int] | None:
    """An amount in 千円 unless the text names its unit: (text as stored, yen); blank → None."""
    if value is None or value == "":
        return None
    if isinstance(value, (bool, date)):
        raise ParseError(cell_text(value), why.NOT_AN_AMOUNT(), kind="an amount of money")
    finite(value, "an amount of money")
    text = cell_text(value)
    if not text:
        return None
    yen = read_money(text, default_unit="千円").yen  # 「決算額：2,022,951」 too
    if isinstance(value, int | float) or _ends_in_digit(text):
        text = f"{_thousands(text)}千円"
    return text, yen


def _ends_in_digit(text: str) -> bool:
    t = normalise(text)
    return bool(t) and t[-1].isdigit()


def _thousands(text: str) -> str:
    """「2022951」 → 「2,022,951」; text that is not a plain number is kept."""
    t = normalise(text).replace(",", "")
    try:
        d = Decimal(t)
    except InvalidOperation:
        return text
    whole, _, frac = f"{d:f}".partition(".")
    sign = "-" if whole.startswith("-") else ""
    whole = whole.lstrip("-")
    grouped = f"{int(whole):,}"
    return f"{sign}{grouped}" + (f".{frac}" if frac else "")
