"""The only way to reach a chapter (the tenant) for a user.

Another chapter, or one that does not exist, is 404; a missing right inside your own chapter is
403. Views use :func:`chapter_view`; the API and other apps use :func:`get_chapter_access`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Concatenate

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse

from belronde.accounts import roles
from belronde.accounts.models import Chapter, Membership, PartnerOrganisation, User


@dataclass(frozen=True)
class ChapterAccess:
    """A user's standing in one chapter: the chapter, the role, and for partners the org."""

    chapter: Chapter
    role: str
    membership: Membership
    partner_organisation: PartnerOrganisation | None = None

    @property
    def role_label(self) -> str:
        return str(Membership.Role(self.role).label)

    @property
    def can_manage_chapter(self) -> bool:
        return roles.can_manage_chapter(self.role)

    @property
    def can_view_audit(self) -> bool:
        return roles.can_view_audit(self.role)

    @property
    def can_make_calls(self) -> bool:
        return roles.can_make_calls(self.role)

    @property
    def can_coach(self) -> bool:
        return roles.can_coach(self.role)

    @property
    def can_view_reports(self) -> bool:
        return roles.can_view_reports(self.role)

    @property
    def can_see_members(self) -> bool:
        return roles.can_see_members(self.role)

    @property
    def is_read_only(self) -> bool:
        return roles.is_read_only(self.role)

    @property
    def can_read_conversations(self) -> bool:
        return roles.can_read_conversations(self.role)

    @property
    def can_record_conversations(self) -> bool:
        return roles.can_record_conversations(self.role)

    @property
    def can_use_knowledge_base(self) -> bool:
        return roles.can_use_knowledge_base(self.role)

    @property
    def can_refer(self) -> bool:
        return roles.can_refer(self.role)

    @property
    def can_receive_coaching_referrals(self) -> bool:
        return roles.can_receive_coaching_referrals(self.role)

    @property
    def can_analyse(self) -> bool:
        return roles.can_analyse(self.role)

    @property
    def uses_partner_portal(self) -> bool:
        return roles.uses_partner_portal(self.role)

    @property
    def can_manage_funding(self) -> bool:
        return roles.can_manage_funding(self.role)

    @property
    def can_read_funding(self) -> bool:
        return roles.can_read_funding(self.role)


def _active_memberships(user: User) -> Iterable[Membership]:
    return (
        Membership.objects.filter(user=user, is_active=True)
        .select_related("chapter", "chapter__region", "region", "partner_organisation")
        .order_by("pk")
    )


def own_account(user: User) -> User:
    """A fresh copy of the signed-in user's own row, for a form to change without touching the
    request's user (which the action then compares against)."""
    return User.objects.get(pk=user.pk)


def chapters_for_user(user: User) -> list[ChapterAccess]:
    """Every chapter the user may enter, with the role they hold there, sorted by name.

    A role held in the chapter itself wins over a regional membership covering it.
    """
    if not user.is_authenticated or not user.is_active:
        return []
    by_chapter: dict[int, ChapterAccess] = {}
    regional: list[Membership] = []
    for membership in _active_memberships(user):
        if membership.chapter is not None:
            by_chapter[membership.chapter.pk] = ChapterAccess(
                chapter=membership.chapter,
                role=membership.role,
                membership=membership,
                partner_organisation=membership.partner_organisation,
            )
        else:
            regional.append(membership)
    for membership in regional:
        for chapter in Chapter.objects.filter(region=membership.region).select_related("region"):
            by_chapter.setdefault(
                chapter.pk,
                ChapterAccess(chapter=chapter, role=membership.role, membership=membership),
            )
    return sorted(by_chapter.values(), key=lambda access: access.chapter.name)


def get_chapter_access(user: User, slug: str) -> ChapterAccess:
    """The user's access to the chapter ``slug``; 404 when absent or not theirs."""
    if not user.is_authenticated or not user.is_active:
        raise Http404
    memberships = list(
        Membership.objects.filter(user=user, is_active=True)
        .filter(Q(chapter__slug=slug) | Q(region__chapters__slug=slug))
        .select_related("chapter", "chapter__region", "region", "partner_organisation")
    )
    direct = [m for m in memberships if m.chapter is not None]
    if direct:
        m = direct[0]
        assert m.chapter is not None
        return ChapterAccess(
            chapter=m.chapter,
            role=m.role,
            membership=m,
            partner_organisation=m.partner_organisation,
        )
    if memberships:
        chapter = Chapter.objects.select_related("region").get(slug=slug)
        return ChapterAccess(chapter=chapter, role=memberships[0].role, membership=memberships[0])
    raise Http404


def require(allowed: bool) -> None:
    """403 unless ``allowed``: ``require(access.can_manage_chapter)``, with a named right."""
    if not allowed:
        raise PermissionDenied


def require_role(access: ChapterAccess, allowed: Iterable[str]) -> None:
    """403 unless the role is one of ``allowed`` (a set from ``belronde.accounts.roles``)."""
    require(access.role in set(allowed))


class ChapterRequest(HttpRequest):
    """What a view decorated with :func:`chapter_view` receives (for type checkers)."""

    user: User
    chapter: Chapter
    access: ChapterAccess


type ChapterView[**P] = Callable[Concatenate[ChapterRequest, P], HttpResponse]


def chapter_view[**P](
    *allowed_roles: str,
) -> Callable[[ChapterView[P]], Callable[..., HttpResponse]]:
    """Resolve ``chapter`` from the URL once: 404 outside it, 403 for a role not listed.

    With no roles listed, every role in the chapter may enter.
    """

    def decorator(view: ChapterView[P]) -> Callable[..., HttpResponse]:
        @login_required
        @functools.wraps(view)
        def wrapper(
            request: HttpRequest, chapter: str, *args: P.args, **kwargs: P.kwargs
        ) -> HttpResponse:
            access = get_chapter_access(request.user, chapter)  # type: ignore[arg-type]
            if allowed_roles:
                require_role(access, allowed_roles)
            request.chapter = access.chapter  # type: ignore[attr-defined]
            request.access = access  # type: ignore[attr-defined]
            return view(request, *args, **kwargs)  # type: ignore[arg-type]

        wrapper.allowed_roles = frozenset(allowed_roles)  # type: ignore[attr-defined]
        return wrapper

    return decorator
