"""Reading amounts as people and spreadsheets write them in Belgium, into exact Decimals.

Accepted: ``1234``, ``1234,56``, ``1.234,56``, ``-1.234.567,89``, ``(1.234)`` (an accountant's
negative), ``1234.56`` (a machine's decimal point, one or two decimals), ``€ 1 234,56``,
``1.234,56 EUR``, a leading apostrophe (Excel's text marker) and non-breaking or thin spaces.

A single dot followed by exactly three digits groups thousands, as in Belgium (``1.234`` is
1234; ``0.125`` is a decimal). Refused, with a reason: ``1,234.56`` (the American order:
ambiguous here), dots that do not group thousands (``12.34.5``), more than one decimal comma,
scientific notation (``1,2E+05``: a column formatted as a number in Excel), letters and empty
text.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

__all__ = ["AmountError", "parse_amount"]


class AmountError(ValueError):
    """Text that is not an amount. ``code`` names the reason for translation by the caller."""

    def __init__(self, code: str, text: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.text = text
        self.message = message


_SPACES = re.compile(r"[\s\u00a0\u2007\u2009\u202f\u200b]+")
_CURRENCY = re.compile(r"^(?:€|eur|euro)|(?:€|eur|euro)$", re.IGNORECASE)
_GROUPED = re.compile(r"^\d{1,3}(?:\.\d{3})+$")


def parse_amount(text: str) -> Decimal:
    """The Decimal written in ``text`` (see the module docstring for what is accepted)."""
    raw = text
    value = _SPACES.sub("", text or "")
    if value.startswith("'"):
        value = value[1:]
    value = _CURRENCY.sub("", value)
    if not value:
        raise AmountError("empty", raw, "No amount given.")
    negative = False
    if value.startswith("(") and value.endswith(")"):
        negative, value = True, value[1:-1]
    if value[:1] in "+-":
        negative = negative != (value[0] == "-")
        value = value[1:]
    if value.endswith("-"):  # "1.234,56-" as some bookkeeping exports write it
        negative, value = not negative, value[:-1]
    if re.search(r"[eE]", value) and re.fullmatch(r"[\d.,]+[eE][+-]?\d+", value):
        raise AmountError(
            "scientific",
            raw,
            f"{raw!r} is in scientific notation: format the column as text or number with "
            "all digits in the spreadsheet.",
        )
    if not re.fullmatch(r"[\d.,]+", value) or not re.search(r"\d", value):
        raise AmountError("not_a_number", raw, f"{raw!r} is not an amount.")
    whole, fraction = _split(value, raw)
    if not whole and not fraction:
        raise AmountError("not_a_number", raw, f"{raw!r} is not an amount.")
    try:
        number = Decimal(f"{whole or '0'}.{fraction}" if fraction else whole)
    except InvalidOperation:
        raise AmountError("not_a_number", raw, f"{raw!r} is not an amount.") from None
    return -number if negative else number


def _split(value: str, raw: str) -> tuple[str, str]:
    """Integer and fraction digits of ``value`` (digits, dots and commas only)."""
    commas, dots = value.count(","), value.count(".")
    if commas and dots:
        if value.rfind(".") > value.rfind(","):
            raise AmountError(
                "ambiguous",
                raw,
                f"{raw!r} uses a point for decimals and commas for thousands; write it the "
                "Belgian way (1.234,56) or without thousands separators (1234.56).",
            )
        if commas > 1:
            raise AmountError("not_a_number", raw, f"{raw!r} has more than one decimal comma.")
        whole, fraction = value.split(",")
        if not _GROUPED.fullmatch(whole):
            raise AmountError(
                "grouping", raw, f"{raw!r}: the dots do not separate groups of three digits."
            )
        return whole.replace(".", ""), fraction
    if commas:
        if commas > 1:
            raise AmountError("not_a_number", raw, f"{raw!r} has more than one decimal comma.")
        whole, fraction = value.split(",")
        return whole, fraction
    if dots > 1:
        if not _GROUPED.fullmatch(value):
            raise AmountError(
                "grouping", raw, f"{raw!r}: the dots do not separate groups of three digits."
            )
        return value.replace(".", ""), ""
    if dots == 1:
        whole, fraction = value.split(".")
        if _GROUPED.fullmatch(value) and not whole.startswith("0"):
            return whole + fraction, ""  # 1.234 is one thousand two hundred and thirty-four
        return whole, fraction
    return value, ""
