"""Fetching campaigns and assignments for a user: other chapter 404, missing right 403."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import Http404

from belronde.accounts.access import ChapterAccess, require
from belronde.campaigns.models import Assignment, Campaign, Script, ScriptVersion


def campaigns_for(access: ChapterAccess) -> QuerySet[Campaign]:
    qs = Campaign.objects.filter(chapter=access.chapter)
    if access.can_manage_chapter:
        return qs
    if access.can_make_calls:
        return qs.filter(caller_links__user=access.membership.user).distinct()
    raise PermissionDenied


def get_campaign_for_user(access: ChapterAccess, code: str) -> Campaign:
    """Any campaign of the chapter for a coordinator; for a caller only campaigns they call in."""
    campaign = (
        Campaign.objects.filter(chapter=access.chapter, public_code=code)
        .select_related("script", "chapter")
        .first()
    )
    if campaign is None:
        raise Http404
    if access.can_manage_chapter:
        return campaign
    user_id = access.membership.user_id  # the id is enough: no query for the user row
    if access.can_make_calls and campaign.caller_links.filter(user_id=user_id).exists():
        return campaign
    raise PermissionDenied


def get_campaign_to_claim_from(access: ChapterAccess, code: str) -> Campaign:
    """The campaign for a claim: any role that may call; whether this user is one of its
    callers is checked (and locked) by ``actions.claim_next`` itself, which answers 403."""
    if not access.can_make_calls:
        if not Campaign.objects.filter(chapter=access.chapter, public_code=code).exists():
            raise Http404
        raise PermissionDenied
    current = ScriptVersion.objects.filter(script=OuterRef("script_id")).order_by("-number")
    campaign = (
        Campaign.objects.filter(chapter=access.chapter, public_code=code)
        .select_related("script", "chapter")
        # the script's current version, by identity (see api.script_out): no second query
        .annotate(
            current_version_id=Subquery(current.values("id")[:1]),
            current_version_at=Subquery(current.values("created_at")[:1]),
        )
        .first()
    )
    if campaign is None:
        raise Http404
    return campaign


def get_campaign_for_coordinator(access: ChapterAccess, code: str) -> Campaign:
    campaign = get_campaign_for_user(access, code)
    require(access.can_manage_chapter)
    return campaign


def get_assignment_for_user(access: ChapterAccess, code: str) -> Assignment:
    """Every assignment of the chapter for a coordinator; for a caller the ones that are theirs."""
    assignment = (
        Assignment.objects.filter(chapter=access.chapter, public_code=code)
        .select_related("campaign", "campaign__script", "organisation", "claimed_by", "caller")
        .first()
    )
    if assignment is None:
        raise Http404
    if access.can_manage_chapter:
        return assignment
    if access.can_make_calls:
        user_id = access.membership.user_id
        if user_id in (assignment.caller_id, assignment.claimed_by_id, assignment.callback_by_id):
            return assignment
        if assignment.call_attempts.filter(caller_id=user_id).exists():
            return assignment
    raise PermissionDenied


def get_script_for_coordinator(access: ChapterAccess, code: str) -> Script:
    script = Script.objects.filter(chapter=access.chapter, public_code=code).first()
    if script is None:
        raise Http404
    require(access.can_manage_chapter)
    return script
