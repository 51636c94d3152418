"""Forms of the programme pages: a new programme with its first cost model, its settings, a
later cost model, and the coordinator's enrolment forms (an exception, the hours of a tailored
trajectory, enrolling a trajectory). Each form feeds one action; the actions check the rest
(the IBAN and BIC, the window, what a submitted claim froze)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from belronde.funding.actions import PROGRAMME_FIELDS, CostModel
from belronde.funding.models import Funder, Programme
from belronde.lib.bounds import VERSION_MAX

#: the largest amount a money column holds (12 digits, 2 of them decimals)
MONEY_MAX = Decimal("9999999999.99")
#: the highest VAT rate the actions accept (%)
VAT_MAX = Decimal("50")
#: the most trajectories a budget may count
TRAJECTORIES_MAX = 1_000_000
#: the latest payment term of an invoice (days)
PAYMENT_DAYS_MAX = 365

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_AMOUNT = {"inputmode": "decimal", "autocomplete": "off"}


def _money(label: Any, *, required: bool = True, help_text: Any = "") -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=Decimal("0"),
        max_value=MONEY_MAX,
        max_digits=12,
        decimal_places=2,
        localize=True,
        help_text=help_text,
        widget=forms.TextInput(attrs=_AMOUNT),
    )


def _vat(label: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        min_value=Decimal("0"),
        max_value=VAT_MAX,
        max_digits=4,
        decimal_places=2,
        initial=Decimal("0"),
        localize=True,
        widget=forms.TextInput(attrs=_AMOUNT),
    )


def _version() -> forms.IntegerField:
    return forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=VERSION_MAX)


def _status_choices() -> list[tuple[str, Any]]:
    return [(value, capfirst(label)) for value, label in Programme.Status.choices]


CLAIM_PERIODS = [
    (3, _("Per quarter (2021Q1)")),
    (1, _("Per month (2021M03)")),
    (12, _("Per year (2021)")),
]


class CostModelForm(forms.Form):
    """The cost model of a trajectory: its price, the funder's contribution, the participant's
    cap (the federation pays the rest) and the VAT on each part."""

    price = _money(_("Standard price of a trajectory (EUR, excl. VAT)"))
    hourly_rate = _money(
        _("Hourly rate of a tailored trajectory (EUR, excl. VAT)"),
        required=False,
        help_text=_("Leave empty when every trajectory has the standard price."),
    )
    contribution = _money(_("Funder contribution per trajectory (EUR)"))
    participant_cap = _money(
        _("Participant pays at most (EUR)"),
        help_text=_("The federation pays what the funder and the participant do not."),
    )
    vat_funder = _vat(_("VAT on the funder's part (%)"))
    vat_participant = _vat(_("VAT on the participant's part (%)"))
    vat_federation = _vat(_("VAT on the federation's part (%)"))

    COST_FIELDS = (
        "price",
        "hourly_rate",
        "contribution",
        "participant_cap",
        "vat_funder",
        "vat_participant",
        "vat_federation",
    )

    def cost_model(self) -> CostModel:
        data = self.cleaned_data
        return CostModel(
            price=data["price"],
            contribution=data["contribution"],
            participant_cap=data["participant_cap"],
            hourly_rate=data.get("hourly_rate"),
            vat_funder=data["vat_funder"],
            vat_participant=data["vat_participant"],
            vat_federation=data["vat_federation"],
        )


class ProgrammeSettingsForm(forms.Form):
    """What the coordinator may change of a programme (its code and funder stay)."""

    name = forms.CharField(label=_("Name"), max_length=150)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=_status_choices,
        initial=Programme.Status.DRAFT,
        help_text=_(
            "A draft takes no trajectories and its funder does not see it yet; an active "
            "programme enrols the trajectories that start in its window."
        ),
    )
    window_start = forms.DateField(label=_("Trajectories starting from"), widget=_DATE)
    window_end = forms.DateField(label=_("Trajectories starting until"), widget=_DATE)
    budget_trajectories = forms.IntegerField(
        label=_("At most this many trajectories"),
        required=False,
        min_value=1,
        max_value=TRAJECTORIES_MAX,
        help_text=_("Leave empty for no cap on the number."),
    )
    budget_amount = _money(
        _("At most this funder contribution in total (EUR)"),
        required=False,
        help_text=_("Leave empty for no cap on the amount."),
    )
    require_postal_code = forms.BooleanField(
        label=_("Only organisations in the chapter's postal codes"), required=False, initial=True
    )
    require_member = forms.BooleanField(
        label=_("Only members at the start"), required=False, initial=True
    )
    one_per_organisation = forms.BooleanField(
        label=_("At most one funded trajectory per organisation"), required=False, initial=True
    )
    funder_sees_identity = forms.BooleanField(
        label=_("The funder needs the name and enterprise number in claims"), required=False
    )
    claim_period_months = forms.TypedChoiceField(
        label=_("Claim period"), choices=CLAIM_PERIODS, coerce=int, initial=3
    )
    creditor_name = forms.CharField(label=_("Name on invoices"), max_length=70)
    creditor_address = forms.CharField(
        label=_("Address on invoices"), max_length=200, required=False
    )
    creditor_vat_number = forms.CharField(label=_("VAT number"), max_length=20, required=False)
    iban = forms.CharField(label=_("IBAN"), max_length=34)
    bic = forms.CharField(label=_("BIC"), max_length=11)
    payment_days = forms.IntegerField(
        label=_("Days to pay"), min_value=0, max_value=PAYMENT_DAYS_MAX, initial=30
    )

    SETTINGS_FIELDS = (*PROGRAMME_FIELDS, "status")

    def settings(self) -> dict[str, Any]:
        """The fields as ``create_programme`` and ``update_programme`` take them."""
        data = self.cleaned_data
        values = {name: data[name] for name in self.SETTINGS_FIELDS}
        for name in ("creditor_name", "creditor_address", "creditor_vat_number"):
            values[name] = " ".join(values[name].split())
        values["iban"] = values["iban"].replace(" ", "").upper()
        values["bic"] = values["bic"].replace(" ", "").upper()
        return values

    @classmethod
    def initial_for(cls, programme: Programme) -> dict[str, Any]:
        return {name: getattr(programme, name) for name in cls.SETTINGS_FIELDS}


def _code_reaches_programme(chapter_slug: str, code: str) -> bool:
    """Whether ``c/<chapter>/funding/<code>/`` would open the programme page (and not another
    page of the funding area, e.g. ``new``)."""
    try:
        url = reverse("funding:programme_detail", kwargs={"chapter": chapter_slug, "code": code})
        match = resolve(url)
    except (NoReverseMatch, Resolver404):
        return False
    return match.view_name == "funding:programme_detail" and match.kwargs.get("code") == code


class NewProgrammeForm(ProgrammeSettingsForm, CostModelForm):
    """A new programme: its code, its funder (chosen, or a new one by name) and its settings,
    with the cost model that applies from the window's start."""

    code = forms.SlugField(
        label=_("Code"),
        max_length=30,
        help_text=_(
            "Short, in the programme's web address and in the funder's trajectory numbers "
            "(lowercase letters, digits and hyphens), e.g. traject-2026."
        ),
    )
    funder = forms.ModelChoiceField(
        label=_("Funder"),
        queryset=Funder.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=_("Choose a funder"),
    )
    new_funder = forms.CharField(
        label=_("Or a new funder"),
        max_length=150,
        required=False,
        help_text=_("The funder's name, e.g. Stad Mechelen, when it is not in the list yet."),
    )

    field_order = ["code", "name", "funder", "new_funder", "status"]

    def __init__(self, *args: Any, funders: QuerySet[Funder], chapter_slug: str, **kw: Any):
        super().__init__(*args, **kw)
        self.chapter_slug = chapter_slug
        field = self.fields["funder"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = funders
        if not funders.exists():
            del self.fields["funder"]
            self.fields["new_funder"].label = _("Funder")
            self.fields["new_funder"].required = True

    def clean_code(self) -> str:
        code: str = self.cleaned_data["code"].lower()
        if not _code_reaches_programme(self.chapter_slug, code):
            raise forms.ValidationError(
                _("This code is a word the funding pages use: choose another one.")
            )
        return code

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        if "funder" in self.fields:
            chosen = data.get("funder")
            typed = " ".join((data.get("new_funder") or "").split())
            if chosen is None and not typed and "funder" not in self.errors:
                self.add_error("funder", _("Choose the funder, or give a new funder's name."))
            elif chosen is not None and typed:
                self.add_error(
                    "new_funder", _("Choose a funder from the list or give a new one, not both.")
                )
        return data


class EditProgrammeForm(ProgrammeSettingsForm):
    version = _version()


class TermsForm(CostModelForm):
    valid_from = forms.DateField(
        label=_("Applies from"),
        widget=_DATE,
        help_text=_(
            "Trajectories that start from this day on follow the new cost model; earlier ones "
            "keep theirs."
        ),
    )

    field_order = ["valid_from"]


class ExceptionForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is this trajectory funded all the same?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept with the enrolment and in the audit log."),
    )


class HoursForm(forms.Form):
    hours = forms.DecimalField(
        label=_("Hours agreed with the plan"),
        required=False,
        min_value=Decimal("0.25"),
        max_value=Decimal("1000"),
        max_digits=6,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs=_AMOUNT),
        help_text=_("Leave empty to go back to the standard price."),
    )
    version = _version()


class EnrolForm(forms.Form):
    trajectory = forms.CharField(max_length=12, widget=forms.HiddenInput)
