"""Phone numbers as people read them.

Numbers are stored in E.164 (``+32495157455``), which is right for ``tel:`` links and for the
API but hard to read aloud. :func:`display` writes a Belgian number the way Belgians write it
(``0495 15 74 55``, ``015 12 34 56``) and a foreign one in international format
(``+31 20 123 4567``), through the phonenumbers library; text that is not a number stays as it is.
"""

from __future__ import annotations

import phonenumbers

HOME_REGION = "BE"


def display(value: str | None) -> str:
    if not value:
        return ""
    try:
        number = phonenumbers.parse(value, HOME_REGION)
    except phonenumbers.NumberParseException:
        return value
    if not phonenumbers.is_possible_number(number):
        return value
    home = phonenumbers.region_code_for_number(number) == HOME_REGION
    style = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if home
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(number, style)
