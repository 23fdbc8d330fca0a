"""The 団体コード check digit, verified against real codes."""

from __future__ import annotations

import pytest

from shinchoku.orgs import check_digit, is_valid, prefecture_code, read_code
from shinchoku.problems import Place, ShinchokuError


@pytest.mark.parametrize(
    "code",
    ["040002", "041009", "131016", "010006", "011002", "472018", "132012", "221406", "473821"],
)
def test_real_codes_check(code: str) -> None:
    assert check_digit(code[:5]) == int(code[5])
    assert is_valid(code)


def test_check_digit_by_hand() -> None:
    # 04100: 0*6 + 4*5 + 1*4 + 0*3 + 0*2 = 24; 24 mod 11 = 2; (11 - 2) mod 10 = 9
    assert check_digit("04100") == 9
    # 13101: 6 + 15 + 4 + 0 + 2 = 27; 27 mod 11 = 5; 11 - 5 = 6
    assert check_digit("13101") == 6
    # A sum ≡ 0 (mod 11) gives 11 mod 10 = 1; ≡ 1 gives 10 mod 10 = 0.
    assert check_digit("00000") == 1
    assert check_digit("00300") == 0  # 3*4 = 12 ≡ 1


def test_read_code_accepts_typed_forms() -> None:
    assert read_code("041009") == "041009"
    assert read_code("０４１００９") == "041009"
    assert read_code("04100") == "041009"  # five-digit JIS code, completed
    assert read_code(" 131016 ") == "131016"


@pytest.mark.parametrize(
    ("text", "reason"),
    [("041008", "check digit of 04100 is 9"), ("4100", "six digits"), ("宮城県", "six digits")],
)
def test_read_code_refuses(text: str, reason: str) -> None:
    place = Place(file="survey.csv", line=7, field="団体コード")
    with pytest.raises(ShinchokuError) as caught:
        read_code(text, place)
    problem = caught.value.problem
    assert problem.code == "org-code-invalid"
    assert problem.found == text
    assert reason in problem.message
    assert problem.place == place


def test_prefecture_code() -> None:
    assert prefecture_code("041009") == "040002"
    assert prefecture_code("131016") == "130001"


def test_a_plan_names_its_organisation_by_a_valid_code() -> None:
    from pydantic import ValidationError

    from shinchoku.model import Plan

    base = {"id": "p", "name": "計画", "period": {"start": 2021, "end": 2024}}
    assert Plan.model_validate({**base, "organisation": "040002"}).organisation == "040002"
    assert Plan.model_validate(base).organisation is None
    with pytest.raises(ValidationError, match="org-code-invalid"):
        Plan.model_validate({**base, "organisation": "040001"})
