"""Coaching trajectories: from an accepted coaching referral to an outcome, and after.

A trajectory (begeleidingstraject) belongs to one organisation and one coach and moves through
intake -> analysis -> plan -> coaching -> closed, only through the verbs in ``actions.py``. On
start it gets its activities from the chapter's timeline (scheduled relative to the intake
date, as CiviCase's standard timeline); at close it gets two follow-ups (6 and 12 months).

Sessions are append-only: a correction is a new version that supersedes the old one. Trajectory
and plan item carry a ``version`` that every save through an action checks and raises
(optimistic locking), so two coaches editing at once never overwrite each other silently.
Documents are stored outside the web root under a random name and served only through an
access check.
"""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from belronde.lib.models import AppendOnly, new_public_code


class TimelineStep(models.Model):
    """One activity of a chapter's standard timeline, scheduled ``offset_days`` after the intake.

    The coordinator edits these; a change applies to trajectories started afterwards (a running
    trajectory keeps the activities it was given)."""

    class Kind(models.TextChoices):
        ANALYSIS = "analysis", _("financial analysis")
        PLAN = "plan", _("plan agreed")
        FOLLOW_UP = "follow_up", _("follow-up session")
        CLOSURE = "closure", _("closure and evaluation")

    chapter = models.ForeignKey("accounts.Chapter", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    label = models.CharField(_("name"), max_length=100)
    offset_days = models.PositiveSmallIntegerField(_("days after the intake"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("timeline step")
        verbose_name_plural = _("timeline steps")
        ordering = ["chapter", "offset_days", "position", "id"]

    def __str__(self) -> str:
        return f"{self.label} (+{self.offset_days})"


class PlanModule(models.Model):
    """A kind of plan item the chapter offers (liquidity plan, payment plan, ...)."""

    chapter = models.ForeignKey("accounts.Chapter", on_delete=models.CASCADE, related_name="+")
    key = models.SlugField(_("key"), max_length=40)
    label = models.CharField(_("name"), max_length=100)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    active = models.BooleanField(_("offered"), default=True)

    class Meta:
        verbose_name = _("plan module")
        verbose_name_plural = _("plan modules")
        ordering = ["chapter", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["chapter", "key"], name="plan_module_unique_key")
        ]

    def __str__(self) -> str:
        return self.label


class Trajectory(models.Model):
    class Status(models.TextChoices):
        INTAKE = "intake", _("intake")
        ANALYSIS = "analysis", _("financial analysis")
        PLAN = "plan", _("plan")
        COACHING = "coaching", _("coaching")
        CLOSED = "closed", _("closed")

    class Outcome(models.TextChoices):
        RECOVERED = "recovered", _("recovered")
        RESTRUCTURED = "restructured", _("restructured")
        STOPPED = "stopped", _("stopped the business")
        BANKRUPT = "bankrupt", _("bankrupt or judicial reorganisation")
        REFERRED_DYZO = "referred_dyzo", _("referred on to Dyzo")
        UNREACHABLE = "unreachable", _("no longer reachable")

    #: the order of the open statuses: a transition goes one step forward
    FLOW: ClassVar[tuple[str, ...]] = ("intake", "analysis", "plan", "coaching")

    chapter = models.ForeignKey("accounts.Chapter", on_delete=models.CASCADE, related_name="+")
    public_code = models.CharField(
        _("code"), max_length=12, unique=True, default=new_public_code, editable=False
    )
    organisation = models.ForeignKey(
        "members.Organisation",
        on_delete=models.CASCADE,
        related_name="trajectories",
        verbose_name=_("organisation"),
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="trajectories",
        verbose_name=_("coach"),
    )
    referral = models.OneToOneField(
        "referrals.Referral",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="trajectory",
        verbose_name=_("referral"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.INTAKE
    )
    started_on = models.DateField(_("intake on"))
    analyses = models.ManyToManyField(
        "analyses.FinancialAnalysis",
        blank=True,
        related_name="trajectories",
        verbose_name=_("financial analyses"),
    )
    no_analysis_reason = models.CharField(
        _("why no financial analysis is needed"), max_length=500, blank=True
    )
    plan_summary = models.TextField(_("plan"), max_length=4000, blank=True)
    plan_agreed_on = models.DateField(_("plan agreed on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=15, choices=Outcome.choices, blank=True)
    conclusion = models.TextField(_("conclusion"), max_length=4000, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("trajectory")
        verbose_name_plural = _("trajectories")
        ordering = ["-started_on", "-id"]
        indexes = [
            models.Index(fields=["chapter", "coach", "status"], name="trajectory_coach_status"),
            models.Index(fields=["chapter", "organisation"], name="trajectory_organisation"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="closed") | (~Q(outcome="") & Q(closed_on__isnull=False)),
                name="trajectory_closed_has_outcome",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.public_code} · {self.organisation}"

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.CLOSED

    @property
    def has_analysis_or_reason(self) -> bool:
        return bool(self.no_analysis_reason) or self.analyses.exists()


class TrajectoryEvent(AppendOnly):
    """Who moved the trajectory to which status, when (its own history, next to the audit)."""

    chapter = models.ForeignKey("accounts.Chapter", on_delete=models.CASCADE, related_name="+")
    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("what happened"), max_length=30)
    status = models.CharField(_("status"), max_length=10, choices=Trajectory.Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    note = models.CharField(_("note"), max_length=500, blank=True)

    delete_refused = None

    class Meta:
        verbose_name = _("trajectory event")
        verbose_name_plural = _("trajectory events")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.at:%Y-%m-%d}"


class Activity(models.Model):
    """A scheduled activity of one trajectory, copied from the chapter's timeline at the start."""

    class State(models.TextChoices):
        DONE = "done", _("done")
        DUE = "due", _("due")
        LATE = "late", _("late")
        SKIPPED = "skipped", _("not needed")

    chapter = models.ForeignKey("accounts.Chapter", on_delete=models.CASCADE, related_name="+")
    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(_("kind"), max_length=10, choices=TimelineStep.Kind.choices)
    label = models.CharField(_("name"), max_length=100)
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    skipped = models.BooleanField(_("not needed"), default=False)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["chapter", "done_on", "due_on"], name="activity_open_due"),
        ]

    def __str__(self) -> str:
        return f"{self.label} {self.due_on}"

    def state(self, today: Any) -> str:
        if self.skipped:
            return self.State.SKIPPED
        if self.done_on is not None:
            return self.State.DONE
        return self.State.LATE if self.due_on < today else self.State.DUE


class PlanItem(models.Model):
    class Owner(models.TextChoices):
        COACH = "coach", _("coach")
        ENTREPRENEUR = "entrepreneur", _("entrepreneur")
        ACCOUNTANT = "accountant", _("accountant")
        PARTNER = "partner", _("partner organisation")

    chapter = models.ForeignKey("accounts.Chapter", on_delete=models.CASCADE, related_name="+")
    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="plan_items")
    public_code = models.CharField(
        _("code"), max_length=12, unique=True, default=new_public_code, editable=False
    )
    module = models.ForeignKey(
        PlanModule, on_delete=models.PROTECT, related_name="+", verbose_name=_("module")
    )
    description = models.CharField(_("what"), max_length=500)
    owner = models.CharField(_("who"), max_length=12, choices=Owner.choices)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.description


class Session(AppendOnly):
    """A coaching session; a correction is a new version (the old one stays, superseded)."""

    class Mode(models.TextChoices):
        PHONE = "phone", _("phone")
        VISIT = "visit", _("visit")
        VIDEO = "video", _("video call")
        OFFICE = "office", _("at the office")

    update_refused = "Sessions are append-only: record a correction as a new version."
    delete_refused = "Sessions are append-only."

    chapter = models.ForeignKey("accounts.Chapter", on_delete=models.CASCADE, related_name="+")
    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="sessions")
    public_code = models.CharField(
        _("code"), max_length=12, unique=True, default=new_public_code, editable=False
    )
    held_on = models.DateField(_("date"))
    minutes = models.PositiveSmallIntegerField(_("minutes"))
    mode = models.CharField(_("how"), max_length=6, choices=Mode.choices)
    notes = models.TextField(_("notes"), max_length=10000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    version = models.PositiveIntegerField(_("version"), default=1)
    root = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    supersedes = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="superseded_by"
    )
    idempotency_key = models.UUIDField(default=uuid.uuid4, editable=False)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["held_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["trajectory", "idempotency_key"], name="session_once_per_key"
            ),
            models.CheckConstraint(condition=Q(minutes__gt=0), name="session_minutes_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.held_on} {self.minutes} min"


class Document(AppendOnly):
    """A file the coach keeps with the trajectory. The bytes live under
    ``settings.BELRONDE_DOCUMENTS_DIR`` (outside the web root) under a random name; the
    download goes through an access check and is addressed by a random token."""

    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        XLSX = "xlsx", "Excel"
        DOCX = "docx", "Word"
        PNG = "png", "PNG"
        JPEG = "jpeg", "JPEG"

    delete_refused = None

    chapter = models.ForeignKey("accounts.Chapter", on_delete=models.CASCADE, related_name="+")
    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="documents")
    token = models.CharField(_("token"), max_length=43, unique=True, editable=False)
    name = models.CharField(_("file name"), max_length=150)
    kind = models.CharField(_("type"), max_length=4, choices=Kind.choices)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    stored_as = models.CharField(_("stored as"), max_length=80, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return self.name


class FollowUp(models.Model):
    """A check-in after closure (6 and 12 months): how is the firm doing now?"""

    class State(models.TextChoices):
        BETTER = "better", _("doing better")
        SAME = "same", _("about the same")
        WORSE = "worse", _("doing worse")
        STOPPED = "stopped", _("stopped")
        UNREACHABLE = "unreachable", _("could not be reached")

    chapter = models.ForeignKey("accounts.Chapter", on_delete=models.CASCADE, related_name="+")
    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="follow_ups")
    public_code = models.CharField(
        _("code"), max_length=12, unique=True, default=new_public_code, editable=False
    )
    months = models.PositiveSmallIntegerField(_("months after closure"))
    due_on = models.DateField(_("due on"))
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    state = models.CharField(_("how it is doing"), max_length=12, choices=State.choices, blank=True)
    answer = models.TextField(_("what the entrepreneur says"), max_length=2000, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reminded_on = models.DateField(_("coach reminded on"), null=True, blank=True)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["trajectory", "months"], name="follow_up_once"),
            models.CheckConstraint(
                condition=Q(answered_on__isnull=True) | ~Q(state=""),
                name="follow_up_answer_has_state",
            ),
        ]

    def __str__(self) -> str:
        return f"+{self.months}m {self.due_on}"


class CoachDigestSent(models.Model):
    """The weekly digest's ledger: one row per coach, chapter and ISO week, made before sending."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    chapter = models.ForeignKey("accounts.Chapter", on_delete=models.CASCADE, related_name="+")
    week = models.CharField(_("ISO week"), max_length=8)
    items = models.PositiveIntegerField(_("items"), default=0)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("coach digest sent")
        verbose_name_plural = _("coach digests sent")
        constraints = [
            models.UniqueConstraint(fields=["user", "chapter", "week"], name="coach_digest_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.chapter_id} {self.week}"
