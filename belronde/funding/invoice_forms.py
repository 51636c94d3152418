"""Forms of the invoice pages: a credit note's reason, a payment recorded by hand, a bank CSV."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from belronde.finance.amounts import AmountError, parse_amount
from belronde.lib.money import format_number

#: the largest bank export accepted through the page
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
#: what a bank's CSV export is called (some banks write .txt)
UPLOAD_SUFFIXES = (".csv", ".txt")
#: the largest amount a money field holds (max_digits 12, two decimals)
MAX_AMOUNT = Decimal("9999999999.99")
_CENT = Decimal("0.01")
_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CreditNoteForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the invoice credited?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Printed on the credit note and kept in the audit log. The invoice itself never "
            "changes."
        ),
    )

    def clean_reason(self) -> str:
        reason = str(self.cleaned_data["reason"]).strip()
        if not reason:
            raise ValidationError(_("Give the reason for the credit note."))
        return reason


class AmountField(forms.Field):
    """An amount of more than zero, as Belgians write it (242,00; 1.234,56; 242.00)."""

    widget = forms.TextInput

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        attrs.update({"inputmode": "decimal", "autocomplete": "off", "maxlength": "40"})
        return attrs

    def prepare_value(self, value: Any) -> Any:
        return format_number(value, 2) if isinstance(value, Decimal) else value

    def to_python(self, value: Any) -> Decimal | None:
        text = str(value).strip() if value is not None else ""
        if not text:
            return None
        if len(text) > 40:
            raise ValidationError(_("Enter an amount, for example 242,00."))
        try:
            amount = parse_amount(text)
        except AmountError:
            raise ValidationError(_("Enter an amount, for example 242,00.")) from None
        if amount > MAX_AMOUNT:  # first: a huge number cannot be rounded to cents
            raise ValidationError(_("Amounts go up to 9.999.999.999,99."))
        if amount <= 0:
            raise ValidationError(_("A payment is more than zero."))
        if amount != amount.quantize(_CENT):
            raise ValidationError(_("An amount has at most two decimals (cents)."))
        return amount.quantize(_CENT)


class PaymentForm(forms.Form):
    amount = AmountField(label=_("Amount received (EUR)"))
    paid_on = forms.DateField(label=_("Received on"), widget=_DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"paid_on": timezone.localdate()})
        super().__init__(*args, **kwargs)

    def clean_paid_on(self) -> dt.date:
        day: dt.date = self.cleaned_data["paid_on"]
        if day > timezone.localdate():
            raise ValidationError(_("A payment cannot be received in the future."))
        if day.year < 2000:
            raise ValidationError(_("Enter the date the money was received."))
        return day


class BankUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Bank export (CSV)"),
        help_text=_(
            "The account's transactions as your bank exports them to CSV (KBC, BNP Paribas "
            "Fortis, Belfius, ING or another bank with column names), at most 5 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,text/csv"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(_("The file is larger than 5 MB."))
        if not str(upload.name).lower().endswith(UPLOAD_SUFFIXES):
            raise ValidationError(_("Upload the bank's CSV export (a .csv file)."))
        return upload
