"""The one error the Japanese parsers raise: text that cannot be read."""

from __future__ import annotations

from dataclasses import replace

from shinchoku.problems import Place, Problem, Severity, ShinchokuError

CODE = "unparseable-value"


class ParseError(ShinchokuError):
    """Text that cannot be read as a quantity, an amount of money or a period.

    The parsers know only the text; callers that know where it came from
    (YAML loader, Excel importer) add the file, sheet and cell with :meth:`at`.
    """

    def __init__(
        self,
        text: str,
        reason: str,
        *,
        place: Place | None = None,
        kind: str = "a quantity",
    ) -> None:
        self.text = text
        self.reason = reason
        self.kind = kind
        super().__init__(
            Problem(
                code=CODE,
                severity=Severity.ERROR,
                message=f"cannot read {text!r} as {kind}: {reason}",
                place=place if place is not None else Place(),
                found=text,
            )
        )

    @property
    def place(self) -> Place:
        return self.problem.place

    def at(self, place: Place) -> ParseError:
        """A copy placed at ``place``.

        Fields set in ``place`` override, fields it leaves ``None`` keep what an
        inner caller already set, so an importer can add the cell to a place
        that already names the KPI.
        """
        merged = replace(self.place, **place.to_dict())
        return ParseError(self.text, self.reason, place=merged, kind=self.kind)

    def __reduce__(self) -> tuple[object, ...]:
        # Exceptions pickle through ``args``; ours has keyword-only state.
        return (_rebuild, (self.text, self.reason, self.place, self.kind))


def _rebuild(text: str, reason: str, place: Place, kind: str) -> ParseError:
    return ParseError(text, reason, place=place, kind=kind)
