"""Character-level clean-up shared by the number, money and period parsers."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from shinchoku.japanese.errors import ParseError
from shinchoku.problems import reasons as why

# NFKC leaves these alone, but people type them for "minus" or "none" in Excel.
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\ufe63"
# Dashes that normalise to "-" for the none marker but never mean minus before a number
# (「—5」 is not −5). The minus signs are "-", "−" (U+2212), "－" and "﹣".
NOT_MINUS = frozenset("\u2010\u2011\u2012\u2013\u2014\u2015\u2043")
_SLASHES = "\u2215\u2044\u29f8"
_WAVES = "\u301c\u2053"  # 〜 (wave dash); NFKC already maps ～ to ~
_TRANSLATION = str.maketrans(
    {**dict.fromkeys(_DASHES, "-"), **dict.fromkeys(_SLASHES, "/"), **dict.fromkeys(_WAVES, "~")}
)

# Circled numbers label the parts of a multi-part cell (「①17件 ②80%」).
_CIRCLED: dict[str, int] = {chr(0x2460 + i): i + 1 for i in range(20)}  # ①..⑳
_CIRCLED.update({chr(0x3251 + i): i + 21 for i in range(15)})  # ㉑..㉟
_CIRCLED.update({chr(0x32B1 + i): i + 36 for i in range(15)})  # ㊱..㊿

# Marks of "no value" (not applicable, not yet measured). 「ー」 is the katakana
# long-vowel mark, which is what most people type for a dash in a Japanese IME.
_NONE_MARKERS = frozenset({"ー", "-", "—", "―", "‐", "−", "なし", "無し", "該当なし", "新規"})
_NEW_IN_PERIOD = re.compile(r"^[RHS令平昭][0-9元]+(年度)?新規$")


def normalise(text: str) -> str:
    """Return ``text`` in the one form the parsers read.

    - NFKC: full-width digits, Latin letters, punctuation and the ideographic
      space become ASCII (「７１．０」→"71.0", 「％」→"%", 「／」→"/", 「（」→"(");
      half-width katakana become full-width;
    - every dash and minus sign (‐ ‑ ‒ – — ― − ﹣, and 「－」 via NFKC) becomes ``-``;
      the katakana long-vowel mark 「ー」 is kept because it is part of words
      such as 「データセット」;
    - division and fraction slashes become ``/``; wave dashes become ``~``;
    - leading and trailing whitespace is removed. Inner whitespace and line
      breaks are kept: they separate parts that callers may need to see.
    """
    return unicodedata.normalize("NFKC", text).translate(_TRANSLATION).strip()


def is_none_marker(text: str) -> bool:
    """True for text that says "no value": blank, a lone dash, 「なし」, 「R3新規」.

    「R3新規」 ("new in R3") appears in the baseline column of measures that
    had no baseline; it marks the absence of a number, not a number.
    """
    t = normalise(text)
    if not t:
        return True
    return (
        t in _NONE_MARKERS or t.replace(" ", "") in _NONE_MARKERS or bool(_NEW_IN_PERIOD.match(t))
    )


def circled_number(ch: str) -> int | None:
    """The number of a circled-number character (「③」→3), else ``None``."""
    return _CIRCLED.get(ch)


def split_numbered(text: str) -> list[tuple[int, str]]:
    """Split a multi-part cell at its circled numbers.

    「①17件 ②80%」 and 「①17件\\n②80%」 give ``[(1, '17件'), (2, '80%')]``;
    text without circled numbers gives ``[(1, text)]`` (stripped). Text before
    the first circled number or a number used twice raises :class:`ParseError`,
    because the parts could then not be matched to their KPIs.
    """
    starts = [i for i, ch in enumerate(text) if ch in _CIRCLED]
    if not starts:
        return [(1, text.strip())]
    if text[: starts[0]].strip():
        raise ParseError(text, why.TEXT_BEFORE_PARTS(mark=text[starts[0]]), kind="numbered parts")
    parts: list[tuple[int, str]] = []
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(text)
        number = _CIRCLED[text[start]]
        if any(number == seen for seen, _ in parts):
            raise ParseError(text, why.PART_REPEATED(mark=text[start]), kind="numbered parts")
        parts.append((number, text[start + 1 : end].strip()))
    return parts


def check_compat_digits(text: str, raw: str, kind: str) -> None:
    """Reject characters of ``text`` that NFKC would silently turn into digits.

    Superscripts (「5²」→"52"), circled or parenthesised numbers and similar
    compatibility characters would otherwise change a value without a trace.
    ``raw`` is the text quoted in the error.
    """
    if text.isascii():
        return
    for ch in text:
        if ch.isascii() or "\uff10" <= ch <= "\uff19":
            continue
        if _folds_to_digit(ch):
            raise ParseError(raw, why.UNEXPECTED_CHARACTER(char=ch), kind=kind)


@cache
def _folds_to_digit(ch: str) -> bool:
    """Whether NFKC turns ``ch`` into text with an ASCII digit (once per character)."""
    return any(c.isascii() and c.isdigit() for c in unicodedata.normalize("NFKC", ch))


# One limit for every figure, amount and period text, checked before any parsing so
# that no cell (Excel allows 32,767 characters) costs more than a short scan. The
# longest real figure text in the bundled report is under 40 characters.
MAX_FIGURE_TEXT = 200
# Tab and line breaks separate the parts of a cell; every other control or format
# character (NUL, U+001F, zero-width space, BOM, bidi overrides) would be dropped or
# ignored silently by the steps that follow, so it is refused.
_ALLOWED_CONTROLS = frozenset("\t\n\r")
_REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Zl", "Zp"})


def check_text(text: str, kind: str, *, raw: str | None = None) -> None:
    """Refuse text longer than :data:`MAX_FIGURE_TEXT` or holding control characters.

    ``raw`` is the text quoted in the error (the whole cell, when ``text`` is a piece).
    """
    raw = text if raw is None else raw
    if len(text) > MAX_FIGURE_TEXT:
        raise ParseError(
            raw[:40] + "…",
            why.TOO_LONG(limit=MAX_FIGURE_TEXT, length=len(text)),
            kind=kind,
        )
    if text.isprintable():
        return  # every refused category is unprintable: the common case, checked in C
    for i, ch in enumerate(text):
        if ch not in _ALLOWED_CONTROLS and unicodedata.category(ch) in _REFUSED_CATEGORIES:
            raise ParseError(
                raw, why.CONTROL_CHARACTER(code=f"{ord(ch):04X}", position=i + 1), kind=kind
            )


def check_dash_signs(raw: str, kind: str) -> None:
    """Refuse a dash before a digit anywhere in ``raw`` (「5→—3」): it is not a minus sign.

    Checked on the text as typed, since :func:`normalise` turns every dash into "-".
    """
    if NOT_MINUS.isdisjoint(raw):
        return  # no dash at all: the common case
    for i, ch in enumerate(raw[:-1]):
        nxt = raw[i + 1]
        if ch in NOT_MINUS and ("0" <= nxt <= "9" or "\uff10" <= nxt <= "\uff19"):
            raise ParseError(raw, why.DASH_NOT_MINUS(sign=ch), kind=kind)


def original_char(raw: str, ch: str) -> str:
    """The character of ``raw`` that normalised to ``ch``, for messages that
    quote what the person typed (「ｘ」 rather than "x")."""
    for orig in raw:
        if unicodedata.normalize("NFKC", orig).translate(_TRANSLATION) == ch:
            return orig
    return ch
