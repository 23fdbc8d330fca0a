"""Rounding and display forms for percentages and money.

Japanese public reports commonly truncate (切り捨て): 1,768 / 2,500 = 70.72 %
is printed 70 %, and 288,236千円 is printed 2.8億円. The rule is a plan setting.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

from shinchoku.model import Rounding, Settings

_MODES = {
    Rounding.TRUNCATE: ROUND_DOWN,
    Rounding.HALF_UP: ROUND_HALF_UP,
    Rounding.HALF_EVEN: ROUND_HALF_EVEN,
}


def round_decimal(value: Decimal, decimals: int, rule: Rounding) -> Decimal:
    """Round to ``decimals`` places; truncation goes toward zero."""
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=_MODES[rule])


def rate_display(rate: Decimal, settings: Settings) -> Decimal:
    return round_decimal(rate, settings.rate_decimals, settings.rate_rounding)


def format_rate(rate: Decimal | None, settings: Settings) -> str:
    """``Decimal('70.72')`` → ``'70%'`` under the default settings."""
    if rate is None:
        return "—"
    return f"{rate_display(rate, settings):,f}%"


def money_in_unit(yen: int, settings: Settings) -> Decimal:
    """Money in the plan's display unit, rounded by the plan's rule."""
    return round_decimal(
        Decimal(yen) / Decimal(settings.money_unit.yen),
        settings.money_decimals,
        settings.money_rounding,
    )


def format_money(yen: int | None, settings: Settings) -> str:
    """``2_022_951_000`` → ``'20.2億円'`` under the default settings."""
    if yen is None:
        return "—"
    return f"{money_in_unit(yen, settings):,f}{settings.money_unit.value}"


def format_count(n: int | None, unit: str = "件") -> str:
    return "—" if n is None else f"{n:,}{unit}"


def plain_decimal(value: Decimal, *, grouped: bool = False) -> str:
    """A figure written out, never with an exponent: a whole number without decimals
    (``1E+2`` → "100", ``5.0`` → "5"), any other with its own decimals ("97.40");
    ``grouped`` adds thousands separators."""
    spec = ",f" if grouped else "f"
    return format(value.normalize() if value == value.to_integral_value() else value, spec)


def format_decimal(value: Decimal | None) -> str:
    """A plain figure with thousands separators and its own decimals."""
    return "—" if value is None else plain_decimal(value, grouped=True)
