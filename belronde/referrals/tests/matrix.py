"""Permission-matrix rows for every URL and API operation of referrals and the partner portal."""

from belronde.accounts.models import Membership
from belronde.conversations.tests.fixtures import (
    api,
    matrix_accepted_partner_referral,
    matrix_accepted_referral,
    matrix_consent,
    matrix_partner_referral,
    matrix_refer,
    matrix_referral,
    matrix_service,
)
from tests.permission_matrix import Row

Role = Membership.Role
READ = frozenset({Role.COORDINATOR, Role.CALLER, Role.COACH})
COORD = frozenset({Role.COORDINATOR})
RECIPIENTS = frozenset({Role.COORDINATOR, Role.COACH})
OWN = frozenset({Role.COORDINATOR, Role.CALLER})  # the caller persona made these
PARTNER = frozenset({Role.PARTNER})
CLOSE = {"outcome": "helped", "feedback": "Contact gelegd, plan loopt."}

ROWS = [
    # a coach refers on only from the conversations of firms they work on (conversations/access.py)
    Row("referrals:refer", roles=READ, kwargs=matrix_refer, overrides={"coach": 403}),
    Row("referrals:list", roles=READ),
    Row("referrals:coaching_queue", roles=RECIPIENTS),
    Row("referrals:detail", roles=READ, kwargs=matrix_referral),
    Row("referrals:send", method="POST", roles=COORD, kwargs=matrix_referral),
    Row("referrals:accept", method="POST", roles=RECIPIENTS, kwargs=matrix_referral),
    Row(
        "referrals:decline",
        method="POST",
        roles=RECIPIENTS,
        kwargs=matrix_referral,
        data={"reason": "Buiten het programma."},
    ),
    Row(
        "referrals:close",
        method="POST",
        roles=RECIPIENTS,
        kwargs=matrix_accepted_referral,
        data=CLOSE,
    ),
    Row("referrals:consent_list", roles=READ),
    Row("referrals:consent_detail", roles=OWN, kwargs=matrix_consent),
    Row(
        "referrals:consent_withdraw",
        method="POST",
        roles=OWN,
        kwargs=matrix_consent,
        data={"method": "phone", "confirm": "on"},
    ),
    Row("referrals:partner_inbox", roles=PARTNER),
    Row("referrals:partner_detail", roles=PARTNER, kwargs=matrix_partner_referral),
    Row("referrals:partner_accept", method="POST", roles=PARTNER, kwargs=matrix_partner_referral),
    Row(
        "referrals:partner_decline",
        method="POST",
        roles=PARTNER,
        kwargs=matrix_partner_referral,
        data={"reason": "Geen capaciteit."},
    ),
    Row(
        "referrals:partner_close",
        method="POST",
        roles=PARTNER,
        kwargs=matrix_accepted_partner_referral,
        data=CLOSE,
    ),
    Row("referrals:service_list", roles=READ),
    Row("referrals:service_create", roles=COORD),
    Row("referrals:service_detail", roles=READ, kwargs=matrix_service),
    Row("referrals:service_edit", roles=COORD, kwargs=matrix_service),
    Row("referrals:consent_text_create", roles=COORD, kwargs=matrix_service),
    # API
    Row("/api/v1/chapters/{slug}/services", roles=READ, kwargs={"slug": "mechelen"}),
    Row("/api/v1/chapters/{slug}/services/{code}", roles=READ, kwargs=api(matrix_service)),
    Row("/api/v1/chapters/{slug}/consents", roles=READ, kwargs={"slug": "mechelen"}),
    Row(
        "/api/v1/chapters/{slug}/consents",
        method="POST",
        roles=READ,
        kwargs=api(matrix_service),
        data={
            "service": "UNKNOWN234",
            "organisation": "UNKNOWN234",
            "answer": "given",
            "method": "phone",
            "text_language": "nl",
            "text_version": 1,
        },
        overrides={"coordinator": 404, "caller": 404, "coach": 404},
    ),
    Row("/api/v1/chapters/{slug}/consents/{code}", roles=OWN, kwargs=api(matrix_consent)),
    Row(
        "/api/v1/chapters/{slug}/consents/{code}/withdraw",
        method="POST",
        roles=OWN,
        kwargs=api(matrix_consent),
        data={"method": "phone"},
    ),
    Row("/api/v1/chapters/{slug}/referrals", roles=READ, kwargs={"slug": "mechelen"}),
    Row(
        "/api/v1/chapters/{slug}/referrals",
        method="POST",
        roles=READ,
        kwargs={"slug": "mechelen"},
        data={"service": "UNKNOWN234", "conversation": "UNKNOWN234", "reason": "RSZ"},
        overrides={"coordinator": 404, "caller": 404, "coach": 404},
    ),
    Row("/api/v1/chapters/{slug}/referrals/{code}", roles=READ, kwargs=api(matrix_referral)),
    Row(
        "/api/v1/chapters/{slug}/referrals/{code}/accept",
        method="POST",
        roles=RECIPIENTS,
        kwargs=api(matrix_referral),
        data={},
    ),
    Row(
        "/api/v1/chapters/{slug}/referrals/{code}/decline",
        method="POST",
        roles=RECIPIENTS,
        kwargs=api(matrix_referral),
        data={"reason": "Buiten het programma."},
    ),
    Row(
        "/api/v1/chapters/{slug}/referrals/{code}/close",
        method="POST",
        roles=RECIPIENTS,
        kwargs=api(matrix_accepted_referral),
        data=CLOSE,
    ),
    Row("/api/v1/chapters/{slug}/partner/referrals", roles=PARTNER, kwargs={"slug": "mechelen"}),
    Row(
        "/api/v1/chapters/{slug}/partner/referrals/{code}",
        roles=PARTNER,
        kwargs=api(matrix_partner_referral),
    ),
    Row(
        "/api/v1/chapters/{slug}/partner/referrals/{code}/accept",
        method="POST",
        roles=PARTNER,
        kwargs=api(matrix_partner_referral),
        data={},
    ),
    Row(
        "/api/v1/chapters/{slug}/partner/referrals/{code}/decline",
        method="POST",
        roles=PARTNER,
        kwargs=api(matrix_partner_referral),
        data={"reason": "Geen capaciteit."},
    ),
    Row(
        "/api/v1/chapters/{slug}/partner/referrals/{code}/close",
        method="POST",
        roles=PARTNER,
        kwargs=api(matrix_accepted_partner_referral),
        data=CLOSE,
    ),
]
