"""Municipal boundaries shipped with the package: one SVG path per 市区町村, drawn in
its prefecture's frame, for the comparison's map of a prefecture's municipalities.

``data/shapes.json`` is built by ``scripts/build-municipal-shapes``
(:mod:`shinchoku.orgs.shapes_source`); its ``source`` field names where the boundaries
come from, their licence and date. A 政令指定都市 is one shape (its wards are not drawn):
the comparison counts the 市区町村, and a survey answers for the city.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

DATA = "shapes.json"

# Municipalities of the shipped list that have no shape, with the reason: a test checks
# that every other municipality of every prefecture has one. Empty while the source
# covers the whole list; a municipality created after the source's date goes here until
# the shapes are rebuilt.
NO_SHAPE: dict[str, str] = {}


@dataclass(frozen=True, slots=True)
class Frame:
    """A prefecture's map frame: its size in units and its insets (x, y, width, height)
    — remote islands moved beside the main land, framed on the map."""

    width: int
    height: int
    insets: tuple[tuple[int, int, int, int], ...]


@dataclass(frozen=True)
class Shapes:
    source: tuple[str, ...]
    frames: dict[str, Frame]  # by the prefecture's 団体コード
    paths: dict[str, str]  # by the municipality's 団体コード

    def frame(self, prefecture: str) -> Frame | None:
        return self.frames.get(prefecture)

    def path(self, code: str) -> str | None:
        return self.paths.get(code)


def read_shapes(doc: dict[str, Any]) -> Shapes:
    """Shapes from the shipped document's data."""
    frames = {
        code: Frame(
            int(f["width"]),
            int(f["height"]),
            tuple((int(x), int(y), int(w), int(h)) for x, y, w, h in f["insets"]),
        )
        for code, f in doc["prefectures"].items()
    }
    return Shapes(tuple(doc["source"]), frames, dict(doc["shapes"]))


@cache
def shapes() -> Shapes:
    """The shipped boundaries (``shinchoku/orgs/data/shapes.json``)."""
    text = resources.files("shinchoku.orgs").joinpath("data", DATA).read_text(encoding="utf-8")
    return read_shapes(json.loads(text))
