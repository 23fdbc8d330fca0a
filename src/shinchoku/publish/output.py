"""Writing output files: parents created, bytes exactly as given.

A file that already holds exactly those bytes is left as it is (not rewritten, its
modification time kept), so a build into the folder of the previous one touches only
what changed, and a static host or ``rsync`` uploads only that.
"""

from __future__ import annotations

from pathlib import Path


def write_file(path: Path, data: bytes | str) -> Path:
    if isinstance(data, str):
        data = data.encode("utf-8")
    try:
        unchanged = path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:  # not there yet (or unreadable: written below, which says why)
        unchanged = False
    if not unchanged:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return path
