"""Reading Arabic, kanji and mixed numerals: 「5万2千」「1億2,345万」「14.7万」「二十五」.

Works on normalised text (see :func:`~shinchoku.japanese.text.normalise`) and
only on the numeral itself; signs, 「約」 and units are handled by the callers.
"""

from __future__ import annotations

import re
from decimal import Decimal, Inexact, InvalidOperation, Overflow, localcontext

from shinchoku.japanese.errors import ParseError
from shinchoku.problems import Wording
from shinchoku.problems import reasons as why

# where the digits do not fit, for DIGITS_DO_NOT_FIT
_BETWEEN = Wording("間", "between the multipliers")
_AFTER = Wording("後", "after the last multiplier")

KANJI_DIGITS: dict[str, int] = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
SMALL_MULTIPLIERS: dict[str, int] = {"十": 10, "百": 100, "千": 1000}
LARGE_MULTIPLIERS: dict[str, int] = {"万": 10**4, "億": 10**8, "兆": 10**12}

NUMERAL_CHARS = frozenset("0123456789,.、") | KANJI_DIGITS.keys() | SMALL_MULTIPLIERS.keys()
NUMERAL_CHARS |= LARGE_MULTIPLIERS.keys()

# Separators must sit between whole groups of three: 「1,731」 yes, 「17,31」 no.
# 「、」 is accepted only in that position, where it can mean nothing else.
_ARABIC = re.compile(r"[0-9]{1,3}(?:[,、][0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?")

# Far beyond any budget in yen; keeps Decimal arithmetic exact (no rounding).
_PRECISION = 60


def is_plain_arabic(text: str) -> bool:
    """True for a bare Arabic number such as "2,022,951" or "62.4"."""
    return bool(text) and _ARABIC.fullmatch(text) is not None


def _tokens(text: str, raw: str, kind: str) -> list[tuple[str, Decimal | int]]:
    """Split a numeral into ("n", value) and ("small"/"large", multiplier) tokens."""
    out: list[tuple[str, Decimal | int]] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch.isascii() and ch.isdigit():
            m = _ARABIC.match(text, i)
            assert m is not None  # a digit always starts a match
            end = m.end()
            if text[end : end + 1] in (",", ".", "、") and text[end + 1 : end + 2].isdigit():
                # 「17,31」「1.2.3」: a separator that did not make a valid group.
                raise ParseError(raw, why.BADLY_GROUPED(near=text[i : end + 2]), kind=kind)
            out.append(("n", Decimal(m.group().replace(",", "").replace("、", ""))))
            i = end
        elif ch in KANJI_DIGITS:
            out.append(("n", KANJI_DIGITS[ch]))
            i += 1
        elif ch in SMALL_MULTIPLIERS:
            out.append(("small", SMALL_MULTIPLIERS[ch]))
            i += 1
        elif ch in LARGE_MULTIPLIERS:
            out.append(("large", LARGE_MULTIPLIERS[ch]))
            i += 1
        else:
            raise ParseError(raw, why.UNEXPECTED_CHARACTER(char=ch), kind=kind)
    return out


def read_numeral(text: str, *, raw: str | None = None, kind: str = "a quantity") -> Decimal:
    """The value of a numeral such as "5万2千", "523千", "1億2,345万", "二十五".

    Each 万/億/兆 section must fit its place (「5万12345」 is refused rather
    than read as 62345), small multipliers must descend (「5千2百」, not
    「2百5千」) and two numbers may not touch (「二〇」, "5三"). ``raw`` is the
    text quoted in errors.
    """
    raw = text if raw is None else raw
    if not text:
        raise ParseError(raw, why.NO_NUMBER(), kind=kind)
    tokens = _tokens(text, raw, kind)
    scaled = any(k != "n" for k, _ in tokens)
    with localcontext() as ctx:
        ctx.prec = _PRECISION
        ctx.traps[Inexact] = True
        ctx.traps[Overflow] = True
        try:
            value = _evaluate(tokens, raw, kind)
            if scaled:
                # 「14.7万」 is 147000, not 147000.0: the decimals belonged to the 万.
                integral = value == value.to_integral_value()
                value = value.quantize(Decimal(1)) if integral else value.normalize()
        except (Inexact, Overflow, InvalidOperation) as exc:
            raise ParseError(raw, why.NUMBER_TOO_LONG(), kind=kind) from exc
    return value


def _evaluate(tokens: list[tuple[str, Decimal | int]], raw: str, kind: str) -> Decimal:
    total = Decimal(0)
    section = Decimal(0)  # value below the next 万/億/兆
    pending: Decimal | None = None  # a number not yet multiplied or added
    last_small: int | None = None
    last_large: int | None = None
    seen_number = False
    for kind_, amount in tokens:
        if kind_ == "n":
            if pending is not None:
                raise ParseError(raw, why.TWO_NUMBERS(), kind=kind)
            pending = Decimal(amount)
            seen_number = True
        elif kind_ == "small":
            if last_small is not None and amount >= last_small:
                raise ParseError(raw, why.MULTIPLIERS_OUT_OF_ORDER(), kind=kind)
            section += (pending if pending is not None else Decimal(1)) * amount
            pending, last_small = None, int(amount)
            seen_number = True
        else:
            if pending is None and last_small is None:
                raise ParseError(raw, why.MULTIPLIER_WITHOUT_NUMBER(), kind=kind)
            if last_large is not None and amount >= last_large:
                raise ParseError(raw, why.MULTIPLIERS_OUT_OF_ORDER(), kind=kind)
            part = section + (pending if pending is not None else Decimal(0))
            if last_large is not None and part >= Decimal(last_large) / Decimal(amount):
                raise ParseError(raw, why.DIGITS_DO_NOT_FIT(where=_BETWEEN), kind=kind)
            total += part * amount
            section, pending, last_small, last_large = Decimal(0), None, None, int(amount)
    if not seen_number:
        raise ParseError(raw, why.NO_NUMBER(), kind=kind)
    rest = section + (pending if pending is not None else Decimal(0))
    if last_large is not None and rest >= last_large:
        raise ParseError(raw, why.DIGITS_DO_NOT_FIT(where=_AFTER), kind=kind)
    return total + rest
