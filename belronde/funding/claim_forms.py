"""Forms of the claim pages: the period to prepare, the confirmation of a submission, the
funder's payment. Each feeds one action of ``funding.actions``, which checks the rest (the
period's format and start, an earlier draft, an empty claim, a payment before the submission)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from belronde.lib.bounds import VERSION_MAX

#: the largest amount a money column holds (12 digits, 2 of them decimals)
MONEY_MAX = Decimal("9999999999.99")

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PrepareForm(forms.Form):
    """The period of a new (or rebuilt) draft claim, chosen from the programme's periods."""

    period = forms.ChoiceField(label=_("Period"))

    def __init__(self, *args: Any, periods: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["period"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = periods


class SubmitForm(forms.Form):
    """Submitting freezes the claim: the person confirms it, for the version they looked at."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=VERSION_MAX)
    confirm = forms.BooleanField(
        label=_(
            "I checked the lines and the total: submit this claim to the funder. It cannot be "
            "changed afterwards; a correction goes into the claim of a later period."
        ),
        error_messages={"required": _("Tick the box to confirm the submission.")},
    )


class PaidForm(forms.Form):
    """The funder paid a submitted claim: when, and how much."""

    paid_on = forms.DateField(label=_("Paid on"), widget=_DATE)
    amount = forms.DecimalField(
        label=_("Amount paid (EUR)"),
        min_value=Decimal("0"),
        max_value=MONEY_MAX,
        max_digits=12,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        help_text=_("As on the bank statement; the claim's total unless the funder paid less."),
    )
