"""Regions, chapters (the tenant), users, memberships with roles, partner organisations, tokens."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

postal_code_validator = RegexValidator(r"^[1-9][0-9]{3}$", _("A Belgian postal code has 4 digits."))


class Region(models.Model):
    slug = models.SlugField(_("slug"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Chapter(models.Model):
    """A city chapter (afdeling): the tenant. Tenant-owned rows carry a foreign key to it."""

    slug = models.SlugField(_("slug"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=100)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="chapters", verbose_name=_("region")
    )
    postal_codes = models.JSONField(
        _("postal codes served"),
        default=list,
        blank=True,
        help_text=_("The Belgian postal codes this chapter serves."),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("chapter")
        verbose_name_plural = _("chapters")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def serves(self, postal_code: str) -> bool:
        return postal_code in self.postal_codes


class PartnerOrganisation(models.Model):
    """An organisation outside the federation that receives referrals (e.g. Dyzo)."""

    slug = models.SlugField(_("slug"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=150)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    class Language(models.TextChoices):
        DUTCH = "nl", _("Dutch")
        ENGLISH = "en", _("English")

    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.DUTCH
    )
    last_chapter = models.ForeignKey(
        Chapter,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last chapter used"),
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")  # type: ignore[assignment]
        verbose_name_plural = _("users")  # type: ignore[assignment]

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class Membership(models.Model):
    """A user's role in one chapter; a regional membership covers every chapter of a region."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Coordinator")
        CALLER = "caller", _("Caller")
        COACH = "coach", _("Coach")
        PARTNER = "partner", _("Partner")
        FUNDER = "funder", _("Funder")
        REGIONAL = "regional", _("Regional")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    chapter = models.ForeignKey(
        Chapter,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("chapter"),
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("region"),
    )
    partner_organisation = models.ForeignKey(
        PartnerOrganisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("partner organisation"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "chapter"],
                condition=Q(chapter__isnull=False),
                name="membership_one_role_per_chapter",
            ),
            models.UniqueConstraint(
                fields=["user", "region"],
                condition=Q(region__isnull=False),
                name="membership_one_per_region",
            ),
            models.CheckConstraint(
                condition=(Q(role="regional") & Q(region__isnull=False) & Q(chapter__isnull=True))
                | (~Q(role="regional") & Q(chapter__isnull=False) & Q(region__isnull=True)),
                name="membership_regional_has_region_others_chapter",
            ),
            models.CheckConstraint(
                condition=Q(role="partner", partner_organisation__isnull=False)
                | (~Q(role="partner") & Q(partner_organisation__isnull=True)),
                name="membership_partner_has_organisation",
            ),
        ]

    def __str__(self) -> str:
        where = self.chapter or self.region
        return f"{self.user} · {self.get_role_display()} · {where}"


class ApiToken(models.Model):
    """A personal API token. Only a SHA-256 digest is stored; the key is shown once."""

    PREFIX = "blr_"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("user"),
    )
    name = models.CharField(_("name"), max_length=100)
    key_prefix = models.CharField(_("key prefix"), max_length=12)
    key_digest = models.CharField(_("key digest"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.key_prefix}…)"

    @staticmethod
    def digest(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def generate_key(cls) -> str:
        return cls.PREFIX + secrets.token_urlsafe(32)

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
