"""Who did or saw what, when, from where. Append-only."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from belronde.lib.models import AppendOnly


class AuditEvent(AppendOnly):
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
        db_index=False,  # audit_actor_chapter_at starts with the actor
    )
    actor_label = models.CharField(_("actor"), max_length=150, blank=True)
    chapter = models.ForeignKey(
        "accounts.Chapter",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="audit_events",
        verbose_name=_("chapter"),
    )
    verb = models.CharField(_("action"), max_length=60)
    object_type = models.CharField(_("object type"), max_length=60, blank=True)
    object_code = models.CharField(_("object"), max_length=64, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    payload = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["chapter", "-at"], name="audit_chapter_at"),
            models.Index(fields=["chapter", "verb", "-at"], name="audit_chapter_verb_at"),
            models.Index(fields=["object_type", "object_code"], name="audit_object"),
            # one person's recent events in a chapter: the unusual-volume check (SEC-BL-03)
            models.Index(fields=["actor", "chapter", "-at"], name="audit_actor_chapter_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.verb}"

    update_refused = delete_refused = "Audit events are append-only."
