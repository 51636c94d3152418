"""Forms of conversations: the script's answers (entered afterwards or corrected), themes."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from belronde.campaigns.forms import script_answers, script_item_field
from belronde.lib.bounds import VERSION_MAX
from belronde.members.models import Organisation, Person
from belronde.themes.models import Theme


def initial_value(item: dict[str, Any], value: Any) -> Any:
    if item["type"] == "yesno" and value is not None:
        return "yes" if value else "no"
    return value


class AnswersForm(forms.Form):
    """The script's items as fields; ``raw_answers()`` gives what record/correct expect."""

    def __init__(
        self,
        *args: Any,
        items: list[dict[str, Any]],
        language: str,
        answers: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            field = script_item_field(item, language)
            if answers and item["key"] in answers:
                field.initial = initial_value(item, answers[item["key"]])
            self.fields[item["key"]] = field

    def raw_answers(self) -> dict[str, Any]:
        return script_answers(self.items, self.cleaned_data)

    def item_fields(self) -> list[forms.BoundField]:
        return [self[item["key"]] for item in self.items]


class ConversationEntryForm(AnswersForm):
    """A conversation entered afterwards: who it was with, when, and the answers."""

    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(), to_field_name="public_code"
    )
    person = forms.ModelChoiceField(
        label=_("Spoke with"),
        queryset=Person.objects.none(),
        to_field_name="public_code",
        required=False,
    )
    held_at = forms.DateTimeField(
        label=_("When did the conversation take place?"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )

    #: a double submit stores one conversation (record_conversation's replay, per recorder)
    idempotency_key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    field_order = ["organisation", "person", "held_at"]

    def __init__(
        self,
        *args: Any,
        organisations: QuerySet[Organisation],
        organisation: Organisation | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["idempotency_key"].initial = uuid.uuid4()
        org_field = self.fields["organisation"]
        assert isinstance(org_field, forms.ModelChoiceField)
        org_field.queryset = organisations.order_by("name")
        person_field = self.fields["person"]
        assert isinstance(person_field, forms.ModelChoiceField)
        if organisation is not None:
            org_field.initial = organisation.public_code
            person_field.queryset = organisation.persons.all()
        elif self.is_bound:
            code = self.data.get("organisation", "")
            person_field.queryset = Person.objects.filter(
                organisation__in=organisations, organisation__public_code=code
            )
        self.fields["held_at"].initial = timezone.localtime().replace(second=0, microsecond=0)
        self.order_fields(self.field_order)

    def clean_held_at(self) -> dt.datetime:
        held_at: dt.datetime = self.cleaned_data["held_at"]
        if held_at > timezone.now() + dt.timedelta(minutes=5):
            raise forms.ValidationError(_("A conversation cannot take place in the future."))
        if held_at < timezone.now() - dt.timedelta(days=366):
            raise forms.ValidationError(_("Enter conversations of the last twelve months only."))
        return held_at

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        person, organisation = data.get("person"), data.get("organisation")
        if (
            person is not None
            and organisation is not None
            and person.organisation_id != organisation.pk
        ):
            self.add_error("person", _("This person works for another organisation."))
        return data


class ThemesForm(forms.Form):
    themes = forms.MultipleChoiceField(
        label=_("Themes"), required=False, widget=forms.CheckboxSelectMultiple
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=VERSION_MAX)

    def __init__(self, *args: Any, themes: QuerySet[Theme], language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["themes"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(t.slug, t.label(language)) for t in themes]


class NoReferralForm(forms.Form):
    note = forms.CharField(
        label=_("Why no referral?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: the entrepreneur already has an accountant helping them."),
    )
