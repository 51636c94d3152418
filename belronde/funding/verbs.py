"""Audit verbs of funding (see belronde.audit.verbs)."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

VERBS: dict[str, Promise] = {
    "funder.created": _("Funder added"),
    "programme.created": _("Programme created"),
    "programme.changed": _("Programme changed"),
    "programme.terms_added": _("Cost model added"),
    "enrolment.enrolled": _("Trajectory enrolled in a programme"),
    "enrolment.refused": _("Enrolment refused"),
    "enrolment.exception": _("Exception to an enrolment rule"),
    "enrolment.price_changed": _("Tailored price agreed"),
    "invoice.issued": _("Participant invoice issued"),
    "invoice.credited": _("Credit note issued"),
    "invoice.payment": _("Payment recorded"),
    "invoice.bank_import": _("Bank statement imported"),
    "invoice.downloaded": _("Invoice downloaded"),
    "claim.prepared": _("Funding claim prepared"),
    "claim.refreshed": _("Funding claim draft refreshed"),
    "claim.submitted": _("Funding claim submitted"),
    "claim.paid": _("Funding claim paid"),
    "claim.downloaded": _("Funding claim downloaded"),
}
