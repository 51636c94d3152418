"""The label of the empty choice in a select list.

Django 6.1 labels it "- Select an option -", which its Dutch catalogue does not translate yet, so
Dutch forms showed English. Django lets an app's ``ready()`` replace the label; ``install()``
does, with a label of our own catalogue.
"""

from __future__ import annotations

from django.db.models import fields
from django.utils.translation import gettext_lazy as _

BLANK_CHOICE_LABEL = _("Choose…")


def install() -> None:
    fields.BLANK_CHOICE_LABEL = BLANK_CHOICE_LABEL
