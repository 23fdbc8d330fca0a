"""Value objects that keep the text a person typed beside what it means.

A :class:`Figure` is a number as written (「約5万2千件」「７１．０」「ー」); a
:class:`Point` is an as-of point (「R2.12」「R元年度」). Both parse their text on
validation and serialise back to the same text, so a dataset round-trips
losslessly.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, GetJsonSchemaHandler, model_serializer, model_validator
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from shinchoku.japanese import (
    ParseError,
    is_none_marker,
    parse_money,
    parse_period,
    parse_quantity,
)


class ScalarOr:
    """JSON Schema: a record that may also be written as a plain string or number."""

    scalar_json_types: ClassVar[tuple[str, ...]] = ("string", "number")

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        full = handler(core_schema)
        return {"anyOf": [*({"type": t} for t in cls.scalar_json_types), full]}


def _scalar_text(data: Any) -> Any:
    """YAML scalars (str, int, float) become ``{"text": ...}``."""
    if isinstance(data, bool):
        return data
    if isinstance(data, int | float | Decimal):
        return {"text": str(data)}
    if isinstance(data, str):
        return {"text": data}
    return data


class FigurePart(BaseModel):
    """One labelled value of a cell that holds several (a disaggregated KPI).

    「62.3%(男) 70.1%(女)」 has two parts, labelled 男 and 女; 「小 88% 中 91%」 too.
    The label names a value of one of the KPI's breakdown dimensions.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    label: str
    value: Decimal
    unit: str | None = None
    approximate: bool = False


class Figure(ScalarOr, BaseModel):
    """A number as the source wrote it.

    ``value`` is ``None`` for the markers of none (「ー」, blank). When the text
    cannot be read as one number (「会議等394回実施（約523千ページ削減）」) the
    dataset gives ``value`` (and ``unit``) explicitly and the text is kept.
    A cell holding several labelled values keeps them in ``parts`` (``value`` is then
    ``None`` unless one part is the total); a period printed in brackets after the
    value (「88.1%(平成28年度)」) is ``as_of``.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    text: str
    value: Decimal | None = None
    unit: str | None = None
    approximate: bool = False
    parts: tuple[FigurePart, ...] = ()
    as_of: Point | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_scalar(cls, data: Any) -> Any:
        return _scalar_text(data)

    @model_validator(mode="after")
    def _parse(self) -> Figure:
        if self.value is not None or is_none_marker(self.text):
            return self
        try:
            q = parse_quantity(self.text)
        except ParseError as exc:
            raise ValueError(f"unparseable-value: {exc.reason}; text {self.text!r}") from exc
        object.__setattr__(self, "value", q.value)
        object.__setattr__(self, "unit", q.unit)
        object.__setattr__(self, "approximate", q.approximate)
        return self

    @property
    def is_none(self) -> bool:
        return self.value is None

    def _parsed_from_text(self) -> bool:
        if is_none_marker(self.text):
            return self.value is None
        try:
            q = parse_quantity(self.text)
        except ParseError:
            return False
        return (q.value, q.unit, q.approximate) == (self.value, self.unit, self.approximate)

    @model_serializer(mode="plain")
    def _serialise(self) -> Any:
        if self._parsed_from_text():
            return self.text
        out: dict[str, Any] = {"text": self.text, "value": _decimal_out(self.value)}
        if self.unit is not None:
            out["unit"] = self.unit
        if self.approximate:
            out["approximate"] = True
        return out

    @classmethod
    def of(cls, text: str) -> Figure:
        """The figure a text gives (shared: figures are immutable)."""
        return _figure_of(text)


class Money(ScalarOr, BaseModel):
    """An amount of money as written (「2,022,951千円」), kept in exact yen."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    text: str
    yen: int = 0

    @model_validator(mode="before")
    @classmethod
    def _from_scalar(cls, data: Any) -> Any:
        data = _scalar_text(data)
        if isinstance(data, dict) and "yen" not in data and "text" in data:
            try:
                return {**data, "yen": parse_money(str(data["text"]))}
            except ParseError as exc:
                raise ValueError(f"unparseable-value: {exc.reason}; text {data['text']!r}") from exc
        return data

    @model_serializer(mode="plain")
    def _serialise(self) -> Any:
        try:
            if parse_money(self.text) == self.yen:
                return self.text
        except ParseError:
            pass
        return {"text": self.text, "yen": self.yen}


class Point(ScalarOr, BaseModel):
    """An as-of point: a fiscal year (「R元年度」) or a month (「R2.12」)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    text: str
    fiscal_year: int = 0
    month: int | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_scalar(cls, data: Any) -> Any:
        data = _scalar_text(data)
        if isinstance(data, dict) and "fiscal_year" not in data and "text" in data:
            try:
                p = parse_period(str(data["text"]))
            except ParseError as exc:
                raise ValueError(f"unparseable-value: {exc.reason}; text {data['text']!r}") from exc
            return {**data, "fiscal_year": p.fiscal_year, "month": p.month}
        return data

    @model_serializer(mode="plain")
    def _serialise(self) -> Any:
        try:
            p = parse_period(self.text)
            if (p.fiscal_year, p.month) == (self.fiscal_year, self.month):
                return self.text
        except ParseError:
            pass
        out: dict[str, Any] = {"text": self.text, "fiscal_year": self.fiscal_year}
        if self.month is not None:
            out["month"] = self.month
        return out


Figure.model_rebuild()


@lru_cache(maxsize=16384)
def _figure_of(text: str) -> Figure:
    return Figure.model_validate({"text": text})


def _decimal_out(value: Decimal | None) -> int | float | str | None:
    """Decimals go to YAML as strings so that no digit is lost."""
    if value is None:
        return None
    return str(value)
