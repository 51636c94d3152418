"""Test data for who reads which firm of the registry (see belronde/members/access.py).

Plain objects: one campaign, an assignment per firm, referrals through the actions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from belronde.campaigns.models import Assignment, Campaign, Script
from belronde.members.models import Organisation
from belronde.members.tests.fixtures import enterprise_number, make_org, make_person


def make_campaign(chapter: Any, name: str = "Belronde najaar") -> Campaign:
    script = Script.objects.create(chapter=chapter, name="Script")
    today = timezone.localdate()
    return Campaign.objects.create(
        chapter=chapter,
        name=name,
        starts_on=today - dt.timedelta(days=7),
        ends_on=today + dt.timedelta(days=30),
        status=Campaign.Status.RUNNING,
        script=script,
    )


def assign(campaign: Campaign, org: Organisation, **fields: Any) -> Assignment:
    """An assignment of ``org``: ``caller=`` (published to them), ``claimed_by=`` (being called
    by them) or ``callback_by=`` (they call back), or none of these (the pool)."""
    if fields.get("claimed_by") is not None:
        fields.setdefault("status", Assignment.Status.CLAIMED)
        fields.setdefault("claimed_at", timezone.now())
        fields.setdefault("claim_expires_at", timezone.now() + dt.timedelta(hours=2))
    if fields.get("callback_by") is not None:
        fields.setdefault("callback_at", timezone.now() + dt.timedelta(days=1))
    return Assignment.objects.create(
        chapter=campaign.chapter, campaign=campaign, organisation=org, **fields
    )


def firm(chapter: Any, i: int, name: str) -> Organisation:
    """A firm with a contact person whose phone number and e-mail address are unique to it."""
    org = make_org(chapter, enterprise_number(500 + i), name)
    make_person(org, name=f"Contact {name}", phone=f"+3247100{i:04d}", email=f"c{i}@example.be")
    return org


def coaching_referral(p: Any, org: Organisation, *, partner: bool = False) -> Any:
    """A referral of ``org`` made by ``p.caller`` with valid consent, to the federation's coaching
    (or to Dyzo with ``partner=True``)."""
    from belronde.conversations.tests.fixtures import give_consent, make_services
    from belronde.referrals import actions as referral_actions
    from belronde.referrals.models import Service

    services = Service.objects.filter(chapter=p.mechelen)
    if services.exists():
        coaching = services.get(kind=Service.Kind.COACHING)
        dyzo = services.get(kind=Service.Kind.PARTNER)
    else:
        coaching, dyzo = make_services(p.mechelen, p.dyzo)
    service = dyzo if partner else coaching
    consent = give_consent(p.caller, service, org)
    return referral_actions.create_referral(
        actor=p.caller,
        service=service,
        organisation=org,
        consent=consent,
        reason="RSZ-achterstand",
        notify=False,
    )


# Permission-matrix objects: each takes the personas and returns the URL kwargs.


def _kwargs(org: Organisation, api: bool) -> dict[str, Any]:
    return {"slug" if api else "chapter": "mechelen", "code": org.public_code}


def matrix_assigned_org(p: Any, api: bool = False) -> dict[str, Any]:
    org = firm(p.mechelen, 1, "Toegewezen BV")
    assign(make_campaign(p.mechelen), org, caller=p.caller)
    return _kwargs(org, api)


def matrix_coaching_org(p: Any, api: bool = False) -> dict[str, Any]:
    org = firm(p.mechelen, 2, "Begeleiding BV")
    coaching_referral(p, org)
    return _kwargs(org, api)


def api_assigned_org(p: Any) -> dict[str, Any]:
    return matrix_assigned_org(p, api=True)


def api_coaching_org(p: Any) -> dict[str, Any]:
    return matrix_coaching_org(p, api=True)
