"""The daily digest's ledger: which coordinator was sent the digest of which chapter on which day.

One row per (user, chapter, day), made before the mail is sent: its unique constraint is what
keeps two workers from sending the same digest twice.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DigestSent(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    chapter = models.ForeignKey("accounts.Chapter", on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField(_("sent on"))
    items = models.PositiveIntegerField(_("items waiting"), default=0)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("digest sent")
        verbose_name_plural = _("digests sent")
        constraints = [
            models.UniqueConstraint(fields=["user", "chapter", "sent_on"], name="digest_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.chapter_id} {self.sent_on}"
