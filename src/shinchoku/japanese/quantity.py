"""Quantities as typed in reports: 「約5万2千件」「７１．０」「①17件」「△1,234」「96.70%」."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from shinchoku.japanese.errors import ParseError
from shinchoku.japanese.numbers import NUMERAL_CHARS, is_plain_arabic, read_numeral
from shinchoku.japanese.text import (
    NOT_MINUS,
    check_compat_digits,
    check_text,
    circled_number,
    is_none_marker,
    normalise,
    original_char,
)
from shinchoku.japanese.units import (
    MONEY_UNITS,
    is_known_unit,
    known_unit_suffix,
    normalise_unit,
)
from shinchoku.problems import reasons as why

# Prefixes that only label the number. 延べ ("cumulative count") says how it
# was counted, which the KPI's definition already says.
LABEL_PREFIXES = ("延べ",)
APPROXIMATE_PREFIXES = ("約", "およそ", "概ね")
# 「程度」 ("about") is another 約. 「強」/「弱」 ("a little over/under") also
# say which side the true value lies on, which a flag would lose, so they are
# refused rather than read as 約.
APPROXIMATE_SUFFIXES = ("程度",)
_DIRECTIONAL_SUFFIXES = ("強", "弱")
_SIGNS = frozenset("△▲-")
# Units that start with a kanji multiplier: 「2,022,951千円」 is 2,022,951 in 千円.
_SCALED_UNITS = frozenset(u for u in MONEY_UNITS if u != "円")


@dataclass(frozen=True)
class Quantity:
    """A number read from text, with its unit, the 約 flag and the text itself."""

    value: Decimal
    unit: str | None
    approximate: bool
    text: str


def parse_quantity(text: str, unit: str | None = None) -> Quantity:
    """Read one number with an optional unit.

    ``unit`` is the unit the caller expects (the KPI's unit). It is used when
    the text carries none; when the text carries a different one, the text's
    unit is returned and the caller decides whether that is a finding. A none
    marker (「ー」, blank) raises :class:`ParseError`; check
    :func:`is_none_marker` first.
    """
    return _parse_quantity_cached(text, unit)


@lru_cache(maxsize=16384)
def _parse_quantity_cached(text: str, unit: str | None) -> Quantity:
    # The same few texts (targets, units, 「ー」) are read again and again when a plan is
    # loaded and audited; a Quantity is immutable, so one reading serves them all.
    # Errors are not cached: they are raised afresh each time.
    return read_quantity(text, unit, kind="a quantity")


def read_quantity(
    text: str,
    unit: str | None,
    *,
    kind: str,
    declared: str | None = None,
    raw: str | None = None,
) -> Quantity:
    """:func:`parse_quantity`, with ``kind`` naming the thing in error messages.

    ``declared`` is a unit accepted after the number without being the default for a
    bare one (the KPI's unit, for :func:`~shinchoku.japanese.figure.read_figure`);
    ``raw`` is the text quoted in errors when ``text`` is a piece of it.
    """
    raw = text if raw is None else raw
    check_text(text, kind, raw=raw)
    body = text.strip()
    if body and circled_number(body[0]) is not None:
        # 「①17件」: the label names the KPI; the caller matched it via split_numbered.
        body = body[1:]
    check_compat_digits(body, raw, kind)
    t = normalise(body)
    if is_none_marker(t):
        raise ParseError(raw, why.NO_VALUE(), kind=kind)

    approximate = False
    changed = True
    while changed:
        changed = False
        for prefix in (*LABEL_PREFIXES, *APPROXIMATE_PREFIXES):
            if t.startswith(prefix):
                t = t[len(prefix) :].lstrip()
                approximate = approximate or prefix in APPROXIMATE_PREFIXES
                changed = True
    for suffix in _DIRECTIONAL_SUFFIXES:
        if t.endswith(suffix):
            raise ParseError(raw, why.BOUND_ONLY(suffix=suffix), kind=kind)
    for suffix in APPROXIMATE_SUFFIXES:
        if t.endswith(suffix):
            t = t[: -len(suffix)].rstrip()
            approximate = True

    negative = False
    if t[:1] in _SIGNS:
        sign = original_char(raw, t[0])
        if len(t) < 2 or t[1] not in NUMERAL_CHARS or t[1] in ",.、":
            raise ParseError(raw, why.SIGN_WITHOUT_DIGIT(sign=sign), kind=kind)
        if sign in NOT_MINUS:
            raise ParseError(raw, why.DASH_NOT_MINUS(sign=sign), kind=kind)
        negative, t = True, t[1:]

    end = 0
    while end < len(t) and t[end] in NUMERAL_CHARS:
        end += 1
    if end == 0:
        if not t:
            raise ParseError(raw, why.NO_NUMBER(), kind=kind)
        raise ParseError(raw, why.UNEXPECTED_CHARACTER(char=original_char(raw, t[0])), kind=kind)
    expected = normalise_unit(unit) if unit else None
    own = normalise_unit(declared) if declared else expected
    numeral, rest = t[:end], normalise_unit(t[end:])
    numeral, rest = _move_scale_into_unit(numeral, rest, own)

    if rest and rest != own and not is_known_unit(rest):
        raise ParseError(raw, _unit_problem(raw, rest), kind=kind)

    value = read_numeral(numeral, raw=raw, kind=kind)
    if negative and value == 0:
        negative = False  # 「-0」 is 0, not a negative zero that prints as "-0"
    return Quantity(
        value=value.copy_negate() if negative else value,  # exact: no context rounding
        unit=rest or expected,
        approximate=approximate,
        text=raw,
    )


def _move_scale_into_unit(numeral: str, rest: str, own: str | None) -> tuple[str, str]:
    """Give 「千」「百万」… to the unit when the number before them is plain.

    「2,022,951千円」 is 2,022,951 in 千円, as the table says; but in
    「1億2千万円」 the 万 belongs to the kanji numeral, so the unit stays 円. A KPI
    counted in 万回 reads 「1,200万回」 as 1,200 万回 the same way; any other KPI
    reads it as 12,000,000 回.
    """
    for size in (2, 1):
        scale, head = numeral[-size:], numeral[:-size]
        scaled = scale + rest
        if (scaled in _SCALED_UNITS or (own and scaled == own)) and is_plain_arabic(head):
            return head, scale + rest
    return numeral, rest


def _unit_problem(raw: str, rest: str) -> why.Reason:
    """Say what is wrong after the number: a second number, a stray character, a word."""
    known = max((n for n in range(1, len(rest)) if is_known_unit(rest[:n])), default=0)
    nxt = rest[known]
    if nxt.isascii() and nxt.isdigit():
        return why.MORE_THAN_ONE_NUMBER()
    has_digit = any(ch.isascii() and ch.isdigit() for ch in rest)
    if known or has_digit or known_unit_suffix(rest) is not None:
        return why.UNEXPECTED_CHARACTER(char=original_char(raw, nxt))
    return why.UNKNOWN_UNIT(unit=rest)
