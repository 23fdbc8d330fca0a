"""When two printed figures of one KPI agree: the finer one, rounded to the coarser one's
last digit, gives the coarser one (「162万」 and 「1,622,948」 agree)."""

from __future__ import annotations

import re
from decimal import Decimal

from shinchoku.japanese import normalise
from shinchoku.model import Figure

_LAST_NUMBER = re.compile(r"(\d[\d,]*)(?:\.(\d+))?\s*(億|万|千)?")
_MULTIPLIER = {
    "億": Decimal(10) ** 8,
    "万": Decimal(10) ** 4,
    "千": Decimal(1000),
    None: Decimal(1),
}


def quantum(fig: Figure) -> Decimal:
    """The place value of the last digit written: 「162万」 → 10⁴, 「97.4%」 → 0.1."""
    text = normalise(fig.text)
    if fig.as_of is not None:  # 「88.1%(平成28年度)」: the period's digits are not the figure's
        text = text[: text.rfind("(")] if "(" in text else text
    matches = list(_LAST_NUMBER.finditer(text))
    if not matches:
        return Decimal(1)
    m = matches[-1]
    decimals = len(m.group(2) or "")
    return _MULTIPLIER[m.group(3)] * Decimal(1).scaleb(-decimals)


def agree(a: Figure, b: Figure) -> bool:
    """Two printed figures agree when the finer one, rounded to the coarser one's
    last digit (truncated or half-up), gives the coarser one."""
    if a.value is None or b.value is None:
        return a.value == b.value
    qa, qb = quantum(a), quantum(b)
    fine, coarse, q = (a.value, b.value, qb) if qa <= qb else (b.value, a.value, qa)
    if fine == coarse:
        return True
    steps = fine / q
    candidates = {
        steps.to_integral_value(rounding=mode) * q for mode in ("ROUND_DOWN", "ROUND_HALF_UP")
    }
    return coarse in candidates or ((a.approximate or b.approximate) and abs(fine - coarse) < q)
