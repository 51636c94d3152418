"""Services (Open Referral HSDS), consent texts and consents, referrals and triage decisions.

Consent rows are append-only: once captured nothing changes except that a withdrawal is written
once (who, when, how). Consent texts are immutable versions. Referral status changes are kept as
ReferralEvent rows (who and when per status); triage decisions are append-only.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from belronde.lib.models import AppendOnly, new_public_code


class Service(models.Model):
    """What an entrepreneur can be referred to, described with the fields of an HSDS service."""

    class Kind(models.TextChoices):
        COACHING = "coaching", _("the federation's coaching (coaches' queue)")
        PARTNER = "partner", _("a partner organisation (partner portal)")

    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        INACTIVE = "inactive", _("inactive")
        TEMPORARILY_CLOSED = "temporarily closed", _("temporarily closed")
        DEFUNCT = "defunct", _("defunct")

    chapter = models.ForeignKey("accounts.Chapter", on_delete=models.CASCADE, related_name="+")
    public_code = models.CharField(
        _("code"), max_length=12, unique=True, default=new_public_code, editable=False
    )
    name = models.CharField(_("name"), max_length=150)
    alternate_name = models.CharField(_("alternate name"), max_length=150, blank=True)
    kind = models.CharField(_("where referrals go"), max_length=10, choices=Kind.choices)
    partner_organisation = models.ForeignKey(
        "accounts.PartnerOrganisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="services",
        verbose_name=_("partner organisation"),
    )
    organisation_name = models.CharField(
        _("organisation"), max_length=150, help_text=_("Who provides the service.")
    )
    description = models.TextField(_("description"), max_length=4000)
    url = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    eligibility_description = models.TextField(_("who is eligible"), max_length=2000, blank=True)
    application_process = models.TextField(_("how to apply"), max_length=2000, blank=True)
    fees_description = models.TextField(_("fees"), max_length=1000, blank=True)
    service_area = models.CharField(_("area served"), max_length=200, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    #: the codes of the fields a referral shares with this service (see ``sharing``)
    shared_fields = models.JSONField(_("fields shared with a referral"), default=list, blank=True)
    consent_valid_days = models.PositiveSmallIntegerField(
        _("consent valid for (days)"), default=365
    )
    requires_review = models.BooleanField(
        _("a coordinator sends each referral"),
        default=False,
        help_text=_("When on, a referral stays proposed until a coordinator sends it."),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="partner", partner_organisation__isnull=False)
                | Q(kind="coaching", partner_organisation__isnull=True),
                name="service_partner_has_organisation",
            ),
            models.UniqueConstraint(fields=["chapter", "name"], name="service_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def is_partner(self) -> bool:
        return self.kind == self.Kind.PARTNER


class Language(models.TextChoices):
    DUTCH = "nl", _("Dutch")
    FRENCH = "fr", _("French")
    ENGLISH = "en", _("English")


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class ConsentText(AppendOnly):
    """One immutable version of the consent text for referrals to a service, in one language."""

    chapter = models.ForeignKey("accounts.Chapter", on_delete=models.CASCADE, related_name="+")
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="consent_texts")
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    version = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("text read to the entrepreneur"), max_length=5000)
    text_hash = models.CharField(_("SHA-256 of the text"), max_length=64, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("consent text")
        verbose_name_plural = _("consent texts")
        ordering = ["service", "language", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "language", "version"], name="consent_text_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.service} {self.language} v{self.version}"

    update_refused = "Consent texts are immutable: add a new version."
    delete_refused = "Consent texts are kept: consents refer to them."

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is None:
            self.text_hash = text_digest(self.text)
        super().save(*args, **kwargs)


class Consent(AppendOnly):
    """An entrepreneur's answer to a consent text: who, what for, to whom, how, until when.

    Append-only: the only change after capture is a withdrawal, written once.
    """

    class Answer(models.TextChoices):
        GIVEN = "given", _("consent given")
        REFUSED = "refused", _("consent refused")

    class Method(models.TextChoices):
        PHONE = "phone", _("by phone")
        IN_PERSON = "in_person", _("in person")
        EMAIL = "email", _("by e-mail")
        PAPER = "paper", _("on paper")

    WITHDRAWAL_FIELDS = frozenset({"withdrawn_at", "withdrawn_by", "withdrawal_method"})

    chapter = models.ForeignKey("accounts.Chapter", on_delete=models.CASCADE, related_name="+")
    public_code = models.CharField(
        _("code"), max_length=12, unique=True, default=new_public_code, editable=False
    )
    organisation = models.ForeignKey(
        "members.Organisation",
        on_delete=models.CASCADE,
        related_name="consents",
        verbose_name=_("organisation"),
    )
    person = models.ForeignKey(
        "members.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consents",
        verbose_name=_("given by"),
    )
    purpose = models.CharField(_("purpose"), max_length=200)
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="consents", verbose_name=_("service")
    )
    recipient = models.CharField(_("recipient"), max_length=150)
    partner_organisation = models.ForeignKey(
        "accounts.PartnerOrganisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consents",
    )
    text = models.ForeignKey(
        ConsentText, on_delete=models.PROTECT, related_name="consents", verbose_name=_("text")
    )
    text_version = models.PositiveIntegerField(_("text version"))
    text_hash = models.CharField(_("SHA-256 of the text"), max_length=64)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    answer = models.CharField(_("answer"), max_length=8, choices=Answer.choices)
    method = models.CharField(_("how"), max_length=10, choices=Method.choices)
    captured_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("captured by"),
    )
    captured_at = models.DateTimeField(_("captured at"), default=timezone.now)
    expires_at = models.DateTimeField(_("valid until"))
    conversation = models.ForeignKey(
        "conversations.Conversation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consents",
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("withdrawal recorded by"),
    )
    withdrawal_method = models.CharField(
        _("withdrawn how"), max_length=10, choices=Method.choices, blank=True
    )

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-captured_at", "-id"]
        indexes = [
            models.Index(fields=["chapter", "organisation", "-captured_at"], name="consent_org"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("captured_at")),
                name="consent_expires_after_capture",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True, withdrawn_by__isnull=True)
                | Q(withdrawn_at__isnull=False, withdrawn_by__isnull=False),
                name="consent_withdrawal_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.purpose} ({self.get_answer_display()})"

    update_refused = "Consents are append-only: only a withdrawal may be recorded."
    delete_refused = "Consents are append-only: record a withdrawal instead."

    def allows_update(self, update_fields: Iterable[str] | None) -> bool:
        """The one change after capture: the withdrawal, written once."""
        fields = set(update_fields or ())
        if not fields or not fields <= self.WITHDRAWAL_FIELDS:
            return False
        stored = Consent.objects.filter(pk=self.pk).values_list("withdrawn_at", flat=True)
        if stored.first() is not None:
            raise ValueError("This consent has already been withdrawn.")
        return True

    def is_valid(self, now: Any = None) -> bool:
        now = now or timezone.now()
        return (
            self.answer == self.Answer.GIVEN
            and self.withdrawn_at is None
            and self.captured_at <= now < self.expires_at
        )

    @property
    def state(self) -> str:
        """given | refused | withdrawn | expired"""
        if self.answer == self.Answer.REFUSED:
            return "refused"
        if self.withdrawn_at is not None:
            return "withdrawn"
        if self.expires_at <= timezone.now():
            return "expired"
        return "given"

    @staticmethod
    def valid_q(prefix: str = "", now: Any = None) -> Q:
        """A filter for valid consents (``prefix`` e.g. ``"consent__"`` from a referral)."""
        now = now or timezone.now()
        return Q(
            **{
                f"{prefix}answer": Consent.Answer.GIVEN,
                f"{prefix}withdrawn_at__isnull": True,
                f"{prefix}captured_at__lte": now,
                f"{prefix}expires_at__gt": now,
            }
        )


class Referral(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        SENT = "sent", _("sent")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")
        CLOSED = "closed", _("closed")

    class Urgency(models.TextChoices):
        NORMAL = "normal", _("normal")
        HIGH = "high", _("high: within a week")
        URGENT = "urgent", _("urgent: within two days")

    class Outcome(models.TextChoices):
        HELPED = "helped", _("helped")
        PARTLY_HELPED = "partly_helped", _("partly helped")
        REFERRED_ON = "referred_on", _("referred on to someone else")
        NO_HELP_WANTED = "no_help_wanted", _("no longer wanted help")
        NOT_REACHED = "not_reached", _("could not be reached")

    chapter = models.ForeignKey("accounts.Chapter", on_delete=models.CASCADE, related_name="+")
    public_code = models.CharField(
        _("code"), max_length=12, unique=True, default=new_public_code, editable=False
    )
    conversation = models.ForeignKey(
        "conversations.Conversation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("conversation"),
    )
    organisation = models.ForeignKey(
        "members.Organisation",
        on_delete=models.CASCADE,
        related_name="referrals",
        verbose_name=_("organisation"),
    )
    person = models.ForeignKey(
        "members.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("contact person"),
    )
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("service")
    )
    consent = models.ForeignKey(
        Consent, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("consent")
    )
    reason = models.TextField(_("why (problem summary)"), max_length=2000)
    urgency = models.CharField(
        _("urgency"), max_length=8, choices=Urgency.choices, default=Urgency.NORMAL
    )
    shared_fields = models.JSONField(_("fields shared"), default=list)
    shared_data = models.JSONField(_("data shared"), default=dict)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("referred by"),
    )
    created_at = models.DateTimeField(_("referred at"), default=timezone.now)
    status_changed_at = models.DateTimeField(_("status changed at"), default=timezone.now)
    decline_reason = models.CharField(_("reason for declining"), max_length=500, blank=True)
    outcome = models.CharField(_("outcome"), max_length=15, choices=Outcome.choices, blank=True)
    feedback = models.TextField(_("feedback for the referrer"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["chapter", "status", "-created_at"], name="referral_status"),
            models.Index(fields=["service", "status"], name="referral_service_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="closed") | ~Q(outcome=""), name="referral_closed_has_outcome"
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""),
                name="referral_declined_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service} · {self.organisation}"


class ReferralEvent(AppendOnly):
    """One status of a referral: who and when. Append-only."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(_("status"), max_length=10, choices=Referral.Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(_("who"), max_length=150)
    at = models.DateTimeField(_("when"), default=timezone.now)
    note = models.CharField(_("note"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("referral event")
        verbose_name_plural = _("referral events")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.status} {self.at:%Y-%m-%d %H:%M}"

    update_refused = "Referral events are append-only."
    delete_refused = None  # they go with their referral


class TriageDecision(AppendOnly):
    """What the triage rules suggested for a conversation, and what a person decided. "
    "Append-only."""

    class Decision(models.TextChoices):
        REFER = "refer", _("refer")
        NO_REFERRAL = "no_referral", _("no referral")

    chapter = models.ForeignKey("accounts.Chapter", on_delete=models.CASCADE, related_name="+")
    public_code = models.CharField(
        _("code"), max_length=12, unique=True, default=new_public_code, editable=False
    )
    conversation = models.ForeignKey(
        "conversations.Conversation", on_delete=models.CASCADE, related_name="triage_decisions"
    )
    suggested = models.BooleanField(_("referral suggested"))
    suggested_target = models.CharField(_("suggested service kind"), max_length=10, blank=True)
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    decision = models.CharField(_("decision"), max_length=12, choices=Decision.choices)
    service = models.ForeignKey(
        Service, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    referral = models.ForeignKey(
        Referral, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.CharField(_("reason"), max_length=500, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)

    class Meta:
        verbose_name = _("triage decision")
        verbose_name_plural = _("triage decisions")
        ordering = ["-decided_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(decision="no_referral") | ~Q(note=""),
                name="triage_no_referral_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.decision} {self.decided_at:%Y-%m-%d}"

    update_refused = "Triage decisions are append-only: record a new decision."
    delete_refused = None  # they go with their conversation
