from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from belronde.accounts.models import PartnerOrganisation
from belronde.lib.bounds import VERSION_MAX
from belronde.members.models import Person
from belronde.referrals import sharing
from belronde.referrals.models import Consent, Language, Referral, Service


class ReferForm(forms.Form):
    """After reading the consent text: the entrepreneur's answer, and the referral itself."""

    text_language = forms.ChoiceField(choices=Language.choices, widget=forms.HiddenInput)
    text_version = forms.IntegerField(min_value=1, max_value=VERSION_MAX, widget=forms.HiddenInput)
    person = forms.ModelChoiceField(
        label=_("Who gave the answer?"),
        queryset=Person.objects.none(),
        to_field_name="public_code",
        required=False,
    )
    answer = forms.ChoiceField(
        label=_("The entrepreneur's answer"),
        choices=Consent.Answer.choices,
        widget=forms.RadioSelect,
    )
    method = forms.ChoiceField(
        label=_("How"), choices=Consent.Method.choices, initial=Consent.Method.PHONE
    )
    reason = forms.CharField(
        label=_("Why do you refer? (problem summary)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Only what the recipient needs to help. No details the entrepreneur did not want "
            "shared."
        ),
    )
    urgency = forms.ChoiceField(
        label=_("Urgency"), choices=Referral.Urgency.choices, initial=Referral.Urgency.NORMAL
    )

    def __init__(self, *args: Any, persons: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["person"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = persons

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        if data.get("answer") == Consent.Answer.GIVEN and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say why you refer: a short summary of the problem."))
        return data


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you decline?"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Referral.Outcome.choices)
    feedback = forms.CharField(
        label=_("Feedback for the person who referred"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Short and without confidential details, e.g. “Contact made, a plan is running.”"
        ),
    )


class AcceptForm(forms.Form):
    note = forms.CharField(label=_("Note (optional)"), max_length=500, required=False)


class WithdrawForm(forms.Form):
    method = forms.ChoiceField(
        label=_("How did the entrepreneur withdraw?"),
        choices=Consent.Method.choices,
        initial=Consent.Method.PHONE,
    )
    confirm = forms.BooleanField(
        label=_("The entrepreneur withdraws this consent. The recipient loses access immediately."),
    )


class ServiceForm(forms.ModelForm):
    shared_fields = forms.MultipleChoiceField(
        label=_("Fields shared with a referral"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Only what the recipient needs. Health, notes and figures never go to a partner."
        ),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=Language.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    consent_valid_days = forms.IntegerField(
        label=capfirst(_("consent valid for (days)")), min_value=1, max_value=3650, initial=365
    )

    class Meta:
        model = Service
        fields = [
            "name",
            "alternate_name",
            "kind",
            "partner_organisation",
            "organisation_name",
            "description",
            "status",
            "eligibility_description",
            "application_process",
            "fees_description",
            "service_area",
            "languages",
            "url",
            "email",
            "phone",
            "contact_name",
            "contact_email",
            "contact_phone",
            "shared_fields",
            "consent_valid_days",
            "requires_review",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "eligibility_description": forms.Textarea(attrs={"rows": 2}),
            "application_process": forms.Textarea(attrs={"rows": 2}),
            "fees_description": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        shared = self.fields["shared_fields"]
        assert isinstance(shared, forms.MultipleChoiceField)
        if self.instance.pk:
            # what a service is and whom it belongs to does not change; make a new service instead
            del self.fields["kind"]
            del self.fields["partner_organisation"]
            shared.choices = sharing.choices(partner=self.instance.is_partner)
        else:
            org_field = self.fields["partner_organisation"]
            assert isinstance(org_field, forms.ModelChoiceField)
            org_field.queryset = PartnerOrganisation.objects.all()
            org_field.required = False
            shared.choices = sharing.choices(partner=False)

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        kind = data.get("kind", getattr(self.instance, "kind", None))
        if not self.instance.pk:
            if kind == Service.Kind.PARTNER and not data.get("partner_organisation"):
                self.add_error("partner_organisation", _("Choose the partner organisation."))
            if kind == Service.Kind.COACHING and data.get("partner_organisation"):
                self.add_error(
                    "partner_organisation",
                    _("The federation's coaching has no partner organisation."),
                )
        if kind == Service.Kind.PARTNER:
            refused = [
                c for c in data.get("shared_fields", []) if c not in sharing.allowed_codes(True)
            ]
            if refused:
                self.add_error(
                    "shared_fields", _("These fields may not go to a partner organisation.")
                )
        return data


class ConsentTextForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    text = forms.CharField(
        label=_("Text read to the entrepreneur"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Say who receives what, for which purpose, for how long, and that consent can be "
            "withdrawn at any time. Saving makes a new version; earlier consents keep theirs."
        ),
    )
