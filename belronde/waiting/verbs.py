"""Audit verbs of the waiting list (see belronde.audit.verbs)."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

VERBS: dict[str, Promise] = {
    "digest.sent": _("Coordinator's daily digest sent"),
}
