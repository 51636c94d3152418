"""The only way to reach the member registry for a user.

Another chapter's organisation (or one that does not exist) is 404; a role without the right in
your own chapter is 403. Coordinators manage members; callers and coaches read them.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from belronde.accounts import roles
from belronde.accounts.access import ChapterAccess
from belronde.accounts.models import Membership
from belronde.members.models import ImportBatch, Organisation, Person

Role = Membership.Role
READ_ROLES = frozenset({Role.COORDINATOR, Role.CALLER, Role.COACH})
MANAGE_ROLES = frozenset({Role.COORDINATOR})


def can_read_members(access: ChapterAccess) -> bool:
    return roles.can_see_members(access.role)


def can_manage_members(access: ChapterAccess) -> bool:
    return roles.can_manage_chapter(access.role)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def organisations_for(access: ChapterAccess) -> QuerySet[Organisation]:
    """The chapter's current organisations (merged duplicates left out)."""
    _require(can_read_members(access))
    return Organisation.objects.filter(chapter=access.chapter, merged_into__isnull=True)


def get_organisation_for_user(access: ChapterAccess, code: str) -> Organisation:
    _require(can_read_members(access))
    org = (
        Organisation.objects.filter(chapter=access.chapter, public_code=code)
        .select_related("chapter", "merged_into", "do_not_call_by")
        .first()
    )
    if org is None:
        raise Http404
    return org


def get_organisation_for_manager(access: ChapterAccess, code: str) -> Organisation:
    org = get_organisation_for_user(access, code)
    _require(can_manage_members(access))
    return org


def get_person_for_manager(access: ChapterAccess, org: Organisation, code: str) -> Person:
    _require(can_manage_members(access))
    person = Person.objects.filter(organisation=org, public_code=code).first()
    if person is None:
        raise Http404
    return person


def import_batches_for(access: ChapterAccess) -> QuerySet[ImportBatch]:
    _require(can_manage_members(access))
    return ImportBatch.objects.filter(chapter=access.chapter).select_related("created_by")


def get_import_batch_for_user(access: ChapterAccess, code: str) -> ImportBatch:
    _require(can_manage_members(access))
    batch = (
        ImportBatch.objects.filter(chapter=access.chapter, public_code=code)
        .select_related("created_by", "chapter")
        .first()
    )
    if batch is None:
        raise Http404
    return batch
