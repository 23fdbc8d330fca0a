"""Publishing: the annual progress report (HTML, PDF, XLSX) and open data.

``build_report(plan, year, out_dir, formats, lang, bom)`` builds every format
from one :class:`ReportView` made by :func:`prepare`; the per-format functions
(``build_html``, ``build_pdf``, ``build_xlsx``, ``build_data``) take that view.
"""

from shinchoku.publish.build import FORMATS, build_report, parse_formats
from shinchoku.publish.cells import neutralise
from shinchoku.publish.html import build_html
from shinchoku.publish.opendata import build_data
from shinchoku.publish.pdf import build_pdf
from shinchoku.publish.prepare import prepare
from shinchoku.publish.view import ReportView
from shinchoku.publish.xlsx import build_xlsx

__all__ = [
    "FORMATS",
    "ReportView",
    "build_data",
    "build_html",
    "build_pdf",
    "build_report",
    "build_xlsx",
    "neutralise",
    "parse_formats",
    "prepare",
]
