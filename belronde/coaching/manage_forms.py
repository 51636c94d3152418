"""Forms of the coordinator's coaching pages, the follow-ups after closure and the hand-off."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from belronde.accounts.models import User
from belronde.coaching.models import FollowUp, TimelineStep
from belronde.lib.bounds import VERSION_MAX
from belronde.referrals.models import Consent, Language

#: the timeline's latest day, as the action checks it (two years after the intake)
MAX_OFFSET_DAYS = 730


class CoachChoiceField(forms.ModelChoiceField):
    """The chapter's coaches by name, each with how many open trajectories they have."""

    open_counts: Mapping[int, int] = {}

    def label_from_instance(self, obj: Any) -> str:
        n = self.open_counts.get(obj.pk, 0)
        return ngettext(
            "%(name)s (%(n)s open trajectory)", "%(name)s (%(n)s open trajectories)", n
        ) % {"name": obj.display_name, "n": n}


class ReassignForm(forms.Form):
    coach = CoachChoiceField(
        label=_("New coach"),
        queryset=User.objects.none(),
        to_field_name="username",
        empty_label=_("Choose a coach"),
    )
    reason = forms.CharField(
        label=_("Why does the trajectory go to another coach?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the trajectory's history and the audit log; the new coach is told."),
    )

    def __init__(
        self, *args: Any, coaches: QuerySet[User], open_counts: Mapping[int, int], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["coach"]
        assert isinstance(field, CoachChoiceField)
        field.queryset = coaches
        field.open_counts = open_counts


class TimelineStepForm(forms.Form):
    """One activity of the standard timeline: what, and how many days after the intake."""

    label = forms.CharField(label=_("Activity"), max_length=100)
    # a new step is most often one more follow-up; and the empty row the page ends with posts
    # this value unchanged, so an empty row is skipped (not refused for its missing name)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=TimelineStep.Kind.choices, initial=TimelineStep.Kind.FOLLOW_UP
    )
    offset_days = forms.IntegerField(
        label=_("Days after the intake"), min_value=0, max_value=MAX_OFFSET_DAYS
    )

    def step(self) -> tuple[str, str, int]:
        data = self.cleaned_data
        return data["kind"], data["label"], data["offset_days"]


class BaseTimelineFormSet(forms.BaseFormSet):
    def steps(self) -> list[tuple[str, str, int]]:
        """The steps kept (filled in and not marked for removal), in the order of the page."""
        return [
            form.step()
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]

    def add_error(self, message: str) -> None:
        """Show an action's refusal above the steps (the formset's own errors)."""
        self.non_form_errors().append(message)

    @classmethod
    def initial_for(cls, steps: Iterable[TimelineStep]) -> list[dict[str, Any]]:
        return [{"label": s.label, "kind": s.kind, "offset_days": s.offset_days} for s in steps]


TimelineFormSet = cast(
    type[BaseTimelineFormSet],
    forms.formset_factory(
        TimelineStepForm,
        formset=BaseTimelineFormSet,
        extra=1,
        can_delete=True,
        max_num=30,
        validate_max=True,
        absolute_max=40,
    ),
)


class FollowUpForm(forms.Form):
    state = forms.ChoiceField(
        label=_("How is the firm doing now?"),
        choices=FollowUp.State.choices,
        widget=forms.RadioSelect,
    )
    answer = forms.CharField(
        label=_("What the entrepreneur says"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "In a few sentences: turnover, cash, staff, what still worries them. No figures the "
            "entrepreneur did not want written down."
        ),
    )

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        state = data.get("state")
        if state and state != FollowUp.State.UNREACHABLE and not (data.get("answer") or "").strip():
            self.add_error("answer", _("Write down what the entrepreneur says."))
        return data


class HandOffForm(forms.Form):
    """After reading the consent text: the entrepreneur's answer, and why the firm goes on."""

    service = forms.CharField(max_length=12, widget=forms.HiddenInput)
    text_language = forms.ChoiceField(choices=Language.choices, widget=forms.HiddenInput)
    text_version = forms.IntegerField(min_value=1, max_value=VERSION_MAX, widget=forms.HiddenInput)
    answer = forms.ChoiceField(
        label=_("The entrepreneur's answer"),
        choices=Consent.Answer.choices,
        widget=forms.RadioSelect,
    )
    method = forms.ChoiceField(
        label=_("How"), choices=Consent.Method.choices, initial=Consent.Method.PHONE
    )
    reason = forms.CharField(
        label=_("Why does the firm need the partner? (summary for the partner)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Only what the partner needs to help. No figures from the analysis and no notes the "
            "entrepreneur did not want shared."
        ),
    )

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        if data.get("answer") == Consent.Answer.GIVEN and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say why you hand the firm on: a short summary."))
        return data
