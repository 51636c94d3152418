import datetime as dt
from decimal import Decimal

from django.template import Context, Template
from django.utils import translation


def test_dates_and_numbers_use_belgian_formats_in_both_languages():
    template = Template('{{ d|date:"SHORT_DATE_FORMAT" }} {{ n|money }} {{ x|number:2 }}')
    context = Context(
        {"d": dt.date(2021, 12, 31), "n": Decimal("1234.56"), "x": Decimal("3.14159")}
    )
    for language in ("nl", "en"):
        with translation.override(language):
            assert template.render(context) == "31/12/2021 1.234,56 EUR 3,14"
