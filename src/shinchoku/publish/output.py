"""Writing output files: parents created, bytes exactly as given."""

from __future__ import annotations

from pathlib import Path


def write_file(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path
