"""The knowledge base: questions and their answers (the FAQ), best practices (tagged with the
chapter's themes, ``belronde.themes``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from belronde.lib.models import new_public_code


class Question(models.Model):
    """A question an entrepreneur (or staff) asked. Similar questions are grouped under one
    (``same_as``), which gets the answer once; the group shares its status."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        ANSWERED = "answered", _("answered")
        PUBLISHED = "published", _("published in the FAQ")

    chapter = models.ForeignKey("accounts.Chapter", on_delete=models.CASCADE, related_name="+")
    public_code = models.CharField(
        _("code"), max_length=12, unique=True, default=new_public_code, editable=False
    )
    text = models.TextField(_("question"), max_length=2000)
    theme = models.ForeignKey(
        "themes.Theme",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("theme"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    conversation = models.ForeignKey(
        "conversations.Conversation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("conversation"),
    )
    organisation = models.ForeignKey(
        "members.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("organisation"),
    )
    person = models.ForeignKey(
        "members.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("asked by (contact)"),
    )
    notify_entrepreneur = models.BooleanField(
        _("the entrepreneur wants the answer by e-mail"), default=False
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("raised by"),
    )
    raised_at = models.DateTimeField(_("raised at"), default=timezone.now)
    same_as = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="grouped",
        verbose_name=_("grouped under"),
    )
    grouped_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    grouped_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["-raised_at", "-id"]
        indexes = [
            models.Index(fields=["chapter", "status", "-raised_at"], name="question_queue"),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def lead(self) -> Question:
        """The question of the group that carries the answer (itself when not grouped)."""
        return self.same_as if self.same_as is not None else self


class Answer(models.Model):
    """The one answer to a group of similar questions; published, it becomes an FAQ entry."""

    chapter = models.ForeignKey("accounts.Chapter", on_delete=models.CASCADE, related_name="+")
    public_code = models.CharField(
        _("code"), max_length=12, unique=True, default=new_public_code, editable=False
    )
    question = models.OneToOneField(
        Question, on_delete=models.CASCADE, related_name="answer", verbose_name=_("question")
    )
    title = models.CharField(
        _("question as shown in the FAQ"),
        max_length=250,
        help_text=_("A general wording without names: this is what callers will search."),
    )
    text = models.TextField(_("answer"), max_length=10000)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    written_at = models.DateTimeField(_("written at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["-written_at"]

    def __str__(self) -> str:
        return self.title


class BestPractice(models.Model):
    """Something that works for an entrepreneur, shared (with consent) so others can learn."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("waiting for review")
        PUBLISHED = "published", _("published")
        REJECTED = "rejected", _("not published")

    class Sharing(models.TextChoices):
        NAMED = "named", _("may be shared with the name of the business")
        ANONYMOUS = "anonymous", _("may be shared anonymously")
        INTERNAL = "internal", _("not to be shared outside the federation")

    class Sector(models.TextChoices):
        HORECA = "horeca", _("hospitality (horeca)")
        RETAIL = "retail", _("retail")
        CONSTRUCTION = "construction", _("construction")
        MANUFACTURING = "manufacturing", _("manufacturing")
        TRANSPORT = "transport", _("transport and logistics")
        CARE = "care", _("care and wellbeing")
        AGRICULTURE = "agriculture", _("agriculture")
        SERVICES = "services", _("services")
        OTHER = "other", _("other")

    chapter = models.ForeignKey("accounts.Chapter", on_delete=models.CASCADE, related_name="+")
    public_code = models.CharField(
        _("code"), max_length=12, unique=True, default=new_public_code, editable=False
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("what works"), max_length=5000)
    theme = models.ForeignKey(
        "themes.Theme",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="best_practices",
        verbose_name=_("theme"),
    )
    sector = models.CharField(
        _("sector"), max_length=15, choices=Sector.choices, default=Sector.OTHER
    )
    sharing = models.CharField(
        _("consent to share"), max_length=10, choices=Sharing.choices, default=Sharing.INTERNAL
    )
    conversation = models.ForeignKey(
        "conversations.Conversation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="best_practices",
    )
    organisation = models.ForeignKey(
        "members.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="best_practices",
        verbose_name=_("organisation"),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.CharField(_("review note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("best practice")
        verbose_name_plural = _("best practices")
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["chapter", "status", "-submitted_at"], name="practice_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | ~Q(sharing="internal"),
                name="practice_published_only_with_consent",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def shown_source(self) -> str:
        """How the source appears in the library and the newsletter (never named without "
        "consent)."""
        if self.sharing == self.Sharing.NAMED and self.organisation is not None:
            return self.organisation.name
        return str(self.get_sector_display())
