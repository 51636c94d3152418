from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from belronde.accounts.models import Chapter, Membership, User
from belronde.campaigns import scheduling, script_items
from belronde.campaigns.models import CallAttempt, Campaign, Script
from belronde.campaigns.segments import SegmentError, clean_segment
from belronde.lib.bounds import ANSWER_LIMIT
from belronde.members.models import Organisation
from belronde.members.normalise import MAX_EMPLOYEES

WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]
WINDOW_RE = re.compile(r"^\s*(\d{1,2}[:.]\d{2})\s*-\s*(\d{1,2}[:.]\d{2})\s*$")


def _split(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[,;\s]+", text or "") if part.strip()]


def hours_to_text(windows: list[list[str]]) -> str:
    return ", ".join(f"{start}-{end}" for start, end in windows)


def parse_windows(text: str) -> list[list[str]]:
    windows = []
    for part in [p for p in (text or "").split(",") if p.strip()]:
        match = WINDOW_RE.match(part)
        if not match:
            raise forms.ValidationError(
                _("Write hours like 09:00-12:00, 13:30-20:30 (“%(part)s” is not).")
                % {"part": part.strip()}
            )
        start, end = (m.replace(".", ":").zfill(5) for m in match.groups())
        windows.append([start, end])
    return windows


class CampaignForm(forms.ModelForm):
    employees_min = forms.IntegerField(
        label=_("At least this many employees"),
        required=False,
        min_value=0,
        max_value=MAX_EMPLOYEES,
        initial=5,
    )
    nace = forms.CharField(
        label=_("Sectors"),
        required=False,
        help_text=_(
            "NACE sections (e.g. G, I) or codes (e.g. 56, 4711), separated by commas. Empty: all."
        ),
    )
    postal_codes = forms.CharField(
        label=_("Postal codes"),
        required=False,
        help_text=_("Separated by commas. Empty: all of the chapter."),
    )
    membership_statuses = forms.MultipleChoiceField(
        label=_("Membership status"),
        required=False,
        choices=Organisation.MembershipStatus.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[Organisation.MembershipStatus.MEMBER],
    )
    exclude_contacted_days = forms.IntegerField(
        label=_("Skip organisations called in another campaign in the last … days"),
        required=False,
        min_value=1,
        max_value=730,
    )
    callers = forms.ModelMultipleChoiceField(
        label=_("Callers"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Campaign
        fields = [
            "name",
            "starts_on",
            "ends_on",
            "script",
            "max_attempts",
            "min_hours_between_attempts",
            "everyone_once_first",
            "max_open_claims",
            "claim_expiry_minutes",
        ]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args: Any, chapter: Chapter, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.chapter = chapter
        script_field = self.fields["script"]
        assert isinstance(script_field, forms.ModelChoiceField)
        script_field.queryset = Script.objects.filter(chapter=chapter)
        callers_field = self.fields["callers"]
        assert isinstance(callers_field, forms.ModelMultipleChoiceField)
        callers_field.queryset = User.objects.filter(
            memberships__chapter=chapter,
            memberships__role=Membership.Role.CALLER,
            memberships__is_active=True,
        ).order_by("first_name", "last_name", "username")
        callers_field.label_from_instance = lambda u: str(u.display_name)  # type: ignore[method-assign,assignment]
        hours = self.instance.calling_hours if self.instance.pk else None
        if hours is None:
            from belronde.campaigns.models import default_calling_hours

            hours = default_calling_hours()
        for day, label in WEEKDAYS:
            self.fields[f"hours_{day}"] = forms.CharField(
                label=label, required=False, initial=hours_to_text(hours.get(str(day), []))
            )
        if self.instance.pk:
            segment = self.instance.segment or {}
            self.initial.setdefault("employees_min", segment.get("employees_min"))
            self.initial.setdefault("nace", ", ".join(segment.get("nace", [])))
            self.initial.setdefault("postal_codes", ", ".join(segment.get("postal_codes", [])))
            self.initial.setdefault("membership_statuses", segment.get("membership_statuses", []))
            self.initial.setdefault("exclude_contacted_days", segment.get("exclude_contacted_days"))
            self.initial.setdefault("callers", list(self.instance.callers.all()))
        else:
            self.initial.setdefault("starts_on", dt.date.today())
            self.initial.setdefault("ends_on", dt.date.today() + dt.timedelta(days=60))

    @property
    def hours_fields(self) -> list[forms.BoundField]:
        return [self[f"hours_{day}"] for day, _label in WEEKDAYS]

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        try:
            data["segment"] = clean_segment(
                {
                    "employees_min": data.get("employees_min"),
                    "nace": _split(data.get("nace") or ""),
                    "postal_codes": _split(data.get("postal_codes") or ""),
                    "membership_statuses": data.get("membership_statuses") or [],
                    "exclude_contacted_days": data.get("exclude_contacted_days"),
                }
            )
        except SegmentError as exc:
            self.add_error("nace" if "NACE" in str(exc) else "postal_codes", str(exc))
        hours: dict[str, list[list[str]]] = {}
        for day, _label in WEEKDAYS:
            try:
                windows = parse_windows(data.get(f"hours_{day}") or "")
            except forms.ValidationError as exc:
                self.add_error(f"hours_{day}", exc)
                continue
            if windows:
                hours[str(day)] = windows
        try:
            data["calling_hours"] = scheduling.validate_hours(hours)
        except scheduling.HoursError as exc:
            self.add_error(None, str(exc))
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("The campaign ends before it starts."))
        return data


class SegmentPreviewForm(forms.Form):
    employees_min = forms.IntegerField(required=False, min_value=0, max_value=MAX_EMPLOYEES)
    nace = forms.CharField(required=False)
    postal_codes = forms.CharField(required=False)
    membership_statuses = forms.MultipleChoiceField(
        required=False, choices=Organisation.MembershipStatus.choices
    )
    exclude_contacted_days = forms.IntegerField(required=False, min_value=1, max_value=730)


class AttemptForm(forms.Form):
    outcome = forms.ChoiceField(
        choices=[c for c in CallAttempt.Outcome.choices if c[0] != CallAttempt.Outcome.REACHED]
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    callback_at = forms.DateTimeField(
        label=_("Call back at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"],
    )
    idempotency_key = forms.UUIDField(widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        if data.get("outcome") == CallAttempt.Outcome.CALLBACK and not data.get("callback_at"):
            self.add_error("callback_at", _("Say when to call back."))
        return data


def script_item_field(item: dict[str, Any], language: str) -> forms.Field:
    """One script item as a form field, labelled in the user's language (the call screen and
    the conversation forms both build theirs with it)."""
    label = script_items.label(item, language)
    help_text = item.get(f"help_{language}") or item.get("help_nl") or ""
    common: dict[str, Any] = {
        "label": label,
        "help_text": help_text,
        "required": bool(item.get("required")),
    }
    choices = [(c["value"], script_items.label(c, language)) for c in item.get("choices", [])]
    kind = item["type"]
    if kind == "open":
        return forms.CharField(
            max_length=script_items.MAX_OPEN_LENGTH,
            widget=forms.Textarea(attrs={"rows": 3}),
            **common,
        )
    if kind == "single":
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
    if kind == "multiple":
        return forms.MultipleChoiceField(
            choices=choices, widget=forms.CheckboxSelectMultiple, **common
        )
    if kind == "scale":
        low, high = int(item.get("min") or 1), int(item.get("max") or 5)
        return forms.TypedChoiceField(
            choices=[(str(i), str(i)) for i in range(low, high + 1)],
            coerce=int,
            widget=forms.RadioSelect,
            **common,
        )
    if kind == "number":
        return forms.DecimalField(
            min_value=item.get("min"), max_value=item.get("max"), localize=True, **common
        )
    if kind == "yesno":
        return forms.TypedChoiceField(
            choices=[("yes", _("Yes")), ("no", _("No"))],
            coerce=lambda v: v == "yes",
            widget=forms.RadioSelect,
            empty_value=None,
            **common,
        )
    if kind == "date":
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **common)
    raise ValueError(kind)


def script_answers(items: list[dict[str, Any]], cleaned_data: dict[str, Any]) -> dict[str, Any]:
    """The answers given in fields built by :func:`script_item_field`, as the conversation
    actions take them: blanks left out, dates as ISO text, numbers as text."""
    out: dict[str, Any] = {}
    for item in items:
        value = cleaned_data.get(item["key"])
        if value is None or value == "" or value == []:
            continue
        if isinstance(value, dt.date):
            value = value.isoformat()
        out[item["key"]] = str(value) if item["type"] == "number" else value
    return out


#: how far ahead a call-back may be planned (``actions.record_attempt`` refuses later ones)
CALLBACK_HORIZON = dt.timedelta(days=60)


def clean_callback_time(when: dt.datetime | None) -> dt.datetime | None:
    """A planned call-back lies in the future, within ``CALLBACK_HORIZON`` (the action checks
    the same; the form says it at the field)."""
    if when is None:
        return None
    now = timezone.now()
    if when <= now:
        raise forms.ValidationError(_("The call-back time lies in the past."))
    if when > now + CALLBACK_HORIZON:
        raise forms.ValidationError(_("Call back within 60 days."))
    return when


class ScriptAnswersForm(forms.Form):
    """The conversation form, built from a script version's items, in the user's language.

    ``call_back_at`` plans a call-back after the conversation, when the entrepreneur asks to be
    called again ("bel me volgende week terug"); named apart from the attempt form's
    ``callback_at`` on the same page, so that their ids differ."""

    idempotency_key = forms.UUIDField(widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Note for the file (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    call_back_at = forms.DateTimeField(
        label=_("When to call again (optional)"),
        required=False,
        help_text=_(
            "Did the entrepreneur ask to be called again? Say when: the conversation is saved "
            "and the call-back appears among your call-backs."
        ),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"],
    )

    def clean_call_back_at(self) -> dt.datetime | None:
        return clean_callback_time(self.cleaned_data.get("call_back_at"))

    def __init__(
        self, *args: Any, items: list[dict[str, Any]], language: str, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            self.fields[item["key"]] = script_item_field(item, language)

    def raw_answers(self) -> dict[str, Any]:
        return script_answers(self.items, self.cleaned_data)

    def item_fields(self) -> list[forms.BoundField]:
        return [self[item["key"]] for item in self.items]


class CallerProfileForm(forms.Form):
    own_enterprise_number = forms.CharField(
        label=_("Your own firm's enterprise number"), required=False
    )
    own_nace_code = forms.CharField(label=_("Your firm's NACE code"), required=False, max_length=5)
    own_postal_code = forms.CharField(
        label=_("Your firm's postal code"), required=False, max_length=4
    )
    exclude_competitors = forms.BooleanField(
        label=_("Do not give me competitors (same NACE class and postal code as my firm)"),
        required=False,
    )
    conflict_numbers = forms.CharField(
        label=_("Enterprise numbers I should not call"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example family, clients or suppliers. Separated by commas or new lines."),
    )
    sectors = forms.CharField(
        label=_("Sectors I know well"),
        required=False,
        help_text=_("NACE sections or codes, e.g. I, 47."),
    )
    municipalities = forms.CharField(label=_("Municipalities I know well"), required=False)

    def _number(self, raw: str) -> str:
        from stdnum.be import vat
        from stdnum.exceptions import ValidationError as StdnumError

        try:
            return str(vat.validate(raw))
        except StdnumError:
            raise forms.ValidationError(
                _("%(value)s is not a valid enterprise number.") % {"value": raw}
            ) from None

    def clean_own_enterprise_number(self) -> str:
        raw = self.cleaned_data["own_enterprise_number"].strip()
        return self._number(raw) if raw else ""

    def clean_conflict_numbers(self) -> list[str]:
        parts = re.split(r"[,;\n]+", self.cleaned_data["conflict_numbers"])
        return [self._number(raw.strip()) for raw in parts if raw.strip()]

    def clean_own_nace_code(self) -> str:
        code = self.cleaned_data["own_nace_code"].replace(".", "").strip()
        if code and not (code.isdigit() and 2 <= len(code) <= 5):
            raise forms.ValidationError(_("A NACE code has 2 to 5 digits."))
        return code

    def clean_own_postal_code(self) -> str:
        code = self.cleaned_data["own_postal_code"].strip()
        if code and not (code.isdigit() and len(code) == 4):
            raise forms.ValidationError(_("A Belgian postal code has 4 digits."))
        return code

    def clean_sectors(self) -> list[str]:
        codes = [c.upper() for c in _split(self.cleaned_data["sectors"])]
        try:
            clean_segment({"nace": codes})
        except SegmentError as exc:
            raise forms.ValidationError(str(exc)) from None
        return codes

    def clean_municipalities(self) -> list[str]:
        return [
            m.strip()
            for m in re.split(r"[,;\n]+", self.cleaned_data["municipalities"])
            if m.strip()
        ]


class ScriptIntroForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    intro_nl = forms.CharField(
        label=_("Introduction (Dutch)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("{caller} and {chapter} are replaced by the caller's name and the chapter."),
    )
    intro_en = forms.CharField(
        label=_("Introduction (English)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ScriptItemForm(forms.Form):
    key = forms.CharField(
        label=_("Key"),
        max_length=40,
        help_text=_("Lowercase letters, digits and _; stays the same across versions."),
    )
    type = forms.ChoiceField(
        label=_("Type"),
        choices=[
            ("open", _("open text")),
            ("single", _("single choice")),
            ("multiple", _("multiple choice")),
            ("scale", _("scale")),
            ("number", _("number")),
            ("yesno", _("yes/no")),
            ("date", _("date")),
        ],
    )
    label_nl = forms.CharField(label=_("Question (Dutch)"), max_length=300)
    label_en = forms.CharField(label=_("Question (English)"), max_length=300, required=False)
    help_nl = forms.CharField(label=_("Hint (Dutch)"), max_length=300, required=False)
    help_en = forms.CharField(label=_("Hint (English)"), max_length=300, required=False)
    required = forms.BooleanField(label=_("Required"), required=False)
    choices = forms.CharField(
        label=_("Choices"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: value | Dutch | English"),
    )
    min = forms.DecimalField(
        label=_("Minimum"), required=False, min_value=-ANSWER_LIMIT, max_value=ANSWER_LIMIT
    )
    max = forms.DecimalField(
        label=_("Maximum"), required=False, min_value=-ANSWER_LIMIT, max_value=ANSWER_LIMIT
    )
    maps_to = forms.ChoiceField(
        label=_("Also fills"),
        required=False,
        choices=[("", "—")] + [(f, f) for f in script_items.MAPPABLE_FIELDS],
    )

    @staticmethod
    def initial_for(item: dict[str, Any]) -> dict[str, Any]:
        data = {
            k: item.get(k)
            for k in (
                "key",
                "type",
                "label_nl",
                "label_en",
                "help_nl",
                "help_en",
                "required",
                "min",
                "max",
            )
        }
        data["maps_to"] = item.get("maps_to", "")
        data["choices"] = "\n".join(
            f"{c['value']} | {c['label_nl']} | {c['label_en']}" for c in item.get("choices", [])
        )
        return data

    def to_item(self) -> dict[str, Any]:
        data = self.cleaned_data
        item: dict[str, Any] = {
            k: data[k]
            for k in ("key", "type", "label_nl", "label_en", "help_nl", "help_en", "required")
        }
        if data["type"] in ("single", "multiple"):
            choices = []
            for line in (data.get("choices") or "").splitlines():
                if not line.strip():
                    continue
                parts = [p.strip() for p in line.split("|")]
                value = parts[0]
                choices.append(
                    {
                        "value": value,
                        "label_nl": parts[1] if len(parts) > 1 and parts[1] else value,
                        "label_en": parts[2]
                        if len(parts) > 2 and parts[2]
                        else (parts[1] if len(parts) > 1 else value),
                    }
                )
            item["choices"] = choices
        if data["type"] in ("scale", "number"):
            item["min"] = _plain_number(data["min"])
            item["max"] = _plain_number(data["max"])
        if data.get("maps_to"):
            item["maps_to"] = data["maps_to"]
        return item


def _plain_number(value: Any) -> int | str | None:
    """12 stays 12, 2.5 becomes "2.5" (JSON-safe, exact), None stays None."""
    if value is None:
        return None
    return int(value) if value == int(value) else str(value)


ScriptItemFormSet = forms.formset_factory(ScriptItemForm, extra=1, can_delete=True, can_order=True)
