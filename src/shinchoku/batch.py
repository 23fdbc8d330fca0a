"""One-shot batch work (a whole report build) with the cyclic garbage collector paused.

Reading a dataset and building a report allocate millions of short-lived objects that
reference counting frees at once; the few reference cycles among them are small. The
collector, run every few hundred allocations, would instead walk every live object of
the plan and the view again and again: a quarter of the build's CPU time at 1,000 KPIs.
A command that runs once and exits pauses it for the batch, then collects once.
A long-running process (``serve``) never pauses it.
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
