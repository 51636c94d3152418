from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

VERBS: dict[str, Promise] = {
    "conversation.recorded": _("Conversation recorded"),
    "conversation.corrected": _("Conversation corrected"),
    "conversation.viewed": _("Conversation viewed"),
    "conversation.listed": _("Conversations listed"),
}
