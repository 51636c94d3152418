from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from belronde.knowledge.models import BestPractice
from belronde.members.models import Person
from belronde.themes import tagger
from belronde.themes.models import Theme


def _theme_field(themes: QuerySet[Theme], language: str, field: forms.Field) -> None:
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = themes
    field.label_from_instance = lambda t: t.label(language)  # type: ignore[assignment]


class QuestionForm(forms.Form):
    text = forms.CharField(
        label=_("The question"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "In the entrepreneur's words, without names: the answer may end up in the FAQ."
        ),
    )
    theme = forms.ModelChoiceField(
        label=_("Theme"), queryset=Theme.objects.none(), to_field_name="slug", required=False
    )
    person = forms.ModelChoiceField(
        label=_("Asked by"),
        queryset=Person.objects.none(),
        to_field_name="public_code",
        required=False,
    )
    notify_entrepreneur = forms.BooleanField(
        label=_("The entrepreneur wants the answer by e-mail"), required=False
    )

    def __init__(
        self,
        *args: Any,
        themes: QuerySet[Theme],
        language: str,
        persons: QuerySet[Person] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _theme_field(themes, language, self.fields["theme"])
        if persons is None:
            del self.fields["person"]
            del self.fields["notify_entrepreneur"]
        else:
            field = self.fields["person"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = persons

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        if data.get("notify_entrepreneur"):
            person = data.get("person")
            if person is None or not person.email:
                self.add_error(
                    "notify_entrepreneur",
                    _("Choose a contact person with an e-mail address to send the answer to."),
                )
        return data


class AnswerForm(forms.Form):
    title = forms.CharField(
        label=_("Question as shown in the FAQ"),
        max_length=250,
        help_text=_("A general wording without names: this is what callers will search."),
    )
    text = forms.CharField(
        label=_("Answer"), max_length=10000, widget=forms.Textarea(attrs={"rows": 6})
    )


class GroupForm(forms.Form):
    under = forms.CharField(label=_("Group under question (code)"), max_length=12)


class PublishForm(forms.Form):
    publish = forms.TypedChoiceField(
        choices=[("1", "1"), ("0", "0")], coerce=lambda v: v == "1", widget=forms.HiddenInput
    )


class PracticeForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(
        label=_("What works"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "What the entrepreneur did, and why it helped. Others should be able to try it."
        ),
    )
    theme = forms.ModelChoiceField(
        label=_("Theme"), queryset=Theme.objects.none(), to_field_name="slug", required=False
    )
    sector = forms.ChoiceField(
        label=_("Sector"),
        choices=[("", _("From the organisation")), *BestPractice.Sector.choices],
        required=False,
    )
    sharing = forms.ChoiceField(
        label=_("What did the entrepreneur consent to?"),
        choices=BestPractice.Sharing.choices,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, themes: QuerySet[Theme], language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _theme_field(themes, language, self.fields["theme"])


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("publish", _("Publish")), ("reject", _("Do not publish"))],
        widget=forms.HiddenInput,
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class ThemeForm(forms.Form):
    label_nl = forms.CharField(label=_("Name (Dutch)"), max_length=100)
    label_en = forms.CharField(label=_("Name (English)"), max_length=100, required=False)
    keywords = forms.CharField(
        label=_("Dutch keywords and phrases, one per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "huur* matches words starting with huur; *huur words ending with it; "
            "“niet ... betalen” allows up to three words in between."
        ),
    )
    is_active = forms.BooleanField(label=_("In use"), required=False, initial=True)
    position = forms.IntegerField(label=_("Position"), min_value=0, max_value=30000, required=False)

    def clean_keywords(self) -> list[str]:
        lines = self.cleaned_data["keywords"].splitlines()
        try:
            return tagger.check_keywords(lines)
        except tagger.KeywordError as exc:
            raise forms.ValidationError(
                _("This keyword cannot be used: %(error)s"), params={"error": str(exc)}
            ) from None


class TryForm(forms.Form):
    text = forms.CharField(
        label=_("Try the themes on a text"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
