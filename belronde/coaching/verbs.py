"""Audit verbs of coaching (see belronde.audit.verbs)."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

VERBS: dict[str, Promise] = {
    "coaching.timeline_changed": _("Standard timeline changed"),
    "coaching.digest_sent": _("Coach's weekly digest sent"),
    "trajectory.started": _("Trajectory started"),
    "trajectory.transition": _("Trajectory moved on"),
    "trajectory.updated": _("Trajectory plan changed"),
    "trajectory.viewed": _("Trajectory viewed"),
    "trajectory.analysis_linked": _("Financial analysis linked to a trajectory"),
    "trajectory.analysis_waived": _("Financial analysis not needed"),
    "trajectory.plan_item_added": _("Plan item added"),
    "trajectory.plan_item_changed": _("Plan item changed"),
    "trajectory.session_logged": _("Session logged"),
    "trajectory.session_corrected": _("Session corrected"),
    "trajectory.document_uploaded": _("Document uploaded"),
    "trajectory.document_viewed": _("Document downloaded"),
    "trajectory.reassigned": _("Trajectory given to another coach"),
    "trajectory.handed_off": _("Firm handed on to a partner"),
    "trajectory.closed": _("Trajectory closed"),
    "trajectory.follow_up_recorded": _("Follow-up after closure recorded"),
}
