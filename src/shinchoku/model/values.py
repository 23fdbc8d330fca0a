"""Value objects that keep the text a person typed beside what it means.

A :class:`Figure` is a number as written (「約5万2千件」「７１．０」「ー」); a
:class:`Point` is an as-of point (「R2.12」「R元年度」). Both parse their text on
validation and serialise back to the same text, so a dataset round-trips
losslessly.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal
from functools import lru_cache
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    PrivateAttr,
    model_serializer,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from shinchoku.japanese import (
    ParsedPeriod,
    ParseError,
    is_none_marker,
    parse_point,
    read_money,
)
from shinchoku.japanese.eras import MAX_FISCAL_YEAR, MIN_FISCAL_YEAR
from shinchoku.japanese.figure import FigureReading, name_matters, read_figure
from shinchoku.model.types import Int
from shinchoku.problems import InvalidValue

# 「1.0%未満」: the figure is below (lt), at most (le), above (gt) or at least (ge) its value.
Bound = Literal["lt", "le", "gt", "ge"]

# A fiscal year the parsers read and the report can write (昭和元年度 to 令和99年度):
# a year outside would load and then break every page that prints it.
FiscalYear = Annotated[Int, Field(ge=MIN_FISCAL_YEAR, le=MAX_FISCAL_YEAR)]  # never yes/no


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
    """A number as the source wrote it, read by :func:`~shinchoku.japanese.read_figure`.

    ``value`` is ``None`` for the markers of none (「ー」, blank). When the text
    cannot be read as one number (「会議等394回実施（約523千ページ削減）」) the
    dataset gives ``value`` (and ``unit``) explicitly and the text is kept.
    A cell holding several labelled values keeps them in ``parts`` (``value`` is then
    ``None`` unless one part is the total, 計/合計/全体/総数); a period printed in
    brackets after the value (「88.1%(平成28年度)」) is ``as_of``; the "from" of a
    from→to cell (「2,300万件→3,100万件」) is ``start`` and ``value`` is the "to"; a bound
    printed after the value (「1.0%未満」) is ``bound`` (the figure is only known to be
    below, at most, above or at least ``value``); a period printed before the value with
    まで(に) (「14年度までに100万人」) is ``as_of`` with ``deadline`` set.

    The unit its KPI declares is accepted after the number (「14団体等」): a KPI
    validates its figures inside :func:`declared_unit`.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    text: str
    value: Decimal | None = None
    unit: str | None = None
    approximate: bool = False
    parts: tuple[FigurePart, ...] = ()
    as_of: Point | None = None
    start: Figure | None = None
    bound: Bound | None = None
    deadline: bool = False  # 「14年度までに100万人」: ``as_of`` is the year to reach it by

    # The KPI unit the text was read with, so that it is written back as read.
    _declared: str | None = PrivateAttr(None)
    # The KPI name and the plan's short-year rule it was read with (see read_figure).
    _name: str | None = PrivateAttr(None)
    _short: str | None = PrivateAttr(None)

    @model_validator(mode="before")
    @classmethod
    def _from_scalar(cls, data: Any) -> Any:
        return _scalar_text(data)

    @model_validator(mode="after")
    def _parse(self) -> Figure:
        private = self.__pydantic_private__  # set directly: pydantic's __setattr__ is slow
        assert private is not None
        private["_declared"] = declared = _DECLARED_UNIT.get()
        private["_name"] = _KPI_NAME.get()
        private["_short"] = _SHORT_YEARS.get()
        if is_none_marker(self.text):
            return self
        explicit = self.value is not None or bool(self.parts)
        try:
            derived = _derived(self.text, declared)
        except ParseError as exc:
            if explicit:
                return self  # the dataset says what the text means
            raise InvalidValue([((), exc.problem)]) from exc
        if explicit and any(derived[k] != getattr(self, k) for k in _NUMBER_FIELDS):
            return self
        given = self.model_fields_set
        for name, value in derived.items():
            if name not in given or getattr(self, name) in (None, ()):
                object.__setattr__(self, name, value)
        return self

    def __eq__(self, other: object) -> bool:
        # What the figure says, not which KPI unit it was read with.
        if not isinstance(other, Figure):
            return NotImplemented
        return all(getattr(self, k) == getattr(other, k) for k in _ALL_FIELDS)

    def __hash__(self) -> int:
        return hash(tuple(getattr(self, k) for k in _ALL_FIELDS))

    @property
    def is_none(self) -> bool:
        return self.value is None

    def _parsed_from_text(self) -> bool:
        if is_none_marker(self.text):
            return self.value is None and not self.parts
        try:
            with declared_unit(self._declared, self._name), short_years(self._short):
                derived = _derived(self.text, self._declared)
        except ParseError:
            return False
        return all(derived[k] == getattr(self, k) for k in derived)

    @model_serializer(mode="plain")
    def _serialise(self) -> Any:
        if self._parsed_from_text():
            return self.text
        out: dict[str, Any] = {"text": self.text, "value": _decimal_out(self.value)}
        if self.unit is not None:
            out["unit"] = self.unit
        if self.approximate:
            out["approximate"] = True
        if self.parts:
            out["parts"] = [p.model_dump(mode="json", exclude_defaults=True) for p in self.parts]
        if self.as_of is not None:
            out["as_of"] = self.as_of.model_dump(mode="json")
        if self.start is not None:
            out["start"] = self.start.model_dump(mode="json")
        if self.bound is not None:
            out["bound"] = self.bound
        if self.deadline:
            out["deadline"] = True
        return out

    @classmethod
    def of(cls, text: str) -> Figure:
        """The figure a text gives, read with the unit of the KPI being validated (if any).

        Shared: figures are immutable.
        """
        return _figure_of(text, _DECLARED_UNIT.get())

    @classmethod
    def read(cls, text: str, unit: str | None) -> Figure:
        """The figure a text gives for a KPI whose unit is ``unit``.

        Raises :class:`~shinchoku.japanese.ParseError` (not a validation error) for
        text that cannot be read, so that each channel can place it in its file, cell
        or form field.
        """
        if not is_none_marker(text):
            _derived(text, unit)  # raises ParseError
        return _figure_of(text, unit)


_NUMBER_FIELDS = ("value", "unit", "approximate")
_ALL_FIELDS = ("text", *_NUMBER_FIELDS, "parts", "as_of", "start", "bound", "deadline")
_DECLARED_UNIT: ContextVar[str | None] = ContextVar("shinchoku_declared_unit", default=None)


_KPI_NAME: ContextVar[str | None] = ContextVar("shinchoku_kpi_name", default=None)


@contextmanager
def declared_unit(unit: str | None, name: object = None) -> Iterator[None]:
    """Figures validated inside read ``unit`` as their KPI's unit (「14団体等」), and
    accept a label before the number that is part of the KPI's ``name``
    (「外国人宿泊者100万人」)."""
    token = _DECLARED_UNIT.set(unit if isinstance(unit, str) and unit.strip() else None)
    name_token = _KPI_NAME.set(name if isinstance(name, str) and name.strip() else None)
    try:
        yield
    finally:
        _KPI_NAME.reset(name_token)
        _DECLARED_UNIT.reset(token)


def current_declared_unit() -> str | None:
    return _DECLARED_UNIT.get()


_SHORT_YEARS: ContextVar[str | None] = ContextVar("shinchoku_short_years", default=None)


@contextmanager
def short_years(rule: object) -> Iterator[None]:
    """While a plan is validated: its ``settings.era_of_short_years`` (「(18年度)」)."""
    token = _SHORT_YEARS.set(rule if isinstance(rule, str) and rule.strip() else None)
    try:
        yield
    finally:
        _SHORT_YEARS.reset(token)


def current_short_years() -> str | None:
    """The short-year rule of the plan being validated or read (see :func:`short_years`)."""
    return _SHORT_YEARS.get()


@contextmanager
def reading_for(unit: str | None, name: object = None, rule: object = None) -> Iterator[None]:
    """Figures and points read inside are read as the dataset reads them for one KPI of a
    plan: with its unit and name (:func:`declared_unit`) and the plan's short-year rule
    (:func:`short_years`). Every channel (照会 reply, web form, API) reads through it."""
    with declared_unit(unit, name), short_years(rule):
        yield


_KPI_UNITS: ContextVar[dict[str, str | None] | None] = ContextVar(
    "shinchoku_kpi_units", default=None
)


@contextmanager
def kpi_units(units: dict[str, str | None]) -> Iterator[None]:
    """While a plan is validated: the unit of each KPI, for figures that name their KPI."""
    token = _KPI_UNITS.set(units)
    try:
        yield
    finally:
        _KPI_UNITS.reset(token)


def unit_of_kpi(kpi_id: object) -> str | None:
    """The unit of KPI ``kpi_id`` in the plan being validated (``None`` if unknown)."""
    units = _KPI_UNITS.get()
    return units.get(kpi_id) if units is not None and isinstance(kpi_id, str) else None


@lru_cache(maxsize=16384)
def _reading(
    text: str, unit: str | None, short_years: str | None, name: str | None
) -> FigureReading:
    # The same texts (targets, 「ー」) are read many times when a plan is loaded and
    # audited; a reading is immutable. Errors are not cached: they are raised afresh.
    return read_figure(text, unit, short_years, name)


def _derived(text: str, unit: str | None) -> dict[str, Any]:
    """The fields of :class:`Figure` that ``text`` gives; ParseError if it gives none."""
    name = _KPI_NAME.get()
    if not name_matters(text, name):
        name = None  # one reading of 「120」 for every KPI
    return _fields(_reading(text, unit, _SHORT_YEARS.get(), name), unit)


def _fields(r: FigureReading, unit: str | None) -> dict[str, Any]:
    start = None
    if r.start is not None:
        with declared_unit(unit, _KPI_NAME.get()):
            start = Figure.model_validate({"text": r.start.text})
    return {
        "value": r.value,
        "unit": r.unit,
        "approximate": r.approximate,
        "parts": tuple(
            FigurePart(
                label=p.label,
                value=p.quantity.value,
                unit=p.quantity.unit,
                approximate=p.quantity.approximate,
            )
            for p in r.parts
        ),
        "as_of": None if r.as_of is None else _point(r.as_of.text, r.as_of.period),
        "start": start,
        "bound": r.bound,
        "deadline": r.deadline,
    }


def _point(text: str, p: ParsedPeriod) -> Point:
    return Point.model_validate({"text": text, "fiscal_year": p.fiscal_year, "month": p.month})


class Money(ScalarOr, BaseModel):
    """An amount of money as written (「2,022,951千円」), kept in exact yen.

    A label printed before the amount (「決算額：」「(予算額(事業費)…)」) is kept in
    :attr:`labels`; the plan compares it with the record's kind.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    text: str
    yen: Int = 0

    @model_validator(mode="before")
    @classmethod
    def _from_scalar(cls, data: Any) -> Any:
        data = _scalar_text(data)
        if isinstance(data, dict) and "yen" not in data and "text" in data:
            try:
                return {**data, "yen": read_money(str(data["text"])).yen}
            except ParseError as exc:
                raise InvalidValue([((), exc.problem)]) from exc
        return data

    @property
    def labels(self) -> tuple[str, ...]:
        """「予算額(事業費)28,310千円」 → (予算額, 事業費); none when unlabelled or unreadable."""
        try:
            return read_money(self.text).labels
        except ParseError:
            return ()

    @model_serializer(mode="plain")
    def _serialise(self) -> Any:
        try:
            if read_money(self.text).yen == self.yen:
                return self.text
        except ParseError:
            pass
        return {"text": self.text, "yen": self.yen}


class Point(ScalarOr, BaseModel):
    """An as-of point: a fiscal year (「R元年度」) or a month (「R2.12」)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    text: str
    fiscal_year: FiscalYear = 0  # always set from the text when not given
    month: Int | None = None
    _short: str | None = PrivateAttr(None)  # the plan's short-year rule, to write it back

    @model_validator(mode="after")
    def _remember_rule(self) -> Point:
        self._short = _SHORT_YEARS.get()
        return self

    @model_validator(mode="before")
    @classmethod
    def _from_scalar(cls, data: Any) -> Any:
        data = _scalar_text(data)
        if isinstance(data, dict) and "fiscal_year" not in data and "text" in data:
            try:
                p = parse_point(str(data["text"]), _SHORT_YEARS.get())
            except ParseError as exc:
                raise InvalidValue([((), exc.problem)]) from exc
            return {**data, "fiscal_year": p.fiscal_year, "month": p.month}
        return data

    @model_serializer(mode="plain")
    def _serialise(self) -> Any:
        try:
            p = parse_point(self.text, self._short)
            if (p.fiscal_year, p.month) == (self.fiscal_year, self.month):
                return self.text
        except ParseError:
            pass
        out: dict[str, Any] = {"text": self.text, "fiscal_year": self.fiscal_year}
        if self.month is not None:
            out["month"] = self.month
        return out


Figure.model_rebuild()


def _figure_of(text: str, unit: str | None) -> Figure:
    return _figure_with(text, unit, _SHORT_YEARS.get(), _KPI_NAME.get())


@lru_cache(maxsize=16384)
def _figure_with(text: str, unit: str | None, rule: str | None, name: str | None) -> Figure:
    with declared_unit(unit, name), short_years(rule):
        return Figure.model_validate({"text": text})


def _decimal_out(value: Decimal | None) -> int | float | str | None:
    """Decimals go to YAML as strings so that no digit is lost."""
    if value is None:
        return None
    return str(value)
