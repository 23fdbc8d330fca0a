"""A figure cell as published tables print it: one reading for every channel.

「88.1%(平成28年度)」 a value and the period it was measured in;
「245 万人」「14 団体等」 spaces between the number, 万 and the unit;
「62.3%(男) 70.1%(女)(令和2年度)」「小 88% 中 91%」 labelled values (parts);
「2,300万件→3,100万件」 a change from one value to another;
「(平成28年度) 20.7%」 the period printed in brackets before the value;
「1.0%未満」 a bound (未満, 以下, 超, 以上) on a value;
「-\n(18年度)」「― 件/年」 a none marker with its period or unit (no value).

:func:`read_figure` reads all of them; the dataset, the 照会 replies, the web form and the
API call it (through :class:`shinchoku.model.Figure`), so a cell means the same wherever it
is typed. The scan is one pass over at most :data:`MAX_FIGURE_TEXT` characters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from shinchoku.japanese.errors import ParseError
from shinchoku.japanese.periods import ParsedPeriod, parse_point
from shinchoku.japanese.quantity import (
    APPROXIMATE_PREFIXES,
    LABEL_PREFIXES,
    Quantity,
    read_quantity,
)
from shinchoku.japanese.text import (
    check_compat_digits,
    check_dash_signs,
    check_text,
    circled_number,
    is_none_marker,
    normalise,
)
from shinchoku.japanese.units import is_known_unit, normalise_unit
from shinchoku.problems import reasons as why

_KIND = "a figure"
# A part labelled so holds the total of the others: it is the figure's own value.
TOTAL_LABELS = frozenset({"計", "合計", "全体", "総数", "総計"})
# 「→」「⇒」 always mean "from … to …"; 「～」 may also mean a range (「10～20件」), so it
# is read as from→to only when each side names its own period.
_ARROWS = ("→", "⇒")
_WAVE = "~"
_MULTIPLIERS = ("万", "千", "億", "百万")
# What starts a period in brackets: an era (R, 令和 …), FY or a Western year.
_PERIOD_STARTS = ("R", "H", "S", "令和", "平成", "昭和", "FY")


# 「1.0%未満」: a bound printed after the value, and how the value bounds the figure.
BOUND_WORDS = {"未満": "lt", "以下": "le", "超": "gt", "以上": "ge"}
# 「約」's cousins after a number (「10%強」「10%弱」): not a bound the method can judge.
_VAGUE_SUFFIXES = ("強", "弱")


@dataclass(frozen=True, slots=True)
class Part:
    """One labelled value of a cell: 「62.3%(男)」 is Part("男", 62.3 %)."""

    label: str
    quantity: Quantity


@dataclass(frozen=True, slots=True)
class AsOf:
    """The period printed in brackets after a value, with its text (「平成28年度」)."""

    text: str
    period: ParsedPeriod


@dataclass(frozen=True, slots=True)
class FigureReading:
    """What a figure cell says.

    ``value`` is the figure's own value: the number of a single value, the "to" of a
    from→to cell, the total part of a labelled cell, else ``None``.
    """

    text: str
    value: Decimal | None
    unit: str | None
    approximate: bool
    parts: tuple[Part, ...] = ()
    as_of: AsOf | None = None
    start: FigureReading | None = None  # the "from" of 「2,300万件→3,100万件」
    bound: str | None = None  # 「1.0%未満」: lt, le, gt or ge the value (BOUND_WORDS)
    deadline: bool = False  # 「14年度までに100万人」: as_of is the year to reach it by


def read_figure(
    text: str, unit: str | None = None, short_years: str | None = None, name: str | None = None
) -> FigureReading:
    """Read a figure cell; ``unit`` is the unit its KPI declares.

    A declared unit is accepted after the number even when it is not in
    :data:`~shinchoku.japanese.units.UNITS` (「14団体等」 for a KPI counted in 団体等),
    and a declared scaled unit keeps its scale (「1,200万回」 is 1,200 for a KPI in 万回,
    12,000,000 回 otherwise). A bare number gets no unit: whether it agrees with the
    KPI is the audit's business. A none marker (「ー」) raises; check
    :func:`~shinchoku.japanese.is_none_marker` first. ``short_years`` is the plan's rule
    for a year printed without its era (「(18年度)」, see
    :func:`~shinchoku.japanese.parse_period`).
    """
    check_text(text, _KIND)
    body = text.strip()
    if body and circled_number(body[0]) is not None:
        # 「①17件」: the label names the KPI; the caller matched it via split_numbered.
        body = body[1:]
    check_compat_digits(body, text, _KIND)  # 「5²」 must not become 52, nor 「②」 2
    check_dash_signs(text, _KIND)  # 「5→—3」: before normalise turns the dash into "-"
    t = normalise(body)
    if is_none_marker(t):
        raise ParseError(text, why.NO_VALUE(), kind=_KIND)
    declared = normalise_unit(unit) if unit else None
    marked = _marked_none(t, text, declared, short_years)
    if marked is not None:
        return marked
    t = _without_own_name(t, name)
    t, until = _split_until(t, short_years)
    change = _bracketed_change(t, text, declared, short_years, name)
    if change is not None:
        return _with_as_of(change, until, text)
    if until is not None:
        return _with_as_of(_read_body(_unlabelled(t, text, name), text, declared), until, text)
    for arrow in _ARROWS:
        if arrow in t:
            return _from_to(t, arrow, text, declared, short_years)
    if _WAVE in t:
        return _wave(t, text, declared, short_years)
    t, lead = _split_leading_as_of(t, short_years)
    body, as_of, period_error = _split_as_of(t, text, short_years)
    if lead is not None:
        if as_of is not None:
            raise ParseError(text, why.TWO_PERIODS(), kind=_KIND)
        as_of = lead
    if as_of is not None and _split_as_of(body, text, short_years)[1] is not None:
        raise ParseError(text, why.TWO_PERIODS(), kind=_KIND)
    body, bound = _split_bound(body, text)
    try:
        reading = _read_body(body, text, declared)
    except ParseError:
        if period_error is not None:
            raise period_error from None
        raise
    if bound is not None and (reading.value is None or reading.parts):
        raise ParseError(text, why.BOUND_NEEDS_ONE_VALUE(), kind=_KIND)
    if as_of is None and bound is None:
        return reading
    return FigureReading(
        text, reading.value, reading.unit, reading.approximate, reading.parts, as_of, None, bound
    )


# A cell of digits with at most a decimal point, thousands commas, a percent sign and
# spaces, starting with a digit (「120」「1,234.5」「88 %」): nothing in it is a label.
_PLAIN = re.compile(r"\s*[0-9][0-9.,%\s]*")


def name_matters(text: str, name: str | None) -> bool:
    """Whether reading ``text`` with the KPI ``name`` can differ from reading it without.

    The name is read only to drop it, or a part of it, from before the number
    (「新規農業生産法人数5件」, 「外国人宿泊者100万人」): a plain number cell has no words
    before its number, and brackets, arrows and 「まで」 are not plain; so only when the
    name itself begins the text. Callers that cache readings key them by the name only
    where it matters.
    """
    if not name:
        return False
    if _PLAIN.fullmatch(text) is None:
        return True
    own = _own_name(name)
    return bool(own) and normalise(text).startswith(own)


@lru_cache(maxsize=4096)
def _own_name(name: str) -> str:
    """A KPI's name as the reader compares it (read once for all the KPI's figures)."""
    return normalise(name).strip()


def _without_own_name(t: str, name: str | None) -> str:
    """「新規農業生産法人数5件」 → 「5件」: a cell that repeats its KPI's whole name first.

    Only the KPI's name exactly, followed by the number: any other words before the
    number stay and are refused by the reader, naming them.
    """
    if not name:
        return t
    own = _own_name(name)
    if not own or not t.startswith(own):
        return t
    rest = t[len(own) :].strip()
    return rest if rest and rest[0].isdigit() else t


def _split_until(t: str, short_years: str | None) -> tuple[str, AsOf | None]:
    """「14年度までに100万人」: the period a target is for, printed before it with まで(に)."""
    at = t.find("まで")
    if at <= 0:
        return t, None
    head = t[:at].strip()
    try:
        period = parse_point(head, short_years)
    except ParseError:
        return t, None
    rest = t[at + 2 :].removeprefix("に").strip()
    return (rest, AsOf(head, period)) if rest else (t, None)


def _with_as_of(r: FigureReading, until: AsOf | None, raw: str) -> FigureReading:
    """The reading with the deadline printed before it (「14年度までに」) as its as-of."""
    if until is not None and r.as_of is not None:
        raise ParseError(raw, why.TWO_PERIODS(), kind=_KIND)
    as_of = until or r.as_of
    deadline = until is not None
    return FigureReading(
        raw, r.value, r.unit, r.approximate, r.parts, as_of, r.start, deadline=deadline
    )


def _unlabelled(t: str, raw: str, name: str | None) -> str:
    """「外国人宿泊者100万人」 → 「100万人」 when 外国人宿泊者 is part of the KPI's name."""
    at = next((i for i, ch in enumerate(t) if ch.isdigit()), 0)
    label = t[:at].strip()
    if not label or label in (*APPROXIMATE_PREFIXES, *LABEL_PREFIXES):
        return t
    if name is None or label not in normalise(name):
        raise ParseError(raw, why.WORDS_NOT_KPI_NAME(words=label), kind=_KIND)
    return t[at:]


def _bracketed_change(
    t: str, raw: str, declared: str | None, short_years: str | None, name: str | None
) -> FigureReading | None:
    """「(50万人→100万人)」「100万人 (50万人→100万人)」: a change in brackets, alone or
    after the value it leads to; the two must agree."""
    if not t.endswith(")"):
        return None
    open_at = t.rfind("(")
    inner = t[open_at + 1 : -1] if open_at >= 0 else ""
    arrow = next((a for a in _ARROWS if a in inner), None)
    if arrow is None:
        return None
    pair = _from_to(inner.strip(), arrow, raw, declared, short_years)
    head = t[:open_at].strip()
    if not head:
        return FigureReading(
            raw, pair.value, pair.unit, pair.approximate, (), pair.as_of, pair.start
        )
    value = _single(_unlabelled(head, raw, name), raw, declared)
    if value is None or value.value is None:
        raise ParseError(raw, why.NOT_ONE_VALUE(text=head), kind=_KIND)
    if (value.value, value.unit) != (pair.value, pair.unit):
        raise ParseError(raw, why.CHANGE_DISAGREES(value=head, change=inner), kind=_KIND)
    return FigureReading(raw, value.value, value.unit, value.approximate, (), None, pair.start)


def _marked_none(
    t: str, raw: str, declared: str | None, short_years: str | None
) -> FigureReading | None:
    """「-\n(18年度)」「― 件/年」: a none marker with its period or its unit; no value."""
    words = t.split(maxsplit=1)
    if len(words) != 2 or not is_none_marker(words[0]):
        return None
    rest = words[1].strip()
    if rest.startswith("(") and rest.endswith(")"):
        inner = rest[1:-1].strip()
        try:
            period = parse_point(inner, short_years)
        except ParseError as exc:
            raise ParseError(raw, why.IN_PART(part=inner, inner=exc.why), kind=_KIND) from None
        return FigureReading(raw, None, None, False, (), AsOf(inner, period))
    if _is_unit_word(rest, declared):
        return FigureReading(raw, None, normalise_unit(rest), False)
    return None


def _split_bound(t: str, raw: str) -> tuple[str, str | None]:
    """Take a bound off the end: 「1.0%未満」 → 「1.0%」, lt; refuse 「10%強」."""
    for word, bound in BOUND_WORDS.items():
        if t.endswith(word) and t[: -len(word)].strip():
            return t[: -len(word)].rstrip(), bound
    if t.endswith(_VAGUE_SUFFIXES) and any(ch.isdigit() for ch in t):
        raise ParseError(
            raw,
            why.VAGUE_BOUND(mark=t[-1]),
            kind=_KIND,
        )
    return t, None


def _split_leading_as_of(t: str, short_years: str | None) -> tuple[str, AsOf | None]:
    """Take a period in brackets off the front: 「(平成28年度) 20.7%」 → 「20.7%」, 平成28年度.

    A leading bracket that does not hold a period is left for the caller.
    """
    if not t.startswith("("):
        return t, None
    close_at = t.find(")")
    inner = t[1:close_at].strip() if close_at > 0 else ""
    rest = t[close_at + 1 :].strip()
    if not inner or "(" in inner or not rest:
        return t, None
    try:
        period = parse_point(inner, short_years)
    except ParseError:
        return t, None
    return rest, AsOf(inner, period)


def _split_as_of(
    t: str, raw: str, short_years: str | None
) -> tuple[str, AsOf | None, ParseError | None]:
    """Take a period in brackets off the end: 「88.1%(平成28年度)」 → 「88.1%」, 平成28年度.

    A bracket that does not hold a period is left for the caller (「70.1%(女)」). When it
    looks like one but is not (「(H31.12)」) the error is returned, to be raised if the
    rest cannot be read either.
    """
    if not t.endswith(")"):
        return t, None, None
    open_at = t.rfind("(")
    if open_at <= 0:
        return t, None, None
    inner = t[open_at + 1 : -1].strip()
    if not inner or "(" in inner or ")" in inner:
        return t, None, None
    head = t[:open_at].rstrip()
    try:
        period = parse_point(inner, short_years)
    except ParseError as exc:
        looks_like = inner.upper().startswith(_PERIOD_STARTS) or inner[:1].isdigit()
        error = (
            ParseError(raw, why.IN_PART(part=inner, inner=exc.why), kind=_KIND)
            if looks_like
            else None
        )
        return t, None, error
    return head, AsOf(inner, period), None


def _read_body(t: str, raw: str, declared: str | None) -> FigureReading:
    single = _single(t, raw, declared)
    if single is not None:
        return single
    return _labelled(t, raw, declared)


def _from_to(
    t: str, arrow: str, raw: str, declared: str | None, short_years: str | None
) -> FigureReading:
    sides = t.split(arrow)
    if len(sides) != 2 or not sides[0].strip() or not sides[1].strip():
        raise ParseError(raw, why.ARROW_BETWEEN_VALUES(arrow=arrow), kind=_KIND)
    if any(a in side for side in sides for a in (*_ARROWS, _WAVE)):
        raise ParseError(raw, why.MORE_THAN_ONE_CHANGE(), kind=_KIND)
    start = _side(sides[0].strip(), raw, declared, short_years)
    to = _side(sides[1].strip(), raw, declared, short_years)
    return FigureReading(raw, to.value, to.unit, to.approximate, (), to.as_of, start)


def _side(t: str, raw: str, declared: str | None, short_years: str | None) -> FigureReading:
    """One side of a from→to cell: a single value, with its own period if printed."""
    body, as_of, period_error = _split_as_of(t, raw, short_years)
    reading = _single(body, raw, declared)
    if reading is None:
        if period_error is not None:
            raise period_error
        raise ParseError(raw, why.NOT_ONE_VALUE(text=t), kind=_KIND)
    return FigureReading(t, reading.value, reading.unit, reading.approximate, (), as_of)


def _wave(t: str, raw: str, declared: str | None, short_years: str | None) -> FigureReading:
    sides = t.split(_WAVE)
    if len(sides) == 2 and sides[0].strip() and sides[1].strip():
        start = _side(sides[0].strip(), raw, declared, short_years)
        to = _side(sides[1].strip(), raw, declared, short_years)
        if start.as_of is not None and to.as_of is not None:
            return FigureReading(raw, to.value, to.unit, to.approximate, (), to.as_of, start)
    raise ParseError(
        raw,
        why.WAVE_RANGE(),
        kind=_KIND,
    )


def _single(t: str, raw: str, declared: str | None) -> FigureReading | None:
    """One value, spaces between number, 万 and unit allowed; ``None`` if there are labels."""
    words = t.split()
    if len(words) == 1:
        if _starts_number(t) and t.endswith(")") and "(" in t:
            return None  # 「62.3%(男)」: a label in brackets
        return _quantity(t, raw, declared)
    numbers = [i for i, w in enumerate(words) if any(ch.isdigit() for ch in w)]
    if not numbers:
        return _quantity(t, raw, declared)  # no number anywhere: say what is wrong
    if len(numbers) > 1:
        return None  # several values: labelled parts, or an error there
    at = numbers[0]
    if not _starts_number(words[at]) or not all(
        w in (*APPROXIMATE_PREFIXES, *LABEL_PREFIXES) for w in words[:at]
    ):
        return None  # 「小 88%」: a label before the value
    # 「245 万人」「14 団体等」「約 5万件」: the words belong to one value.
    return _quantity("".join(words), raw, declared)


def _starts_number(word: str) -> bool:
    """A word that starts with a digit, a sign before a digit or a circled number."""
    w = word
    for prefix in (*APPROXIMATE_PREFIXES, *LABEL_PREFIXES):
        w = w.removeprefix(prefix)
    if w[:1] in ("△", "▲", "-") and w[1:2].isdigit():
        return True
    return w[:1].isdigit() or (len(w) > 1 and circled_number(w[0]) is not None)


def _is_unit_word(word: str, declared: str | None) -> bool:
    """「万人」「%」「団体等」: a unit (or 万 + unit) written apart from its number."""
    w = normalise_unit(word)
    for scale in _MULTIPLIERS:
        if w.startswith(scale):
            rest = w[len(scale) :]
            return not rest or rest == declared or w == declared or is_known_unit(rest)
    return w == declared or is_known_unit(w)


def _quantity(t: str, raw: str, declared: str | None) -> FigureReading:
    q = read_quantity(t, None, kind=_KIND, declared=declared, raw=raw)
    return FigureReading(raw, q.value, q.unit, q.approximate)


def _labelled(t: str, raw: str, declared: str | None) -> FigureReading:
    """「62.3%(男) 70.1%(女)」「小 88% 中 91%」「小88% 中91%」: two or more labelled values."""
    parts: list[Part] = []
    pending_label: str | None = None
    for word in _attach_units(t.split(), declared):
        if _starts_number(word):
            label, number = _suffix_label(word, raw)
            if label is not None and pending_label is not None:
                raise ParseError(raw, why.TWO_LABELS(word=word), kind=_KIND)
            label = label if label is not None else pending_label
            pending_label = None
        else:
            split = _prefix_label(word)
            if split is None:
                if pending_label is not None:
                    raise ParseError(
                        raw, why.LABELS_IN_A_ROW(first=pending_label, second=word), kind=_KIND
                    )
                pending_label = word
                continue
            label, number = split
            if pending_label is not None:
                raise ParseError(raw, why.TWO_LABELS(word=word), kind=_KIND)
        if label is None:
            raise ParseError(raw, why.NO_LABEL(value=number), kind=_KIND)
        q = read_quantity(number, None, kind=_KIND, declared=declared, raw=raw)
        if any(p.label == label for p in parts):
            raise ParseError(raw, why.LABEL_REPEATED(label=label), kind=_KIND)
        parts.append(Part(label, q))
    if pending_label is not None:
        raise ParseError(raw, why.LABEL_WITHOUT_VALUE(label=pending_label), kind=_KIND)
    if len(parts) < 2:
        raise ParseError(raw, why.ONE_LABELLED_VALUE(), kind=_KIND)
    return _from_parts(raw, tuple(parts))


def _attach_units(words: list[str], declared: str | None) -> list[str]:
    """「小 88 % 中 91 %」: a unit word joins the number before it."""
    out: list[str] = []
    for word in words:
        if out and out[-1][-1:].isdigit() and _is_unit_word(word, declared):
            out[-1] += word
        else:
            out.append(word)
    return out


def _suffix_label(word: str, raw: str) -> tuple[str | None, str]:
    """「62.3%(男)」 → ("男", "62.3%"); a word without a bracket has no label."""
    if not word.endswith(")"):
        return None, word
    open_at = word.find("(")
    label = word[open_at + 1 : -1]
    if open_at <= 0 or not label or "(" in label or ")" in label:
        raise ParseError(raw, why.UNBALANCED_BRACKETS(text=word), kind=_KIND)
    return label, word[:open_at]


def _prefix_label(word: str) -> tuple[str, str] | None:
    """「小88%」 → ("小", "88%"); ``None`` for a word without a number in it."""
    for i, ch in enumerate(word):
        if ch.isdigit() or (ch in ("△", "▲", "-") and word[i + 1 : i + 2].isdigit()):
            return (word[:i], word[i:]) if i else None
    return None


def _from_parts(raw: str, parts: tuple[Part, ...]) -> FigureReading:
    units = {p.quantity.unit for p in parts}
    totals = [p for p in parts if p.label in TOTAL_LABELS]
    if len(totals) > 1:
        raise ParseError(raw, why.MORE_THAN_ONE_TOTAL(), kind=_KIND)
    if totals:
        q = totals[0].quantity
        return FigureReading(raw, q.value, q.unit, q.approximate, parts)
    unit = next(iter(units)) if len(units) == 1 else None
    return FigureReading(raw, None, unit, False, parts)
