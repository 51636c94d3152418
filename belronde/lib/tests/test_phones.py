"""Phone numbers as people read them (stored in E.164, shown the Belgian way)."""

import pytest
from django.template import Context, Template

from belronde.lib.phones import display


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("+32495157455", "0495 15 74 55"),
        ("+3215123456", "015 12 34 56"),
        ("+3225551234", "02 555 12 34"),
        ("+31201234567", "+31 20 123 4567"),
        ("", ""),
        (None, ""),
        ("na 18 uur", "na 18 uur"),
    ],
)
def test_display(stored, shown):
    assert display(stored) == shown


def test_the_filter_is_a_builtin_of_every_template():
    html = Template('<a href="tel:{{ n }}">{{ n|phone }}</a>').render(
        Context({"n": "+32495157455"})
    )
    assert html == '<a href="tel:+32495157455">0495 15 74 55</a>'
