"""The 13-week cash-flow forecast, the standard turnaround tool (``coaching-finance.md`` 1.10).

Thirteen weekly columns, week 1 starting on ``start``. Each cell (week, category) holds a
forecast amount and, once known, the actual amount; amounts are positive and the category says
whether money comes in or goes out. A cell's *effective* amount is the actual one when given,
else the forecast. Per week:

- opening cash: the opening balance for week 1, else the previous week's closing cash;
- receipts and disbursements: the sums of the effective amounts, by category;
- closing cash = opening + receipts - disbursements (always, by construction);
- undrawn credit (the credit-line limit less what is drawn) and headroom = closing cash +
  undrawn credit;
- below the buffer when closing cash is under the minimum cash buffer;
- for a week that has passed: forecast against actual, and the variance.

The forecast rolls: :func:`roll_forward` drops week 1, adds week 14 and carries the closing
cash (or the reconciled bank balance) forward as the new opening cash.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import StrEnum

from belronde.finance._num import ZERO, finance_context

__all__ = [
    "CATEGORIES",
    "WEEKS",
    "CashFlowInput",
    "Category",
    "Cell",
    "Direction",
    "Forecast",
    "Group",
    "Week",
    "category",
    "cells_by_key",
    "compute_forecast",
    "disbursement_categories",
    "receipt_categories",
    "roll_forward",
]

WEEKS = 13


class Direction(StrEnum):
    RECEIPT = "receipt"
    DISBURSEMENT = "disbursement"


class Group(StrEnum):
    OPERATING = "operating"
    FINANCING = "financing"


@dataclass(frozen=True)
class Category:
    key: str
    name: str
    direction: Direction
    group: Group = Group.OPERATING


R, P = Direction.RECEIPT, Direction.DISBURSEMENT
F = Group.FINANCING

CATEGORIES: tuple[Category, ...] = (
    Category("collections", "Collections from customers (trade receivables)", R),
    Category("cash_sales", "Cash sales", R),
    Category("customer_deposits", "Customer deposits and prepayments", R),
    Category("vat_refunds", "VAT refunds", R),
    Category("subsidies", "Subsidies and premiums", R),
    Category("asset_sales", "Sale of assets", R, F),
    Category("new_funding", "New loans or credit drawn", R, F),
    Category("capital_injection", "Capital injection by the owners", R, F),
    Category("other_receipts", "Other receipts", R),
    Category("net_wages", "Net wages", P),
    Category("rsz", "RSZ contributions", P),
    Category("withholding_tax", "Withholding tax on wages (bedrijfsvoorheffing)", P),
    Category("suppliers", "Suppliers", P),
    Category("rent_utilities", "Rent, energy and utilities", P),
    Category("insurance_leases", "Insurance and leases", P),
    Category("vat_payable", "VAT payable", P),
    Category("tax_prepayments", "Corporate tax prepayments", P),
    Category("self_employed_contributions", "Self-employed social contributions", P),
    Category("loan_repayments", "Loan repayments (principal and interest)", P, F),
    Category("capex", "Investments", P, F),
    Category("owner_drawings", "Owner drawings", P, F),
    Category("other_disbursements", "Other disbursements", P),
)
_BY_KEY = {c.key: c for c in CATEGORIES}


def category(key: str) -> Category:
    try:
        return _BY_KEY[key]
    except KeyError:
        raise KeyError(f"Unknown cash-flow category {key!r}.") from None


@dataclass(frozen=True)
class Cell:
    week_start: dt.date
    category: str
    forecast: Decimal | None = None
    actual: Decimal | None = None

    def __post_init__(self) -> None:
        category(self.category)
        for amount in (self.forecast, self.actual):
            if amount is not None and amount < 0:
                raise ValueError(
                    "Cash-flow amounts are positive; the category says whether money comes in "
                    "or goes out."
                )

    @property
    def effective(self) -> Decimal:
        if self.actual is not None:
            return self.actual
        return self.forecast if self.forecast is not None else ZERO


@dataclass(frozen=True)
class CashFlowInput:
    start: dt.date
    opening_cash: Decimal
    cells: tuple[Cell, ...] = ()
    #: the credit-line limit less what is drawn at the start
    undrawn_credit: Decimal = ZERO
    #: the minimum cash to keep (e.g. one month of operating costs)
    minimum_buffer: Decimal = ZERO
    weeks: int = WEEKS

    def week_start(self, index: int) -> dt.date:
        """The first day of week ``index`` (1-based)."""
        return self.start + dt.timedelta(weeks=index - 1)

    def week_index(self, day: dt.date) -> int | None:
        """The week (1-based) a week-start date belongs to, None outside the window.

        ValueError when ``day`` is not the first day of a week of the grid."""
        days = (day - self.start).days
        if days % 7:
            raise ValueError(f"{day.isoformat()} is not the start of a week of this forecast.")
        index = days // 7 + 1
        return index if 1 <= index <= self.weeks else None


@dataclass(frozen=True)
class Week:
    index: int
    start: dt.date
    end: dt.date
    opening: Decimal
    receipts: dict[str, Decimal]
    disbursements: dict[str, Decimal]
    total_receipts: Decimal
    total_disbursements: Decimal
    closing: Decimal
    undrawn_credit: Decimal
    headroom: Decimal
    below_buffer: bool
    #: the week has ended before ``as_of``
    past: bool
    #: at least one actual amount was recorded for the week
    has_actuals: bool
    #: sums of the forecast amounts alone, for forecast-against-actual
    forecast_receipts: Decimal
    forecast_disbursements: Decimal

    @property
    def net(self) -> Decimal:
        with finance_context():
            return self.total_receipts - self.total_disbursements

    @property
    def forecast_net(self) -> Decimal:
        with finance_context():
            return self.forecast_receipts - self.forecast_disbursements

    @property
    def variance(self) -> Decimal | None:
        """Actual net cash flow less the forecast one, once actuals are in."""
        if not self.has_actuals:
            return None
        with finance_context():
            return self.net - self.forecast_net


@dataclass(frozen=True)
class Forecast:
    input: CashFlowInput
    weeks: tuple[Week, ...]
    as_of: dt.date

    @property
    def first_week_below_buffer(self) -> Week | None:
        return next((w for w in self.weeks if w.below_buffer), None)

    @property
    def first_week_without_headroom(self) -> Week | None:
        """The first week in which even the undrawn credit does not cover the shortfall."""
        return next((w for w in self.weeks if w.headroom < 0), None)

    @property
    def lowest_closing(self) -> Week:
        return min(self.weeks, key=lambda w: (w.closing, w.index))

    @property
    def closing(self) -> Decimal:
        return self.weeks[-1].closing

    def total(self, key: str) -> Decimal:
        """The 13-week total of one category (effective amounts)."""
        with finance_context():
            return sum(
                (w.receipts.get(key, ZERO) + w.disbursements.get(key, ZERO) for w in self.weeks),
                ZERO,
            )

    @property
    def total_receipts(self) -> Decimal:
        with finance_context():
            return sum((w.total_receipts for w in self.weeks), ZERO)

    @property
    def total_disbursements(self) -> Decimal:
        with finance_context():
            return sum((w.total_disbursements for w in self.weeks), ZERO)


def compute_forecast(data: CashFlowInput, *, as_of: dt.date) -> Forecast:
    """The weekly balances. Cells outside the window are ignored; cells not on a week start of
    the grid are refused (ValueError)."""
    by_week: dict[int, list[Cell]] = {}
    for cell in data.cells:
        index = data.week_index(cell.week_start)
        if index is not None:
            by_week.setdefault(index, []).append(cell)
    weeks: list[Week] = []
    opening = data.opening_cash
    with finance_context():
        for index in range(1, data.weeks + 1):
            start = data.week_start(index)
            end = start + dt.timedelta(days=6)
            receipts: dict[str, Decimal] = {}
            disbursements: dict[str, Decimal] = {}
            forecast_in = forecast_out = ZERO
            has_actuals = False
            for cell in by_week.get(index, []):
                direction = category(cell.category).direction
                bucket = receipts if direction == Direction.RECEIPT else disbursements
                bucket[cell.category] = bucket.get(cell.category, ZERO) + cell.effective
                planned = cell.forecast or ZERO
                if direction == Direction.RECEIPT:
                    forecast_in += planned
                else:
                    forecast_out += planned
                has_actuals = has_actuals or cell.actual is not None
            total_in = sum(receipts.values(), ZERO)
            total_out = sum(disbursements.values(), ZERO)
            closing = opening + total_in - total_out
            weeks.append(
                Week(
                    index=index,
                    start=start,
                    end=end,
                    opening=opening,
                    receipts=receipts,
                    disbursements=disbursements,
                    total_receipts=total_in,
                    total_disbursements=total_out,
                    closing=closing,
                    undrawn_credit=data.undrawn_credit,
                    headroom=closing + data.undrawn_credit,
                    below_buffer=closing < data.minimum_buffer,
                    past=end < as_of,
                    has_actuals=has_actuals,
                    forecast_receipts=forecast_in,
                    forecast_disbursements=forecast_out,
                )
            )
            opening = closing
    return Forecast(data, tuple(weeks), as_of)


def roll_forward(
    data: CashFlowInput, *, as_of: dt.date, bank_balance: Decimal | None = None
) -> CashFlowInput:
    """Drop week 1 and add week 14: the window starts a week later, and the new opening cash
    is the reconciled ``bank_balance`` when given, else week 1's closing cash. Cells are kept
    (the ones before the window are history; compute_forecast ignores them)."""
    first = compute_forecast(data, as_of=as_of).weeks[0]
    opening = bank_balance if bank_balance is not None else first.closing
    return replace(data, start=data.start + dt.timedelta(weeks=1), opening_cash=opening)


def cells_by_key(cells: Iterable[Cell]) -> dict[tuple[dt.date, str], Cell]:
    return {(c.week_start, c.category): c for c in cells}


def receipt_categories() -> Sequence[Category]:
    return [c for c in CATEGORIES if c.direction == Direction.RECEIPT]


def disbursement_categories() -> Sequence[Category]:
    return [c for c in CATEGORIES if c.direction == Direction.DISBURSEMENT]
