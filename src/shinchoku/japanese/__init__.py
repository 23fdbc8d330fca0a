"""Japanese input, normalised: numbers, money, fiscal years as people type them.

Reports arrive from Excel and Word with full-width digits (「７１．０」), kanji
numerals (「約5万2千件」), era years (「R元年度」「（R2.12）」) and dashes for
"none". The functions here read them into exact values, keep the text, and
raise :class:`ParseError` for anything they cannot read rather than guess.
"""

from shinchoku.japanese.eras import ERAS, Era
from shinchoku.japanese.errors import ParseError
from shinchoku.japanese.figure import FigureReading, Part, read_figure
from shinchoku.japanese.money import MONEY_LABELS, MoneyReading, parse_money, read_money
from shinchoku.japanese.periods import (
    ParsedPeriod,
    fiscal_year_of,
    format_fiscal_year,
    format_period,
    parse_period,
    parse_point,
)
from shinchoku.japanese.quantity import Quantity, parse_quantity
from shinchoku.japanese.text import MAX_FIGURE_TEXT, is_none_marker, normalise, split_numbered
from shinchoku.japanese.units import MONEY_UNITS, UNITS, is_known_unit, normalise_unit

__all__ = [
    "ERAS",
    "MAX_FIGURE_TEXT",
    "MONEY_LABELS",
    "MONEY_UNITS",
    "UNITS",
    "Era",
    "FigureReading",
    "MoneyReading",
    "ParseError",
    "ParsedPeriod",
    "Part",
    "Quantity",
    "fiscal_year_of",
    "format_fiscal_year",
    "format_period",
    "is_known_unit",
    "is_none_marker",
    "normalise",
    "normalise_unit",
    "parse_money",
    "parse_period",
    "parse_point",
    "parse_quantity",
    "read_figure",
    "read_money",
    "split_numbered",
]
