"""Programmes and money: who pays what of a coaching trajectory, invoices and claims.

- ``Funder``: an organisation that pays a contribution per trajectory (a city), with the funder
  users who may read its programmes' claims and budget.
- ``Programme`` (steunprogramma): a chapter's offer, with its eligibility window, budget cap,
  eligibility rules and claim periods. Its cost model lives in ``Terms``: rows that each apply
  from a date, so a change never rewrites what an earlier period was claimed on.
- ``Enrolment``: a trajectory in a programme, or the record that it was refused and by which
  rule; it holds the agreed price and its split (funder, participant, federation).
- ``ParticipantInvoice``: the participant's part, numbered per chapter and year without gaps
  (``InvoiceCounter``), never changed or deleted; a credit note is another row that refers to
  the invoice. ``Payment`` rows (append-only) come from the bank's CSV export.
- ``FundingClaim`` and ``ClaimLine``: the declaration to the funder per period, pseudonymous,
  frozen once submitted; a correction is a line of a later claim that refers to the earlier one.

Amounts are ``Decimal`` to the cent and excluding VAT unless a field says otherwise; the split
is ``belronde.finance.costsplit``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from belronde.lib.models import AppendOnly, new_public_code

ZERO = Decimal("0.00")


class Funder(models.Model):
    """Who pays the contribution per trajectory (e.g. a city), and its users."""

    chapter = models.ForeignKey("accounts.Chapter", on_delete=models.CASCADE, related_name="+")
    slug = models.SlugField(_("short name"), max_length=50)
    name = models.CharField(_("name"), max_length=150)
    users = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="funders", verbose_name=_("users")
    )

    class Meta:
        verbose_name = _("funder")
        verbose_name_plural = _("funders")
        ordering = ["chapter", "name"]
        constraints = [
            models.UniqueConstraint(fields=["chapter", "slug"], name="funder_unique_slug")
        ]

    def __str__(self) -> str:
        return self.name


class Programme(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        ACTIVE = "active", _("active")
        ENDED = "ended", _("ended")

    class Budget(models.TextChoices):
        OK = "ok", _("within budget")
        WARNING = "warning", _("at least 80 percent of the budget used")
        FULL = "full", _("budget used up")

    chapter = models.ForeignKey("accounts.Chapter", on_delete=models.CASCADE, related_name="+")
    code = models.SlugField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=150)
    funder = models.ForeignKey(
        Funder, on_delete=models.PROTECT, related_name="programmes", verbose_name=_("funder")
    )
    status = models.CharField(
        _("status"), max_length=6, choices=Status.choices, default=Status.DRAFT
    )
    window_start = models.DateField(_("trajectories starting from"))
    window_end = models.DateField(_("trajectories starting until"))
    budget_trajectories = models.PositiveIntegerField(
        _("at most this many trajectories"), null=True, blank=True
    )
    budget_amount = models.DecimalField(
        _("at most this funder contribution in total (EUR)"),
        null=True,
        blank=True,
        max_digits=12,
        decimal_places=2,
    )
    require_postal_code = models.BooleanField(
        _("only organisations in the chapter's postal codes"), default=True
    )
    require_member = models.BooleanField(_("only members at the start"), default=True)
    one_per_organisation = models.BooleanField(
        _("at most one funded trajectory per organisation"), default=True
    )
    funder_sees_identity = models.BooleanField(
        _("the funder needs the name and enterprise number in claims"), default=False
    )
    claim_period_months = models.PositiveSmallIntegerField(
        _("claim period (months)"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_("3: quarters; 1: months; 12: years."),
    )
    # the federation, as it appears on the participant's invoice
    creditor_name = models.CharField(_("name on invoices"), max_length=70)
    creditor_address = models.CharField(_("address on invoices"), max_length=200, blank=True)
    creditor_vat_number = models.CharField(_("VAT number"), max_length=20, blank=True)
    iban = models.CharField(_("IBAN"), max_length=34)
    bic = models.CharField(_("BIC"), max_length=11)
    payment_days = models.PositiveSmallIntegerField(_("days to pay"), default=30)
    next_enrolment_number = models.PositiveIntegerField(default=1, editable=False)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["chapter", "-window_start", "code"]
        constraints = [
            models.UniqueConstraint(fields=["chapter", "code"], name="programme_unique_code"),
            models.CheckConstraint(
                condition=Q(window_end__gte=models.F("window_start")),
                name="programme_window_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} · {self.name}"

    def in_window(self, day: dt.date) -> bool:
        return self.window_start <= day <= self.window_end


class Terms(models.Model):
    """The programme's cost model from ``valid_from`` on (until the next row's date).

    Rows are never changed once a claim covers their dates; a change is a new row."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="terms")
    valid_from = models.DateField(_("applies from"))
    price = models.DecimalField(
        _("standard price of a trajectory (EUR, excl. VAT)"), max_digits=12, decimal_places=2
    )
    hourly_rate = models.DecimalField(
        _("hourly rate of a tailored trajectory (EUR, excl. VAT)"),
        null=True,
        blank=True,
        max_digits=12,
        decimal_places=2,
    )
    contribution = models.DecimalField(
        _("funder contribution per trajectory (EUR)"), max_digits=12, decimal_places=2
    )
    participant_cap = models.DecimalField(
        _("participant pays at most (EUR)"), max_digits=12, decimal_places=2
    )
    vat_funder = models.DecimalField(
        _("VAT on the funder's part (%)"), max_digits=4, decimal_places=2, default=ZERO
    )
    vat_participant = models.DecimalField(
        _("VAT on the participant's part (%)"), max_digits=4, decimal_places=2, default=ZERO
    )
    vat_federation = models.DecimalField(
        _("VAT on the federation's part (%)"), max_digits=4, decimal_places=2, default=ZERO
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("cost model")
        verbose_name_plural = _("cost models")
        ordering = ["programme", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "valid_from"], name="terms_one_per_start_date"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme.code} {self.valid_from}"


class Enrolment(models.Model):
    """A trajectory in a programme (``enrolled``) or the record that it was ``refused``."""

    class Status(models.TextChoices):
        ENROLLED = "enrolled", _("enrolled")
        REFUSED = "refused", _("refused")

    class Rule(models.TextChoices):
        WINDOW = "window", _("outside the programme's window")
        BUDGET = "budget", _("over the programme's budget")
        CHAPTER = "chapter", _("outside the chapter's postal codes")
        ALREADY_FUNDED = "already_funded", _("the organisation already has a funded trajectory")
        NOT_MEMBER = "not_member", _("not a member at the start")

    #: the rules a coordinator may waive with a reason (never the window or the budget)
    WAIVABLE: ClassVar[frozenset[str]] = frozenset({"chapter", "already_funded", "not_member"})

    chapter = models.ForeignKey("accounts.Chapter", on_delete=models.CASCADE, related_name="+")
    public_code = models.CharField(
        _("code"), max_length=12, unique=True, default=new_public_code, editable=False
    )
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="enrolments")
    # SET_NULL: erasing a firm's data keeps the programme's counts and money right
    trajectory = models.OneToOneField(
        "coaching.Trajectory",
        on_delete=models.SET_NULL,
        null=True,
        related_name="enrolment",
        verbose_name=_("trajectory"),
    )
    organisation = models.ForeignKey(
        "members.Organisation", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    #: the funder's pseudonym of the trajectory: its number within the programme (1, 2, ...)
    number = models.PositiveIntegerField(_("trajectory number"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices)
    refused_rule = models.CharField(
        _("refused by"), max_length=15, choices=Rule.choices, blank=True
    )
    waived_rules = models.JSONField(_("rules waived"), default=list, blank=True)
    exception_reason = models.CharField(_("reason for the exception"), max_length=500, blank=True)
    exception_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    started_on = models.DateField(_("trajectory started on"))
    terms = models.ForeignKey(Terms, on_delete=models.PROTECT, null=True, related_name="+")
    hours = models.DecimalField(
        _("hours agreed (tailored trajectory)"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
    )
    price = models.DecimalField(
        _("price (EUR, excl. VAT)"), default=ZERO, max_digits=12, decimal_places=2
    )
    funder_part = models.DecimalField(
        _("funder's part"), default=ZERO, max_digits=12, decimal_places=2
    )
    participant_part = models.DecimalField(
        _("participant's part"), default=ZERO, max_digits=12, decimal_places=2
    )
    federation_part = models.DecimalField(
        _("federation's part"), default=ZERO, max_digits=12, decimal_places=2
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["programme", "number", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "number"],
                condition=Q(number__isnull=False),
                name="enrolment_unique_number",
            ),
            models.CheckConstraint(
                condition=(Q(status="enrolled") & Q(refused_rule="") & Q(number__isnull=False))
                | (Q(status="refused") & ~Q(refused_rule="")),
                name="enrolment_enrolled_or_refused_by_a_rule",
            ),
            models.CheckConstraint(
                condition=Q(
                    price=models.F("funder_part")
                    + models.F("participant_part")
                    + models.F("federation_part")
                ),
                name="enrolment_parts_add_up",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme.code} #{self.number or '-'}"

    @property
    def pseudonym(self) -> str:
        """What the funder sees instead of a name: programme code and trajectory number."""
        return f"{self.programme.code.upper()}-{self.number:04d}" if self.number else ""


class InvoiceCounter(models.Model):
    """The last invoice number used per chapter and year: allocated in the invoice's own
    transaction with a conditional ``UPDATE`` (row lock), so numbers have no gaps and never
    repeat, whatever the number of processes issuing at once."""

    chapter = models.ForeignKey("accounts.Chapter", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["chapter", "year"], name="invoice_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.chapter_id}/{self.year}: {self.last}"


class ParticipantInvoice(AppendOnly):
    """An invoice or a credit note to the participant. Written once; its status is derived from
    its payments and credit notes (``access.invoice_status``)."""

    update_refused = "An invoice is never changed: correct it with a credit note."
    delete_refused = "An invoice is never deleted or renumbered: correct it with a credit note."

    class Kind(models.TextChoices):
        INVOICE = "invoice", _("invoice")
        CREDIT_NOTE = "credit", _("credit note")

    class State(models.TextChoices):
        OPEN = "open", _("open")
        PARTLY_PAID = "partly_paid", _("partly paid")
        PAID = "paid", _("paid")
        CREDITED = "credited", _("credited")

    chapter = models.ForeignKey("accounts.Chapter", on_delete=models.PROTECT, related_name="+")
    public_code = models.CharField(
        _("code"), max_length=12, unique=True, default=new_public_code, editable=False
    )
    kind = models.CharField(_("kind"), max_length=7, choices=Kind.choices, default=Kind.INVOICE)
    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("sequence"))
    number = models.CharField(_("number"), max_length=30)
    credits = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="credit_notes",
        verbose_name=_("credits invoice"),
    )
    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="invoices")
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        "members.Organisation", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # the buyer as invoiced (an invoice keeps what it said, whatever changes later)
    buyer_name = models.CharField(_("invoiced to"), max_length=200)
    buyer_address = models.CharField(_("address"), max_length=300, blank=True)
    buyer_enterprise_number = models.CharField(_("enterprise number"), max_length=12, blank=True)
    language = models.CharField(_("language"), max_length=2, default="nl")
    description = models.CharField(_("description"), max_length=300)
    issued_on = models.DateField(_("issued on"))
    due_on = models.DateField(_("due on"))
    net = models.DecimalField(_("amount excl. VAT"), max_digits=12, decimal_places=2)
    vat_rate = models.DecimalField(_("VAT rate (%)"), max_digits=4, decimal_places=2)
    vat = models.DecimalField(_("VAT"), max_digits=12, decimal_places=2)
    total = models.DecimalField(_("total incl. VAT"), max_digits=12, decimal_places=2)
    ogm = models.CharField(_("structured communication"), max_length=12)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("participant invoice")
        verbose_name_plural = _("participant invoices")
        ordering = ["chapter", "-year", "-sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["chapter", "year", "sequence"], name="invoice_unique_number"
            ),
            models.UniqueConstraint(fields=["chapter", "ogm"], name="invoice_unique_ogm"),
            models.UniqueConstraint(
                fields=["credits"],
                condition=Q(kind="credit"),
                name="invoice_one_credit_note",
            ),
            models.CheckConstraint(
                condition=(Q(kind="invoice") & Q(credits__isnull=True))
                | (Q(kind="credit") & Q(credits__isnull=False)),
                name="invoice_credit_note_refers_to_invoice",
            ),
            models.CheckConstraint(
                condition=Q(total=models.F("net") + models.F("vat")),
                name="invoice_total_is_net_plus_vat",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def allows_update(self, update_fields: Any) -> bool:
        return False


class BankImport(models.Model):
    """One bank CSV export uploaded by a coordinator, with what matched and what did not."""

    chapter = models.ForeignKey("accounts.Chapter", on_delete=models.CASCADE, related_name="+")
    public_code = models.CharField(
        _("code"), max_length=12, unique=True, default=new_public_code, editable=False
    )
    filename = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    layout = models.CharField(_("bank layout"), max_length=30, blank=True)
    lines = models.PositiveIntegerField(_("lines"), default=0)
    matched = models.PositiveIntegerField(_("matched"), default=0)
    already_known = models.PositiveIntegerField(_("already imported"), default=0)
    report = models.JSONField(_("what did not match"), default=list, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("bank import")
        verbose_name_plural = _("bank imports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.filename


class Payment(AppendOnly):
    """Money received for an invoice (from a bank line, or recorded by hand)."""

    update_refused = "A payment is never changed."
    delete_refused = "A payment is never deleted."

    chapter = models.ForeignKey("accounts.Chapter", on_delete=models.PROTECT, related_name="+")
    invoice = models.ForeignKey(
        ParticipantInvoice, on_delete=models.PROTECT, related_name="payments"
    )
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    paid_on = models.DateField(_("paid on"))
    bank_import = models.ForeignKey(
        BankImport, on_delete=models.PROTECT, null=True, blank=True, related_name="payments"
    )
    fingerprint = models.CharField(max_length=64, blank=True)
    counterparty = models.CharField(_("paid by"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["paid_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["chapter", "fingerprint"],
                condition=~Q(fingerprint=""),
                name="payment_bank_line_once",
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_positive"),
        ]


class FundingClaim(models.Model):
    """The declaration to the funder for one period: a draft is rebuilt on demand; once
    submitted its lines and totals never change (``paid`` records the funder's payment)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        PAID = "paid", _("paid")

    chapter = models.ForeignKey("accounts.Chapter", on_delete=models.PROTECT, related_name="+")
    public_code = models.CharField(
        _("code"), max_length=12, unique=True, default=new_public_code, editable=False
    )
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="claims")
    period = models.CharField(_("period"), max_length=7)  # 2021Q1, 2021M03, 2021Y
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("until"))
    status = models.CharField(
        _("status"), max_length=9, choices=Status.choices, default=Status.DRAFT
    )
    total = models.DecimalField(_("total"), default=ZERO, max_digits=12, decimal_places=2)
    trajectories = models.PositiveIntegerField(_("trajectories"), default=0)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    paid_amount = models.DecimalField(
        _("amount paid"), null=True, blank=True, max_digits=12, decimal_places=2
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("funding claim")
        verbose_name_plural = _("funding claims")
        ordering = ["programme", "-period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "period"], name="claim_one_per_programme_period"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False),
                name="claim_submitted_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme.code} {self.period}"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class ClaimLine(models.Model):
    """One trajectory in a claim (pseudonymous), or a correction of an earlier claim's line."""

    claim = models.ForeignKey(FundingClaim, on_delete=models.CASCADE, related_name="lines")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="claim_lines")
    pseudonym = models.CharField(_("trajectory"), max_length=40)
    started_on = models.DateField(_("started on"))
    nace_section = models.CharField(_("sector"), max_length=1, blank=True)
    size_band = models.CharField(_("size"), max_length=10, blank=True)
    status = models.CharField(_("trajectory status"), max_length=10, blank=True)
    outcome = models.CharField(_("outcome"), max_length=15, blank=True)
    price = models.DecimalField(_("price"), max_digits=12, decimal_places=2)
    amount = models.DecimalField(_("claimed"), max_digits=12, decimal_places=2)
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("corrects"),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("claim line")
        verbose_name_plural = _("claim lines")
        ordering = ["claim", "started_on", "pseudonym", "id"]

    def __str__(self) -> str:
        return f"{self.pseudonym} {self.amount}"
