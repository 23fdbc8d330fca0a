"""Field types shared by the records."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator


def _not_bool(value: Any) -> Any:
    # YAML reads yes/no/on/off/true/false as booleans, and pydantic would take True as 1.
    if isinstance(value, bool):
        raise ValueError(
            f"{str(value).lower()} (a yes/no value) where a number or a year is expected"
        )
    return value


# A whole number (a fiscal year, a count) that a boolean never passes for.
Int = Annotated[int, BeforeValidator(_not_bool)]
