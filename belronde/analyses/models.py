"""Financial analyses of a member organisation: figures by annual-account code per year, the
coach's judgements for the alarm bells and signals, a 13-week cash-flow forecast, a conclusion.

The calculations live in :mod:`belronde.finance` (no Django); :mod:`belronde.analyses.evaluation`
turns these rows into its inputs. An analysis will later also belong to a coaching trajectory;
that link is added with the trajectories.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from belronde.finance import cashflow, codes, signals
from belronde.lib.models import new_public_code

# Amounts are DecimalField(max_digits=12, decimal_places=2): up to 9.999.999.999,99.


class Schema(models.TextChoices):
    MICRO = codes.Schema.MICRO.value, _("micro model")
    ABBREVIATED = codes.Schema.ABBREVIATED.value, _("abbreviated model")
    FULL = codes.Schema.FULL.value, _("full model")


class LegalForm(models.TextChoices):
    BV = "BV", _("BV (private limited company)")
    NV = "NV", _("NV (public limited company)")
    CV = "CV", _("CV (cooperative company)")
    OTHER = "other", _("other form (no alarm-bell procedure)")


class FinancialAnalysis(models.Model):
    chapter = models.ForeignKey(
        "accounts.Chapter",
        on_delete=models.CASCADE,
        related_name="financial_analyses",
        verbose_name=_("chapter"),
    )
    organisation = models.ForeignKey(
        "members.Organisation",
        on_delete=models.CASCADE,
        related_name="financial_analyses",
        verbose_name=_("organisation"),
    )
    public_code = models.CharField(
        _("code"), max_length=12, unique=True, default=new_public_code, editable=False
    )
    schema = models.CharField(
        _("annual-accounts model"),
        max_length=12,
        choices=Schema.choices,
        default=Schema.ABBREVIATED,
    )
    legal_form = models.CharField(
        _("legal form"), max_length=5, choices=LegalForm.choices, default=LegalForm.OTHER
    )
    liquidity_doubt_12m = models.BooleanField(
        _("doubt about paying the debts over the next 12 months"), null=True, blank=True
    )
    net_assets_at_risk = models.BooleanField(
        _("net assets at risk of becoming negative"), null=True, blank=True
    )
    rd_costs = models.DecimalField(
        _("research and development costs not yet written off"),
        null=True,
        blank=True,
        max_digits=12,
        decimal_places=2,
    )
    last_filed_year_end = models.DateField(
        _("year end of the last accounts filed"), null=True, blank=True
    )
    #: what the call told before the analysis started (coaching.actions.call_facts)
    call_facts = models.JSONField(_("what the call said"), default=dict, blank=True)
    conclusion = models.TextField(_("conclusion"), blank=True, max_length=10000)
    conclusion_updated_at = models.DateTimeField(_("conclusion updated at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("financial analysis")
        verbose_name_plural = _("financial analyses")
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["chapter", "-updated_at"], name="analysis_chapter_updated")]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.public_code})"


class FiscalYear(models.Model):
    """One financial year's figures of an analysis."""

    class Source(models.TextChoices):
        MANUAL = "manual", _("entered by hand")
        CSV = "csv", _("CSV file")
        NBB = "nbb", _("NBB authentic data")

    chapter = models.ForeignKey("accounts.Chapter", on_delete=models.CASCADE, related_name="+")
    analysis = models.ForeignKey(FinancialAnalysis, on_delete=models.CASCADE, related_name="years")
    year = models.PositiveSmallIntegerField(
        _("financial year"), validators=[MinValueValidator(1950), MaxValueValidator(2100)]
    )
    end_date = models.DateField(_("year end"))
    schema = models.CharField(_("annual-accounts model"), max_length=12, choices=Schema.choices)
    complete = models.BooleanField(
        _("complete filing"),
        default=False,
        help_text=_("An authentic NBB filing: every code left out is nil."),
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    source_ref = models.CharField(_("source reference"), max_length=100, blank=True)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("financial year")
        verbose_name_plural = _("financial years")
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(fields=["analysis", "year"], name="fiscal_year_unique"),
        ]

    def __str__(self) -> str:
        return str(self.year)

    @staticmethod
    def default_end(year: int) -> dt.date:
        return dt.date(year, 12, 31)


class Figure(models.Model):
    """One amount under one annual-account code, with where it came from."""

    chapter = models.ForeignKey("accounts.Chapter", on_delete=models.CASCADE, related_name="+")
    fiscal_year = models.ForeignKey(FiscalYear, on_delete=models.CASCADE, related_name="figures")
    code = models.CharField(_("code"), max_length=10)
    value = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    source = models.CharField(_("source"), max_length=10, choices=FiscalYear.Source.choices)
    source_ref = models.CharField(_("source reference"), max_length=100, blank=True)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("figure")
        verbose_name_plural = _("figures")
        constraints = [
            models.UniqueConstraint(fields=["fiscal_year", "code"], name="figure_unique_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.value}"


class SignalAnswer(models.Model):
    """What the coach knows about a warning signal (RSZ arrears, protested bills, ...)."""

    class Status(models.TextChoices):
        PRESENT = signals.SignalStatus.PRESENT.value, _("present")
        ABSENT = signals.SignalStatus.ABSENT.value, _("absent")
        UNKNOWN = signals.SignalStatus.UNKNOWN.value, _("unknown")

    chapter = models.ForeignKey("accounts.Chapter", on_delete=models.CASCADE, related_name="+")
    analysis = models.ForeignKey(
        FinancialAnalysis, on_delete=models.CASCADE, related_name="signal_answers"
    )
    key = models.CharField(
        _("signal"), max_length=40, choices=[(s.key, s.key) for s in signals.SIGNALS]
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    note = models.CharField(_("evidence"), max_length=500, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered at"), default=timezone.now)

    class Meta:
        verbose_name = _("signal answer")
        verbose_name_plural = _("signal answers")
        constraints = [
            models.UniqueConstraint(fields=["analysis", "key"], name="signal_answer_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.key}: {self.status}"


class CashFlowForecast(models.Model):
    chapter = models.ForeignKey("accounts.Chapter", on_delete=models.CASCADE, related_name="+")
    analysis = models.OneToOneField(
        FinancialAnalysis, on_delete=models.CASCADE, related_name="cashflow"
    )
    start_date = models.DateField(_("first week starts on"))
    opening_cash = models.DecimalField(
        _("opening cash"), default=0, max_digits=12, decimal_places=2
    )
    undrawn_credit = models.DecimalField(
        _("undrawn credit"),
        default=0,
        help_text=_("Credit-line limit less what is drawn."),
        validators=[MinValueValidator(0)],
        max_digits=12,
        decimal_places=2,
    )
    minimum_buffer = models.DecimalField(
        _("minimum cash buffer"),
        default=0,
        help_text=_("For example one month of operating costs."),
        validators=[MinValueValidator(0)],
        max_digits=12,
        decimal_places=2,
    )
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("cash-flow forecast")
        verbose_name_plural = _("cash-flow forecasts")
        constraints = [
            models.CheckConstraint(
                condition=Q(undrawn_credit__gte=0) & Q(minimum_buffer__gte=0),
                name="cashflow_nonnegative_credit_and_buffer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.analysis} {self.start_date}"


class CashFlowCell(models.Model):
    """One category in one week: the forecast and, once known, the actual amount."""

    chapter = models.ForeignKey("accounts.Chapter", on_delete=models.CASCADE, related_name="+")
    forecast = models.ForeignKey(CashFlowForecast, on_delete=models.CASCADE, related_name="cells")
    week_start = models.DateField(_("week starts on"))
    category = models.CharField(
        _("category"), max_length=40, choices=[(c.key, c.key) for c in cashflow.CATEGORIES]
    )
    forecast_amount = models.DecimalField(
        _("forecast"), null=True, blank=True, max_digits=12, decimal_places=2
    )
    actual_amount = models.DecimalField(
        _("actual"), null=True, blank=True, max_digits=12, decimal_places=2
    )
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("cash-flow cell")
        verbose_name_plural = _("cash-flow cells")
        constraints = [
            models.UniqueConstraint(
                fields=["forecast", "week_start", "category"], name="cashflow_cell_unique"
            ),
            models.CheckConstraint(
                condition=(Q(forecast_amount__isnull=True) | Q(forecast_amount__gte=0))
                & (Q(actual_amount__isnull=True) | Q(actual_amount__gte=0)),
                name="cashflow_cell_amounts_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.week_start} {self.category}"
