"""JSON in, JSON out: the calculators behind the CLI and the API."""

from decimal import Decimal as D

import pytest

from belronde.analyses.tests.examples import EXAMPLE_A
from belronde.finance import service


def test_score_from_named_fields():
    result = service.score(
        {
            "total_assets": 1000000, "current_assets": 400000, "current_liabilities": 250000,
            "retained_earnings": 200000, "ebit": 100000, "book_equity": 500000,
            "total_liabilities": 500000, "sales": "1.500.000",
            "models": ["altman_z_double_prime", "altman_z"],
        }
    )  # fmt: skip
    assert result["input"] == "named" and result["ratios"] == []
    [zpp] = result["scores"]
    assert (zpp["model"], zpp["score"], zpp["zone"]) == ("altman_z_double_prime", 3.358, "safe")
    assert zpp["components"]["X3"] == {
        "description": "EBIT / total assets", "value": 0.1, "weight": 6.72, "contribution": 0.672
    }  # fmt: skip
    assert zpp["cutoffs"] == {"distress_below": 1.1, "safe_above": 2.6}
    assert zpp["inputs"]["working_capital"] == 150000.0
    assert result["not_computable"] == [
        {
            "model": "altman_z",
            "reason_code": "no_market_value",
            "reason": result["not_computable"][0]["reason"],
            "missing": ["market_value_equity"],
        }
    ]


def test_score_from_codes_includes_ratios_and_sources():
    result = service.score({"codes": dict(EXAMPLE_A), "schema": "abbreviated"})
    assert result["input"] == "codes"
    models = {s["model"]: s for s in result["scores"]}
    assert models["altman_z_double_prime"]["score"] == 2.046
    assert models["altman_ems"]["score"] == 5.296
    assert models["altman_z_double_prime"]["input_sources"]["total_liabilities"] == "16 + 17/49"
    assert {n["model"] for n in result["not_computable"]} == {"altman_z", "altman_z_prime"}
    ratios = {r["key"]: r for r in result["ratios"]}
    assert ratios["solvency"]["value"] == 24.0 and ratios["solvency"]["light"] == "orange"
    assert ratios["operating_margin"]["computable"] is False


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ([], "Expected one JSON object"),
        ({}, "Give Altman's named fields"),
        ({"total_asset": 1}, "Unknown field(s): total_asset"),
        ({"total_assets": True}, "must be a number"),
        ({"total_assets": "veel"}, "total_assets: 'veel' is not an amount"),
        ({"codes": {"99/99": 1}}, "Unknown annual-account code '99/99'"),
        ({"codes": {"20/58": 1}, "ebit": 1}, "not both"),
        ({"codes": {}}, "non-empty object"),
        ({"total_assets": 1, "models": ["altman_q"]}, "Unknown model 'altman_q'"),
        ({"total_assets": 1, "schema": "huge"}, "schema must be"),
    ],
)
def test_score_refuses_malformed_input_in_one_line(payload, message):
    with pytest.raises(service.InputError) as caught:
        service.score(payload)
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_alarms_returns_the_triggered_articles():
    result = service.alarms(
        {
            "legal_form": "NV",
            "capital": 100000,
            "net_assets": D(40000),
            "liquidity_doubt_12m": False,
        }
    )
    assert result["articles"] == ["7:228", "7:230"]
    assert [t["trigger"] for t in result["triggered"]] == [
        "below_half_capital",
        "below_minimum_capital",
    ]
    assert result["triggered"][0]["evidence"] == {
        "net_assets": 40000.0,
        "threshold": 50000.0,
        "capital": 100000.0,
    }
    bv = service.alarms({"legal_form": "BV", "net_assets": -1, "liquidity_doubt_12m": True})
    assert bv["articles"] == ["5:153"] and len(bv["triggered"]) == 2


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({"net_assets": 1}, "legal_form is required"),
        ({"legal_form": "VOF", "net_assets": 1}, "is not a BV, NV or CV"),
        ({"legal_form": "BV"}, "net_assets is required"),
        ({"legal_form": "BV", "net_assets": 1, "liquidity_doubt_12m": "yes"}, "true or false"),
        ({"legal_form": "NV", "net_assets": 1, "capital": -5}, "capital cannot be negative"),
        ({"legal_form": "NV", "net_assets": 1, "equity": 1}, "Unknown field(s): equity"),
    ],
)
def test_alarms_refuses_malformed_input(payload, message):
    with pytest.raises(service.InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        service.alarms(payload)
