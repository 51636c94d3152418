"""Ratios: worked example by hand, computation conditions, lights and trends."""

from decimal import Decimal as D

import pytest

from belronde.analyses.tests.examples import EXAMPLE_A, example_a
from belronde.finance.codes import Schema
from belronde.finance.figures import Figures
from belronde.finance.ratios import (
    Direction,
    Light,
    Thresholds,
    compute_ratio,
    compute_ratios,
    trend,
)


def ratios(figures):
    return {r.key: r for r in compute_ratios(figures)}


def test_it_computes_every_ratio_of_the_worked_example_by_hand():
    r = ratios(example_a())
    # (29/58 - 29) / (42/48 + 492/3) = 300.000 / 270.000 = 1,1111
    assert r["liquidity_broad"].value == D("1.1111")
    # (29/58 - 29 - 3) / (42/48 + 492/3) = 220.000 / 270.000 = 0,8148
    assert r["liquidity_narrow"].value == D("0.8148")
    # 10/15 / 10/49 = 120.000 / 500.000 = 24 %
    assert r["solvency"].value == D("24.0000")
    # (16 + 17/49) / 10/49 = 380.000 / 500.000 = 76 %
    assert r["debt_ratio"].value == D("76.0000")
    # 45 / 42/48 = 52.000 / 260.000 = 20 %
    assert r["tax_social_debt_pressure"].value == D("20.0000")
    # 9904 / 10/15 = 25.000 / 120.000 = 20,8333 %
    assert r["return_on_equity"].value == D("20.8333")
    # 9901 / 9900 = 40.000 / 400.000 = 10 %
    assert r["operating_result_to_gross_margin"].value == D("10.0000")
    # 9904 + 630 + 631/4 + 635/8 = 25.000 + 30.000 + 0 + 5.000 = 60.000
    assert r["cash_flow"].value == D("60000.00")
    assert r["cash_flow"].blank_codes == ("631/4",)
    # 60.000 / 500.000 = 12 %
    assert r["cash_flow_to_total_assets"].value == D("12.0000")


def test_it_gives_each_ratio_a_traffic_light():
    r = ratios(example_a())
    assert r["liquidity_broad"].light == Light.ORANGE  # 1,11: between 1,0 and 1,5
    assert r["solvency"].light == Light.ORANGE  # 24 %: between 15 and 30 %
    assert r["debt_ratio"].light == Light.ORANGE  # 76 %: between 70 and 85 %
    assert r["return_on_equity"].light == Light.GREEN
    assert r["cash_flow_to_total_assets"].light == Light.GREEN  # 12 % >= 6 %


def test_it_says_turnover_is_not_disclosed_instead_of_guessing_the_operating_margin():
    result = ratios(example_a())["operating_margin"]
    assert result.value is None and result.light is None
    assert result.reason_code == "turnover_not_disclosed"
    assert result.missing == ("70",)


def test_it_computes_the_operating_margin_when_turnover_is_there():
    figures = Figures.from_mapping(2021, {**EXAMPLE_A, "70": 800000}, schema=Schema.FULL)
    assert compute_ratio("operating_margin", figures).value == D("5.0000")  # 40.000 / 800.000


def test_it_refuses_a_ratio_whose_condition_fails():
    figures = Figures.from_mapping(2021, {**EXAMPLE_A, "10/15": -5000})
    result = compute_ratio("return_on_equity", figures)
    assert result.value is None and result.reason_code == "condition_failed"
    assert "10/15 > 0" in result.reason


def test_it_names_the_missing_codes():
    result = compute_ratio("solvency", Figures.from_mapping(2021, {"10/15": 1}))
    assert result.reason_code == "missing_input" and result.missing == ("10/49",)


def test_it_derives_totals_from_the_models_identities_and_says_so():
    figures = Figures.from_mapping(2021, {"10/15": 100, "20/58": 400})
    result = compute_ratio("solvency", figures)
    assert result.value == D("25.0000")
    assert [i.formula for i in result.derived_inputs] == ["10/49 = 20/58"]


@pytest.mark.parametrize(
    ("value", "light"),
    [("1.5", Light.GREEN), ("1.4999", Light.ORANGE), ("1.0", Light.ORANGE), ("0.9999", Light.RED)],
)
def test_lights_follow_their_thresholds(value, light):
    assert Thresholds(D("1.5"), D("1.0")).light(D(value)) == light


def test_lights_work_the_other_way_for_a_debt_ratio():
    t = Thresholds(D(70), D(85), higher_is_better=False)
    assert [t.light(D(v)) for v in (70, 80, 86)] == [Light.GREEN, Light.ORANGE, Light.RED]


def test_a_trend_compares_the_last_two_years_with_a_value():
    up = trend([(2019, D("1.0")), (2020, None), (2021, D("1.5"))])
    assert up is not None and up.direction == Direction.UP and up.improving is True
    assert (up.from_year, up.to_year, up.change) == (2019, 2021, D("0.5000"))
    worse_debt = trend([(2020, D(70)), (2021, D(80))], higher_is_better=False)
    assert worse_debt is not None and worse_debt.improving is False
    stable = trend([(2020, D(100)), (2021, D(101))])
    assert stable is not None and stable.direction == Direction.STABLE and stable.improving is None
    assert trend([(2021, D(1))]) is None
