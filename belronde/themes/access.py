"""Reading a chapter's themes: the list, their labels, and the tagger built from them.

Themes are not confidential (a theme is a label and keywords); the pages that show them check the
reader's rights themselves."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db.models import QuerySet

from belronde.accounts.models import Chapter
from belronde.themes.models import Theme
from belronde.themes.tagger import Suggestion, Tagger, ThemeSpec


def themes_for(chapter: Chapter, *, active_only: bool = True) -> QuerySet[Theme]:
    """The chapter's themes (given at its creation, ``actions.seed_new_chapter``); reads only."""
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
