"""Alarm bells of the Companies and Associations Code, worked by hand."""

from decimal import Decimal as D

import pytest

from belronde.analyses.tests.examples import example_a
from belronde.finance.alarms import (
    LegalForm,
    Status,
    check_alarm_bells,
    net_assets_from_figures,
    normalise_legal_form,
)
from belronde.finance.figures import Figures


def statuses(report):
    return {(c.article, c.trigger): c.status for c in report.checks}


def test_nv_below_half_but_above_a_quarter_and_below_the_minimum():
    # capital 100.000: half 50.000, quarter 25.000; minimum 61.500; net assets 40.000
    report = check_alarm_bells(legal_form="NV", net_assets=D(40000), capital=D(100000))
    assert report.articles_triggered == ("7:228", "7:230")
    assert statuses(report)[("7:229", "below_quarter_capital")] == Status.CLEAR
    check = report.triggered[0]
    assert check.evidence == {"net_assets": D(40000), "threshold": D(50000), "capital": D(100000)}
    assert "two months" in check.consequence


def test_nv_below_a_quarter():
    # capital 200.000: half 100.000, quarter 50.000; net assets 45.000 < all three
    report = check_alarm_bells(legal_form="NV", net_assets=D(45000), capital=D(200000))
    assert report.articles_triggered == ("7:228", "7:229", "7:230")
    assert "quarter of the votes" in report.triggered[1].consequence


def test_nv_exactly_half_is_not_below_half():
    report = check_alarm_bells(legal_form="NV", net_assets=D(70000), capital=D(140000))
    assert report.articles_triggered == ()


def test_nv_without_a_capital_figure_leaves_the_capital_tests_unknown():
    report = check_alarm_bells(legal_form="NV", net_assets=D(70000))
    s = statuses(report)
    assert s[("7:228", "below_half_capital")] == Status.UNKNOWN
    assert s[("7:230", "below_minimum_capital")] == Status.CLEAR  # 70.000 >= 61.500


def test_bv_negative_net_assets():
    report = check_alarm_bells(legal_form="BV", net_assets=D(-5000), liquidity_doubt_12m=False)
    assert report.articles_triggered == ("5:153",)
    s = statuses(report)
    assert s[("5:153", "net_assets_negative")] == Status.TRIGGERED
    assert s[("5:153", "liquidity_12_months")] == Status.CLEAR
    assert "general meeting within two months" in report.triggered[0].consequence


def test_bv_liquidity_doubt_and_net_assets_at_risk():
    report = check_alarm_bells(
        legal_form="BVBA", net_assets=D(10000), liquidity_doubt_12m=True, net_assets_at_risk=True
    )
    assert [c.trigger for c in report.triggered] == ["net_assets_at_risk", "liquidity_12_months"]


def test_bv_zero_net_assets_is_not_negative_and_unassessed_judgements_stay_unknown():
    report = check_alarm_bells(legal_form="BV", net_assets=D(0))
    s = statuses(report)
    assert s[("5:153", "net_assets_negative")] == Status.CLEAR
    assert s[("5:153", "liquidity_12_months")] == Status.UNKNOWN
    assert s[("5:153", "net_assets_at_risk")] == Status.UNKNOWN


def test_a_cooperative_follows_the_bv_scheme_under_its_own_article():
    report = check_alarm_bells(legal_form="CV", net_assets=D(-1))
    assert report.articles_triggered == ("6:119",)


def test_other_forms_have_no_alarm_bell_procedure():
    report = check_alarm_bells(legal_form="VOF", net_assets=D(-1))
    assert not report.applicable and report.checks == ()


@pytest.mark.parametrize(
    ("text", "form"),
    [("BV", LegalForm.BV), ("bvba", LegalForm.BV), ("B.V.", LegalForm.BV), ("610", LegalForm.BV),
     ("SRL", LegalForm.BV), ("NV", LegalForm.NV), ("014", LegalForm.NV), ("SA", LegalForm.NV),
     ("CVBA", LegalForm.CV), ("706", LegalForm.CV), ("Eenmanszaak", LegalForm.OTHER),
     ("", LegalForm.OTHER)],
)  # fmt: skip
def test_it_recognises_legal_forms(text, form):
    assert normalise_legal_form(text) == form


def test_net_assets_as_the_code_defines_them():
    # 20/58 - 16 - 17/49 - 20 = 500.000 - 10.000 - 370.000 - 0 = 120.000
    assert net_assets_from_figures(example_a()).value == D(120000)
    with_formation = Figures.from_mapping(2021, {**example_a().values, "20": 15000})
    # formation expenses not yet written off are left out: 120.000 - 15.000
    assert net_assets_from_figures(with_formation).value == D(105000)
    # unamortised R&D costs, when given, too
    assert net_assets_from_figures(example_a(), rd_costs=D(20000)).value == D(100000)


def test_net_assets_are_unknown_without_the_totals():
    net = net_assets_from_figures(Figures.from_mapping(2021, {"16": 1}))
    assert net.value is None and set(net.missing) == {"20/58", "17/49"}
