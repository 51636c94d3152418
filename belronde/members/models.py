"""The chapter's member registry: organisations (ondernemingen) and their contact persons."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PUBLIC_CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read aloud on the phone


def new_public_code() -> str:
    return "".join(secrets.choice(PUBLIC_CODE_ALPHABET) for _ in range(10))


enterprise_number_validator = RegexValidator(
    r"^[01][0-9]{9}$", _("An enterprise number has 10 digits and starts with 0 or 1.")
)


class Organisation(models.Model):
    class SizeBand(models.TextChoices):
        NONE = "0", _("no employees")
        MICRO = "1-4", _("1 to 4")
        SMALL = "5-9", _("5 to 9")
        MEDIUM_SMALL = "10-19", _("10 to 19")
        MEDIUM = "20-49", _("20 to 49")
        LARGE = "50-249", _("50 to 249")
        VERY_LARGE = "250+", _("250 or more")
        UNKNOWN = "", _("unknown")

    class MembershipStatus(models.TextChoices):
        MEMBER = "member", _("member")
        FORMER = "former", _("former member")
        PROSPECT = "prospect", _("prospect")

    chapter = models.ForeignKey(
        "accounts.Chapter", on_delete=models.CASCADE, related_name="organisations"
    )
    public_code = models.CharField(
        _("code"), max_length=12, unique=True, default=new_public_code, editable=False
    )
    enterprise_number = models.CharField(
        _("enterprise number"), max_length=10, validators=[enterprise_number_validator]
    )
    name = models.CharField(_("name"), max_length=200)
    legal_form = models.CharField(_("legal form"), max_length=20, blank=True)
    nace_code = models.CharField(
        _("main NACE-BEL code"),
        max_length=5,
        blank=True,
        validators=[RegexValidator(r"^[0-9]{2,5}$", _("A NACE-BEL code has 2 to 5 digits."))],
    )
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    size_band = models.CharField(
        _("size band"), max_length=6, choices=SizeBand.choices, blank=True, default=""
    )
    street = models.CharField(_("street"), max_length=200, blank=True)
    house_number = models.CharField(_("number"), max_length=20, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=4, blank=True)
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    membership_status = models.CharField(
        _("membership status"),
        max_length=10,
        choices=MembershipStatus.choices,
        default=MembershipStatus.MEMBER,
    )
    do_not_call = models.BooleanField(_("do not call"), default=False)
    do_not_call_reason = models.CharField(_("reason not to call"), max_length=200, blank=True)
    do_not_call_at = models.DateTimeField(_("marked do-not-call at"), null=True, blank=True)
    do_not_call_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("marked do-not-call by"),
    )
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged_from",
        verbose_name=_("merged into"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["chapter", "enterprise_number"], name="organisation_unique_number"
            ),
            models.CheckConstraint(
                condition=Q(do_not_call=False) | ~Q(do_not_call_reason=""),
                name="organisation_do_not_call_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["chapter", "name"], name="org_chapter_name"),
            models.Index(fields=["chapter", "postal_code"], name="org_chapter_postal"),
            models.Index(fields=["chapter", "nace_code"], name="org_chapter_nace"),
            models.Index(fields=["chapter", "employees"], name="org_chapter_employees"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def enterprise_number_display(self) -> str:
        """0403170701 -> 0403.170.701"""
        n = self.enterprise_number
        return f"{n[:4]}.{n[4:7]}.{n[7:]}" if len(n) == 10 else n

    @staticmethod
    def band_for(employees: int | None) -> str:
        if employees is None:
            return Organisation.SizeBand.UNKNOWN
        for limit, band in (
            (0, Organisation.SizeBand.NONE),
            (4, Organisation.SizeBand.MICRO),
            (9, Organisation.SizeBand.SMALL),
            (19, Organisation.SizeBand.MEDIUM_SMALL),
            (49, Organisation.SizeBand.MEDIUM),
            (249, Organisation.SizeBand.LARGE),
        ):
            if employees <= limit:
                return band
        return Organisation.SizeBand.VERY_LARGE


class Person(models.Model):
    class Language(models.TextChoices):
        DUTCH = "nl", _("Dutch")
        FRENCH = "fr", _("French")
        ENGLISH = "en", _("English")

    chapter = models.ForeignKey("accounts.Chapter", on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="persons"
    )
    public_code = models.CharField(
        _("code"), max_length=12, unique=True, default=new_public_code, editable=False
    )
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role in the firm"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=16, blank=True, help_text=_("E.164, e.g. +32470123456"))
    mobile = models.CharField(_("mobile"), max_length=16, blank=True, help_text=_("E.164"))
    email = models.EmailField(_("e-mail"), blank=True)
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.DUTCH
    )
    preferred_call_times = models.CharField(_("preferred call times"), max_length=200, blank=True)
    is_primary = models.BooleanField(_("main contact"), default=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        ordering = ["-is_primary", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def phones(self) -> list[str]:
        return [p for p in (self.phone, self.mobile) if p]


