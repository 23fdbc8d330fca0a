"""Japanese eras (元号) and their Western years."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class Era:
    name: str  # 令和
    letter: str  # R, as in 「R5」
    start: date  # first day of the era
    last_year: int  # highest era year accepted when parsing

    def western_year(self, era_year: int) -> int:
        """元年 (era year 1) is the Western year the era began."""
        return self.start.year + era_year - 1

    def era_year(self, western_year: int) -> int:
        return western_year - self.start.year + 1


# Newest first. last_year: 平成 and 昭和 are closed (H31 = 2019, S64 = 1989);
# 令和 is open, and two digits is what anyone will type.
ERAS: tuple[Era, ...] = (
    Era("令和", "R", date(2019, 5, 1), 99),
    Era("平成", "H", date(1989, 1, 8), 31),
    Era("昭和", "S", date(1926, 12, 25), 64),
)

# Fiscal years that parse and format both accept: from 昭和元年度 (FY1926) to the last
# 令和 year read. A year outside is refused when read, so no report meets one it cannot
# write.
MIN_FISCAL_YEAR = ERAS[-1].start.year
MAX_FISCAL_YEAR = ERAS[0].western_year(ERAS[0].last_year)


def era_end(era: Era) -> date | None:
    """The last day of ``era`` (平成: 2019-04-30), ``None`` for the current one."""
    i = ERAS.index(era)
    return None if i == 0 else ERAS[i - 1].start - timedelta(days=1)


def era_covers(era: Era, first: date, last: date) -> bool:
    """True when some day from ``first`` to ``last`` lies in ``era``."""
    end = era_end(era)
    return era.start <= last and (end is None or first <= end)


_BY_TOKEN: dict[str, Era] = {e.name: e for e in ERAS} | {e.letter: e for e in ERAS}


def era_named(token: str) -> Era:
    """The era for 「令和」 or 「R」 (also 「H」「S」「平成」「昭和」)."""
    return _BY_TOKEN[token]


def era_of_fiscal_year(fiscal_year: int) -> Era:
    """The era a fiscal year is named in.

    A fiscal year takes the name of the era that began in or before its
    Western year: FY2019 (April 2019 – March 2020) is 「令和元年度」 although
    令和 began on 1 May, and FY1926 is 「昭和元年度」 by the same rule.
    """
    for era in ERAS:
        if era.start.year <= fiscal_year:
            return era
    raise ValueError(f"fiscal year {fiscal_year} is before 昭和 (1926)")


def era_of_date(day: date) -> Era:
    """The era in force on ``day``."""
    for era in ERAS:
        if era.start <= day:
            return era
    raise ValueError(f"{day.isoformat()} is before 昭和 (1926-12-25)")
