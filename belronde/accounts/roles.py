"""What each role may do, as named rights. Views and templates ask these, never compare strings.

Every set of roles lives here, named by the right it grants; the apps' views pass them to
``chapter_view`` and their access modules ask ``ChapterAccess``'s properties (which call the
functions below).
"""

from __future__ import annotations

from belronde.accounts.models import Membership

Role = Membership.Role

#: Roles that manage the chapter: its campaigns, themes, services, the FAQ, the audit page.
MANAGE_CHAPTER_ROLES = frozenset({Role.COORDINATOR})
#: Roles that call members and record what they said.
CALL_ROLES = frozenset({Role.COORDINATOR, Role.CALLER})
#: Roles that coach: referrals to the federation's coaching, financial analyses.
COACH_ROLES = frozenset({Role.COORDINATOR, Role.COACH})
#: Roles that see row-level data of the chapter's members.
ROW_LEVEL_ROLES = frozenset({Role.COORDINATOR, Role.CALLER, Role.COACH})
#: Roles that may open aggregate reports.
REPORT_ROLES = frozenset({Role.COORDINATOR, Role.FUNDER, Role.REGIONAL})
#: Roles that read without changing anything.
READ_ONLY_ROLES = frozenset({Role.FUNDER, Role.REGIONAL})
#: Roles of the partner portal (a partner organisation's referrals).
PARTNER_ROLES = frozenset({Role.PARTNER})
#: Privileged roles: they must use two-factor authentication when BELRONDE_MFA_REQUIRED is on.
TWO_FACTOR_ROLES = frozenset({Role.COORDINATOR, Role.COACH, Role.REGIONAL})

#: Read the member registry (a caller or coach only the firms they work on).
MEMBER_READ_ROLES = ROW_LEVEL_ROLES
#: Add, change and merge members, import and export them.
MEMBER_MANAGE_ROLES = MANAGE_CHAPTER_ROLES
#: Read conversations (a caller their own, a coach those of their firms).
CONVERSATION_READ_ROLES = ROW_LEVEL_ROLES
#: Record conversations and correct them.
CONVERSATION_RECORD_ROLES = CALL_ROLES
#: Use the knowledge base: raise questions, read the FAQ and the library, share practices.
KNOWLEDGE_ROLES = ROW_LEVEL_ROLES
#: Record consents and refer (the internal side of referrals).
REFERRAL_ROLES = ROW_LEVEL_ROLES
#: Receive referrals to the federation's coaching (accept, decline, close them).
COACHING_REFERRAL_ROLES = COACH_ROLES
#: Make and read financial analyses.
ANALYSIS_ROLES = COACH_ROLES
#: Read the chapter's audit log and its alerts.
AUDIT_ROLES = MANAGE_CHAPTER_ROLES
#: Set up programmes, issue invoices, match payments, make and submit claims.
FUNDING_MANAGE_ROLES = MANAGE_CHAPTER_ROLES
#: Read programmes' budgets and claims (a funder only the programmes it funds).
FUNDING_READ_ROLES = frozenset({Role.COORDINATOR, Role.FUNDER})


def can_manage_chapter(role: str) -> bool:
    return role in MANAGE_CHAPTER_ROLES


def can_view_audit(role: str) -> bool:
    return role in AUDIT_ROLES


def can_make_calls(role: str) -> bool:
    return role in CALL_ROLES


def can_coach(role: str) -> bool:
    return role in COACH_ROLES


def can_view_reports(role: str) -> bool:
    return role in REPORT_ROLES


def can_see_members(role: str) -> bool:
    return role in ROW_LEVEL_ROLES


def is_read_only(role: str) -> bool:
    return role in READ_ONLY_ROLES


def can_read_conversations(role: str) -> bool:
    return role in CONVERSATION_READ_ROLES


def can_record_conversations(role: str) -> bool:
    return role in CONVERSATION_RECORD_ROLES


def can_use_knowledge_base(role: str) -> bool:
    return role in KNOWLEDGE_ROLES


def can_refer(role: str) -> bool:
    return role in REFERRAL_ROLES


def can_receive_coaching_referrals(role: str) -> bool:
    return role in COACHING_REFERRAL_ROLES


def can_analyse(role: str) -> bool:
    return role in ANALYSIS_ROLES


def uses_partner_portal(role: str) -> bool:
    return role in PARTNER_ROLES


def can_manage_funding(role: str) -> bool:
    return role in FUNDING_MANAGE_ROLES


def can_read_funding(role: str) -> bool:
    return role in FUNDING_READ_ROLES
