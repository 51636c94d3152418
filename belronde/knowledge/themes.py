"""A chapter's themes: the curated defaults given to a new chapter, labels, and the tagger built
from them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet

from belronde.accounts.models import Chapter
from belronde.knowledge.default_themes import DEFAULT_THEMES
from belronde.knowledge.models import Theme
from belronde.knowledge.tagger import Suggestion, Tagger, ThemeSpec


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


def themes_for(chapter: Chapter, *, active_only: bool = True) -> QuerySet[Theme]:
    """The chapter's themes (given at its creation, see ``seed_new_chapter``); reads only."""
    themes = Theme.objects.filter(chapter=chapter)
    return themes.filter(is_active=True) if active_only else themes


def tagger_for(chapter: Chapter) -> Tagger:
    return Tagger(ThemeSpec(t.slug, tuple(t.keywords)) for t in themes_for(chapter))


def open_texts(items: Iterable[Mapping[str, Any]], answers: Mapping[str, Any]) -> list[str]:
    """The answers to the script's open questions, in script order."""
    return [
        str(answers[item["key"]])
        for item in items
        if item.get("type") == "open" and answers.get(item["key"])
    ]


def suggest_for_answers(
    chapter: Chapter, items: Iterable[Mapping[str, Any]], answers: Mapping[str, Any]
) -> list[Suggestion]:
    return tagger_for(chapter).suggest(*open_texts(items, answers))


def labels(chapter: Chapter, language: str | None = None) -> dict[str, str]:
    """slug -> label in the language, for every theme of the chapter (inactive ones too)."""
    return {t.slug: t.label(language) for t in themes_for(chapter, active_only=False)}


def clean_theme_slugs(chapter: Chapter, slugs: Iterable[str]) -> list[str]:
    """The given slugs that are active themes of the chapter, in the list's order."""
    wanted = set(slugs)
    return [t.slug for t in themes_for(chapter) if t.slug in wanted]
