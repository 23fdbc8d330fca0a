"""The ``shinchoku`` command: thin adapters over the library.

One module per command group, each registering its commands on :data:`app`
(:mod:`.common` holds the app, the shared options and helpers):
:mod:`.plan` (load, export, check, summary, schema), :mod:`.report`, :mod:`.web` (serve,
user), :mod:`.inquiry` (照会), :mod:`.compare` (org, indicators, compare) and
:mod:`.staff` (year, token). What ``check`` and ``summary`` print is laid out in
:mod:`.output`.

Exit codes: 0 ok, 1 findings or invalid input, 2 usage.
"""

from __future__ import annotations

import sys

from shinchoku.batch import frozen_for_exit
from shinchoku.cli import compare, inquiry, plan, report, staff, web  # noqa: F401  (commands)
from shinchoku.cli.common import State, app, err, out
from shinchoku.problems import ShinchokuError

__all__ = ["app", "err", "main", "out"]


def main() -> None:
    """Entry point: typer's usage errors exit 2; our own errors exit 1."""
    try:
        app()
    except ShinchokuError as exc:  # raised with --debug
        if State.debug:
            raise
        for p in exc.problems:
            err.print(p.describe(), markup=False)
        sys.exit(1)
    finally:
        frozen_for_exit()  # the process exits next: see shinchoku.batch
