"""Worked examples computed by hand (the arithmetic is written out in the tests that use them)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from belronde.finance.codes import Schema
from belronde.finance.figures import Figures

#: An abbreviated-model BV, financial year 2021. Totals equal the sums of their parts:
#: 20/58 = 21/28 + 29/58 = 200.000 + 300.000; 29/58 = 3 + 40/41 + 54/58 + 490/1
#: = 80.000 + 150.000 + 60.000 + 10.000; 10/15 = 10/11 + 13 + 14 = 20.000 + 2.000 + 98.000;
#: 17/49 = 17 + 42/48 + 492/3 = 100.000 + 260.000 + 10.000; 10/49 = 120.000 + 10.000 + 370.000.
#: Turnover (70) is not disclosed, as the abbreviated model allows.
EXAMPLE_A = {
    "20/58": 500000, "21/28": 200000, "29/58": 300000, "3": 80000, "40/41": 150000,
    "54/58": 60000, "490/1": 10000, "10/15": 120000, "10/11": 20000, "13": 2000, "14": 98000,
    "16": 10000, "17/49": 370000, "17": 100000, "42/48": 260000, "492/3": 10000, "45": 52000,
    "10/49": 500000, "9900": 400000, "9901": 40000, "9904": 25000, "630": 30000, "635/8": 5000,
}  # fmt: skip


def example_a(year: int = 2021) -> Figures:
    return Figures.from_mapping(year, EXAMPLE_A, schema=Schema.ABBREVIATED)


#: Altman's named inputs with every field (so Z, Z', Z'' and EMS are computable).
EXAMPLE_B: dict[str, Any] = {
    "total_assets": Decimal(1000000),
    "current_assets": Decimal(400000),
    "current_liabilities": Decimal(250000),
    "retained_earnings": Decimal(200000),
    "ebit": Decimal(100000),
    "market_value_equity": Decimal(600000),
    "book_equity": Decimal(500000),
    "total_liabilities": Decimal(500000),
    "sales": Decimal(1500000),
}

#: A firm in distress: negative working capital, losses, negative equity.
EXAMPLE_C: dict[str, Any] = {
    "total_assets": Decimal(200000),
    "current_assets": Decimal(50000),
    "current_liabilities": Decimal(120000),
    "retained_earnings": Decimal(-60000),
    "ebit": Decimal(-10000),
    "book_equity": Decimal(-20000),
    "total_liabilities": Decimal(220000),
}
