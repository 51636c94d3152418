"""The only way to reach the member registry for a user.

Another chapter's organisation (or one that does not exist) is 404; a role without the right in
your own chapter is 403. Coordinators manage members and read the whole registry; callers and
coaches read only the firms they work on (DESIGN.md section 2, data minimisation):

- a caller: the firms of the chapter's assignments published to them (``caller``), claimed by
  them (``claimed_by``) or to be called back by them (``callback_by``);
- a coach: the firms of the referrals they may read (those to the federation's coaching with
  valid consent, and those they made), of the chapter's financial analyses and of the
  trajectories they coach (or coached: a closed trajectory keeps its firm open to its coach);
- partners, funders and regional staff: nothing of the registry (403); partners read a
  referral's shared fields in the partner portal only.

A firm of your own chapter outside that set is 404 to a caller or coach, exactly like another
chapter's: the list, the detail page and the API never tell it exists.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from belronde.accounts import roles
from belronde.accounts.access import ChapterAccess, require
from belronde.audit.models import AuditEvent
from belronde.members.models import ImportBatch, Organisation, Person


def can_read_members(access: ChapterAccess) -> bool:
    return roles.can_see_members(access.role)


def can_manage_members(access: ChapterAccess) -> bool:
    return roles.can_manage_chapter(access.role)


def reads_whole_registry(access: ChapterAccess) -> bool:
    """Whether the user reads every firm of the chapter (coordinators) or only their own."""
    return can_manage_members(access)


def _own_organisation_ids(access: ChapterAccess) -> Q:
    """The filter on organisations a caller or coach works on (see the module docstring); never
    asked for a coordinator, who reads the whole registry."""
    user_id = access.membership.user_id
    if access.can_make_calls:
        from belronde.campaigns.access import organisation_ids_of_caller

        return Q(pk__in=organisation_ids_of_caller(access.chapter.pk, user_id))
    if access.can_coach:
        from belronde.analyses.models import FinancialAnalysis
        from belronde.coaching.access import organisation_ids_of_coach
        from belronde.referrals.access import referrals_for

        referrals = referrals_for(access, access.membership.user)
        analyses = FinancialAnalysis.objects.filter(chapter=access.chapter)
        return (
            Q(pk__in=referrals.values("organisation_id"))
            | Q(pk__in=analyses.values("organisation_id"))
            | Q(pk__in=organisation_ids_of_coach(access.chapter.pk, user_id))
        )
    return Q(pk__in=[])


def visible_organisations(access: ChapterAccess) -> QuerySet[Organisation]:
    """Every organisation of the chapter the user may read, merged duplicates included (403 for
    roles that read no registry). A firm of theirs that was merged into another brings the one
    it was merged into (the same enterprise, now holding its contact persons)."""
    require(can_read_members(access))
    organisations = Organisation.objects.filter(chapter=access.chapter)
    if reads_whole_registry(access):
        return organisations
    own = Organisation.objects.filter(chapter=access.chapter).filter(_own_organisation_ids(access))
    return organisations.filter(Q(pk__in=own.values("pk")) | Q(pk__in=own.values("merged_into")))


def organisations_for(access: ChapterAccess) -> QuerySet[Organisation]:
    """The chapter's current organisations the user may read (merged duplicates left out)."""
    return visible_organisations(access).filter(merged_into__isnull=True)


def get_organisation_for_user(access: ChapterAccess, code: str) -> Organisation:
    """One organisation the user may read: 404 when absent, another chapter's or not theirs."""
    org = (
        visible_organisations(access)
        .filter(public_code=code)
        .select_related("chapter", "merged_into", "do_not_call_by")
        .first()
    )
    if org is None:
        raise Http404
    return org


def get_organisation_for_manager(access: ChapterAccess, code: str) -> Organisation:
    """One organisation of the chapter for a coordinator: 403 for any other role before any
    lookup (so it never tells whether a code exists), then 404 when absent or another chapter's."""
    require(can_manage_members(access))
    org = (
        Organisation.objects.filter(chapter=access.chapter, public_code=code)
        .select_related("chapter", "merged_into", "do_not_call_by")
        .first()
    )
    if org is None:
        raise Http404
    return org


def get_person_for_manager(access: ChapterAccess, org: Organisation, code: str) -> Person:
    require(can_manage_members(access))
    person = Person.objects.filter(organisation=org, public_code=code).first()
    if person is None:
        raise Http404
    return person


def organisation_history(access: ChapterAccess, org: Organisation) -> list[AuditEvent]:
    """What was done to the organisation (views left out), newest first, for a coordinator;
    nothing for the roles that do not manage members."""
    if not can_manage_members(access):
        return []
    from belronde.audit.actions import VIEW_SUFFIX

    return list(
        AuditEvent.objects.filter(
            chapter=access.chapter,
            object_type="members.organisation",
            object_code=org.public_code,
        ).exclude(verb__endswith=VIEW_SUFFIX)[:50]
    )


def find_merge_duplicate(
    access: ChapterAccess, org: Organisation, wanted: str
) -> Organisation | None:
    """The current organisation of the chapter a coordinator names, by enterprise number or by
    code, to merge into ``org``; None when there is none."""
    from belronde.members.normalise import CellError, parse_enterprise_number

    require(can_manage_members(access))
    candidates = Organisation.objects.filter(chapter=access.chapter, merged_into__isnull=True)
    try:
        number, _notice = parse_enterprise_number(wanted)
    except CellError:
        return candidates.filter(public_code=wanted.upper()).first()
    return candidates.filter(enterprise_number=number).first()


def import_batches_for(access: ChapterAccess) -> QuerySet[ImportBatch]:
    require(can_manage_members(access))
    return ImportBatch.objects.filter(chapter=access.chapter).select_related("created_by")


def get_import_batch_for_user(access: ChapterAccess, code: str) -> ImportBatch:
    require(can_manage_members(access))
    batch = (
        ImportBatch.objects.filter(chapter=access.chapter, public_code=code)
        .select_related("created_by", "chapter")
        .first()
    )
    if batch is None:
        raise Http404
    return batch
