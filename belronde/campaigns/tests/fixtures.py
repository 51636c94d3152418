"""Campaign test data on top of the personas: plain objects, created explicitly."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from belronde.campaigns import actions
from belronde.campaigns.models import Assignment, CalendarFeed, Campaign, CampaignCaller
from belronde.members.models import Organisation, Person

ALWAYS = {str(day): [["00:00", "23:59"]] for day in range(7)}


def make_org(chapter: Any, number: str, name: str, **extra: Any) -> Organisation:
    org = Organisation.objects.create(
        chapter=chapter,
        enterprise_number=number,
        name=name,
        employees=extra.pop("employees", 12),
        nace_code=extra.pop("nace_code", "56101"),
        postal_code=extra.pop("postal_code", "2800"),
        municipality=extra.pop("municipality", "Mechelen"),
        **extra,
    )
    Person.objects.create(
        chapter=chapter,
        organisation=org,
        name=f"Contact {name}",
        phone="+3215123456",
        is_primary=True,
    )
    return org


def make_campaign(
    p: Any, *, orgs: int = 3, status: str = Campaign.Status.RUNNING, **fields: Any
) -> Campaign:
    """A running campaign in Mechelen with ``p.caller`` and ``p.caller2`` as callers."""
    script = actions.create_script(actor=p.coordinator, chapter=p.mechelen, name="Script")
    today = timezone.localdate()
    fields.setdefault("calling_hours", ALWAYS)
    fields.setdefault("min_hours_between_attempts", 4)
    campaign = Campaign.objects.create(
        chapter=p.mechelen,
        name="Belronde najaar",
        starts_on=today - dt.timedelta(days=7),
        ends_on=today + dt.timedelta(days=30),
        status=status,
        script=script,
        segment={"employees_min": 5},
        **fields,
    )
    for user in (p.caller, p.caller2):
        CampaignCaller.objects.create(campaign=campaign, user=user)
    for i in range(orgs):
        org = make_org(p.mechelen, f"04031707{i:02d}", f"Firma {i}")
        Assignment.objects.create(chapter=p.mechelen, campaign=campaign, organisation=org)
    return campaign


def matrix_campaign(p: Any) -> dict[str, str]:
    campaign = make_campaign(p, orgs=1)
    return {"chapter": "mechelen", "code": campaign.public_code}


def matrix_assignment(p: Any) -> dict[str, str]:
    campaign = make_campaign(p, orgs=1)
    assignment = Assignment.objects.get(campaign=campaign)
    assignment.caller = p.caller
    assignment.save(update_fields=["caller"])
    return {"chapter": "mechelen", "code": assignment.public_code}


def matrix_callback(p: Any) -> dict[str, str]:
    campaign = make_campaign(p, orgs=1)
    assignment = Assignment.objects.get(campaign=campaign)
    assignment.caller = p.caller
    assignment.callback_by = p.caller
    assignment.callback_at = timezone.now() + dt.timedelta(hours=2)
    assignment.save(update_fields=["caller", "callback_by", "callback_at"])
    return {"chapter": "mechelen", "code": assignment.public_code}


def matrix_feed(p: Any) -> dict[str, str]:
    return {"token": CalendarFeed.objects.create(user=p.caller).token}


def matrix_script(p: Any) -> dict[str, str]:
    script = actions.create_script(actor=p.coordinator, chapter=p.mechelen, name="Script")
    return {"chapter": "mechelen", "code": script.public_code}
