"""The collector policy of a one-shot build: paused while the plan is read, then on for
what rendering makes, with everything older frozen; each state restored afterwards."""

from __future__ import annotations

import gc
import weakref

from shinchoku.batch import collector_on_new_objects, collector_paused


class _Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only the collector frees it


def _cycle_freed() -> list[bool]:
    freed: list[bool] = []
    node = _Node()
    weakref.finalize(node, freed.append, True)
    del node
    made: list[list[int]] = [
        [] for _ in range(5_000)
    ]  # allocations: the collector runs if it is on
    del made
    return freed


def test_paused_then_on_for_new_objects() -> None:
    was_enabled, frozen = gc.isenabled(), gc.get_freeze_count()
    with collector_paused():
        assert not gc.isenabled()
        assert not _cycle_freed()
        kept = [object() for _ in range(10)]  # made before: frozen, never walked inside
        with collector_on_new_objects():
            assert gc.isenabled()
            assert gc.get_freeze_count() > frozen
            assert _cycle_freed() == [True]
        assert not gc.isenabled()
        assert gc.get_freeze_count() == frozen
        del kept
    assert gc.isenabled() == was_enabled
    assert gc.get_freeze_count() == frozen
