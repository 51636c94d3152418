"""Audit verbs of the knowledge base (see belronde.audit.verbs)."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

VERBS: dict[str, Promise] = {
    "theme.created": _("Theme created"),
    "theme.updated": _("Theme updated"),
    "question.raised": _("Question raised"),
    "question.grouped": _("Question grouped with a similar one"),
    "question.ungrouped": _("Question taken out of its group"),
    "question.answered": _("Question answered"),
    "answer.updated": _("Answer edited"),
    "answer.published": _("Answer published in the FAQ"),
    "answer.unpublished": _("Answer taken out of the FAQ"),
    "practice.submitted": _("Best practice submitted"),
    "practice.published": _("Best practice published"),
    "practice.rejected": _("Best practice not published"),
    "practice.exported": _("Best practices exported for the newsletter"),
}
