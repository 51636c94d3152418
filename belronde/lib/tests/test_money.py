from decimal import Decimal

import pytest

from belronde.lib.money import format_money, format_number, to_money


def test_money_is_shown_the_belgian_way():
    assert format_money(Decimal("1234.5")) == "1.234,50 EUR"
    assert format_money(350) == "350,00 EUR"
    assert format_money("-1234567.891") == "-1.234.567,89 EUR"
    assert format_number(Decimal("0.5"), 0) == "1"
    assert format_number(Decimal(999)) == "999"


def test_money_rounds_half_up_and_refuses_floats():
    assert to_money("0.005") == Decimal("0.01")
    with pytest.raises(TypeError):
        to_money(0.1)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="not an amount"):
        to_money("twelve")
