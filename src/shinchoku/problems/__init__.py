"""Problems as data: input errors and audit findings share one shape.

A :class:`Problem` has a stable kebab-case ``code``, a :class:`Severity`, a
human message, the exact :class:`Place` it concerns and, where a comparison
was made, the value found and the value expected. Checks yield problems; a
:class:`Report` collects them. :class:`ShinchokuError` is the one exception
for "cannot continue" and always carries at least one problem.

A :class:`ProblemType` may carry its message as a :class:`Wording`: a Japanese and an
English template formatted from the problem's ``params`` (and its place), so every
renderer words the problem in the reader's language (:mod:`shinchoku.wording`).

Every code is one :class:`ProblemType`, registered in :data:`CATALOGUE` when it is made:
one lookup by code (:func:`problem_type`), with its severity, its HTTP status, its titles
and message in both languages. :func:`catalogue` imports every module that defines codes
(the audit's findings, 照会, organisations and comparisons, and the input, store and web
codes in this package) and returns them all; ``docs/findings.md`` is generated from it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import Any, Union


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


@dataclass(frozen=True, slots=True)
class Place:
    """Where a problem is: a file position, a model position, or both."""

    file: str | None = None
    sheet: str | None = None
    cell: str | None = None
    path: str | None = None  # position inside a document, e.g. "kpis[3].targets[0]"
    line: int | None = None
    area: str | None = None
    measure: str | None = None
    kpi: str | None = None
    year: int | None = None
    field: str | None = None

    def describe(self) -> str:
        parts: list[str] = []
        if self.file:
            parts.append(self.file if self.line is None else f"{self.file}:{self.line}")
        if self.sheet:
            parts.append(f"sheet {self.sheet!r}")
        if self.cell:
            parts.append(f"cell {self.cell}")
        if self.path:
            parts.append(self.path)
        for label, value in (
            ("area", self.area),
            ("measure", self.measure),
            ("kpi", self.kpi),
            ("FY", self.year),
            ("field", self.field),
        ):
            if value is not None:
                parts.append(f"{label} {value}")
        return ", ".join(parts) if parts else "(plan)"

    def to_dict(self) -> dict[str, Any]:
        # Fields are flat scalars: no need for asdict's recursive deep copy.
        return {k: v for k in _PLACE_FIELDS if (v := getattr(self, k)) is not None}


_PLACE_FIELDS = tuple(f.name for f in fields(Place))


@dataclass(frozen=True, slots=True)
class Wording:
    """One text in Japanese and in English; a template when it has ``{name}`` fields."""

    ja: str
    en: str

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.ja


@dataclass(frozen=True, slots=True)
class Printed:
    """A figure as a person typed it: Japanese quotes the text, English shows the value
    read from it (``value`` as a plain decimal, ``unit`` as written)."""

    text: str
    value: str | None = None
    unit: str | None = None


@dataclass(frozen=True, slots=True)
class FiscalYear:
    """A fiscal year (the Western year it starts in): 「R5年度」 / "FY2023"."""

    year: int


# A template argument: neutral text (ids, numbers) or a value worded per language.
Arg = Union[str, int, Wording, Printed, FiscalYear]  # noqa: UP007 (a runtime alias)


_ARG_TYPES = (str, int, Wording, Printed, FiscalYear)


def arg_value(arg: Arg) -> str | int:
    """The argument as JSON data: the text typed, the year, the Japanese word."""
    if isinstance(arg, Wording):
        return arg.ja
    if isinstance(arg, Printed):
        return arg.text
    if isinstance(arg, FiscalYear):
        return arg.year
    return arg


# While set (the test suite sets it), every problem made is checked against the
# catalogue and its code recorded: an uncatalogued code fails where it is emitted.
_emitted: set[str] | None = None


def record_emitted(sink: set[str] | None) -> None:
    """Check and record every problem's code into ``sink`` from now on (``None``: stop)."""
    global _emitted
    _emitted = sink


class UncataloguedCode(Exception):
    """A problem was made with a code the catalogue lacks, or with params its type's
    template cannot be worded from."""


def _check(p: Problem) -> None:
    kind = CATALOGUE.get(p.code)
    if kind is None:
        raise UncataloguedCode(f"problem code {p.code!r} is not in the catalogue")
    if kind.message is not None:
        from shinchoku.wording import format_message

        for lang in ("ja", "en"):
            try:
                format_message(kind.message, p.args, p.place, lang)
            except (KeyError, IndexError, ValueError) as exc:
                raise UncataloguedCode(f"{p.code}: the {lang} template lacks {exc}") from exc


@dataclass(frozen=True, slots=True)
class Problem:
    code: str
    severity: Severity
    message: str
    place: Place = field(default_factory=Place)
    found: str | None = None
    expected: str | None = None
    params: tuple[tuple[str, Arg], ...] = ()  # the template's arguments, in order
    kind: ProblemType | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        if _emitted is not None:
            _check(self)
            _emitted.add(self.code)

    @property
    def args(self) -> dict[str, Arg]:
        return dict(self.params)

    def describe(self) -> str:
        text = f"{self.severity.value}: [{self.code}] {self.place.describe()}: {self.message}"
        said = [
            f"{label} {value!r}"
            for label, value in (("found", self.found), ("expected", self.expected))
            if value is not None
        ]
        if said:
            text += f" ({'; '.join(said)})"
        return text

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "place": self.place.to_dict(),
        }
        if self.found is not None:
            data["found"] = self.found
        if self.expected is not None:
            data["expected"] = self.expected
        if self.params:
            data["params"] = {k: arg_value(v) for k, v in self.params}
        return data

    def sort_key(self) -> tuple[Any, ...]:
        p = self.place
        return (
            self.severity.rank,
            self.code,
            p.file or "",
            p.sheet or "",
            p.cell or "",
            p.path or "",
            p.area or "",
            p.measure or "",
            p.kpi or "",
            p.year or 0,
            p.field or "",
            self.message,
        )


@dataclass(slots=True)
class Report:
    """An ordered collection of problems with text and JSON renderings."""

    problems: list[Problem] = field(default_factory=list)

    def extend(self, problems: Iterable[Problem]) -> None:
        self.problems.extend(problems)

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.sorted())

    def __len__(self) -> int:
        return len(self.problems)

    def sorted(self) -> list[Problem]:
        return sorted(self.problems, key=Problem.sort_key)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.sorted() if p.severity is Severity.ERROR]

    @property
    def has_errors(self) -> bool:
        return any(p.severity is Severity.ERROR for p in self.problems)

    def codes(self) -> list[str]:
        return [p.code for p in self.sorted()]

    def counts(self) -> dict[str, int]:
        out = {s.value: 0 for s in Severity}
        for p in self.problems:
            out[p.severity.value] += 1
        return out

    def to_text(self) -> str:
        lines = [p.describe() for p in self.sorted()]
        c = self.counts()
        lines.append(f"{c['error']} errors, {c['warning']} warnings, {c['info']} notes")
        return "\n".join(lines)

    def to_json(self) -> str:
        return json.dumps(
            {"counts": self.counts(), "problems": [p.to_dict() for p in self.sorted()]},
            ensure_ascii=False,
            indent=2,
            sort_keys=True,
        )


@dataclass(frozen=True, slots=True)
class ProblemType:
    """One entry of a catalogue of codes; calling it makes a :class:`Problem`.

    ``title`` and ``description`` are English; ``title_ja`` and ``message`` (a
    :class:`Wording` template) let every renderer word the problem in Japanese too.
    ``status`` is the HTTP status the web answers when the problem stops a request.
    Making one registers it in :data:`CATALOGUE`; a second type with the same code is
    an error.
    """

    code: str
    severity: Severity
    title: str
    description: str = ""
    title_ja: str = ""
    message: Wording | None = None
    status: int = 400

    def __post_init__(self) -> None:
        known = CATALOGUE.setdefault(self.code, self)
        if known is not self and known != self:
            raise ValueError(f"problem code {self.code!r} is defined twice")

    def __call__(
        self,
        place: Place,
        message: str | None = None,
        found: object = None,
        expected: object = None,
        severity: Severity | None = None,
        **params: Arg,
    ) -> Problem:
        """A problem at ``place``. With a template, ``message`` may be left out: the
        English text is formatted from ``found``, ``expected`` and ``params``."""
        args: dict[str, Arg] = dict(params)
        for key, value in (("found", found), ("expected", expected)):
            if value is not None:
                args[key] = value if isinstance(value, _ARG_TYPES) else str(value)
        if message is None:
            if self.message is None:
                raise ValueError(f"{self.code}: a message is needed (the code has no template)")
            from shinchoku.wording import format_message

            message = format_message(self.message, args, place, "en")
        return Problem(
            code=self.code,
            severity=severity or self.severity,
            message=message,
            place=place,
            found=None if found is None else str(arg_value(args["found"])),
            expected=None if expected is None else str(arg_value(args["expected"])),
            params=tuple(args.items()),
            kind=self,
        )

    def error(
        self,
        place: Place | None = None,
        message: str | None = None,
        found: object = None,
        expected: object = None,
        **params: Arg,
    ) -> ShinchokuError:
        """The one way to refuse: a :class:`ShinchokuError` carrying this problem."""
        return ShinchokuError(self(place or Place(), message, found, expected, None, **params))

    def wording_title(self, lang: str) -> str:
        return self.title_ja if lang == "ja" and self.title_ja else self.title


CATALOGUE: dict[str, ProblemType] = {}

# The modules whose import registers codes; the core's own dependency order keeps them
# out of this module's imports.
_CATALOGUE_MODULES = (
    "shinchoku.problems.input",
    "shinchoku.problems.store",
    "shinchoku.problems.web",
    "shinchoku.audit.catalogue",
    "shinchoku.inquiry.codes",
    "shinchoku.orgs.problems",
    "shinchoku.compare.problems",
)


def catalogue() -> dict[str, ProblemType]:
    """Every problem code the program can emit, sorted by code."""
    import importlib

    for name in _CATALOGUE_MODULES:
        importlib.import_module(name)
    return dict(sorted(CATALOGUE.items()))


def problem_type(code: str) -> ProblemType:
    """The catalogue's type for ``code``; KeyError when there is none."""
    return catalogue()[code] if code not in CATALOGUE else CATALOGUE[code]


Loc = tuple[int | str, ...]  # a location inside a validated record (pydantic's)


class InvalidValue(ValueError):
    """A model validator's refusal carrying its problems, each with the location inside
    the validated record where it is written. Pydantic wraps it in its ValidationError;
    the dataset reader unwraps it and places each problem at its file, line and path."""

    def __init__(self, problems: Iterable[tuple[Loc, Problem]]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(p.message for _, p in self.problems))


class ShinchokuError(Exception):
    """Cannot continue. Carries the problem(s) that stopped the work."""

    def __init__(self, problems: Problem | Iterable[Problem]):
        self.problems: list[Problem] = (
            [problems] if isinstance(problems, Problem) else list(problems)
        )
        if not self.problems:
            raise ValueError("ShinchokuError needs at least one problem")
        super().__init__("\n".join(p.describe() for p in self.problems))

    @property
    def problem(self) -> Problem:
        return self.problems[0]
