from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from belronde.lib.bounds import VERSION_MAX
from belronde.members import normalise
from belronde.members.actions import ORG_EDIT_FIELDS
from belronde.members.importing import validation
from belronde.members.messages import row_message
from belronde.members.models import Organisation, Person
from belronde.members.reference import legal_form_choices, nace_sections


def _checked(parse: Callable[[Any], Any], value: Any) -> Any:
    try:
        return parse(value)
    except normalise.CellError as exc:
        raise ValidationError(row_message(exc.code, exc.params)) from None


def sector_choices() -> list[tuple[str, Any]]:
    language = get_language() or "nl"
    return [("", _("All sectors"))] + [
        (letter, f"{letter} · {section.label(language)}")
        for letter, section in sorted(nace_sections("2008").items())
    ]


class OrganisationFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("name, place or enterprise number")}
        ),
    )
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    size_band = forms.ChoiceField(label=_("Size"), required=False)
    postal_code = forms.CharField(label=_("Postal code"), required=False, max_length=4)
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._choices("sector", sector_choices())
        self._choices(
            "size_band",
            [("", _("All sizes"))]
            + [(v, str(label)) for v, label in Organisation.SizeBand.choices if v],
        )
        self._choices(
            "status",
            [("", _("Members and prospects")), ("all", _("Everyone"))]
            + [(v, str(label)) for v, label in Organisation.MembershipStatus.choices]
            + [("do-not-call", _("Do not call"))],
        )

    def _choices(self, name: str, choices: list[tuple[str, Any]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices


class OrganisationForm(forms.ModelForm):
    version = forms.IntegerField(
        widget=forms.HiddenInput, required=False, min_value=0, max_value=VERSION_MAX
    )
    enterprise_number = forms.CharField(
        label=_("enterprise number"), max_length=20, help_text=_("For example 0403.170.701")
    )
    legal_form = forms.CharField(
        label=_("legal form"),
        max_length=60,
        required=False,
        widget=forms.TextInput(attrs={"list": "legal-forms"}),
        help_text=_("BV, NV, CV, VZW, Eenmanszaak, ..."),
    )
    nace_code = forms.CharField(
        label=_("main NACE-BEL code"),
        max_length=10,
        required=False,
        help_text=_("For example 47.111 (NACE-BEL 2008 or 2025)"),
    )
    employees = forms.IntegerField(
        label=_("employees"), min_value=0, max_value=normalise.MAX_EMPLOYEES, required=False
    )
    phone = forms.CharField(label=_("general phone"), max_length=40, required=False)

    class Meta:
        model = Organisation
        # what an edit may change (the registry's one list), but the NACE version: the form
        # always speaks of the current one
        fields = [f for f in ORG_EDIT_FIELDS if f != "nace_version"]
        widgets = {"member_since": forms.DateInput(attrs={"type": "date"})}

    legal_form_choices = legal_form_choices

    def clean(self) -> dict[str, Any]:
        """The fields Django read, cleaned by the member registry's one validator (the API and
        the import use it too); its errors go to their fields."""
        data: dict[str, Any] = super().clean() or {}
        cleaned = validation.clean_values({k: data[k] for k in ORG_EDIT_FIELDS if k in data})
        data.update(cleaned.values)
        for key, code, params in cleaned.errors:
            self.add_error(key if key in self.fields else None, row_message(code, params))
        return data

    def _post_clean(self) -> None:
        # Model validation would re-check the raw unique constraint with the old instance;
        # the action checks the number itself and gives a message.
        pass


class PersonForm(forms.ModelForm):
    phone = forms.CharField(label=_("phone"), max_length=40, required=False)
    mobile = forms.CharField(label=_("mobile"), max_length=40, required=False)

    class Meta:
        model = Person
        fields = [
            "name",
            "role",
            "phone",
            "mobile",
            "email",
            "language",
            "preferred_call_times",
            "is_primary",
        ]

    def clean_name(self) -> str:
        name = normalise.clean_text(self.cleaned_data["name"])
        if not name:
            raise ValidationError(row_message("required"))
        return name

    def clean_phone(self) -> str:
        return str(_checked(normalise.parse_phone, self.cleaned_data["phone"])[0])

    def clean_mobile(self) -> str:
        return str(_checked(normalise.parse_phone, self.cleaned_data["mobile"])[0])


class DoNotCallForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=200,
        help_text=_("For example: asked not to be called, closed down, in court proceedings."),
    )


class MergeForm(forms.Form):
    duplicate = forms.CharField(
        label=_("The duplicate"),
        max_length=20,
        help_text=_("Its enterprise number or code. It is merged into this organisation."),
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("CSV (separated by ; or ,) or Excel (.xlsx), at most 10 MB and 20,000 rows."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx"}),
    )
    partial = forms.BooleanField(
        label=_("Import the valid rows and give me the others back to fix"),
        required=False,
        help_text=_("Without this, nothing is imported as long as one row has an error."),
    )
