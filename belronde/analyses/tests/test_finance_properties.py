"""Properties that hold for any figures (hypothesis)."""

import datetime as dt
from decimal import Decimal as D

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from belronde.finance.cashflow import CATEGORIES, CashFlowInput, Cell, Direction, compute_forecast
from belronde.finance.codes import Schema
from belronde.finance.figures import Figures
from belronde.finance.ratios import compute_ratios
from belronde.finance.scores import (
    SPECS,
    AltmanInputs,
    Model,
    Score,
    compute_score,
    inputs_from_figures,
    zone_for,
)

amounts = st.integers(min_value=-(10**9), max_value=10**9).map(D)
positive = st.integers(min_value=1, max_value=10**9).map(D)
cents = st.integers(min_value=0, max_value=10**8).map(lambda c: D(c) / 100)
factors = st.one_of(
    st.integers(min_value=1, max_value=10**6).map(D),
    st.integers(min_value=1, max_value=10**4).map(lambda n: D(n) / 1000),
)


@st.composite
def named_inputs(draw):
    return AltmanInputs(
        total_assets=draw(positive),
        current_assets=draw(positive),
        current_liabilities=draw(positive),
        retained_earnings=draw(amounts),
        ebit=draw(amounts),
        book_equity=draw(amounts),
        market_value_equity=draw(positive),
        total_liabilities=draw(positive),
        sales=draw(positive),
    )


@st.composite
def coded_figures(draw):
    values = {
        code: draw(positive)
        for code in ("20/58", "29/58", "42/48", "17/49", "10/49", "9900", "70", "630", "45", "3")
    }
    values.update({code: draw(amounts) for code in ("10/15", "13", "14", "9901", "9904", "16")})
    return Figures.from_mapping(2021, values, schema=draw(st.sampled_from(list(Schema))))


@settings(max_examples=200, deadline=None)
@given(named_inputs(), factors)
def test_scaling_all_amounts_leaves_every_score_unchanged(inputs, factor):
    for model in Model:
        before, after = compute_score(model, inputs), compute_score(model, inputs.scaled(factor))
        assert isinstance(before, Score) and isinstance(after, Score)
        assert (after.score, after.zone) == (before.score, before.zone)
        assert [c.value for c in after.components] == [c.value for c in before.components]


@settings(max_examples=200, deadline=None)
@given(coded_figures(), factors)
def test_scaling_all_amounts_leaves_ratios_and_scores_from_codes_unchanged(figures, factor):
    scaled = figures.scaled(factor)
    for before, after in zip(compute_ratios(figures), compute_ratios(scaled), strict=True):
        if before.definition.unit.value == "amount":
            continue  # an amount (cash flow) scales with the amounts, by design
        assert (after.value, after.light, after.reason_code) == (
            before.value,
            before.light,
            before.reason_code,
        )
    one = compute_score(Model.Z_DOUBLE_PRIME, inputs_from_figures(figures))
    two = compute_score(Model.Z_DOUBLE_PRIME, inputs_from_figures(scaled))
    assert type(one) is type(two)
    if isinstance(one, Score) and isinstance(two, Score):
        assert one.score == two.score


@settings(max_examples=200, deadline=None)
@given(named_inputs(), st.integers(min_value=0, max_value=10**9).map(D))
def test_more_retained_earnings_never_lowers_z_double_prime(inputs, extra):
    more = AltmanInputs(
        **{**inputs.as_dict(), "retained_earnings": inputs.retained_earnings + extra}
    )
    before = compute_score(Model.Z_DOUBLE_PRIME, inputs)
    after = compute_score(Model.Z_DOUBLE_PRIME, more)
    assert isinstance(before, Score) and isinstance(after, Score)
    assert after.exact >= before.exact and after.score >= before.score


@settings(max_examples=300, deadline=None)
@given(named_inputs())
def test_zones_agree_with_the_cutoffs(inputs):
    for model in Model:
        result = compute_score(model, inputs)
        assert isinstance(result, Score)
        spec = SPECS[model]
        if result.score > spec.safe_above:
            assert result.zone.value == "safe"
        elif result.score < spec.distress_below:
            assert result.zone.value == "distress"
        else:
            assert result.zone.value == "grey"
        assert zone_for(model, result.score) == result.zone


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=-(10**8), max_value=10**8).map(lambda n: D(n) / 10000))
def test_zone_for_any_score_matches_the_cutoffs(value):
    zpp = SPECS[Model.Z_DOUBLE_PRIME]
    zone = zone_for(Model.Z_DOUBLE_PRIME, value).value
    assume(value != zpp.safe_above or zone == "grey")
    expected = "safe" if value > D("2.60") else "distress" if value < D("1.10") else "grey"
    assert zone == expected


@st.composite
def forecasts(draw):
    start = dt.date(2021, 3, 1)
    cells = []
    seen = set()
    for _ in range(draw(st.integers(min_value=0, max_value=60))):
        week = draw(st.integers(min_value=1, max_value=15))
        category = draw(st.sampled_from(CATEGORIES)).key
        if (week, category) in seen:
            continue
        seen.add((week, category))
        actual = draw(st.one_of(st.none(), cents))
        cells.append(Cell(start + dt.timedelta(weeks=week - 1), category, draw(cents), actual))
    return CashFlowInput(
        start=start,
        opening_cash=draw(st.integers(min_value=-(10**7), max_value=10**7).map(D)),
        cells=tuple(cells),
        undrawn_credit=draw(cents),
        minimum_buffer=draw(cents),
    )


@settings(max_examples=200, deadline=None)
@given(forecasts(), st.integers(min_value=0, max_value=120))
def test_closing_cash_is_always_opening_plus_receipts_minus_disbursements(data, days):
    forecast = compute_forecast(data, as_of=data.start + dt.timedelta(days=days))
    opening = data.opening_cash
    for week in forecast.weeks:
        assert week.opening == opening
        assert week.closing == week.opening + week.total_receipts - week.total_disbursements
        assert week.total_receipts == sum(week.receipts.values(), D(0))
        assert week.total_disbursements == sum(week.disbursements.values(), D(0))
        assert week.headroom == week.closing + data.undrawn_credit
        assert week.below_buffer == (week.closing < data.minimum_buffer)
        opening = week.closing
    directions = {c.key: c.direction for c in CATEGORIES}
    for week in forecast.weeks:
        assert all(directions[k] == Direction.RECEIPT for k in week.receipts)
        assert all(directions[k] == Direction.DISBURSEMENT for k in week.disbursements)
