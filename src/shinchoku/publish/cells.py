"""Spreadsheet safety: text that a spreadsheet would run as a formula is neutralised.

CSV and XLSX cells beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return are read as formulas (or DDE) by Excel and LibreOffice; the OWASP advice
is to prefix such text with an apostrophe. Both the CSV writer and the XLSX
writer go through :func:`neutralise`, so the rule is in one place.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """``'=HYPERLINK("x")'`` → ``"'=HYPERLINK(\\"x\\")"``; other text is unchanged."""
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text
