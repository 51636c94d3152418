"""A chapter's crisis themes: the words conversations, questions and practices are tagged with.

A low app: conversations, knowledge and referrals all read themes, so they live below all three
(``docs/architecture.md``, "Layers").
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Theme(models.Model):
    """A crisis theme of one chapter, with the Dutch keywords the tagger looks for."""

    chapter = models.ForeignKey("accounts.Chapter", on_delete=models.CASCADE, related_name="+")
    slug = models.SlugField(_("code"), max_length=40)
    label_nl = models.CharField(_("name (Dutch)"), max_length=100)
    label_en = models.CharField(_("name (English)"), max_length=100)
    keywords = models.JSONField(_("keywords"), default=list, blank=True)
    is_active = models.BooleanField(_("in use"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        db_table = "knowledge_theme"  # the table it was born with (see migrations/0001)
        ordering = ["position", "label_nl"]
        constraints = [
            models.UniqueConstraint(fields=["chapter", "slug"], name="theme_unique_slug"),
        ]

    def __str__(self) -> str:
        return self.label()

    def label(self, language: str | None = None) -> str:
        language = (language or get_language() or "nl")[:2]
        return self.label_en if language == "en" and self.label_en else self.label_nl
