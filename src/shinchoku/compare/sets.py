"""Storing an indicator set: a new set, or a new version of a stored one.

The national administrator adds sets from YAML files (``shinchoku indicators add``, the
staff page ``/staff/indicators``); 照会 stores the set its forms ask about. All go
through :func:`store_set`: the organisations synced (a set's owner is one), the set
saved by the store's one rule (:func:`~shinchoku.compare.store.save_indicator_set`: an
indicator that has figures cannot be dropped), and, when the definition changed, the
set's comparison aggregates computed again (they depend on it), in the caller's
transaction — all of it or nothing.
"""

from __future__ import annotations

from dataclasses import replace
from enum import StrEnum
from pathlib import Path

from sqlalchemy import Connection, select

from shinchoku.compare import aggregates, store
from shinchoku.compare.indicators import IndicatorSet, read_indicator_set
from shinchoku.orgs import Registry
from shinchoku.problems import Problem, ShinchokuError
from shinchoku.store import Database


class SetSaved(StrEnum):
    """What storing a set did."""

    ADDED = "added"  # no set had its id
    CHANGED = "changed"  # a new version of a stored set
    UNCHANGED = "unchanged"  # stored as it was


def store_set(conn: Connection, iset: IndicatorSet, registry: Registry) -> SetSaved:
    """Store ``iset`` in the caller's transaction (see the module's docstring)."""
    store.sync_organisations(conn, registry)
    existed = conn.execute(select(store.SETS.c.id).where(store.SETS.c.id == iset.id)).first()
    if not store.save_indicator_set(conn, iset):
        return SetSaved.UNCHANGED
    aggregates.refresh(conn, iset, registry)  # a new basis: every year's aggregates again
    return SetSaved.ADDED if existed is None else SetSaved.CHANGED


def add_set_file(
    db: Database, path: str | Path, registry: Registry
) -> tuple[IndicatorSet, SetSaved]:
    """Read an indicator set's YAML file and store it, all or nothing. Every problem
    names the file: the reader's with their line and text, the store's refusals (an
    indicator with figures dropped, an unknown owner) with the field."""
    p = Path(path)
    iset = read_indicator_set(p)
    try:
        with db.writing() as conn:
            return iset, store_set(conn, iset, registry)
    except ShinchokuError as exc:
        raise ShinchokuError([_in_file(q, p.name) for q in exc.problems]) from exc


def _in_file(problem: Problem, name: str) -> Problem:
    if problem.place.file is not None:
        return problem
    return replace(problem, place=replace(problem.place, file=name))
