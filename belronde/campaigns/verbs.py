from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

VERBS: dict[str, Promise] = {
    "script.created": _("Script created"),
    "script.versioned": _("New script version"),
    "campaign.created": _("Campaign created"),
    "campaign.updated": _("Campaign changed"),
    "campaign.status_changed": _("Campaign status changed"),
    "campaign.closed": _("Campaign closed at the end of its period"),
    "campaign.assignments_created": _("Contacts added to a campaign"),
    "campaign.callers_set": _("Campaign callers changed"),
    "campaign.distribution_proposed": _("Distribution proposed"),
    "campaign.distribution_published": _("Distribution published"),
    "campaign.rebalanced": _("Contacts rebalanced"),
    "assignment.moved": _("Contact moved in the proposal"),
    "assignment.reassigned": _("Contact reassigned"),
    "assignment.claimed": _("Contact claimed"),
    "assignment.released": _("Contact released"),
    "assignment.claim_expired": _("Claim expired"),
    "attempt.recorded": _("Call attempt recorded"),
    "organisation.do_not_call": _("Marked do-not-call"),
    "organisation.viewed": _("Organisation viewed"),  # the caller's contact card
    "calendar_feed.created": _("Calendar link created"),
    "calendar_feed.revoked": _("Calendar link revoked"),
    "caller_profile.saved": _("Caller settings saved"),
}
