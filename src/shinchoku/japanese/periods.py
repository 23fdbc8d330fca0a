"""Fiscal years and month points: 「R5年度」「令和元年度」「FY2023」「R2.12」「R6.6.7」.

The Japanese fiscal year (年度) runs April to March and is named by the
Western year it starts in, so the month point 「R3.3」 (March 2021) lies in
fiscal year 2020.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from shinchoku.japanese.eras import (
    MAX_FISCAL_YEAR,
    MIN_FISCAL_YEAR,
    Era,
    era_covers,
    era_end,
    era_named,
    era_of_date,
    era_of_fiscal_year,
)
from shinchoku.japanese.errors import ParseError
from shinchoku.japanese.numbers import KANJI_DIGITS, SMALL_MULTIPLIERS, read_numeral
from shinchoku.japanese.text import check_compat_digits, check_text, normalise
from shinchoku.problems import Wording
from shinchoku.problems import reasons as why

_KIND = "a period"
# Western years accepted when parsing: the years :func:`format_fiscal_year` can write
# (昭和元年度 to 令和99年度). Outside them a 4-digit number is more likely a count or a
# code than a year, and a report could not print it.
MIN_YEAR = MIN_FISCAL_YEAR
MAX_YEAR = MAX_FISCAL_YEAR
FISCAL_YEAR_START_MONTH = 4

_KANJI_NUM = "".join(KANJI_DIGITS) + "".join(SMALL_MULTIPLIERS)
_ERA = rf"(?P<era>R|H|S|令和|平成|昭和)(?P<ey>[0-9]+|元|[{_KANJI_NUM}]+)"
_M = r"(?P<m>[0-9]{1,2})"
_D = r"(?P<d>[0-9]{1,2})"
_Y = r"(?P<y>[0-9]{4})"
_FY_END = r"(?:年度末?)"  # 「R6年度末」 (end of FY) names the fiscal year too

_FISCAL = [
    re.compile(rf"{_ERA}{_FY_END}?"),
    re.compile(rf"(?:FY)?{_Y}{_FY_END}?"),
]
_MONTHS = [
    re.compile(rf"{_ERA}[./]{_M}(?:月|[./]{_D}日?)?"),
    re.compile(rf"{_ERA}年{_M}月(?:{_D}日)?"),
    re.compile(rf"{_Y}年{_M}月(?:{_D}日)?"),
    re.compile(rf"{_Y}[./-]{_M}(?:[./-]{_D})?"),
]
# 「令和5年度（2023年度）」, as format_fiscal_year(style="both") writes it.
_BOTH = re.compile(rf"{_ERA}年度\((?P<y>[0-9]{{4}})年度\)")
# 「18年度」「11年度末」: a year printed with its era left out. Which era (or century) it
# means is the plan's to say (:data:`SHORT_YEAR_RULES`); it is never guessed.
_SHORT = re.compile(rf"(?P<sy>[0-9]{{1,2}}){_FY_END}")
# What ``settings.era_of_short_years`` may say: an era, or the Western century.
SHORT_YEAR_RULES = ("令和", "平成", "昭和", "20xx", "19xx")
SHORT_YEAR_SETTING = "settings.era_of_short_years"
_BRACKETS = {"(": ")", "[": "]", "【": "】", "〔": "〕", "「": "」", "<": ">", "《": "》"}
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Period:
    """A fiscal year, or a month point (with its calendar year) within one."""

    fiscal_year: int  # 年度: the Western year the April–March year starts in
    month: int | None = None
    year: int | None = None  # calendar year of the month point
    text: str = ""
    day: int | None = None

    @property
    def is_month_point(self) -> bool:
        return self.month is not None


def fiscal_year_of(year: int, month: int) -> int:
    """The fiscal year a calendar month lies in (January–March belong to the year before)."""
    return year if month >= FISCAL_YEAR_START_MONTH else year - 1


def parse_period(text: str, short_years: str | None = None) -> Period:
    """Read a fiscal year or a month point.

    Surrounding brackets and spaces are ignored (「（R3年度）」「(R元年度）」).
    Anything more is refused, including ranges (「R6.3月～」) and labels
    (「R4年度数値」「R4目標」); 「R5年」 is refused because a bare 年 is a
    calendar year, not a fiscal year. A year with its era left out (「18年度」) is
    read by the rule ``short_years`` (one of :data:`SHORT_YEAR_RULES`: 平成 reads it as
    平成18年度, 20xx as 2018年度); without one it is refused, naming the setting.
    """
    raw = text
    check_text(text, _KIND)
    check_compat_digits(text, raw, _KIND)
    t = _strip_brackets(_SPACE.sub("", normalise(text))).upper()
    if not t:
        raise ParseError(raw, why.NO_PERIOD(), kind=_KIND)
    period = _match(t, raw)
    if period is not None:
        return period
    short = _SHORT.fullmatch(t)
    if short is not None:
        return _short_year(short, t, raw, short_years)
    raise ParseError(raw, _why_not(t, raw), kind=_KIND)


def _short_year(m: re.Match[str], t: str, raw: str, rule: str | None) -> Period:
    """「18年度」 by the plan's rule: 平成18年度, or 2018年度 for 20xx."""
    if rule is None:
        raise ParseError(
            raw,
            why.ERA_LEFT_OUT(text=t, setting=SHORT_YEAR_SETTING, rules=", ".join(SHORT_YEAR_RULES)),
            kind=_KIND,
        )
    if rule not in SHORT_YEAR_RULES:
        raise ParseError(
            raw,
            why.UNKNOWN_SHORT_YEAR_RULE(
                setting=SHORT_YEAR_SETTING, rule=rule, rules=", ".join(SHORT_YEAR_RULES)
            ),
            kind=_KIND,
        )
    full = f"{rule[:2]}{int(m['sy']):02d}{t[len(m['sy']) :]}" if "xx" in rule else rule + t
    period = _match(full, raw)
    if period is None:
        raise ParseError(raw, _why_not(full, raw), kind=_KIND)
    return period


# 「R6.3末」「令和6年3月31日現在」「R5年度末時点」: words that only say "as at".
_POINT_SUFFIX = re.compile(r"(?:末|時点|現在|末時点|末現在)$")


def parse_point(text: str, short_years: str | None = None) -> Period:
    """:func:`parse_period`, also reading an as-of point with 末, 時点 or 現在 after it."""
    check_text(text, _KIND)
    try:
        return parse_period(text, short_years)
    except ParseError:
        t = _SPACE.sub("", normalise(text))
        stripped = _POINT_SUFFIX.sub("", t)
        if stripped == t or not stripped:
            raise
    p = parse_period(stripped, short_years)
    return Period(p.fiscal_year, p.month, p.year, text, p.day)


def _strip_brackets(t: str) -> str:
    while len(t) >= 2 and _BRACKETS.get(t[0]) == t[-1]:
        t = t[1:-1]
    return t


def _match(t: str, raw: str) -> Period | None:
    m = _BOTH.fullmatch(t)
    if m:
        fy = _era_year(m, raw)
        if fy != int(m["y"]):
            raise ParseError(raw, why.YEARS_DISAGREE(first=fy, second=m["y"]), kind=_KIND)
        return Period(fiscal_year=fy, text=raw)
    for pattern in _FISCAL:
        m = pattern.fullmatch(t)
        if m:
            if not m.groupdict().get("era"):
                return Period(fiscal_year=_western(m["y"], raw), text=raw)
            fy = _era_year(m, raw)
            # 「H31年度」 (FY2019, April 2019 was 平成) exists; 「S64年度」 does not.
            _check_era(m, date(fy, 4, 1), date(fy + 1, 3, 31), raw)
            return Period(fiscal_year=fy, text=raw)
    for pattern in _MONTHS:
        m = pattern.fullmatch(t)
        if m:
            era = m.groupdict().get("era")
            year = _era_year(m, raw) if era else _western(m["y"], raw)
            point = _month_point(year, int(m["m"]), m["d"], raw)
            first, last = _days(point)
            if era:
                _check_era(m, first, last, raw)
            elif last < date(MIN_YEAR, 12, 25):
                raise ParseError(raw, why.BEFORE_SHOWA(), kind=_KIND)
            return point
    return None


def _days(p: Period) -> tuple[date, date]:
    """The first and last day a month point (or a day) covers."""
    assert p.year is not None and p.month is not None
    if p.day is not None:
        day = date(p.year, p.month, p.day)
        return day, day
    nxt = date(p.year + p.month // 12, p.month % 12 + 1, 1)
    return date(p.year, p.month, 1), nxt - timedelta(days=1)


def _check_era(m: re.Match[str], first: date, last: date, raw: str) -> None:
    """Refuse a date the era never had: 「H31.12」 (平成 ended 2019-04-30), 「R1.4」."""
    era = era_named(m["era"])
    if not era_covers(era, first, last):
        end = era_end(era)
        start = era.start.isoformat()
        span = (
            Wording(f"{start}から{end.isoformat()}まで", f"from {start} to {end.isoformat()}")
            if end
            else Wording(f"{start}から", f"from {start}")
        )
        raise ParseError(raw, why.NO_SUCH_ERA_DATE(era=era.name, span=span), kind=_KIND)


def _why_not(t: str, raw: str) -> why.Reason:
    if t.endswith("年") and _match(t + "度", raw) is not None:
        return why.CALENDAR_YEAR()
    # Name the extra words when a period starts the text: 「R4年度数値」.
    for end in range(min(len(t), 40) - 1, 0, -1):
        try:
            head = _match(t[:end], raw)
        except ParseError:
            head = None
        if head is not None:
            return why.TEXT_AFTER_PERIOD(rest=t[end:], period=t[:end])
    return why.NOT_A_PERIOD()


def _era_year(m: re.Match[str], raw: str) -> int:
    era = era_named(m["era"])
    token = m["ey"]
    n = 1 if token == "元" else int(read_numeral(token, raw=raw, kind=_KIND))
    if not 1 <= n <= era.last_year:
        raise ParseError(raw, why.ERA_OUT_OF_RANGE(era=era.name, year=n), kind=_KIND)
    return era.western_year(n)


def _western(y: str, raw: str) -> int:
    year = int(y)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ParseError(
            raw, why.YEAR_OUT_OF_RANGE(year=year, low=MIN_YEAR, high=MAX_YEAR), kind=_KIND
        )
    return year


def _month_point(year: int, month: int, day_text: str | None, raw: str) -> Period:
    if not 1 <= month <= 12:
        raise ParseError(raw, why.NO_MONTH(month=month), kind=_KIND)
    day = int(day_text) if day_text else None
    if day is not None:
        try:
            date(year, month, day)
        except ValueError:
            raise ParseError(raw, why.NO_DAY(day=day, year=year, month=month), kind=_KIND) from None
    return Period(
        fiscal_year=fiscal_year_of(year, month), month=month, year=year, text=raw, day=day
    )


def format_fiscal_year(fy: int, style: str = "wareki") -> str:
    """Write fiscal year ``fy`` (Western start year) in one of four styles.

    ``wareki`` 「令和5年度」 (「令和元年度」 for 2019), ``both`` 「令和5年度（2023年度）」,
    ``short`` 「R5」 (digits only: 「R1」), ``western`` 「2023年度」. Every
    result reads back with :func:`parse_period`.
    """
    if not MIN_YEAR <= fy <= MAX_YEAR:
        raise ValueError(f"fiscal year {fy} is out of range ({MIN_YEAR}–{MAX_YEAR})")
    if style == "western":
        return f"{fy}年度"
    era = era_of_fiscal_year(fy)
    n = era.era_year(fy)
    if style == "short":
        return f"{era.letter}{n}"
    wareki = f"{era.name}{'元' if n == 1 else n}年度"
    if style == "wareki":
        return wareki
    if style == "both":
        return f"{wareki}（{fy}年度）"
    raise ValueError(f"unknown style {style!r}: use wareki, both, short or western")


def format_period(p: Period) -> str:
    """The short form: 「R5年度」 for a fiscal year, 「R2.12」 or 「R6.6.7」 for a point."""
    if p.month is None or p.year is None:
        return f"{format_fiscal_year(p.fiscal_year, 'short')}年度"
    # The era of the month's last day: 「H31.4」 for April 2019, 「R1.5」 for May.
    era: Era = era_of_date(_days(p)[1])
    text = f"{era.letter}{era.era_year(p.year)}.{p.month}"
    return text if p.day is None else f"{text}.{p.day}"
