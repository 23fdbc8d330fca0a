"""Amounts of money in yen: 「2,022,951千円」「62.4億円」「1億2千万円」, with a label
(「決算額：2,022,951千円」「(予算額(事業費)28,310千円)」「事業費 1.5億円」)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Inexact, InvalidOperation, localcontext

from shinchoku.japanese.errors import ParseError
from shinchoku.japanese.quantity import read_quantity
from shinchoku.japanese.text import check_dash_signs, check_text, normalise
from shinchoku.japanese.units import MONEY_UNITS, normalise_unit
from shinchoku.problems import reasons as why

_KIND = "an amount of money"
# Words that say which amount a figure is. The model maps them to its money kinds.
MONEY_LABELS = frozenset(
    {
        "決算額",
        "決算",
        "予算額",
        "予算",
        "当初予算額",
        "当初予算",
        "補正後予算額",
        "事業費",
        "総事業費",
    }
)
_LABEL_ENDS = "：: "


@dataclass(frozen=True, slots=True)
class MoneyReading:
    """An amount in yen and the label printed before it (「予算額」), outer label first."""

    yen: int
    labels: tuple[str, ...] = ()


def read_money(text: str, *, default_unit: str | None = None) -> MoneyReading:
    """:func:`parse_money`, also reading a label before the amount.

    「決算額：2,022,951千円」 → labels (決算額,); 「(予算額(事業費)28,310千円)」 → (予算額,
    事業費); 「事業費 1.5億円」 → (事業費,). A label outside :data:`MONEY_LABELS` is refused.
    """
    check_text(text, _KIND)
    check_dash_signs(text, _KIND)
    t = normalise(text)
    if len(t) >= 2 and t[0] == "(" and t[-1] == ")":
        t = t[1:-1].strip()  # 「(予算額(事業費)28,310千円)」: the whole cell in brackets
    start = _amount_start(t)
    if start == 0 or t[:start].strip() in ("約", "およそ", "概ね"):
        return MoneyReading(parse_money(text, default_unit=default_unit))
    labels = _labels(t[:start].rstrip(_LABEL_ENDS), text)
    return MoneyReading(_yen(t[start:], text, default_unit), labels)


def _amount_start(t: str) -> int:
    for i, ch in enumerate(t):
        if ch.isdigit() or (ch in "△▲-" and t[i + 1 : i + 2].isdigit()):
            return i
    return 0


def _labels(head: str, raw: str) -> tuple[str, ...]:
    """「予算額(事業費)」 → (予算額, 事業費)."""
    outer, _, inner = head.partition("(")
    labels = [outer.strip()]
    if inner:
        if not inner.endswith(")") or "(" in inner:
            raise ParseError(raw, why.UNBALANCED_BRACKETS(text=head), kind=_KIND)
        labels.append(inner[:-1].strip())
    for label in labels:
        if label not in MONEY_LABELS:
            raise ParseError(
                raw,
                why.UNKNOWN_MONEY_LABEL(label=label, known=", ".join(sorted(MONEY_LABELS))),
                kind=_KIND,
            )
    return tuple(labels)


def parse_money(text: str, *, default_unit: str | None = None) -> int:
    """The amount in whole yen.

    The text must carry a unit of :data:`MONEY_UNITS` unless ``default_unit``
    says what a bare number is in (tables headed 「（単位：千円）」). 約 is
    refused: an amount of money is summed and compared, and a rounded figure
    would pass for an exact one. A result that is not a whole number of yen
    (「1.2345円」, 「0.0001千円」) is refused too.
    """
    return _yen(text, text, default_unit)


def _yen(text: str, raw: str, default_unit: str | None) -> int:
    if default_unit is not None and normalise_unit(default_unit) not in MONEY_UNITS:
        raise ValueError(f"default_unit must be one of {sorted(MONEY_UNITS)}: {default_unit!r}")
    q = read_quantity(text, None, kind=_KIND, raw=raw)
    text = raw
    unit = q.unit or (normalise_unit(default_unit) if default_unit else None)
    if unit is None:
        raise ParseError(text, why.NO_MONEY_UNIT(), kind=_KIND)
    if unit not in MONEY_UNITS:
        raise ParseError(text, why.NOT_MONEY_UNIT(unit=unit), kind=_KIND)
    if q.approximate:
        raise ParseError(text, why.APPROXIMATE_MONEY(), kind=_KIND)
    with localcontext() as ctx:
        ctx.prec = 80
        ctx.traps[Inexact] = True
        try:
            yen = q.value * MONEY_UNITS[unit]
            whole = yen == yen.to_integral_value()
        except (Inexact, InvalidOperation) as exc:
            raise ParseError(text, why.NUMBER_TOO_LONG(), kind=_KIND) from exc
    if not whole:
        raise ParseError(text, why.NOT_WHOLE_YEN(yen=yen.normalize()), kind=_KIND)
    return int(yen)
