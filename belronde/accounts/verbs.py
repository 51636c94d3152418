"""Audit verbs of accounts (see belronde.audit.verbs)."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

VERBS: dict[str, Promise] = {
    "user.logged_in": _("Logged in"),
    "user.logged_out": _("Logged out"),
    "user.password_reset_requested": _("Password reset requested"),
    "user.password_changed": _("Password changed"),
    "user.profile_updated": _("Profile updated"),
    "user.language_changed": _("Language changed"),
    "user.created": _("User created"),
    "chapter.created": _("Chapter created"),
    "membership.created": _("Membership created"),
    "token.created": _("API token created"),
    "token.revoked": _("API token revoked"),
    "mfa.enrolment_started": _("Two-factor set-up started"),
    "mfa.enrolled": _("Two-factor authentication set up"),
    "mfa.verified": _("Two-factor code accepted"),
    "mfa.verify_failed": _("Two-factor code refused"),
    "mfa.removed": _("Two-factor authentication removed"),
    "mfa.reset": _("Two-factor authentication reset by an operator"),
}
