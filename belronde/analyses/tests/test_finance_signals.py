"""Warning signals: from the figures with evidence, and from the coach."""

import datetime as dt
from decimal import Decimal as D

from belronde.analyses.tests.examples import EXAMPLE_A
from belronde.finance.figures import Figures
from belronde.finance.signals import (
    CoachAnswer,
    SignalStatus,
    evaluate_signals,
    filing_deadline,
    overdue_filings,
)

TODAY = dt.date(2022, 11, 30)


def by_key(results):
    return {r.key: r for r in results}


def test_a_sound_year_shows_no_signal_from_the_figures():
    years = [Figures.from_mapping(2020, EXAMPLE_A), Figures.from_mapping(2021, EXAMPLE_A)]
    s = by_key(evaluate_signals(years, as_of=TODAY))
    assert s["equity_below_half_capital"].status == SignalStatus.ABSENT  # 120.000 vs 10.000
    assert s["debt_ratio_over_100"].status == SignalStatus.ABSENT
    assert s["liquidity_below_half"].status == SignalStatus.ABSENT
    assert s["losses_two_years"].status == SignalStatus.ABSENT
    assert s["vat_arrears"].status == SignalStatus.UNKNOWN  # only the coach can tell
    assert s["accounts_not_filed"].status == SignalStatus.UNKNOWN


def test_signals_from_a_firm_in_trouble_carry_their_evidence():
    bad = {**EXAMPLE_A, "10/15": -30000, "14": -52000, "17/49": 520000, "9904": -40000,
           "29/58": 120000, "42/48": 260000, "9076": 8000, "9072": 0}  # fmt: skip
    years = [
        Figures.from_mapping(2020, {**EXAMPLE_A, "9904": -10000}),
        Figures.from_mapping(2021, bad),
    ]
    s = by_key(evaluate_signals(years, as_of=TODAY))
    equity = s["equity_below_half_capital"]
    assert equity.status == SignalStatus.PRESENT
    # capital: the contribution 10/11 = 20.000 of a company without capital; half = 10.000
    assert equity.evidence[0].values == {"equity": D(-30000), "capital": D(20000), "half": D(10000)}
    debt = s["debt_ratio_over_100"]
    # (16 + 17/49) / 10/49 = 530.000 / 500.000 = 106 %
    assert debt.status == SignalStatus.PRESENT and debt.evidence[0].values["value"] == D("106.0000")
    liquidity = s["liquidity_below_half"]
    # 120.000 / 270.000 = 0,4444 < 0,5
    assert liquidity.status == SignalStatus.PRESENT
    assert liquidity.evidence[0].values["value"] == D("0.4444")
    losses = s["losses_two_years"]
    assert losses.status == SignalStatus.PRESENT
    assert [e.year for e in losses.evidence] == [2020, 2021]
    assert s["rsz_arrears"].status == SignalStatus.PRESENT  # 9076 = 8.000
    assert s["overdue_tax_debts"].status == SignalStatus.ABSENT  # 9072 = 0


def test_losses_need_two_consecutive_years():
    years = [
        Figures.from_mapping(2019, {**EXAMPLE_A, "9904": -1}),
        Figures.from_mapping(2021, {**EXAMPLE_A, "9904": -1}),
    ]
    assert (
        by_key(evaluate_signals(years, as_of=TODAY))["losses_two_years"].status
        == SignalStatus.UNKNOWN
    )


def test_the_coach_records_what_the_figures_cannot_show():
    years = [Figures.from_mapping(2021, EXAMPLE_A)]
    answers = {
        "vat_arrears": CoachAnswer(SignalStatus.PRESENT, "Aanmaning van de FOD Financiën"),
        "protested_bills": CoachAnswer(SignalStatus.ABSENT),
        "equity_below_half_capital": CoachAnswer(SignalStatus.PRESENT),  # figures decide this one
    }
    s = by_key(evaluate_signals(years, as_of=TODAY, answers=answers))
    assert s["vat_arrears"].status == SignalStatus.PRESENT
    assert s["vat_arrears"].evidence[0].note == "Aanmaning van de FOD Financiën"
    assert s["protested_bills"].status == SignalStatus.ABSENT
    assert s["equity_below_half_capital"].status == SignalStatus.ABSENT


def test_the_figures_win_over_a_coach_who_says_absent():
    years = [Figures.from_mapping(2021, {**EXAMPLE_A, "9076": 500})]
    answers = {"rsz_arrears": CoachAnswer(SignalStatus.ABSENT, "Volgens de zaakvoerder betaald")}
    result = by_key(evaluate_signals(years, as_of=TODAY, answers=answers))["rsz_arrears"]
    assert result.status == SignalStatus.PRESENT
    assert result.from_figures == SignalStatus.PRESENT and result.from_coach == SignalStatus.ABSENT


def test_filing_deadlines_are_seven_months_after_the_year_end():
    assert filing_deadline(dt.date(2020, 12, 31)) == dt.date(2021, 7, 31)
    assert filing_deadline(dt.date(2021, 9, 30)) == dt.date(2022, 4, 30)
    assert filing_deadline(dt.date(2021, 8, 31)) == dt.date(2022, 3, 31)


def test_accounts_not_filed_for_two_years():
    # last filed: 2019. 2020 due 31/07/2021 and 2021 due 31/07/2022: both overdue on 30/11/2022
    assert overdue_filings(dt.date(2019, 12, 31), TODAY) == [
        dt.date(2020, 12, 31),
        dt.date(2021, 12, 31),
    ]
    s = by_key(evaluate_signals([], as_of=TODAY, last_filed_year_end=dt.date(2019, 12, 31)))
    assert s["accounts_not_filed"].status == SignalStatus.PRESENT
    s = by_key(evaluate_signals([], as_of=TODAY, last_filed_year_end=dt.date(2020, 12, 31)))
    assert s["accounts_not_filed"].status == SignalStatus.ABSENT  # one filing overdue
    assert overdue_filings(dt.date(2021, 12, 31), dt.date(2022, 7, 31)) == []  # due that day
