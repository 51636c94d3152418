from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from belronde.analyses import labels
from belronde.analyses.actions import MAX_AMOUNT
from belronde.analyses.models import LegalForm, Schema, SignalAnswer
from belronde.finance import cashflow, codes
from belronde.finance.amounts import AmountError, parse_amount
from belronde.finance.imports import MAX_BYTES
from belronde.lib.money import format_number

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

_AMOUNT_ERRORS = {
    "ambiguous": _("Ambiguous amount: write 1.234,56 or 1234.56."),
    "grouping": _("The dots do not separate groups of three digits."),
    "scientific": _("Scientific notation: write all the digits."),
    "not_a_number": _("Enter an amount, for example 1.234,56."),
    "empty": _("Enter an amount, for example 1.234,56."),
}

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AmountField(forms.Field):
    """An amount as Belgians write it (1.234,56; -1.234; 1234.56), cleaned to a Decimal."""

    widget = forms.TextInput

    def __init__(
        self,
        *,
        minimum: Decimal | None = None,
        minimum_message: StrOrPromise | None = None,
        **kwargs: Any,
    ) -> None:
        self.minimum = minimum
        self.minimum_message = minimum_message or _("Enter a positive amount.")
        super().__init__(**kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        attrs.update(
            {"inputmode": "decimal", "autocomplete": "off", "class": "amount", "maxlength": "40"}
        )
        return attrs

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal):
            places = 0 if value == value.to_integral_value() else 2
            return format_number(value, places)
        return value

    def to_python(self, value: Any) -> Decimal | None:
        text = str(value).strip() if value is not None else ""
        if not text:
            return None
        if len(text) > 40:
            raise ValidationError(_("Enter an amount, for example 1.234,56."))
        try:
            amount = parse_amount(text)
        except AmountError as exc:
            raise ValidationError(
                _AMOUNT_ERRORS.get(exc.code, _AMOUNT_ERRORS["not_a_number"])
            ) from None
        if abs(amount) > MAX_AMOUNT:
            raise ValidationError(_("Amounts go up to 9.999.999.999,99."))
        if self.minimum is not None and amount < self.minimum:
            raise ValidationError(self.minimum_message)
        return amount


class AnalysisCreateForm(forms.Form):
    organisation = forms.CharField(widget=forms.HiddenInput, required=False)
    schema = forms.ChoiceField(
        label=_("Annual-accounts model"),
        choices=Schema.choices,
        initial=Schema.ABBREVIATED,
        help_text=_("Most SMEs file the abbreviated model; the smallest the micro model."),
    )

    def clean_organisation(self) -> str:
        code: str = self.cleaned_data.get("organisation") or ""
        if not code:
            raise ValidationError(
                _("Choose the organisation: search by name or enterprise number.")
            )
        return code


def code_field_name(code: str) -> str:
    """``20/58`` -> ``c_20_58``; ``70/76A`` -> ``c_70_76A``."""
    return "c_" + code.replace("/", "_")


class FiguresForm(forms.Form):
    """One financial year, entered by annual-account code."""

    year = forms.IntegerField(label=_("Financial year"), min_value=1950, max_value=2100)
    end_date = forms.DateField(
        label=_("Year end"),
        required=False,
        widget=_DATE,
        help_text=_("Leave empty for 31 December."),
    )

    def __init__(
        self, *args: Any, schema: codes.Schema, language: str, show_all: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        other = "en" if language.startswith("nl") else "nl"
        self.rubrics = codes.RUBRICS if show_all else codes.codes_for(schema)
        for rubric in self.rubrics:
            field = AmountField(
                label=f"{rubric.code} · {rubric.label(language)}",
                required=False,
                minimum=Decimal(0) if rubric.non_negative else None,
                minimum_message=_("A number of people cannot be negative."),
            )
            field.rubric = rubric  # type: ignore[attr-defined]
            # the other language's name is searchable in the code filter, not shown as a subtitle
            field.other_label = rubric.label(other)  # type: ignore[attr-defined]
            self.fields[code_field_name(rubric.code)] = field

    def sections(self) -> list[tuple[str, list[forms.BoundField]]]:
        titles = {
            codes.Section.ASSETS: _("Assets"),
            codes.Section.LIABILITIES: _("Equity and liabilities"),
            codes.Section.INCOME: _("Income statement"),
            codes.Section.ANNEX: _("Notes"),
        }
        grouped: dict[codes.Section, list[forms.BoundField]] = {}
        for rubric in self.rubrics:
            grouped.setdefault(rubric.section, []).append(self[code_field_name(rubric.code)])
        return [(str(titles[s]), fields) for s, fields in grouped.items()]

    def values(self) -> dict[str, Decimal | None]:
        return {r.code: self.cleaned_data.get(code_field_name(r.code)) for r in self.rubrics}


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("NBB authentic data (JSON) or a CSV with code;value;year. At most 2 MB."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise ValidationError(_("The file is larger than 2 MB."))
        name = upload.name.lower()
        if not name.endswith((".json", ".csv", ".txt")):
            raise ValidationError(_("Upload a .json or .csv file."))
        return upload


_JUDGEMENT = [("", _("not assessed")), ("yes", _("yes")), ("no", _("no"))]


class JudgementField(forms.TypedChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            choices=_JUDGEMENT,
            coerce=lambda v: {"yes": True, "no": False}.get(v),
            empty_value=None,
            required=False,
            **kwargs,
        )

    def prepare_value(self, value: Any) -> Any:
        return {True: "yes", False: "no"}.get(value, value if isinstance(value, str) else "")


class SettingsForm(forms.Form):
    schema = forms.ChoiceField(label=_("Annual-accounts model"), choices=Schema.choices)
    legal_form = forms.ChoiceField(label=_("Legal form"), choices=LegalForm.choices)
    liquidity_doubt_12m = JudgementField(
        label=_("Is it uncertain that the company can pay its debts over the next 12 months?"),
        help_text=_("The board's judgement for art. 5:153 (BV) and 6:119 (CV)."),
    )
    net_assets_at_risk = JudgementField(
        label=_("Do the net assets risk becoming negative?"),
        help_text=_("For example when this year's expected loss exceeds the net assets."),
    )
    rd_costs = AmountField(
        label=_("Research and development costs not yet written off"),
        required=False,
        minimum=Decimal(0),
        help_text=_("Deducted from the net assets, as the Code requires. Leave empty if none."),
    )
    last_filed_year_end = forms.DateField(
        label=_("Year end of the last annual accounts filed"),
        required=False,
        widget=_DATE,
        help_text=_("Filled in by an NBB import; used for the signal on unfiled accounts."),
    )


class SignalForm(forms.Form):
    key = forms.ChoiceField(choices=[(k, k) for k in labels.SIGNALS], widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("What you know"), choices=SignalAnswer.Status.choices)
    note = forms.CharField(
        label=_("Evidence"),
        required=False,
        max_length=500,
        help_text=_("What shows it: a letter, a register, what the entrepreneur said."),
    )


class ConclusionForm(forms.Form):
    conclusion = forms.CharField(
        label=_("Conclusion"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Your reading of the figures, for the entrepreneur. It opens the report."),
    )


class CashflowSettingsForm(forms.Form):
    start_date = forms.DateField(
        label=_("Week 1 starts on"),
        widget=_DATE,
        help_text=_("Usually the Monday of the current week."),
    )
    opening_cash = AmountField(
        label=_("Cash at the start"), help_text=_("All bank accounts together.")
    )
    undrawn_credit = AmountField(
        label=_("Undrawn credit"),
        minimum=Decimal(0),
        required=False,
        help_text=_("Credit-line limit less what is drawn."),
    )
    minimum_buffer = AmountField(
        label=_("Minimum cash buffer"),
        minimum=Decimal(0),
        required=False,
        help_text=_("For example one month of operating costs."),
    )

    def clean_start_date(self) -> dt.date:
        start: dt.date = self.cleaned_data["start_date"]
        today = timezone.localdate()
        if abs((start - today).days) > 366:
            raise ValidationError(_("Start within a year of today."))
        return start


class RollForm(forms.Form):
    bank_balance = AmountField(
        label=_("Bank balance now (optional)"),
        required=False,
        help_text=_("The reconciled balance; empty: week 1's closing cash carries over."),
    )


class CellForm(forms.Form):
    week = forms.IntegerField(min_value=1, max_value=cashflow.WEEKS)
    category = forms.ChoiceField(choices=[(c.key, c.key) for c in cashflow.CATEGORIES])
    kind = forms.ChoiceField(choices=[("forecast", "forecast"), ("actual", "actual")])
    amount = AmountField(required=False, minimum=Decimal(0))


def grid_field_name(kind: str, week: int, key: str) -> str:
    return f"{'f' if kind == 'forecast' else 'a'}_{week}_{key}"


class GridForm(forms.Form):
    """The whole grid in one form (without JavaScript): one field per week, category and kind
    (actuals only for weeks that have begun)."""

    def __init__(self, *args: Any, actual_weeks: set[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.actual_weeks = actual_weeks
        for category in cashflow.CATEGORIES:
            for week in range(1, cashflow.WEEKS + 1):
                kinds = ["forecast", "actual"] if week in actual_weeks else ["forecast"]
                for kind in kinds:
                    self.fields[grid_field_name(kind, week, category.key)] = AmountField(
                        required=False, minimum=Decimal(0)
                    )

    def edits(self) -> list[tuple[int, str, str, Decimal | None]]:
        result: list[tuple[int, str, str, Decimal | None]] = []
        for category in cashflow.CATEGORIES:
            for week in range(1, cashflow.WEEKS + 1):
                kinds = ["forecast", "actual"] if week in self.actual_weeks else ["forecast"]
                for kind in kinds:
                    name = grid_field_name(kind, week, category.key)
                    result.append((week, category.key, kind, self.cleaned_data.get(name)))
        return result
