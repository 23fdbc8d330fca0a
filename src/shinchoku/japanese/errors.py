"""The one error the Japanese parsers raise: text that cannot be read."""

from __future__ import annotations

from dataclasses import replace

from shinchoku.problems import Place, Problem, Severity, ShinchokuError

CODE = "unparseable-value"

# What each kind of text accepts, said in every error so that nobody has to guess.
ACCEPTED: dict[str, str] = {
    "a quantity": "a number with an optional unit: 1,234件, 約5万人, 96.7%, △12",
    "a figure": (
        "a number with an optional unit and period: 1,234件, 245 万人, 88.1%(R3), "
        "or labelled values 小 88% 中 91%, or a change 41.2%→55.0%"
    ),
    "a period": (
        "a fiscal year (R5年度, 令和元年度, 2023年度, FY2023) or a month (R2.12, 2024年3月)"
    ),
    "an amount of money": "an amount with a unit of money: 2,022,951千円, 1.5億円, 決算額：300千円",
}


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
        kind: str | None = None,
    ) -> None:
        self.text = text
        self.reason = reason
        # What would have been accepted is said only for a kind the parsers name: a
        # caller raising for its own field (a status, a length) says it in ``reason``.
        self._kind = kind
        self.kind = kind or "a quantity"
        super().__init__(
            Problem(
                code=CODE,
                severity=Severity.ERROR,
                message=f"cannot read {text!r} as {self.kind}: {reason}",
                place=place if place is not None else Place(),
                found=text,
                expected=ACCEPTED.get(kind) if kind else None,
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
        return ParseError(self.text, self.reason, place=merged, kind=self._kind)

    def __reduce__(self) -> tuple[object, ...]:
        # Exceptions pickle through ``args``; ours has keyword-only state.
        return (_rebuild, (self.text, self.reason, self.place, self._kind))


def _rebuild(text: str, reason: str, place: Place, kind: str | None) -> ParseError:
    return ParseError(text, reason, place=place, kind=kind)
