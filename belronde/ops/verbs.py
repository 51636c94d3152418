"""Audit verbs of operations (see belronde.audit.verbs)."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

VERBS: dict[str, Promise] = {
    "ops.backup_made": _("Database backup made"),
}
