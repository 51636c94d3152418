"""Every state change of a chapter's themes: the curated list a new chapter starts with, and the
coordinator's additions and edits (each audited)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from belronde.audit.actions import record_event
from belronde.lib.errors import ActionError
from belronde.themes import tagger
from belronde.themes.defaults import DEFAULT_THEMES
from belronde.themes.models import Theme

if TYPE_CHECKING:
    from belronde.accounts.models import Chapter, User


class ThemeError(ActionError):
    """A theme that cannot be saved as asked (``belronde.lib.errors``)."""


def ensure_themes(chapter: Chapter) -> int:
    """Give a chapter without any theme the curated list; returns how many were created."""
    if Theme.objects.filter(chapter=chapter).exists():
        return 0
    try:
        with transaction.atomic():
            Theme.objects.bulk_create(
                Theme(
                    chapter=chapter,
                    slug=default.slug,
                    label_nl=default.label_nl,
                    label_en=default.label_en,
                    keywords=list(default.keywords),
                    position=(index + 1) * 10,
                )
                for index, default in enumerate(DEFAULT_THEMES)
            )
    except IntegrityError:  # another request seeded them at the same moment
        return 0
    return len(DEFAULT_THEMES)


def seed_new_chapter(
    sender: type[Chapter], instance: Chapter, created: bool, **kwargs: Any
) -> None:
    """``post_save`` of a chapter: a new one gets the curated themes (raw fixtures do not)."""
    if created and not kwargs.get("raw"):
        ensure_themes(instance)


def _keywords(keywords: list[str]) -> list[str]:
    try:
        return tagger.check_keywords(keywords)
    except tagger.KeywordError as exc:
        raise ThemeError(
            _("This keyword cannot be used: %(error)s") % {"error": str(exc)}
        ) from None


@transaction.atomic
def create_theme(
    *,
    actor: User,
    chapter: Chapter,
    label_nl: str,
    label_en: str,
    keywords: list[str],
    slug: str = "",
) -> Theme:
    label_nl, label_en = label_nl.strip(), label_en.strip()
    if not label_nl:
        raise ThemeError(_("A theme needs a Dutch name."))
    slug = slugify(slug or label_en or label_nl).replace("-", "_")[:40]
    if not slug:
        raise ThemeError(_("A theme needs a name with letters or digits."))
    if Theme.objects.filter(chapter=chapter, slug=slug).exists():
        raise ThemeError(_("There is already a theme with code %(slug)s.") % {"slug": slug})
    last = Theme.objects.filter(chapter=chapter).order_by("-position").first()
    theme = Theme.objects.create(
        chapter=chapter,
        slug=slug,
        label_nl=label_nl,
        label_en=label_en or label_nl,
        keywords=_keywords(keywords),
        position=(last.position + 10) if last else 10,
    )
    record_event(
        actor=actor,
        verb="theme.created",
        chapter=chapter,
        obj=theme,
        payload={"slug": slug, "keywords": len(theme.keywords)},
    )
    return theme


@transaction.atomic
def update_theme(
    *,
    actor: User,
    theme: Theme,
    label_nl: str,
    label_en: str,
    keywords: list[str],
    is_active: bool,
    position: int | None = None,
) -> Theme:
    label_nl, label_en = label_nl.strip(), label_en.strip()
    if not label_nl:
        raise ThemeError(_("A theme needs a Dutch name."))
    values = {
        "label_nl": label_nl,
        "label_en": label_en or label_nl,
        "keywords": _keywords(keywords),
        "is_active": is_active,
    }
    if position is not None:
        values["position"] = position
    changed = [k for k, v in values.items() if getattr(theme, k) != v]
    if changed:
        for key in changed:
            setattr(theme, key, values[key])
        theme.updated_at = timezone.now()
        theme.save(update_fields=[*changed, "updated_at"])
        record_event(
            actor=actor,
            verb="theme.updated",
            chapter=theme.chapter,
            obj=theme,
            payload={"slug": theme.slug, "fields": changed},
        )
    return theme
