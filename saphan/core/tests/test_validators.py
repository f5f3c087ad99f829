"""13-digit ids with their mod-11 check digit, Thai phone numbers, postal codes."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from saphan.core.validators import (
    is_valid_thai_id,
    is_valid_thai_phone,
    normalize_thai_phone,
    thai_id_check_digit,
    validate_postal_code,
    validate_thai_id,
    validate_thai_phone,
)


def test_check_digit_by_hand() -> None:
    # 1-1017-00203-45-?: 1*13+1*12+0*11+1*10+7*9+0*8+0*7+2*6+0*5+3*4+4*3+5*2 = 144;
    # 144 mod 11 = 1; (11 - 1) mod 10 = 0.
    assert thai_id_check_digit("110170020345") == 0
    assert is_valid_thai_id("1101700203450")
    assert is_valid_thai_id("1-1017-00203-45-0")
    assert not is_valid_thai_id("1101700203451")
    assert not is_valid_thai_id("110170020345")
    assert is_valid_thai_id("๑๑๐๑๗๐๐๒๐๓๔๕๐")


def test_id_errors_name_the_rule() -> None:
    with pytest.raises(ValidationError) as caught:
        validate_thai_id("12345")
    assert caught.value.code == "id_length"
    with pytest.raises(ValidationError) as caught:
        validate_thai_id("1101700203451")
    assert caught.value.code == "id_checksum"


@given(st.text(alphabet="0123456789", min_size=12, max_size=12))
def test_every_computed_check_digit_validates_and_every_other_fails(first: str) -> None:
    good = thai_id_check_digit(first)
    assert is_valid_thai_id(first + str(good))
    for other in set(range(10)) - {good}:
        assert not is_valid_thai_id(first + str(other))


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("081-234-5678", "0812345678"),
        ("+66 81 234 5678", "0812345678"),
        ("66812345678", "0812345678"),
        ("077-511-097", "077511097"),
        ("02 202 4000", "022024000"),
        ("๐๘๑๒๓๔๕๖๗๘", "0812345678"),
    ],
)
def test_phone_numbers(raw: str, normal: str) -> None:
    assert normalize_thai_phone(raw) == normal
    assert is_valid_thai_phone(raw)
    validate_thai_phone(raw)


@pytest.mark.parametrize("raw", ["12345", "0112345678", "08123456", "081234567890", "abc", ""])
def test_bad_phone_numbers(raw: str) -> None:
    assert not is_valid_thai_phone(raw)
    with pytest.raises(ValidationError) as caught:
        validate_thai_phone(raw)
    assert caught.value.code == "phone_format"


@pytest.mark.parametrize("good", ["86000", "10200", "52000", "96000", "๘๖๐๐๐"])
def test_postal_codes(good: str) -> None:
    validate_postal_code(good)


@pytest.mark.parametrize("bad", ["8600", "860000", "00100", "99000", "09000", "abcde"])
def test_bad_postal_codes(bad: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_postal_code(bad)
    assert caught.value.code == "postal_code_format"
