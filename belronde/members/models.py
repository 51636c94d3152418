"""The chapter's member registry: organisations (ondernemingen) and their contact persons."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from belronde.lib.models import new_public_code
from belronde.members.normalise import band_for
from belronde.members.reference import fold_words, nace_label, nace_sections, section_for

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
    nace_version = models.CharField(
        _("NACE-BEL version"),
        max_length=4,
        blank=True,
        choices=[("2008", "NACE-BEL 2008"), ("2025", "NACE-BEL 2025")],
    )
    nace_section = models.CharField(_("sector"), max_length=1, blank=True, editable=False)
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    size_band = models.CharField(
        _("size band"), max_length=6, choices=SizeBand.choices, blank=True, default=""
    )
    street = models.CharField(_("street"), max_length=200, blank=True)
    house_number = models.CharField(_("number"), max_length=20, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=4, blank=True)
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    phone = models.CharField(
        _("general phone"), max_length=16, blank=True, help_text=_("E.164, e.g. +3215123456")
    )
    email = models.EmailField(_("general e-mail"), blank=True)
    membership_status = models.CharField(
        _("membership status"),
        max_length=10,
        choices=MembershipStatus.choices,
        default=MembershipStatus.MEMBER,
    )
    member_since = models.DateField(_("member since"), null=True, blank=True)
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
    #: folded name, municipality and number, for search (trigram-indexed on PostgreSQL)
    search_text = models.CharField(max_length=400, blank=True, editable=False)
    #: digest of the import row that produced the current values; cleared by any other edit
    import_digest = models.CharField(max_length=32, blank=True, editable=False)
    #: optimistic locking for the edit form: a save with a stale version is refused
    version = models.PositiveIntegerField(default=1, editable=False)

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

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Keep the size band, sector and search text in step with the stored values."""
        self.refresh_derived()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "size_band", "nace_section", "search_text"}
        super().save(*args, **kwargs)

    @property
    def display_name(self) -> str:
        """The name with the legal form, once: "Bakkerij Peeters NV" stays as it is when the
        name already ends with its form (imports often carry it in both columns)."""
        form = (self.legal_form or "").strip()
        if not form:
            return self.name
        words = self.name.replace(".", "").split()
        if words and words[-1].casefold() == form.replace(".", "").casefold():
            return self.name
        return f"{self.name} {form}"

    @property
    def enterprise_number_display(self) -> str:
        """0403170701 -> 0403.170.701"""
        n = self.enterprise_number
        return f"{n[:4]}.{n[4:7]}.{n[7:]}" if len(n) == 10 else n

    @staticmethod
    def band_for(employees: int | None) -> str:
        return band_for(employees)

    @staticmethod
    def search_text_for(name: str, municipality: str, enterprise_number: str) -> str:
        return f"{fold_words(name)} {fold_words(municipality)} {enterprise_number}"[:400]

    def refresh_derived(self) -> None:
        """Recompute the size band, sector and search text from the stored values."""
        if self.employees is not None:
            self.size_band = band_for(self.employees)
        self.nace_section = (
            section_for(self.nace_code, self.nace_version or "2008") if self.nace_code else ""
        )
        self.search_text = self.search_text_for(
            self.name, self.municipality, self.enterprise_number
        )

    @property
    def nace_label(self) -> str:
        from django.utils.translation import get_language

        return nace_label(self.nace_code, self.nace_version, get_language() or "nl")

    @property
    def sector_label(self) -> str:
        from django.utils.translation import get_language

        section = nace_sections(self.nace_version or "2008").get(self.nace_section)
        return section.label(get_language() or "nl") if section else ""


class Person(models.Model):
    class Language(models.TextChoices):
        DUTCH = "nl", _("Dutch")
        FRENCH = "fr", _("French")
        ENGLISH = "en", _("English")

    chapter = models.ForeignKey("accounts.Chapter", on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="persons")
    public_code = models.CharField(
        _("code"), max_length=12, unique=True, default=new_public_code, editable=False
    )
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role in the firm"), max_length=100, blank=True)
    phone = models.CharField(
        _("phone"), max_length=16, blank=True, help_text=_("E.164, e.g. +32470123456")
    )
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


class ImportBatch(models.Model):
    """One run of a member import: who, what file, what was found and what was written."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting")
        VALIDATING = "validating", _("checking rows")
        WRITING = "writing", _("writing")
        COMMITTED = "committed", _("imported")
        REJECTED = "rejected", _("rejected: nothing written")
        DRY_RUN = "dry-run", _("checked (dry run): nothing written")
        FAILED = "failed", _("failed")

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "Excel (.xlsx)"
        KBO = "kbo", _("KBO open data")

    class Source(models.TextChoices):
        WEB = "web", _("browser")
        CLI = "cli", _("command line")
        API = "api", "API"

    RUNNING = (Status.QUEUED, Status.VALIDATING, Status.WRITING)

    public_code = models.CharField(
        _("code"), max_length=12, unique=True, default=new_public_code, editable=False
    )
    chapter = models.ForeignKey(
        "accounts.Chapter", on_delete=models.CASCADE, related_name="import_batches"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported by"),
    )
    source = models.CharField(_("source"), max_length=3, choices=Source.choices)
    created_at = models.DateTimeField(_("started at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    original_filename = models.CharField(_("file name"), max_length=255)
    stored_name = models.CharField(max_length=100, blank=True, editable=False)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    size = models.BigIntegerField(_("size in bytes"), default=0)
    format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    encoding = models.CharField(_("encoding"), max_length=20, blank=True)
    delimiter = models.CharField(_("delimiter"), max_length=4, blank=True)
    partial = models.BooleanField(_("import the valid rows only"), default=False)
    dry_run = models.BooleanField(_("dry run"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_processed = models.PositiveIntegerField(_("rows processed"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    rejected = models.PositiveIntegerField(_("rejected"), default=0)
    #: [{"row", "column", "value", "code", "params"}], capped; messages are rendered on display
    errors = models.JSONField(default=list, blank=True)
    notices = models.JSONField(default=list, blank=True)
    #: a problem with the file as a whole: {"code", "params"}
    file_problem = models.JSONField(default=dict, blank=True)
    #: the rejected rows as read: {"header": [...], "rows": [[row_number, [cells]], ...]}
    rejected_rows = models.JSONField(default=dict, blank=True)
    pid = models.PositiveIntegerField(default=0, editable=False)
    hostname = models.CharField(max_length=255, blank=True, editable=False)

    class Meta:
        verbose_name = _("member import")
        verbose_name_plural = _("member imports")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["chapter", "-created_at"], name="import_chapter_created")]

    def __str__(self) -> str:
        return f"{self.original_filename} ({self.get_status_display()})"

    @property
    def is_running(self) -> bool:
        return self.status in self.RUNNING

    @property
    def percent(self) -> int:
        if self.status not in self.RUNNING:
            return 100
        if not self.rows_total:
            return 0
        return min(100, int(self.rows_processed * 100 / self.rows_total))
