"""Amounts of money in yen: 「2,022,951千円」「62.4億円」「1億2千万円」."""

from __future__ import annotations

from decimal import Inexact, InvalidOperation, localcontext

from shinchoku.japanese.errors import ParseError
from shinchoku.japanese.quantity import read_quantity
from shinchoku.japanese.units import MONEY_UNITS, normalise_unit

_KIND = "an amount of money"


def parse_money(text: str, *, default_unit: str | None = None) -> int:
    """The amount in whole yen.

    The text must carry a unit of :data:`MONEY_UNITS` unless ``default_unit``
    says what a bare number is in (tables headed 「（単位：千円）」). 約 is
    refused: an amount of money is summed and compared, and a rounded figure
    would pass for an exact one. A result that is not a whole number of yen
    (「1.2345円」, 「0.0001千円」) is refused too.
    """
    if default_unit is not None and normalise_unit(default_unit) not in MONEY_UNITS:
        raise ValueError(f"default_unit must be one of {sorted(MONEY_UNITS)}: {default_unit!r}")
    q = read_quantity(text, None, kind=_KIND)
    unit = q.unit or (normalise_unit(default_unit) if default_unit else None)
    if unit is None:
        raise ParseError(text, "no unit (円, 千円, 万円, 百万円 or 億円)", kind=_KIND)
    if unit not in MONEY_UNITS:
        raise ParseError(text, f"{unit!r} is not a unit of money", kind=_KIND)
    if q.approximate:
        raise ParseError(text, "an approximate amount (約) is not an amount of money", kind=_KIND)
    with localcontext() as ctx:
        ctx.prec = 80
        ctx.traps[Inexact] = True
        try:
            yen = q.value * MONEY_UNITS[unit]
            whole = yen == yen.to_integral_value()
        except (Inexact, InvalidOperation) as exc:
            raise ParseError(text, "number too long", kind=_KIND) from exc
    if not whole:
        raise ParseError(text, f"not a whole number of yen ({yen.normalize()} 円)", kind=_KIND)
    return int(yen)
