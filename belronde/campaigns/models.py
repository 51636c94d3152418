"""Call rounds: scripts, campaigns, callers, assignments, claims, attempts, callbacks."""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from belronde.lib.models import AppendOnly, new_public_code


class Script(models.Model):
    """A questionnaire edited by the coordinator; every edit makes a new ScriptVersion."""

    chapter = models.ForeignKey("accounts.Chapter", on_delete=models.CASCADE, related_name="+")
    public_code = models.CharField(
        _("code"), max_length=12, unique=True, default=new_public_code, editable=False
    )
    name = models.CharField(_("name"), max_length=150)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("script")
        verbose_name_plural = _("scripts")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def current(self) -> ScriptVersion:
        version = self.versions.order_by("-number").first()
        assert version is not None, "a script always has a version"
        return version


class ScriptVersion(AppendOnly):
    """One immutable version of a script: an ordered list of items (see ``script_items``)."""

    script = models.ForeignKey(Script, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    intro_nl = models.TextField(_("introduction (Dutch)"), blank=True)
    intro_en = models.TextField(_("introduction (English)"), blank=True)
    items = models.JSONField(_("items"), default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("script version")
        verbose_name_plural = _("script versions")
        ordering = ["script", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["script", "number"], name="script_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.script} v{self.number}"

    update_refused = "Script versions are immutable: create a new version."
    delete_refused = None  # they go with their script


def default_calling_hours() -> dict[str, list[list[str]]]:
    """Monday to Friday 09:00-12:00 and 13:30-20:30, Saturday 10:00-12:00 (Europe/Brussels)."""
    weekday = [["09:00", "12:00"], ["13:30", "20:30"]]
    return {
        "0": weekday,
        "1": weekday,
        "2": weekday,
        "3": weekday,
        "4": weekday,
        "5": [["10:00", "12:00"]],
    }


#: the reason of the ``campaign.closed`` event of a round closed because its end date passed
#: (``actions.close_ended_campaigns``; read back by ``access.closed_at_period_end``)
PERIOD_ENDED = "period_ended"


class Campaign(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        RUNNING = "running", _("running")
        PAUSED = "paused", _("paused")
        CLOSED = "closed", _("closed")

    chapter = models.ForeignKey(
        "accounts.Chapter", on_delete=models.CASCADE, related_name="campaigns"
    )
    public_code = models.CharField(
        _("code"), max_length=12, unique=True, default=new_public_code, editable=False
    )
    name = models.CharField(_("name"), max_length=150)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    script = models.ForeignKey(
        Script, on_delete=models.PROTECT, related_name="campaigns", verbose_name=_("script")
    )
    #: {"employees_min": 5, "nace": ["G", "56"], "postal_codes": ["2800"],
    #:  "membership_statuses": ["member"], "exclude_contacted_days": 30}
    segment = models.JSONField(_("segment"), default=dict, blank=True)
    max_attempts = models.PositiveSmallIntegerField(
        _("maximum attempts"), default=4, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    min_hours_between_attempts = models.PositiveSmallIntegerField(
        _("minimum hours between attempts"), default=4, validators=[MaxValueValidator(24 * 14)]
    )
    calling_hours = models.JSONField(_("calling hours"), default=default_calling_hours, blank=True)
    everyone_once_first = models.BooleanField(
        _("try everyone once before retrying anyone"), default=True
    )
    max_open_claims = models.PositiveSmallIntegerField(
        _("open claims per caller"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
    )
    claim_expiry_minutes = models.PositiveSmallIntegerField(
        _("claim expires after (minutes)"),
        default=120,
        validators=[MinValueValidator(5), MaxValueValidator(24 * 60)],
    )
    callers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="CampaignCaller", related_name="campaigns", blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    distribution_published_at = models.DateTimeField(
        _("distribution published at"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="campaign_period_ordered"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def period_state(self, today: dt.date) -> str:
        """Where ``today`` (a date in Europe/Brussels) lies in the round's period: "before" the
        start date, "during" it (both ends included) or "after" the end date. Calls are handed out
        only "during" a running round (``actions.claim_next`` and ``claimsql.take``)."""
        if today < self.starts_on:
            return "before"
        if today > self.ends_on:
            return "after"
        return "during"

    @property
    def claim_expiry(self) -> dt.timedelta:
        return dt.timedelta(minutes=self.claim_expiry_minutes)

    @property
    def retry_gap(self) -> dt.timedelta:
        return dt.timedelta(hours=self.min_hours_between_attempts)


class CampaignCaller(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="caller_links")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["campaign", "user"], name="campaign_caller_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.campaign}"


class CallerProfile(models.Model):
    """What a caller declares once per chapter: affinities for matching, and conflicts."""

    chapter = models.ForeignKey("accounts.Chapter", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="caller_profiles"
    )
    own_enterprise_number = models.CharField(
        _("my own enterprise number"), max_length=10, blank=True
    )
    conflict_numbers = models.JSONField(
        _("enterprise numbers I should not call"), default=list, blank=True
    )
    exclude_competitors = models.BooleanField(
        _("do not give me competitors (same NACE class and postal code as my firm)"), default=False
    )
    own_nace_code = models.CharField(_("my firm's NACE code"), max_length=5, blank=True)
    own_postal_code = models.CharField(_("my firm's postal code"), max_length=4, blank=True)
    sectors = models.JSONField(
        _("sectors I know well (NACE sections or divisions)"), default=list, blank=True
    )
    municipalities = models.JSONField(_("municipalities I know well"), default=list, blank=True)

    class Meta:
        verbose_name = _("caller profile")
        verbose_name_plural = _("caller profiles")
        constraints = [
            models.UniqueConstraint(fields=["chapter", "user"], name="caller_profile_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.chapter})"


class Assignment(models.Model):
    """Campaign x organisation. One per organisation per campaign (a database constraint)."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        CLAIMED = "claimed", _("being called")
        DONE = "done", _("done")
        UNREACHABLE = "unreachable", _("unreachable")
        REFUSED = "refused", _("refused")
        DO_NOT_CALL = "do_not_call", _("do not call")

    chapter = models.ForeignKey("accounts.Chapter", on_delete=models.CASCADE, related_name="+")
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="assignments")
    organisation = models.ForeignKey(
        "members.Organisation", on_delete=models.CASCADE, related_name="assignments"
    )
    public_code = models.CharField(
        _("code"), max_length=12, unique=True, default=new_public_code, editable=False
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    priority = models.PositiveSmallIntegerField(
        _("priority"), default=3, help_text=_("1 is most urgent.")
    )
    #: published pre-assignment (the caller this contact is meant for), or None for the pool
    caller = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("caller"),
    )
    #: the distribution proposal, before the coordinator publishes it
    proposed_caller = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    match_reasons = models.JSONField(_("why this caller"), default=list, blank=True)
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("claimed by"),
    )
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    claim_expires_at = models.DateTimeField(_("claim expires at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt from"), null=True, blank=True)
    callback_at = models.DateTimeField(_("call back at"), null=True, blank=True)
    callback_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("call back by"),
    )
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "organisation"], name="assignment_one_per_organisation"
            ),
            models.CheckConstraint(
                condition=(
                    Q(status="claimed")
                    & Q(claimed_by__isnull=False)
                    & Q(claim_expires_at__isnull=False)
                )
                | (~Q(status="claimed") & Q(claimed_by__isnull=True)),
                name="assignment_claim_consistent",
            ),
        ]
        indexes = [
            # the order of callable_assignments: the next call is the first entry, not a sort
            models.Index(
                fields=["campaign", "status", "priority", "attempts", "next_attempt_at", "id"],
                name="assignment_queue",
            ),
            # the same order within the first round (attempts = 0, see everyone_once_first)
            models.Index(
                fields=["campaign", "status", "attempts", "priority", "next_attempt_at", "id"],
                name="assignment_first_round",
            ),
            models.Index(fields=["campaign", "claimed_by", "status"], name="assignment_claimed_by"),
            models.Index(
                fields=["campaign", "callback_by", "callback_at"], name="assignment_callbacks"
            ),
            models.Index(fields=["status", "claim_expires_at"], name="assignment_claim_expiry"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.organisation}"

    def status_after(self, outcome: str, *, max_attempts: int) -> str:
        """The status an attempt with ``outcome`` leaves this assignment in.

        ``attempts`` already counts that attempt. A call-back keeps the status (the contact
        stays with the caller until the agreed time); a retry outcome reopens the contact until
        ``max_attempts`` is reached, then it is unreachable.
        """
        Outcome = CallAttempt.Outcome
        if outcome == Outcome.CALLBACK:
            return self.status
        if outcome in CallAttempt.RETRY_OUTCOMES:
            return self.Status.UNREACHABLE if self.attempts >= max_attempts else self.Status.OPEN
        final: dict[str, str] = {
            Outcome.REACHED: self.Status.DONE,
            Outcome.WRONG_NUMBER: self.Status.UNREACHABLE,
            Outcome.REFUSED: self.Status.REFUSED,
            Outcome.DO_NOT_CALL: self.Status.DO_NOT_CALL,
        }
        return final[outcome]


def distribution_differs() -> Q:
    """Assignments whose proposed caller is not their published caller (one of the two may be
    the pool, None): what publishing the distribution changes. Written out because
    ``exclude(caller=F("proposed_caller"))`` also counts the rows where both are None."""
    return (
        Q(caller__isnull=True, proposed_caller__isnull=False)
        | Q(caller__isnull=False, proposed_caller__isnull=True)
        | (
            Q(caller__isnull=False, proposed_caller__isnull=False)
            & ~Q(caller=models.F("proposed_caller"))
        )
    )


class Claim(models.Model):
    """A caller holding an assignment. At most one active claim per assignment (constraint)."""

    class Ended(models.TextChoices):
        ATTEMPT = "attempt", _("attempt recorded")
        RELEASED = "released", _("released by the caller")
        EXPIRED = "expired", _("expired")
        REASSIGNED = "reassigned", _("reassigned by the coordinator")

    chapter = models.ForeignKey("accounts.Chapter", on_delete=models.CASCADE, related_name="+")
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="claims")
    caller = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    claimed_at = models.DateTimeField(default=timezone.now)
    released_at = models.DateTimeField(null=True, blank=True)
    ended = models.CharField(max_length=12, choices=Ended.choices, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["assignment"],
                condition=Q(released_at__isnull=True),
                name="claim_one_active_per_assignment",
            )
        ]
        indexes = [models.Index(fields=["caller", "released_at"], name="claim_caller_active")]

    def __str__(self) -> str:
        return f"{self.caller} holds {self.assignment_id}"


class CallAttempt(models.Model):
    class Outcome(models.TextChoices):
        REACHED = "reached", _("reached")
        NO_ANSWER = "no_answer", _("no answer")
        VOICEMAIL = "voicemail", _("voicemail")
        BUSY = "busy", _("busy")
        WRONG_NUMBER = "wrong_number", _("wrong number")
        REFUSED = "refused", _("refused")
        CALLBACK = "callback", _("call back later")
        DO_NOT_CALL = "do_not_call", _("do not call again")

    #: outcomes after which the contact is tried again later
    RETRY_OUTCOMES: ClassVar[frozenset[str]] = frozenset(
        {Outcome.NO_ANSWER, Outcome.VOICEMAIL, Outcome.BUSY}
    )

    chapter = models.ForeignKey("accounts.Chapter", on_delete=models.CASCADE, related_name="+")
    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="call_attempts"
    )
    public_code = models.CharField(
        _("code"), max_length=12, unique=True, default=new_public_code, editable=False
    )
    caller = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("when"), default=timezone.now)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices)
    note = models.TextField(_("note"), blank=True, max_length=2000)
    callback_at = models.DateTimeField(_("call back at"), null=True, blank=True)
    #: a replay key, unique per caller (never looked up without the caller: see record_attempt)
    idempotency_key = models.UUIDField(default=uuid.uuid4)

    class Meta:
        verbose_name = _("call attempt")
        verbose_name_plural = _("call attempts")
        ordering = ["-at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["caller", "idempotency_key"], name="attempt_key_per_caller"
            ),
            models.CheckConstraint(
                condition=~Q(outcome="callback") | Q(callback_at__isnull=False),
                name="attempt_callback_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.outcome}"


class ConversationDraft(models.Model):
    """What a caller typed so far, saved as they type; deleted when the conversation is saved."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="drafts")
    caller = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    data = models.JSONField(default=dict)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assignment", "caller"], name="draft_one_per_caller")
        ]

    def __str__(self) -> str:
        return f"draft {self.assignment_id} by {self.caller_id}"


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """A caller's private iCalendar feed of their callbacks (tokenised URL, revocable)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"calendar of {self.user}"
