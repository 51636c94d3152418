from decimal import Decimal as D

import pytest

from belronde.finance.amounts import AmountError, parse_amount


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1234", "1234"), ("1234,56", "1234.56"), ("1.234,56", "1234.56"),
        ("-1.234.567,89", "-1234567.89"), ("(1.234)", "-1234"), ("1234.56", "1234.56"),
        ("€ 1 234,56", "1234.56"), ("1.234,56 EUR", "1234.56"), ("'12", "12"), ("0,5", "0.5"),
        ("1.234", "1234"), ("0.125", "0.125"), ("1.234,56-", "-1234.56"),
        ("\u00a01\u202f000 ", "1000"),
    ],
)  # fmt: skip
def test_it_reads_belgian_amounts(text, value):
    assert parse_amount(text) == D(value)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("1,234.56", "ambiguous"), ("12.34.5", "grouping"), ("1,2E+05", "scientific"),
        ("abc", "not_a_number"), ("", "empty"), ("1,2,3", "not_a_number"), ("-", "not_a_number"),
    ],
)  # fmt: skip
def test_it_refuses_what_is_not_an_amount(text, code):
    with pytest.raises(AmountError) as caught:
        parse_amount(text)
    assert caught.value.code == code


@pytest.mark.parametrize(
    ("text", "value"),
    [("1.234", "1234"), ("1.234,56", "1234.56"), ("1,5", "1.5"), ("-3", "-3"), ("1 234", "1234")],
)
def test_it_is_the_one_belgian_reader_a_dot_before_three_digits_groups_thousands(text, value):
    """The member import reads numbers with it too (``members.normalise.parse_decimal``)."""
    from belronde.members.normalise import parse_decimal

    assert parse_amount(text) == D(value)
    assert parse_decimal(text) == D(value)
