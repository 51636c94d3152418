"""Altman's scores: worked examples by hand, Altman's coefficients, zones, reasons."""

from decimal import Decimal as D

import pytest

from belronde.analyses.tests.examples import EXAMPLE_B, EXAMPLE_C, example_a
from belronde.finance.codes import Schema
from belronde.finance.figures import Figures
from belronde.finance.scores import (
    SPECS,
    AltmanInputs,
    Model,
    NotComputable,
    Score,
    Zone,
    compute_score,
    inputs_from_figures,
    needed_for_safe_zone,
    zone_for,
)


def score(model, inputs) -> Score:
    result = compute_score(model, inputs)
    assert isinstance(result, Score), result
    return result


def test_it_uses_altmans_published_coefficients_and_cutoffs():
    assert dict(SPECS[Model.Z].weights) == {
        "X1": D("1.2"), "X2": D("1.4"), "X3": D("3.3"), "X4": D("0.6"), "X5": D("1.0")
    }  # fmt: skip
    assert (SPECS[Model.Z].distress_below, SPECS[Model.Z].safe_above) == (D("1.81"), D("2.99"))
    assert dict(SPECS[Model.Z_PRIME].weights) == {
        "X1": D("0.717"), "X2": D("0.847"), "X3": D("3.107"), "X4": D("0.420"), "X5": D("0.998")
    }  # fmt: skip
    assert (SPECS[Model.Z_PRIME].distress_below, SPECS[Model.Z_PRIME].safe_above) == (
        D("1.23"),
        D("2.90"),
    )
    zpp = SPECS[Model.Z_DOUBLE_PRIME]
    # Altman: 6.72 on EBIT / TA (X3) and 1.05 on equity / liabilities (X4), not the textbook swap
    assert dict(zpp.weights) == {"X1": D("6.56"), "X2": D("3.26"), "X3": D("6.72"), "X4": D("1.05")}
    assert (zpp.distress_below, zpp.safe_above) == (D("1.10"), D("2.60"))
    ems = SPECS[Model.EMS]
    assert ems.constant == D("3.25") and dict(ems.weights) == dict(zpp.weights)
    assert (ems.distress_below, ems.safe_above) == (D("4.35"), D("5.85"))


def test_it_computes_z_double_prime_from_codes_by_hand():
    # WC = (29/58 - 29) - 42/48 = 300.000 - 0 - 260.000 = 40.000 -> X1 = 40.000/500.000 = 0,08
    # RE = 13 + 14 = 2.000 + 98.000 = 100.000                     -> X2 = 0,2
    # EBIT = 9901 = 40.000                                         -> X3 = 0,08
    # BE = 10/15 = 120.000; TL = 16 + 17/49 = 10.000 + 370.000   -> X4 = 120/380 = 0,315789...
    # Z'' = 6,56 x 0,08 + 3,26 x 0,2 + 6,72 x 0,08 + 1,05 x 0,3157894737
    #     = 0,5248 + 0,652 + 0,5376 + 0,3315789474 = 2,0459789474 -> 2,0460 (grey: 1,10-2,60)
    inputs = inputs_from_figures(example_a())
    result = score(Model.Z_DOUBLE_PRIME, inputs)
    assert result.score == D("2.0460")
    assert result.zone == Zone.GREY
    assert [c.value for c in result.components] == [
        D("0.0800"),
        D("0.2000"),
        D("0.0800"),
        D("0.3158"),
    ]
    assert [c.contribution for c in result.components] == [
        D("0.5248"), D("0.6520"), D("0.5376"), D("0.3316")
    ]  # fmt: skip
    # With the textbook's swapped weights it would read 3,3829 and "safe": not what we compute.
    assert result.score != D("3.3829")
    ems = score(Model.EMS, inputs)
    assert ems.score == D("5.2960") and ems.zone == Zone.GREY  # 2,0459789 + 3,25


def test_it_says_why_z_and_z_prime_are_not_computable_for_an_abbreviated_model():
    inputs = inputs_from_figures(example_a())
    z = compute_score(Model.Z, inputs)
    assert isinstance(z, NotComputable) and z.reason_code == "no_market_value"
    zp = compute_score(Model.Z_PRIME, inputs)
    assert isinstance(zp, NotComputable) and zp.reason_code == "no_sales"
    assert "sales" in zp.missing


def test_it_never_puts_the_gross_margin_in_place_of_turnover():
    inputs = inputs_from_figures(example_a())
    assert inputs.sales is None  # 9900 (gross margin) is there, 70 is not


def test_it_computes_all_four_models_from_named_fields_by_hand():
    # X1 = (400.000 - 250.000) / 1.000.000 = 0,15; X2 = 0,2; X3 = 0,1; X5 = 1,5
    # X4 (market) = 600.000 / 500.000 = 1,2; X4 (book) = 500.000 / 500.000 = 1,0
    inputs = AltmanInputs(**EXAMPLE_B)
    # Z = 1,2x0,15 + 1,4x0,2 + 3,3x0,1 + 0,6x1,2 + 1,0x1,5 = 0,18+0,28+0,33+0,72+1,5 = 3,01
    z = score(Model.Z, inputs)
    assert (z.score, z.zone) == (D("3.0100"), Zone.SAFE)
    # Z' = 0,717x0,15 + 0,847x0,2 + 3,107x0,1 + 0,420x1 + 0,998x1,5
    #    = 0,10755 + 0,1694 + 0,3107 + 0,42 + 1,497 = 2,50465 -> 2,5047 (half up), grey
    zp = score(Model.Z_PRIME, inputs)
    assert (zp.score, zp.zone) == (D("2.5047"), Zone.GREY)
    # Z'' = 6,56x0,15 + 3,26x0,2 + 6,72x0,1 + 1,05x1 = 0,984 + 0,652 + 0,672 + 1,05 = 3,358
    zpp = score(Model.Z_DOUBLE_PRIME, inputs)
    assert (zpp.score, zpp.zone) == (D("3.3580"), Zone.SAFE)
    ems = score(Model.EMS, inputs)
    assert (ems.score, ems.zone) == (D("6.6080"), Zone.SAFE)


def test_it_scores_a_firm_in_distress_by_hand():
    # X1 = -70.000/200.000 = -0,35; X2 = -0,3; X3 = -0,05; X4 = -20.000/220.000 = -0,0909...
    # Z'' = -2,296 - 0,978 - 0,336 - 0,0954545 = -3,7054545 -> -3,7055 (distress)
    result = score(Model.Z_DOUBLE_PRIME, AltmanInputs(**EXAMPLE_C))
    assert (result.score, result.zone) == (D("-3.7055"), Zone.DISTRESS)
    ems = score(Model.EMS, AltmanInputs(**EXAMPLE_C))
    assert (ems.score, ems.zone) == (D("-0.4555"), Zone.DISTRESS)


@pytest.mark.parametrize(
    ("model", "value", "zone"),
    [
        (Model.Z_DOUBLE_PRIME, "1.0999", Zone.DISTRESS),
        (Model.Z_DOUBLE_PRIME, "1.10", Zone.GREY),
        (Model.Z_DOUBLE_PRIME, "2.60", Zone.GREY),
        (Model.Z_DOUBLE_PRIME, "2.6001", Zone.SAFE),
        (Model.Z, "1.81", Zone.GREY),
        (Model.Z, "1.8099", Zone.DISTRESS),
        (Model.Z, "2.99", Zone.GREY),
        (Model.Z, "2.9901", Zone.SAFE),
        (Model.Z_PRIME, "1.2299", Zone.DISTRESS),
        (Model.Z_PRIME, "2.90", Zone.GREY),
        (Model.Z_PRIME, "2.9001", Zone.SAFE),
        (Model.EMS, "4.3499", Zone.DISTRESS),
        (Model.EMS, "5.85", Zone.GREY),
        (Model.EMS, "5.8501", Zone.SAFE),
    ],
)
def test_it_puts_scores_in_zones_at_the_cutoffs(model, value, zone):
    assert zone_for(model, D(value)) == zone


def test_it_works_out_what_would_reach_the_safe_zone():
    result = score(Model.Z_DOUBLE_PRIME, inputs_from_figures(example_a()))
    needed = needed_for_safe_zone(result)
    # gap = 2,60 + 0,0001 - 2,0459789474 = 0,5541210526; x 500.000 / 6,72 = 41.229,245 -> up
    assert needed["ebit"] == D("41229.25")
    assert needed["working_capital"] == D("42234.84")
    lifted = inputs_from_figures(
        Figures.from_mapping(
            2021,
            {**example_a().values, "9901": D(40000) + needed["ebit"]},
            schema=Schema.ABBREVIATED,
        )
    )
    assert score(Model.Z_DOUBLE_PRIME, lifted).zone == Zone.SAFE


def test_it_refuses_a_score_without_assets_or_liabilities():
    no_assets = compute_score(
        Model.Z_DOUBLE_PRIME, AltmanInputs(**{**EXAMPLE_C, "total_assets": D(0)})
    )
    assert isinstance(no_assets, NotComputable) and no_assets.reason_code == "condition_failed"
    no_debts = compute_score(
        Model.Z_DOUBLE_PRIME, AltmanInputs(**{**EXAMPLE_C, "total_liabilities": D(0)})
    )
    assert isinstance(no_debts, NotComputable) and "X4" in no_debts.reason


def test_it_needs_retained_earnings_reported_rather_than_guessed():
    values = {k: v for k, v in example_a().values.items() if k not in {"13", "14"}}
    inputs = inputs_from_figures(Figures(2021, values, Schema.ABBREVIATED))
    result = compute_score(Model.Z_DOUBLE_PRIME, inputs)
    assert isinstance(result, NotComputable) and "retained_earnings" in result.missing
