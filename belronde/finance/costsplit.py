"""Who pays what of a coaching trajectory: the funder, the participant and the federation.

Pure (no Django), exact (``Decimal``), to the cent. The programme's cost model (DESIGN.md 3,
issue 14): the funder (the city) contributes up to ``contribution`` per trajectory, the
participant pays at most ``participant_cap`` of what is left, the federation pays the rest:

    funder      = min(contribution, price)
    participant = min(participant_cap, price - funder)
    federation  = price - funder - participant

Every part is >= 0 and the three add up to the price exactly. Amounts are given with at most two
decimals (cents); anything else is refused with :class:`SplitError` rather than rounded, because
a rounded amount would no longer add up to what was agreed. VAT is computed per part with
:func:`vat`, rounded half-up to the cent (the Belgian invoicing rule), 0 % allowed.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

__all__ = ["CENT", "Split", "SplitError", "amount", "split", "vat"]

CENT = Decimal("0.01")
#: the largest amount accepted (a trajectory costs hundreds or thousands of euro, not billions)
MAXIMUM = Decimal("1000000000")


class SplitError(ValueError):
    """An amount that cannot be used: negative, not a number, or more precise than a cent."""


@dataclass(frozen=True)
class Split:
    price: Decimal
    funder: Decimal
    participant: Decimal
    federation: Decimal

    def as_json(self) -> dict[str, str]:
        """Amounts as strings with two decimals (JSON numbers would lose the exactness)."""
        return {
            "price": f"{self.price:.2f}",
            "funder": f"{self.funder:.2f}",
            "participant": f"{self.participant:.2f}",
            "federation": f"{self.federation:.2f}",
        }


def amount(value: object, name: str) -> Decimal:
    """``value`` (a Decimal, an int or text such as "900" or "350.50") as an amount in cents."""
    if isinstance(value, float | bool):
        raise SplitError(f"{name} must be given exactly (as text or Decimal), not as {value!r}.")
    try:
        number = Decimal(str(value).strip()) if not isinstance(value, Decimal) else value
    except InvalidOperation:
        raise SplitError(f"{name} is not a number: {value!r}.") from None
    if not number.is_finite():
        raise SplitError(f"{name} is not a number: {value!r}.")
    if number < 0:
        raise SplitError(f"{name} cannot be negative: {value}.")
    if number > MAXIMUM:
        raise SplitError(f"{name} is too large: {value}.")
    if number != number.quantize(CENT):
        raise SplitError(f"{name} has more than two decimals: {value}.")
    return number.quantize(CENT)


def split(price: object, contribution: object, participant_cap: object) -> Split:
    """Split ``price`` between the funder, the participant and the federation."""
    total = amount(price, "price")
    funder = min(amount(contribution, "contribution"), total)
    participant = min(amount(participant_cap, "participant cap"), total - funder)
    federation = total - funder - participant
    return Split(price=total, funder=funder, participant=participant, federation=federation)


def vat(net: object, rate_percent: object) -> Decimal:
    """The VAT on ``net`` at ``rate_percent`` (0, 6, 21, ...), rounded half-up to the cent."""
    base = amount(net, "net amount")
    try:
        rate = Decimal(str(rate_percent).strip())
    except InvalidOperation:
        raise SplitError(f"VAT rate is not a number: {rate_percent!r}.") from None
    if not rate.is_finite() or not 0 <= rate <= 100:
        raise SplitError(f"VAT rate must be between 0 and 100 %: {rate_percent}.")
    return (base * rate / 100).quantize(CENT, rounding=ROUND_HALF_UP)
