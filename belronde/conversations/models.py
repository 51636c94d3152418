"""Conversations (gesprekken): what a reached entrepreneur told us. Append-only.

A correction is a new row with ``supersedes`` pointing at the row it corrects and ``version``
one higher; the latest version of a conversation is the one no other row supersedes.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from belronde.lib.models import AppendOnly, new_public_code


class Health(models.TextChoices):
    GREEN = "green", _("green: doing fine")
    ORANGE = "orange", _("orange: worried")
    RED = "red", _("red: in trouble")


class TurnoverChange(models.TextChoices):
    COLLAPSED = "lt-50", _("down more than 50%")
    DOWN_LARGE = "-50-25", _("down 25 to 50%")
    DOWN = "-25-10", _("down 10 to 25%")
    STABLE = "-10+10", _("about the same (±10%)")
    UP = "gt+10", _("up more than 10%")


class LiquidityHorizon(models.TextChoices):
    UNDER_1 = "lt1", _("less than 1 month")
    ONE_TO_3 = "1-3", _("1 to 3 months")
    THREE_TO_6 = "3-6", _("3 to 6 months")
    SIX_TO_12 = "6-12", _("6 to 12 months")
    OVER_12 = "gt12", _("more than 12 months")


class TemporaryUnemployment(models.TextChoices):
    NONE = "none", _("no")
    PARTIAL = "partial", _("part of the staff")
    FULL = "full", _("all staff")


class Arrears(models.TextChoices):
    RSZ = "rsz", _("social security (RSZ)")
    VAT = "vat", _("VAT")
    WITHHOLDING = "withholding", _("withholding tax")
    SUPPLIERS = "suppliers", _("suppliers")
    RENT = "rent", _("rent")


class Outlook(models.TextChoices):
    WORSE = "worse", _("worse")
    SAME = "same", _("about the same")
    BETTER = "better", _("better")


class Conversation(AppendOnly):
    chapter = models.ForeignKey("accounts.Chapter", on_delete=models.CASCADE, related_name="+")
    public_code = models.CharField(
        _("code"), max_length=12, unique=True, default=new_public_code, editable=False
    )
    organisation = models.ForeignKey(
        "members.Organisation", on_delete=models.CASCADE, related_name="conversations"
    )
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="conversations",
    )
    assignment = models.ForeignKey(
        "campaigns.Assignment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="conversations",
    )
    script_version = models.ForeignKey(
        "campaigns.ScriptVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="conversations",
        verbose_name=_("script version"),
    )
    person = models.ForeignKey(
        "members.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="conversations",
        verbose_name=_("spoke with"),
    )
    held_at = models.DateTimeField(_("held at"), default=timezone.now)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    health = models.CharField(_("health"), max_length=6, choices=Health.choices)
    turnover_change = models.CharField(
        _("turnover change"), max_length=8, choices=TurnoverChange.choices, blank=True
    )
    liquidity_horizon = models.CharField(
        _("cash lasts"), max_length=4, choices=LiquidityHorizon.choices, blank=True
    )
    temporary_unemployment = models.CharField(
        _("temporary unemployment"), max_length=8, choices=TemporaryUnemployment.choices, blank=True
    )
    arrears = models.JSONField(_("arrears"), default=list, blank=True)
    outlook = models.CharField(_("outlook"), max_length=6, choices=Outlook.choices, blank=True)
    asks_for_help = models.BooleanField(_("asks for help"), default=False)
    themes = models.JSONField(_("themes"), default=list, blank=True)
    #: what the theme tagger proposed from the open answers (themes holds what the caller kept)
    suggested_themes = models.JSONField(_("suggested themes"), default=list, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    version = models.PositiveIntegerField(_("version"), default=1)
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("corrects"),
    )
    #: the first version of this conversation (None on the first version itself)
    root = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="later_versions",
        verbose_name=_("first version"),
    )
    #: a replay key, unique per recorder (never looked up without them: see record_conversation)
    idempotency_key = models.UUIDField(default=uuid.uuid4, editable=False)

    #: set on an instance returned for a repeated idempotency key (not stored)
    replayed = False

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        ordering = ["-held_at", "-id"]
        indexes = [
            models.Index(fields=["chapter", "organisation", "-held_at"], name="conv_chapter_org"),
            models.Index(fields=["chapter", "campaign", "health"], name="conv_chapter_campaign"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recorded_by", "idempotency_key"], name="conversation_key_per_recorder"
            ),
            models.CheckConstraint(
                condition=Q(version=1, supersedes__isnull=True)
                | Q(version__gt=1, supersedes__isnull=False),
                name="conversation_version_chain",
            ),
            models.CheckConstraint(
                condition=Q(version=1, root__isnull=True) | Q(version__gt=1, root__isnull=False),
                name="conversation_version_root",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.held_at:%Y-%m-%d} ({self.health})"

    update_refused = "Conversations are append-only: record a correction instead."
    delete_refused = "Conversations are append-only and cannot be deleted here."

    @property
    def root_id_or_own(self) -> int:
        """The primary key shared by every version of this conversation (the first's)."""
        return self.root_id or self.pk

    @property
    def is_latest(self) -> bool:
        return not Conversation.objects.filter(supersedes=self).exists()

    def versions(self) -> models.QuerySet[Conversation]:
        """Every version of this conversation, oldest first."""
        first = self.root_id_or_own
        return Conversation.objects.filter(Q(pk=first) | Q(root_id=first)).order_by("version")

    def latest_version(self) -> Conversation:
        latest = self.versions().last()
        assert latest is not None
        return latest
