"""Belgian display of money and numbers: 1.234,56 EUR. Pure functions, no Django."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

TWO_PLACES = Decimal("0.01")


def to_money(value: Decimal | int | str) -> Decimal:
    """A Decimal rounded to cents (half up, as on an invoice). Floats are refused."""
    if isinstance(value, float):
        raise TypeError("Money is never a float; pass a Decimal, int or str.")
    try:
        return Decimal(value).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
    except InvalidOperation:
        raise ValueError(f"{value!r} is not an amount of money.") from None


def format_number(value: Decimal | int, places: int = 0) -> str:
    """1234567.891 -> '1.234.567,89' with places=2; Belgian separators."""
    quantum = Decimal(1).scaleb(-places)
    number = Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if number < 0 else ""
    whole, _, fraction = f"{abs(number):f}".partition(".")
    groups: list[str] = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    text = ".".join(groups) or "0"
    if places:
        text += "," + fraction.ljust(places, "0")[:places]
    return sign + text


def format_money(value: Decimal | int | str, currency: str = "EUR") -> str:
    """Decimal('1234.5') -> '1.234,50 EUR'."""
    return f"{format_number(to_money(value), 2)} {currency}"
