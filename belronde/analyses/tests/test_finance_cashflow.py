"""The 13-week cash-flow forecast, worked by hand."""

import datetime as dt
from dataclasses import replace
from decimal import Decimal as D
from typing import Any

import pytest

from belronde.finance.cashflow import CashFlowInput, Cell, compute_forecast, roll_forward

MONDAY = dt.date(2021, 3, 1)


def week(n: int) -> dt.date:
    return MONDAY + dt.timedelta(weeks=n - 1)


def example(**extra) -> CashFlowInput:
    cells = (
        Cell(week(1), "collections", D(8000)),
        Cell(week(1), "net_wages", D(6000)),
        Cell(week(1), "rsz", D(3000)),
        Cell(week(2), "collections", D(2000)),
        Cell(week(2), "suppliers", D(7000)),
        Cell(week(3), "vat_refunds", D(1500)),
        Cell(week(3), "rent_utilities", D(1000)),
        Cell(week(20), "collections", D(99999)),  # outside the 13 weeks: ignored
    )
    data: dict[str, Any] = {
        "start": MONDAY,
        "opening_cash": D(10000),
        "cells": cells,
        "undrawn_credit": D(2000),
        "minimum_buffer": D(5000),
    }
    data.update(extra)
    return CashFlowInput(**data)


def test_it_carries_the_balance_week_by_week():
    forecast = compute_forecast(example(), as_of=dt.date(2021, 3, 1))
    w1, w2, w3, w4 = forecast.weeks[:4]
    # week 1: 10.000 + 8.000 - (6.000 + 3.000) = 9.000
    assert (w1.opening, w1.total_receipts, w1.total_disbursements, w1.closing) == (
        D(10000), D(8000), D(9000), D(9000)
    )  # fmt: skip
    # week 2: 9.000 + 2.000 - 7.000 = 4.000, below the buffer of 5.000; headroom 4.000 + 2.000
    assert (w2.opening, w2.closing, w2.headroom, w2.below_buffer) == (
        D(9000),
        D(4000),
        D(6000),
        True,
    )
    # week 3: 4.000 + 1.500 - 1.000 = 4.500
    assert w3.closing == D(4500) and w4.closing == D(4500)
    assert forecast.first_week_below_buffer is w2
    assert forecast.first_week_without_headroom is None
    assert forecast.closing == D(4500) and len(forecast.weeks) == 13
    assert forecast.total("collections") == D(10000)
    assert w1.end == dt.date(2021, 3, 7)


def test_actuals_replace_the_forecast_once_a_week_has_passed():
    data = example()
    cells = tuple(
        Cell(c.week_start, c.category, c.forecast, D(7000))
        if (c.week_start, c.category) == (week(1), "collections")
        else c
        for c in data.cells
    )
    forecast = compute_forecast(replace(data, cells=cells), as_of=dt.date(2021, 3, 9))
    w1 = forecast.weeks[0]
    assert w1.past and w1.has_actuals
    assert w1.closing == D(8000)  # 10.000 + 7.000 - 9.000
    assert w1.variance == D(-1000)  # actual net -2.000 against forecast net -1.000
    assert forecast.weeks[1].opening == D(8000)
    assert forecast.weeks[1].variance is None


def test_headroom_runs_out():
    forecast = compute_forecast(example(undrawn_credit=D(0), opening_cash=D(1000)), as_of=MONDAY)
    # week 1: 1.000 + 8.000 - 9.000 = 0; week 2: 0 + 2.000 - 7.000 = -5.000
    assert forecast.first_week_without_headroom is forecast.weeks[1]


def test_rolling_forward_drops_week_one_and_carries_its_closing_cash():
    rolled = roll_forward(example(), as_of=dt.date(2021, 3, 8))
    assert rolled.start == week(2) and rolled.opening_cash == D(9000)
    forecast = compute_forecast(rolled, as_of=dt.date(2021, 3, 8))
    assert forecast.weeks[0].closing == D(4000)  # the old week 2
    assert forecast.weeks[-1].start == week(14)
    reconciled = roll_forward(example(), as_of=dt.date(2021, 3, 8), bank_balance=D(8500))
    assert reconciled.opening_cash == D(8500)


def test_it_refuses_negative_amounts_and_cells_off_the_grid():
    with pytest.raises(ValueError, match="positive"):
        Cell(MONDAY, "suppliers", D(-1))
    with pytest.raises(KeyError):
        Cell(MONDAY, "lottery", D(1))
    bad = CashFlowInput(MONDAY, D(0), (Cell(MONDAY + dt.timedelta(days=2), "suppliers", D(1)),))
    with pytest.raises(ValueError, match="not the start of a week"):
        compute_forecast(bad, as_of=MONDAY)
