"""照会 (inquiry): Excel forms out to each division, replies back in — validated,
diffed, applied all or nothing.

- :func:`make_forms` writes one XLSX per org unit that owns measures, plus one for the
  policy office (area money, main initiatives, KPIs outside measures);
- :func:`collect` reads the returned files, refuses what is unsafe or not a reply to
  this plan and year, reads every input cell through :mod:`shinchoku.japanese`, reports
  findings, prints the diff and applies everything in one transaction — or nothing;
- :func:`status` says per division what was sent, replied and applied, and what is
  still outstanding.

The names are loaded on first use, so importing the package pulls in no openpyxl
until a form is made or read.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from shinchoku.inquiry.codes import CODES
    from shinchoku.inquiry.collect import CollectResult, ReplyResult, collect
    from shinchoku.inquiry.guard import Limits
    from shinchoku.inquiry.make import MadeForm, make_forms
    from shinchoku.inquiry.merge import ReplyChange
    from shinchoku.inquiry.status import FormStatus, InquiryStatus, status

_WHERE = {
    "CODES": "codes",
    "CollectResult": "collect",
    "FormStatus": "status",
    "InquiryStatus": "status",
    "Limits": "guard",
    "MadeForm": "make",
    "ReplyChange": "merge",
    "ReplyResult": "collect",
    "collect": "collect",
    "make_forms": "make",
    "status": "status",
}

__all__ = [
    "CODES",
    "CollectResult",
    "FormStatus",
    "InquiryStatus",
    "Limits",
    "MadeForm",
    "ReplyChange",
    "ReplyResult",
    "collect",
    "make_forms",
    "status",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'shinchoku.inquiry' has no attribute {name!r}")
    loaded = import_module(f"shinchoku.inquiry.{module}")
    # Importing the submodule ``collect`` (or ``status``) sets this package's attribute of
    # that name to the module: bind every name of the module, the function included.
    for other, where in _WHERE.items():
        if where == module:
            globals()[other] = getattr(loaded, other)
    return globals()[name]
