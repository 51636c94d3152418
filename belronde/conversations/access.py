"""Who may see a conversation: the only way to fetch one for a user.

- coordinators: every conversation of their chapter;
- coaches: the conversations of the firms they work on, the same set of firms the member registry
  opens to them (coaching referrals they may read, financial analyses; see members/access.py);
- callers: the conversations they recorded (any version of), and those of organisations assigned
  to them or claimed by them in a campaign of the chapter;
- partners only through a referral's shared fields (never here), funders and regional staff never.

Another chapter's conversation (or none) is 404; a conversation of your own chapter that your role
or assignment does not open is 403.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from belronde.accounts.access import ChapterAccess, require
from belronde.accounts.models import Chapter, User
from belronde.campaigns.access import organisation_ids_of_caller
from belronde.conversations.models import Conversation
from belronde.members.models import Organisation


def assigned_organisations(chapter: Chapter, user: User) -> QuerySet[Organisation]:
    """Organisations assigned to, claimed by or to be called back by ``user`` in the chapter."""
    ids = organisation_ids_of_caller(chapter.pk, user.pk)
    return Organisation.objects.filter(chapter=chapter, pk__in=ids)


def _caller_filter(chapter: Chapter, user: User) -> Q:
    return (
        Q(recorded_by=user)
        | Q(root__recorded_by=user)
        | Q(organisation__in=assigned_organisations(chapter, user))
    )


def can_record(access: ChapterAccess) -> bool:
    return access.can_record_conversations


def conversations_for(access: ChapterAccess, user: User) -> QuerySet[Conversation]:
    """Every conversation version the user may see in the chapter (403 for other roles)."""
    require(access.can_read_conversations)
    conversations = Conversation.objects.filter(chapter=access.chapter)
    if access.can_manage_chapter:
        return conversations
    if access.can_coach:
        from belronde.members.access import visible_organisations

        return conversations.filter(organisation__in=visible_organisations(access))
    return conversations.filter(_caller_filter(access.chapter, user))


def latest_conversations_for(access: ChapterAccess, user: User) -> QuerySet[Conversation]:
    """Only the latest version of each conversation."""
    return conversations_for(access, user).filter(superseded_by__isnull=True)


def get_conversation_for_user(access: ChapterAccess, user: User, code: str) -> Conversation:
    conversation = (
        Conversation.objects.filter(chapter=access.chapter, public_code=code)
        .select_related(
            "organisation", "person", "recorded_by", "script_version", "campaign", "root"
        )
        .first()
    )
    if conversation is None:
        raise Http404
    require(access.can_read_conversations)
    if access.can_manage_chapter:
        return conversation
    require(conversations_for(access, user).filter(pk=conversation.pk).exists())
    return conversation


def get_conversation_for_recording(access: ChapterAccess, user: User, code: str) -> Conversation:
    """The read-write twin: the conversation, when the user may also correct it or act on it."""
    conversation = get_conversation_for_user(access, user, code)
    require(access.can_record_conversations)
    return conversation


def organisations_for_recording(access: ChapterAccess, user: User) -> QuerySet[Organisation]:
    """The organisations the user may enter a conversation for (outside a campaign)."""
    require(access.can_record_conversations)
    if access.can_manage_chapter:
        return Organisation.objects.filter(chapter=access.chapter)
    return assigned_organisations(access.chapter, user)


def get_organisation_for_recording(access: ChapterAccess, user: User, code: str) -> Organisation:
    allowed = organisations_for_recording(access, user)  # 403 for roles that do not record
    organisation = Organisation.objects.filter(chapter=access.chapter, public_code=code).first()
    if organisation is None:
        raise Http404
    require(allowed.filter(pk=organisation.pk).exists())
    return organisation
