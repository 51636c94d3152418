"""Forms of the coach's trajectory pages. Each form feeds one action; the actions check the rest
(guards, versions, dates against the intake)."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from belronde.coaching.models import PlanItem, Session, Trajectory
from belronde.lib.bounds import VERSION_MAX


def _choices(choices: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    """A model's choices as a form shows them: with a capital (the labels are lowercase, for
    use inside sentences); still lazy, so in the reader's language."""
    return [(value, capfirst(label)) for value, label in choices]


_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _version() -> forms.IntegerField:
    return forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=VERSION_MAX)


class VersionedForm(forms.Form):
    """A form that carries the version the person read (optimistic locking)."""

    version = _version()

    def with_version(self, version: int) -> VersionedForm:
        """The same input, with ``version`` in the hidden field (after a conflict: a second
        save of what the person typed then goes through, knowingly)."""
        if isinstance(self.data, QueryDict):
            data = self.data.copy()
        else:
            data = QueryDict(mutable=True)
            for key, value in self.data.items():
                data[key] = value
        data[self.add_prefix("version")] = str(version)
        again = type(self)(data, **self.extra_kwargs())
        again.is_valid()
        return again

    def extra_kwargs(self) -> dict[str, Any]:
        return {"prefix": self.prefix}


class StartForm(forms.Form):
    started_on = forms.DateField(
        label=_("Intake on"),
        widget=_DATE,
        required=False,
        help_text=_("The day of the intake conversation (today if left empty)."),
    )


class TransitionForm(VersionedForm):
    to = forms.ChoiceField(choices=[(s, s) for s in Trajectory.FLOW], widget=forms.HiddenInput)


class WaiveAnalysisForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is no financial analysis needed?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "For example: the question is about a payment plan only, the figures are known."
        ),
    )


class LinkAnalysisForm(forms.Form):
    analysis = forms.ChoiceField(label=_("Financial analysis of this firm"))

    def __init__(self, *args: Any, analyses: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["analysis"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            (
                a.public_code,
                _("%(schema)s, updated %(date)s")
                % {
                    "schema": a.get_schema_display(),
                    "date": timezone.localtime(a.updated_at).strftime("%d/%m/%Y"),
                },
            )
            for a in analyses
        ]


class PlanForm(VersionedForm):
    plan_summary = forms.CharField(
        label=_("The plan in a few lines"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the entrepreneur and you agreed: the goal and the main steps."),
    )


class PlanItemForm(forms.Form):
    module = forms.ChoiceField(label=_("Module"))
    description = forms.CharField(label=_("What"), max_length=500)
    owner = forms.ChoiceField(label=_("Who"), choices=_choices(PlanItem.Owner.choices))
    due_on = forms.DateField(label=_("Due on"), widget=_DATE, required=False)

    def __init__(self, *args: Any, modules: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["module"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = modules


class PlanItemEditForm(PlanItemForm, VersionedForm):
    done = forms.BooleanField(label=_("Done"), required=False)

    field_order = ["module", "description", "owner", "due_on", "done"]

    def __init__(self, *args: Any, modules: list[tuple[str, str]], **kwargs: Any) -> None:
        self._modules = modules
        super().__init__(*args, modules=modules, **kwargs)

    def extra_kwargs(self) -> dict[str, Any]:
        return {"prefix": self.prefix, "modules": self._modules}


class SessionForm(forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=_DATE)
    minutes = forms.IntegerField(label=_("Minutes"), min_value=1, max_value=600)
    mode = forms.ChoiceField(label=_("How"), choices=_choices(Session.Mode.choices))
    notes = forms.CharField(
        label=_("Notes"),
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Notes cannot be changed afterwards: a correction is kept as a new version."),
    )


class LogSessionForm(SessionForm):
    #: made when the form is shown: a double submit stores one session
    idempotency_key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["idempotency_key"].initial = uuid.uuid4()
        self.fields["held_on"].initial = timezone.localdate()


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Document"),
        help_text=_("PDF, Excel (.xlsx), Word (.docx), PNG or JPEG, at most 10 MB."),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".pdf,.xlsx,.docx,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"
            }
        ),
    )


class CloseForm(VersionedForm):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=_choices(Trajectory.Outcome.choices),
        widget=forms.RadioSelect,
    )
    conclusion = forms.CharField(
        label=_("Conclusion"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "What was done and where the firm stands now. The person who made the call hears "
            "the outcome only, never this text."
        ),
    )

    field_order = ["outcome", "conclusion"]
