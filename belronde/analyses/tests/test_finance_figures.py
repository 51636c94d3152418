"""Figures by code: where each number comes from, identities, consistency checks."""

from decimal import Decimal as D

import pytest

from belronde.analyses.tests.examples import EXAMPLE_A
from belronde.finance.codes import Schema, codes_for, normalise_code, rubric, schema_from_nbb_model
from belronde.finance.figures import Figures, How, UnknownCodeError


def test_it_reads_codes_and_names():
    figures = Figures.from_named(2021, {"total_assets": 100, "10/15": "40", "turnover": D("1.5")})
    assert figures.values == {"20/58": D(100), "10/15": D(40), "70": D("1.5")}


def test_it_refuses_unknown_codes_and_floats():
    with pytest.raises(UnknownCodeError, match="99/99"):
        Figures.from_mapping(2021, {"99/99": 1})
    with pytest.raises(TypeError):
        Figures.from_mapping(2021, {"20/58": 1.5})  # type: ignore[dict-item]


def test_it_knows_how_a_value_was_obtained():
    figures = Figures.from_mapping(2021, {"20/58": 500, "17": 100, "42/48": 200})
    assert figures.lookup("20/58").how == How.REPORTED
    derived = figures.lookup("17/49")
    assert (derived.value, derived.how, derived.formula) == (
        D(300), How.DERIVED, "17/49 = 17 + 42/48 + 492/3"
    )  # fmt: skip
    assert figures.lookup("10/49").value == D(500)  # = 20/58
    assert figures.lookup("70").how == How.MISSING
    assert figures.lookup_or_zero("3").how == How.BLANK_ZERO


def test_a_complete_filing_counts_blanks_as_nil_except_undisclosed_turnover():
    abbreviated = Figures.from_mapping(2021, {"20/58": 1}, schema=Schema.ABBREVIATED, complete=True)
    assert abbreviated.lookup("9076").how == How.BLANK_ZERO
    assert abbreviated.lookup("70").how == How.MISSING  # may be left out without being nil
    full = Figures.from_mapping(2021, {"20/58": 1}, schema=Schema.FULL, complete=True)
    assert full.lookup("70").value == D(0)


def test_it_flags_totals_that_do_not_add_up():
    assert Figures.from_mapping(2021, EXAMPLE_A).inconsistencies() == []
    # the parts of 29/58 add up to 300.000: a total of 290.000 is wrong whatever is blank
    wrong = Figures.from_mapping(2021, {**EXAMPLE_A, "29/58": 290000})
    found = {i.code: i for i in wrong.inconsistencies()}
    assert set(found) == {"29/58"}
    assert found["29/58"].computed == D(300000) and found["29/58"].difference == D(-10000)
    # in a complete filing blanks are nil, so a total above its parts is wrong too (here also
    # 42/48, of which only 45 is given: 52.000 against 260.000)
    complete = Figures.from_mapping(2021, {**EXAMPLE_A, "29/58": 310000}, complete=True)
    assert {i.code for i in complete.inconsistencies()} == {"20/58", "29/58", "42/48"}


def test_partial_details_are_not_called_inconsistent_unless_they_exceed_the_total():
    assert Figures.from_mapping(2021, {"29/58": 1000, "54/58": 400}).inconsistencies() == []
    too_much = Figures.from_mapping(2021, {"29/58": 1000, "54/58": 1400})
    assert [i.code for i in too_much.inconsistencies()] == ["29/58"]


def test_scaling_leaves_counts_alone():
    scaled = Figures.from_mapping(2021, {"20/58": 10, "9087": D("4.5")}).scaled(D(3))
    assert scaled.values == {"20/58": D(30), "9087": D("4.5")}


def test_the_models_and_their_codes():
    micro = {r.code for r in codes_for(Schema.MICRO)}
    full = {r.code for r in codes_for(Schema.FULL)}
    assert {"20/58", "10/15", "42/48", "9901", "9904", "70", "9900"} <= micro
    assert "9900" not in full and "60" in full and "60" not in micro
    assert rubric("9900").label_nl == "Brutomarge"  # not the "net result" of the public list
    assert rubric("9072").label("en") == "Overdue tax debts"
    assert normalise_code(" 70/76a ") == "70/76A"
    assert schema_from_nbb_model("m81-f") == Schema.ABBREVIATED
    assert schema_from_nbb_model("m07-f-p") == Schema.MICRO
    assert schema_from_nbb_model("m05-f") is None  # associations
