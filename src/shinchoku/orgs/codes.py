"""The 全国地方公共団体コード: six digits, the last a check digit.

The first two digits are the prefecture (JIS X 0401), the next three the municipality
(JIS X 0402; 000 for the prefecture itself), the sixth a check digit defined by 総務省:
``(11 − (Σ digit_i × weight_i mod 11)) mod 10`` with weights 6, 5, 4, 3, 2 over the
first five digits. Surveys sometimes print the five-digit JIS code; it is accepted and
completed.
"""

from __future__ import annotations

from shinchoku.japanese import normalise
from shinchoku.orgs.problems import ORG_CODE_INVALID
from shinchoku.problems import Place, ShinchokuError

WEIGHTS = (6, 5, 4, 3, 2)
# 国 has no 団体コード; shinchoku gives it this one, which is no local government's
# (its check digit would be 1).
NATION_CODE = "000000"


def check_digit(five: str) -> int:
    """The check digit of a five-digit JIS code (「04100」 → 9)."""
    if len(five) != 5 or not five.isascii() or not five.isdigit():
        raise ValueError(f"expected five digits, got {five!r}")
    total = sum(int(d) * w for d, w in zip(five, WEIGHTS, strict=True))
    return (11 - total % 11) % 10


def is_valid(code: str) -> bool:
    """Whether ``code`` is six ASCII digits with a correct check digit (or 国's code)."""
    if code == NATION_CODE:
        return True
    return (
        len(code) == 6
        and code.isascii()
        and code.isdigit()
        and int(code[5]) == check_digit(code[:5])
    )


def read_code(text: str, place: Place | None = None) -> str:
    """The six-digit code ``text`` gives: full-width digits and five-digit codes accepted.

    Raises :class:`ShinchokuError` (``org-code-invalid``) naming ``place`` and the text.
    """
    raw = text
    digits = normalise(str(text)).strip()
    if len(digits) == 5 and digits.isascii() and digits.isdigit():
        digits += str(check_digit(digits))
    if not is_valid(digits):
        reason = "a 団体コード is six digits ending in its check digit"
        if len(digits) == 6 and digits.isascii() and digits.isdigit():
            reason = f"the check digit of {digits[:5]} is {check_digit(digits[:5])}"
        raise ShinchokuError(ORG_CODE_INVALID(place or Place(), reason, found=raw))
    return digits


def prefecture_code(code: str) -> str:
    """The code of the prefecture ``code`` lies in (「041009」 → 「040002」)."""
    five = code[:2] + "000"
    return five + str(check_digit(five))


def checked_code(code: str | None) -> str | None:
    """A validator for records: ``code`` unchanged when it is a valid 団体コード."""
    if code is not None and not is_valid(code):
        raise ValueError(
            f"{ORG_CODE_INVALID.code}: {code!r} is not a 団体コード with its check digit"
        )
    return code
