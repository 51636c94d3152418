"""Audit verbs of financial analyses (see belronde.audit.verbs)."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

VERBS: dict[str, Promise] = {
    "analysis.created": _("Financial analysis created"),
    "analysis.viewed": _("Financial analysis viewed"),
    "analysis.figures_saved": _("Annual-account figures saved"),
    "analysis.figures_imported": _("Annual-account figures imported"),
    "analysis.year_deleted": _("Financial year deleted"),
    "analysis.settings_changed": _("Analysis settings changed"),
    "analysis.signal_recorded": _("Warning signal recorded"),
    "analysis.conclusion_saved": _("Analysis conclusion saved"),
    "analysis.cashflow_changed": _("Cash-flow forecast changed"),
    "analysis.cashflow_rolled": _("Cash-flow forecast rolled forward"),
    "analysis.report_downloaded": _("Analysis report downloaded"),
}
