"""Audit verbs of the member registry (see belronde.audit.verbs)."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

VERBS: dict[str, Promise] = {
    "organisation.created": _("Organisation created"),
    "organisation.updated": _("Organisation updated"),
    "organisation.do_not_call": _("Marked do-not-call"),
    "organisation.may_call_again": _("Do-not-call lifted"),
    "organisation.merged": _("Organisations merged"),
    "organisation.viewed": _("Organisation viewed"),
    "person.created": _("Contact person added"),
    "person.updated": _("Contact person updated"),
    "person.deleted": _("Contact person removed"),
    "members.import_started": _("Member import uploaded"),
    "members.imported": _("Members imported"),
    "members.import_rejected": _("Member import rejected"),
    "members.import_failed": _("Member import failed"),
    "members.exported": _("Members exported"),
    "members.export_refused": _("Member export refused: hourly limit reached"),
}
