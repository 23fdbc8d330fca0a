"""One generic routine that brings a table's rows in line with the desired rows.

Rows are matched by primary key (the natural key: plan id + dataset ids or years). Only
what differs is written: new keys are inserted, rows whose content differs are updated
(bumping ``revision`` and touching ``updated_at`` where the table has them) and stored
keys no longer desired are deleted. Saving the same rows twice writes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, Connection, Table, and_, delete, insert, select, update

from shinchoku.problems import Place
from shinchoku.problems.store import DUPLICATE_KEY
from shinchoku.store.rows import MANAGED_COLUMNS, Row

Key = tuple[Any, ...]


@dataclass(slots=True)
class Changes:
    """What has to be written to one table."""

    table: Table
    inserts: list[Row] = field(default_factory=list)
    updates: list[tuple[Key, Row]] = field(default_factory=list)  # key, changed columns
    deletes: list[Key] = field(default_factory=list)


def _same(stored: Any, desired: Any) -> bool:
    # Decimal('71') == Decimal('71.0'), but the text of a figure's value must survive.
    if isinstance(stored, Decimal) or isinstance(desired, Decimal):
        return (
            isinstance(stored, Decimal)
            and isinstance(desired, Decimal)
            and str(stored) == str(desired)
        )
    return bool(stored == desired)


def key_columns(table: Table) -> list[str]:
    return [c.name for c in table.primary_key.columns]


def stored_rows(conn: Connection, table: Table, column: str, value: Any) -> list[Row]:
    """Every row of ``table`` whose ``column`` equals ``value`` (one plan's rows)."""
    result = conn.execute(select(table).where(table.c[column] == value))
    return [dict(r) for r in result.mappings()]


def diff(table: Table, stored: Iterable[Mapping[str, Any]], desired: Iterable[Row]) -> Changes:
    keys = key_columns(table)
    have = {tuple(r[k] for k in keys): r for r in stored}
    changes = Changes(table)
    seen: set[Key] = set()
    for row in desired:
        key = tuple(row[k] for k in keys)
        if key in seen:
            raise DUPLICATE_KEY.error(
                Place(path=table.name),
                found=str(dict(zip(keys, key, strict=True))),
                table=table.name,
            )
        seen.add(key)
        old = have.get(key)
        if old is None:
            changes.inserts.append(row)
            continue
        changed = {
            c: v
            for c, v in row.items()
            if c not in keys and c not in MANAGED_COLUMNS and not _same(old[c], v)
        }
        if changed:
            changes.updates.append((key, changed))
    # In a tree (areas) the deepest rows go first, so no child outlives its parent.
    gone = [k for k in have if k not in seen]
    changes.deletes = sorted(gone, key=lambda k: -int(have[k].get("depth") or 0))
    return changes


def _where(table: Table, key: Key) -> ColumnElement[bool]:
    return and_(*(table.c[k] == v for k, v in zip(key_columns(table), key, strict=True)))


def write(conn: Connection, changes: Changes, now: datetime) -> None:
    """Apply the inserts and updates (parents must be written before children)."""
    table = changes.table
    if changes.inserts:
        extra: Row = {}
        if "revision" in table.c:
            extra["revision"] = 1
        if "updated_at" in table.c:
            extra["updated_at"] = now
        conn.execute(insert(table), [{**r, **extra} for r in changes.inserts])
    for key, values in changes.updates:
        stamp: dict[str, Any] = dict(values)
        if "revision" in table.c:
            stamp["revision"] = table.c.revision + 1
        if "updated_at" in table.c:
            stamp["updated_at"] = now
        conn.execute(update(table).where(_where(table, key)).values(stamp))


def remove(conn: Connection, changes: Changes) -> None:
    """Apply the deletes (children must be removed before parents)."""
    for key in changes.deletes:
        conn.execute(delete(changes.table).where(_where(changes.table, key)))
