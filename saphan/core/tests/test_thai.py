"""Buddhist-era dates shown and read in both eras; baht amounts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from saphan.core.thai import (
    DateParseError,
    baht_in_words,
    format_baht,
    format_date,
    format_datetime,
    format_numeric_date,
    parse_date,
)

JAN16 = dt.date(2020, 1, 16)


@pytest.mark.parametrize(
    "text",
    [
        "16/01/2563",
        "16/1/2563",
        "16-01-2563",
        "16.01.2563",
        "16/01/2020",
        "2020-01-16",
        "2563-01-16",
        "16 มกราคม 2563",
        "16 ม.ค. 2563",
        "16 ม.ค.2563",
        "16มกราคม2563",
        "วันที่ 16 มกราคม พ.ศ. 2563",
        "16 Jan 2020",
        "16 January 2020",
        "๑๖/๐๑/๒๕๖๓",
        "  16 / 01 / 2563 ",
    ],
)
def test_reads_both_eras_and_forms(text: str) -> None:
    assert parse_date(text) == JAN16


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "date_required"),
        ("yesterday", "date_format"),
        ("16/01/63", "date_format"),
        ("31/02/2563", "date_invalid"),
        ("16 Smarch 2020", "date_month"),
        ("2020-13-01", "date_invalid"),
    ],
)
def test_says_what_it_could_not_read(text: str, code: str) -> None:
    with pytest.raises(DateParseError) as caught:
        parse_date(text)
    assert caught.value.code == code


def test_error_message_names_the_value_in_both_languages() -> None:
    with pytest.raises(DateParseError) as caught:
        parse_date("31/02/2563")
    error = caught.value
    with translation.override("th"):
        assert error.messages == ["ไม่มีวันที่ “31/02/2563” ในปฏิทิน"]
    with translation.override("en"):
        assert error.messages == ["“31/02/2563” does not exist in the calendar."]


def test_formats_in_buddhist_era() -> None:
    with translation.override("th"):
        assert format_date(JAN16) == "16 ม.ค. 2563"
        assert format_date(JAN16, "long") == "16 มกราคม 2563"
    with translation.override("en"):
        assert format_date(JAN16) == "16 Jan 2563 BE"
        assert format_date(JAN16, "long") == "16 January 2563 BE"
    assert format_numeric_date(JAN16) == "16/01/2563"
    assert format_date(None) == ""


def test_datetime_shows_bangkok_time() -> None:
    moment = dt.datetime(2020, 1, 15, 18, 30, tzinfo=dt.UTC)  # 01:30 on the 16th in Bangkok
    with translation.override("th"):
        assert format_datetime(moment) == "16 ม.ค. 2563 01:30 น."


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2300, 12, 31)))
def test_round_trips(value: dt.date) -> None:
    assert parse_date(format_numeric_date(value)) == value
    assert parse_date(value.isoformat()) == value
    with translation.override("th"):
        assert parse_date(format_date(value)) == value
        assert parse_date(format_date(value, "long")) == value
    with translation.override("en"):
        assert parse_date(format_date(value, "long")) == value


def test_baht() -> None:
    with translation.override("th"):
        assert format_baht(Decimal("1234567.5")) == "1,234,567.50 บาท"
    with translation.override("en"):
        assert format_baht(1234) == "1,234.00 baht"
    assert baht_in_words(Decimal("1234.50")) == "หนึ่งพันสองร้อยสามสิบสี่บาทห้าสิบสตางค์"
    assert baht_in_words(351) == "สามร้อยห้าสิบเอ็ดบาทถ้วน"


def test_date_field_reads_both_eras_and_shows_buddhist_era() -> None:
    from django import forms

    from saphan.core.forms import ThaiDateField

    class VisitForm(forms.Form):
        visited_on = ThaiDateField(label="วันที่เยี่ยม")

    for typed in ("16/01/2563", "2020-01-16", "16 มกราคม 2563"):
        form = VisitForm({"visited_on": typed})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["visited_on"] == JAN16
    with translation.override("th"):
        bad = VisitForm({"visited_on": "30/02/2563"})
        assert not bad.is_valid()
        assert bad.errors["visited_on"] == ["ไม่มีวันที่ “30/02/2563” ในปฏิทิน"]
    shown = VisitForm(initial={"visited_on": JAN16})
    assert 'value="16/01/2563"' in str(shown["visited_on"])

    class FilterForm(forms.Form):
        since = ThaiDateField(required=False)

    spaces = FilterForm({"since": "   "})  # nothing typed but spaces: no date, no error
    assert spaces.is_valid() and spaces.cleaned_data["since"] is None
    with translation.override("en"):
        bad = VisitForm({"visited_on": "abc"})
        assert not bad.is_valid()
        assert bad.errors["visited_on"] == [
            "“abc” is not a date. Write it as 16/01/2563, 2020-01-16 or 16 January 2020 "
            "(Buddhist or common era)."
        ]
