"""The audit verbs with their human labels. Apps add their verbs here as they grow."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

VERBS: dict[str, Promise] = {
    "user.logged_in": _("Logged in"),
    "user.logged_out": _("Logged out"),
    "user.login_failed": _("Login failed"),
    "user.password_reset_requested": _("Password reset requested"),
    "user.password_changed": _("Password changed"),
    "user.profile_updated": _("Profile updated"),
    "user.language_changed": _("Language changed"),
    "user.created": _("User created"),
    "chapter.created": _("Chapter created"),
    "chapter.switched": _("Chapter switched"),
    "membership.created": _("Membership created"),
    "token.created": _("API token created"),
    "token.revoked": _("API token revoked"),
    "audit.viewed": _("Audit log viewed"),
    "demo.loaded": _("Demo data loaded"),
}


def label(verb: str) -> str:
    return str(VERBS.get(verb, verb))
