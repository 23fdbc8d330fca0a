"""One-shot batch work (a whole report build) with the cyclic garbage collector paused.

Reading a dataset and building a report allocate millions of short-lived objects that
reference counting frees at once; the few reference cycles among them are small. The
collector, run every few hundred allocations, would instead walk every live object of
the plan and the view again and again: a quarter of the build's CPU time at 1,000 KPIs.
A command that runs once and exits pauses it while it imports its modules and reads the
plan (``shinchoku.__main__`` does so for the command line's own modules); once the plan is
built, :func:`collector_on_new_objects` freezes it (the collector never walks it
again) and lets the collector free the cycles that rendering leaves behind (each page's
Jinja macro module imported "with context" is one: 13 MiB at 1,000 KPIs), walking only
what was made since. A long-running process (``serve``) never pauses it.

When the command line's process is about to exit, :func:`frozen_for_exit` spares the
interpreter's last collections the walk over every object still alive.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause cyclic garbage collection inside; restore the previous state after."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextmanager
def collector_on_new_objects() -> Iterator[None]:
    """The collector on inside, for the objects made inside only.

    Everything alive on entry is moved to the permanent generation (never walked) and
    back to the oldest generation on exit; the previous state of the collector is then
    restored.
    """
    was_enabled = gc.isenabled()
    gc.freeze()
    gc.enable()
    try:
        yield
    finally:
        if not was_enabled:
            gc.disable()
        gc.unfreeze()


def frozen_for_exit() -> None:
    """Move every object still alive into the collector's permanent generation.

    Only for a process that exits next (the command line's ``main``). At exit the
    interpreter collects several times while it tears the modules down, walking every
    object the imports made (pydantic's schemas, the classes, the templates) again each
    time: 0.09 CPU-s of every command, whatever it did. Frozen objects are not walked;
    the memory goes back to the system with the process. Cycles that are still
    unreachable garbage at this point are left to the exit as well, as Python allows.
    """
    gc.freeze()
