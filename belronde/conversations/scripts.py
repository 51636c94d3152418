"""Which script a conversation entered afterwards (outside a campaign) is recorded with."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from belronde.accounts.models import Chapter, User
from belronde.campaigns import script_items
from belronde.campaigns.models import Campaign, Script, ScriptVersion


def existing_entry_script_version(chapter: Chapter) -> ScriptVersion | None:
    """The current version of the script of the chapter's latest running campaign; else of the
    chapter's newest script; None when the chapter has no script yet."""
    campaign = (
        Campaign.objects.filter(chapter=chapter, status=Campaign.Status.RUNNING)
        .order_by("-starts_on", "-pk")
        .first()
    )
    if campaign is not None:
        return campaign.script.current
    script = Script.objects.filter(chapter=chapter).order_by("-created_at", "-pk").first()
    return script.current if script is not None else None


def entry_items(chapter: Chapter) -> list[dict[str, Any]]:
    """The questions a conversation entered now would have (without creating anything)."""
    version = existing_entry_script_version(chapter)
    if version is not None:
        return list(version.items)
    return script_items.validate_items(script_items.DEFAULT_ITEMS)


def entry_script_version(chapter: Chapter, actor: User) -> ScriptVersion:
    """The script version to record with; a chapter without any script gets the programme's
    default script (made once, when the first conversation is saved)."""
    version = existing_entry_script_version(chapter)
    if version is not None:
        return version
    from belronde.campaigns.actions import create_script

    return create_script(actor=actor, chapter=chapter, name=_("Default script")).current
