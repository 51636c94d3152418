"""Audit verbs of referrals (see belronde.audit.verbs)."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

VERBS: dict[str, Promise] = {
    "service.created": _("Service created"),
    "service.updated": _("Service updated"),
    "consent_text.added": _("Consent text version added"),
    "consent.recorded": _("Consent recorded"),
    "consent.withdrawn": _("Consent withdrawn"),
    "referral.created": _("Referral made"),
    "referral.sent": _("Referral sent"),
    "referral.accepted": _("Referral accepted"),
    "referral.declined": _("Referral declined"),
    "referral.closed": _("Referral closed"),
    "referral.viewed": _("Referral viewed"),
    "triage.decided": _("Referral decision recorded"),
}
