"""What each role may do, as named rights. Views and templates ask these, never compare strings."""

from __future__ import annotations

from belronde.accounts.models import Membership

Role = Membership.Role

#: Roles that see row-level data of the chapter's members.
ROW_LEVEL_ROLES = frozenset({Role.COORDINATOR, Role.CALLER, Role.COACH})
#: Roles that may open aggregate reports.
REPORT_ROLES = frozenset({Role.COORDINATOR, Role.FUNDER, Role.REGIONAL})
#: Privileged roles: they must use two-factor authentication when BELRONDE_MFA_REQUIRED is on.
TWO_FACTOR_ROLES = frozenset({Role.COORDINATOR, Role.COACH, Role.REGIONAL})


def can_manage_chapter(role: str) -> bool:
    return role == Role.COORDINATOR


def can_view_audit(role: str) -> bool:
    return role == Role.COORDINATOR


def can_make_calls(role: str) -> bool:
    return role in {Role.COORDINATOR, Role.CALLER}


def can_coach(role: str) -> bool:
    return role in {Role.COORDINATOR, Role.COACH}


def can_view_reports(role: str) -> bool:
    return role in REPORT_ROLES


def can_see_members(role: str) -> bool:
    return role in ROW_LEVEL_ROLES


def is_read_only(role: str) -> bool:
    return role in {Role.FUNDER, Role.REGIONAL}
