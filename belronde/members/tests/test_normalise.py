"""Cell rules of the import (pure functions, no database): RELIABILITY.md section 4.2."""

import datetime as dt
from decimal import Decimal

import phonenumbers
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.be import vat

from belronde.members import normalise as n
from belronde.members.reference import find_legal_form, find_nace, postal_codes


def code_of(fn, *args):
    with pytest.raises(n.CellError) as info:
        fn(*args)
    return info.value.code


@pytest.mark.parametrize(
    "raw",
    ["0403.170.701", "0403170701", "BE0403170701", "BE 0403 170 701", " be0403.170.701\u00a0"],
)
def test_it_accepts_every_usual_enterprise_number_notation_IMP_KBO_01(raw):
    assert n.parse_enterprise_number(raw) == ("0403170701", None)


def test_it_refuses_a_bad_check_digit_IMP_KBO_02():
    assert code_of(n.parse_enterprise_number, "0403170702") == "enterprise_number_checksum"


def test_it_restores_a_leading_zero_excel_dropped_with_a_notice_IMP_KBO_03():
    assert n.parse_enterprise_number("403170701") == (
        "0403170701",
        "enterprise_number_leading_zero",
    )
    assert n.parse_enterprise_number("403170701.0")[0] == "0403170701"


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("2403170701", "enterprise_number_first_digit"),
        ("04031707", "enterprise_number_length"),
        ("040317070123", "enterprise_number_length"),
        ("0403.ABC.701", "enterprise_number_format"),
        ("", "required"),
    ],
)
def test_it_refuses_wrong_first_digits_lengths_and_letters_IMP_KBO_04(raw, code):
    assert code_of(n.parse_enterprise_number, raw) == code


@pytest.mark.parametrize("raw", ["4.0317E+08", "4,0317E+08", "4.03170701e8"])
def test_it_says_excel_scientific_notation_lost_the_number_IMP_KBO_05(raw):
    assert code_of(n.parse_enterprise_number, raw) == "enterprise_number_scientific"


@given(st.integers(min_value=2_000_000, max_value=19_999_999))
def test_every_mod97_number_round_trips_in_every_notation(base):
    number = f"{base:08d}{97 - base % 97:02d}"
    assert vat.is_valid(number)
    dotted = n.format_enterprise_number(number)
    for raw in (number, dotted, "BE" + number, "BE " + dotted.replace(".", " ")):
        assert n.parse_enterprise_number(raw)[0] == number


@pytest.mark.parametrize(
    ("raw", "e164"),
    [
        ("+32 471 23 45 67", "+32471234567"),
        ("0471/23.45.67", "+32471234567"),
        ("0032471234567", "+32471234567"),
        ("03 231 45 67", "+3232314567"),
        ("015 20 30 40", "+3215203040"),
        ("+32 (0)471 23 45 67", "+32471234567"),
    ],
)
def test_it_normalises_belgian_phones_to_e164_IMP_TEL_01(raw, e164):
    assert n.parse_phone(raw) == (e164, None)


def test_a_phone_without_its_leading_zero_is_restored_with_a_notice_IMP_TEL_02():
    assert n.parse_phone("471234567") == ("+32471234567", "phone_leading_zero")


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("12345", "phone_invalid"),
        ("+32 0471 23 45 67", "phone_trunk_zero"),
        ("0471 23 45 67 ext 12", "phone_letters"),
        ("bel me", "phone_letters"),
        ("4.71234567E+08", "phone_scientific"),
        ("02 123 45 67", "phone_invalid"),
    ],
)
def test_it_refuses_short_trunk_zero_letters_and_extensions_IMP_TEL_03(raw, code):
    assert code_of(n.parse_phone, raw) == code


@pytest.mark.parametrize(
    ("raw", "e164"), [("+31 20 123 4567", "+31201234567"), ("+33 1 23 45 67 89", "+33123456789")]
)
def test_it_accepts_valid_foreign_numbers_IMP_TEL_04(raw, e164):
    assert n.parse_phone(raw)[0] == e164


@settings(max_examples=300)
@given(
    prefix=st.sampled_from(["", "0", "+32", "0032", "+32 "]),
    digits=st.text(alphabet="0123456789", min_size=8, max_size=9),
)
def test_the_fast_path_agrees_with_a_full_phonenumbers_parse(prefix, digits):
    raw = prefix + digits
    try:
        number = phonenumbers.parse(raw, "BE")
        expected = (
            phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
            if phonenumbers.is_valid_number(number)
            else None
        )
    except phonenumbers.NumberParseException:
        expected = None
    try:
        got = n.parse_phone(raw)[0]
    except n.CellError:
        got = None
    if prefix.strip() in ("+32", "0032") and digits.startswith("0"):
        assert got is None  # a trunk 0 after the country code is refused on purpose
    else:
        assert got == expected


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("1.234,56", Decimal("1234.56")),
        ("-1.234,56", Decimal("-1234.56")),
        ("1234,5", Decimal("1234.5")),
        ("1234.5", Decimal("1234.5")),
        ("1.234", Decimal("1234")),
        ("1 234,50", Decimal("1234.50")),
    ],
)
def test_it_reads_belgian_decimals_never_as_floats_IMP_CSV_06(raw, value):
    result = n.parse_decimal(raw)
    assert isinstance(result, Decimal)
    assert result == value


@pytest.mark.parametrize("raw", ["1,234.56", "1,2,3"])
def test_an_english_thousands_comma_is_ambiguous_IMP_CSV_06(raw):
    assert code_of(n.parse_decimal, raw) == "number_ambiguous"


def test_a_negative_amount_is_a_number_not_a_formula_IMP_FORM_02():
    assert n.parse_decimal("-1.234,56") == Decimal("-1234.56")
    # in the employees column a negative number is refused as negative, not as text
    assert code_of(n.parse_employees, "-1.234,56") == "employees_negative"


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("31/12/2025", dt.date(2025, 12, 31)),
        ("31-12-2025", dt.date(2025, 12, 31)),
        ("2025-12-31", dt.date(2025, 12, 31)),
        ("45657", dt.date(2024, 12, 31)),
        (dt.datetime(2025, 12, 31, 0, 0), dt.date(2025, 12, 31)),
    ],
)
def test_it_reads_day_month_iso_and_excel_serial_dates_IMP_CSV_07(raw, value):
    assert n.parse_date(raw) == value


def test_a_month_day_date_is_refused_never_swapped_IMP_CSV_07():
    assert code_of(n.parse_date, "12/31/2025") == "date_invalid"


def test_nfd_text_becomes_nfc_IMP_ENC_07():
    assert n.clean_text("Ge\u0065\u0308len") == "Ge\u00eblen"
    assert n.clean_text("Caf\u0065\u0301") == n.clean_text("Caf\u00e9")


def test_odd_spaces_are_removed_before_validation_IMP_ENC_08():
    assert n.clean_text("\u00a0Bakkerij\u200b  Peeters \u202f") == "Bakkerij Peeters"
    assert n.parse_enterprise_number("0403\u00a0170\u200b701 ")[0] == "0403170701"
    assert n.parse_phone("\u00a00471\u00a023\u00a045\u00a067")[0] == "+32471234567"
    assert n.parse_employees(" 12\u00a0") == (12, "10-19")


def test_employees_are_a_whole_non_negative_number_or_a_band():
    assert n.parse_employees("6") == (6, "5-9")
    assert n.parse_employees("2,5") == (3, "1-4")
    assert n.parse_employees("250+") == (None, "250+")
    assert n.parse_employees("10-19") == (None, "10-19")
    assert code_of(n.parse_employees, "veel") == "employees_invalid"


def test_postal_codes_nace_codes_and_legal_forms_come_from_the_reference_data():
    assert n.parse_postal_code("2800") == "2800"
    assert code_of(n.parse_postal_code, "2899") == "postal_code_unknown"
    assert code_of(n.parse_postal_code, "28000") == "postal_code_format"
    assert n.check_municipality("2812", "Muizen") == "Muizen"
    assert n.check_municipality("2801", "") == "Heffen"
    assert code_of(n.check_municipality, "2800", "Gent") == "municipality_mismatch"
    assert n.parse_nace("47.241") == ("47241", "2008")
    assert code_of(n.parse_nace, "99999") == "nace_unknown"
    assert find_nace("47241").label("nl").startswith("Detailhandel")
    assert find_legal_form("bv") == "BV"
    assert find_legal_form("610") == "BV"
    assert find_legal_form("Besloten vennootschap") == "BV"
    assert find_legal_form("SRL") == "BV"
    assert find_legal_form("natuurlijk persoon") == "Eenmanszaak"
    assert find_legal_form("XYZ") is None
    assert postal_codes()["2811"].locality_nl == "Hombeek"


def test_emails_and_languages():
    assert n.parse_email("Els@Example.BE") == "Els@example.be"
    assert code_of(n.parse_email, "els@") == "email_invalid"
    assert n.parse_language("Nederlands") == "nl"
    assert n.parse_language("FR") == "fr"
    assert code_of(n.parse_language, "Klingon") == "language_unknown"


@pytest.mark.parametrize(
    "control", ["\u202e", "\u202a", "\u202d", "\u2066", "\u2069", "\u200f", "\u061c"]
)
def test_bidirectional_controls_are_dropped_like_other_controls(control):
    assert n.clean_text(f"Bakkerij {control}lemmeM") == "Bakkerij lemmeM"


def test_a_membership_starts_between_1830_and_today():
    today = dt.date(2026, 12, 2)
    assert n.check_member_since(dt.date(2020, 9, 1), today=today) == dt.date(2020, 9, 1)
    assert n.check_member_since(None) is None
    for wrong in (dt.date(9999, 12, 31), dt.date(2026, 12, 3), dt.date(1829, 12, 31)):
        with pytest.raises(n.CellError) as info:
            n.check_member_since(wrong, today=today)
        assert info.value.code == "member_since_range"


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("1,234.56", "number_ambiguous"),
        ("12.34.5", "number_invalid"),
        ("1,2E+05", "number_invalid"),
    ],
)
def test_it_keeps_the_finance_readers_refusals_IMP_CSV_06(raw, code):
    assert code_of(n.parse_decimal, raw) == code


def test_a_decimal_point_before_other_than_three_digits_is_a_decimal_IMP_CSV_06():
    assert n.parse_decimal("0.125") == Decimal("0.125")
    assert n.parse_decimal("1.23") == Decimal("1.23")
