"""belronde.finance.costsplit: the laws of the cost split (hypothesis) and the seed's case."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from belronde.finance.costsplit import SplitError, split, vat

#: amounts in cents, from nothing to a hundred thousand euro
cents = st.integers(min_value=0, max_value=10**7).map(lambda c: D(c) / 100)


def test_the_seeds_case_city_350_participant_200_federation_350() -> None:
    result = split("900", "350", "200")
    assert (result.funder, result.participant, result.federation) == (D(350), D(200), D(350))
    assert result.as_json() == {
        "price": "900.00",
        "funder": "350.00",
        "participant": "200.00",
        "federation": "350.00",
    }


@given(price=cents, contribution=cents, cap=cents)
def test_the_parts_add_up_to_the_price_to_the_cent(price: D, contribution: D, cap: D) -> None:
    result = split(price, contribution, cap)
    assert result.funder + result.participant + result.federation == price
    for part in (result.funder, result.participant, result.federation):
        assert part >= 0
        assert part == part.quantize(D("0.01"))


@given(price=cents, contribution=cents, cap=cents)
def test_each_part_follows_the_cost_model(price: D, contribution: D, cap: D) -> None:
    result = split(price, contribution, cap)
    assert result.funder == min(contribution, price)
    assert result.participant == min(cap, price - result.funder)
    assert result.participant <= cap
    assert result.funder <= contribution


@given(price=cents, contribution=cents, cap=cents, more=cents)
def test_a_higher_price_never_lowers_anyone_s_part(
    price: D, contribution: D, cap: D, more: D
) -> None:
    low, high = split(price, contribution, cap), split(price + more, contribution, cap)
    assert high.funder >= low.funder
    assert high.participant >= low.participant
    assert high.federation >= low.federation


def test_a_cheap_trajectory_is_paid_by_the_funder_alone() -> None:
    result = split("300", "350", "200")
    assert (result.funder, result.participant, result.federation) == (D(300), D(0), D(0))


@pytest.mark.parametrize(
    "price", ["-1", "900.001", "abc", "", "NaN", "Infinity", 900.5, True, "2000000000"]
)
def test_it_refuses_what_is_not_an_amount_in_cents(price: object) -> None:
    with pytest.raises(SplitError):
        split(price, "350", "200")


@pytest.mark.parametrize(
    ("net", "rate", "expected"),
    [("100.00", 21, "21.00"), ("100.05", 21, "21.01"), ("0.50", 21, "0.11"), ("200", 0, "0.00")],
)
def test_vat_rounds_half_up_to_the_cent(net: str, rate: int, expected: str) -> None:
    assert vat(net, rate) == D(expected)


@given(net=cents, rate=st.sampled_from([0, 6, 12, 21]))
def test_vat_is_in_cents_and_never_more_than_the_rate(net: D, rate: int) -> None:
    tax = vat(net, rate)
    assert tax == tax.quantize(D("0.01"))
    assert abs(tax - net * rate / 100) <= D("0.005")


@pytest.mark.parametrize("rate", [-1, 101, "x"])
def test_it_refuses_a_vat_rate_outside_0_to_100(rate: object) -> None:
    with pytest.raises(SplitError):
        vat("100", rate)
