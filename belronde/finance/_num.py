"""Decimal helpers shared by the finance modules: one context, explicit rounding, no floats."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext

#: Every computation runs with 40 significant digits, whatever the caller's context, so that
#: results do not depend on global state and scaling all amounts by a constant is exact.
PRECISION = 40

FOUR_PLACES = Decimal("0.0001")
TWO_PLACES = Decimal("0.01")
HUNDRED = Decimal(100)
ZERO = Decimal(0)


@contextmanager
def finance_context() -> Iterator[Context]:
    """A local decimal context with :data:`PRECISION` digits and half-up rounding."""
    with localcontext() as ctx:
        ctx.prec = PRECISION
        ctx.rounding = ROUND_HALF_UP
        yield ctx


def to_decimal(value: Decimal | int | str) -> Decimal:
    """A Decimal from an int, str or Decimal; floats are refused (binary fractions lie)."""
    if isinstance(value, bool | float):
        raise TypeError("Amounts are never floats or booleans; pass a Decimal, int or str.")
    result = Decimal(value)
    if not result.is_finite():
        raise ValueError(f"{value!r} is not a finite number.")
    return result


def round4(value: Decimal) -> Decimal:
    """Round half up to four decimals (how scores and ratios are reported)."""
    return value.quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)


def round2(value: Decimal) -> Decimal:
    """Round half up to cents."""
    return value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
