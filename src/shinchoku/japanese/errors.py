"""The one error the Japanese parsers raise: text that cannot be read."""

from __future__ import annotations

from dataclasses import replace

from shinchoku.problems import Place, ShinchokuError, Wording
from shinchoku.problems.input import ACCEPTED, KINDS, UNPARSEABLE_VALUE
from shinchoku.problems.reasons import Reason


class ParseError(ShinchokuError):
    """Text that cannot be read as a quantity, an amount of money or a period.

    The parsers know only the text; callers that know where it came from
    (YAML loader, Excel importer) add the file, sheet and cell with :meth:`at`.
    ``why`` is the reason in both languages; ``reason`` its English text.
    """

    def __init__(
        self,
        text: str,
        why: Reason,
        *,
        place: Place | None = None,
        kind: str | None = None,
    ) -> None:
        self.text = text
        self.why = why
        self.reason = reason = str(why)
        # What would have been accepted is said only for a kind the parsers name: a
        # caller raising for its own field (a status, a length) says it in ``reason``.
        self._kind = kind
        self.kind = kind or "a quantity"
        accepted = ACCEPTED.get(kind) if kind else None
        super().__init__(
            UNPARSEABLE_VALUE(
                place if place is not None else Place(),
                f"cannot read {text!r} as {self.kind}: {reason}",
                found=text,
                expected=accepted.en if accepted else None,
                kind=KINDS.get(self.kind, Wording("値", self.kind)),
                reason=why.wording,
                # the sentence after the message: what would have been read
                accepted=Wording(accepted.ja, f"; accepted: {accepted.en}")
                if accepted
                else Wording("", ""),
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
        return ParseError(self.text, self.why, place=merged, kind=self._kind)

    def __reduce__(self) -> tuple[object, ...]:
        # Exceptions pickle through ``args``; ours has keyword-only state.
        return (_rebuild, (self.text, self.why, self.place, self._kind))


def _rebuild(text: str, why: Reason, place: Place, kind: str | None) -> ParseError:
    return ParseError(text, why, place=place, kind=kind)
