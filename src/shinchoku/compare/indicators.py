"""Indicator sets: common indicators defined once, read from YAML.

A set is one survey (national, e.g. 総務省「自治体DX推進状況調査」, or a prefecture's own)
and says what each indicator means and how figures across organisations combine:

- ``yes-no``: each organisation answers yes or no; across organisations the figure is
  the 実施率 (share answering yes).
- ``number``: each organisation gives a number; across organisations, its distribution.
- ``ratio``: the ratio of two ``number`` indicators of the set (``numerator`` /
  ``denominator``), per organisation and, across organisations, Σ numerator / Σ denominator.
"""

from __future__ import annotations

import hashlib
import json
from enum import StrEnum
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from shinchoku.dataset.reader import _problems_from_validation, _read_yaml
from shinchoku.dataset.writer import dump_yaml
from shinchoku.model import Point
from shinchoku.model.plan import Direction
from shinchoku.problems import Place, ShinchokuError, Wording
from shinchoku.problems.input import INVALID_VALUE

_ID = r"^[a-z0-9][a-z0-9._-]*$"


class Computation(StrEnum):
    YES_NO = "yes-no"
    NUMBER = "number"
    RATIO = "ratio"


class Scope(StrEnum):
    NATIONAL = "national"
    PREFECTURAL = "prefectural"


class Indicator(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=_ID)
    name: str
    name_en: str | None = None
    definition: str | None = Field(None, description="What is counted, as the survey asks it")
    unit: str | None = None
    direction: Direction = Direction.HIGHER
    computation: Computation = Computation.NUMBER
    numerator: str | None = Field(None, description="ratio: the indicator counted on top")
    denominator: str | None = Field(None, description="ratio: the indicator counted below")
    scale: int = Field(1, description="ratio: multiplied by this (100 for a percentage)")
    source: str | None = Field(None, description="Overrides the set's source survey")

    @model_validator(mode="after")
    def _ratio_parts(self) -> Indicator:
        is_ratio = self.computation is Computation.RATIO
        if is_ratio != (self.numerator is not None and self.denominator is not None):
            raise ValueError("a ratio names its numerator and denominator; nothing else does")
        if self.direction is Direction.KEEP:
            raise ValueError("a common indicator is higher or lower is better")
        return self

    @property
    def is_reported(self) -> bool:
        """Whether organisations report it (a ratio is computed from two that are)."""
        return self.computation is not Computation.RATIO


class IndicatorSet(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=_ID)
    name: str
    name_en: str | None = None
    scope: Scope = Scope.NATIONAL
    owner: str = Field("000000", pattern=r"^[0-9]{6}$", description="団体コード of its author")
    source: str | None = Field(None, description="The survey, e.g. 総務省「自治体DX推進状況調査」")
    as_of: Point | None = Field(None, description="The date its figures describe, e.g. R7.4.1")
    indicators: tuple[Indicator, ...]

    @model_validator(mode="after")
    def _references(self) -> IndicatorSet:
        ids = [i.id for i in self.indicators]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"indicator ids appear twice: {', '.join(dupes)}")
        by_id = {i.id: i for i in self.indicators}
        for i in self.indicators:
            for part in (i.numerator, i.denominator):
                if part is None:
                    continue
                ref = by_id.get(part)
                if ref is None or ref.computation is not Computation.NUMBER:
                    raise ValueError(f"{i.id}: {part!r} is not a number indicator of this set")
        return self

    def get(self, indicator_id: str) -> Indicator | None:
        return next((i for i in self.indicators if i.id == indicator_id), None)

    def canonical(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude_none=True)

    def content_hash(self) -> str:
        text = json.dumps(self.canonical(), ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def to_yaml(self) -> str:
        """The definition as YAML (the canonical form the store keeps, in the dataset's
        block style): what ``shinchoku indicators definition`` prints and the staff page
        downloads; :func:`read_indicator_set` reads it back to the same set."""
        return dump_yaml(self.canonical())


def read_indicator_set(path: str | Path) -> IndicatorSet:
    """Read and validate an indicator set YAML file; every problem names file and line."""
    p = Path(path)
    source = _read_yaml(p, p.name)
    if not isinstance(source.data, dict):
        message = "an indicator set is a mapping with id, name and indicators"
        raise INVALID_VALUE.error(
            Place(file=p.name, line=1),
            message,
            type(source.data).__name__,
            rule=Wording("指標セットは id・name・indicators の組で書いてください。", message),
        )
    try:
        return IndicatorSet.model_validate(source.data)
    except ValidationError as exc:
        raise ShinchokuError(_problems_from_validation(exc, {"plan": (source, ())})) from exc


BUNDLED = Path(__file__).parent / "data"


def bundled_set(name: str = "dx-survey") -> IndicatorSet:
    """An indicator set shipped with shinchoku (``compare/data/<name>.yaml``)."""
    return read_indicator_set(BUNDLED / f"{name}.yaml")
