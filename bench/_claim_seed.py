"""Seed a freshly migrated database for bench/claim.py; prints one JSON line on stdout.

Run by bench/claim.py as a subprocess with DATABASE_URL (and the production settings) in the
environment. Goes through belronde's own actions where they exist (chapter, users, tokens,
script, campaign, status running: which creates the assignments like the app does), and bulk
inserts the organisations and their contact persons.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "belronde.settings")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from belronde.accounts.actions import create_api_token, create_chapter, create_user  # noqa: E402
from belronde.accounts.models import Region  # noqa: E402
from belronde.campaigns import actions  # noqa: E402
from belronde.campaigns.models import Assignment, Campaign  # noqa: E402
from belronde.members.models import Organisation, Person  # noqa: E402

#: every day 00:00-23:59 (a window's end is exclusive: the minute 23:59-00:00 is outside)
ALWAYS = {str(day): [["00:00", "23:59"]] for day in range(7)}
#: open claims per caller, set directly in the database: far above the form's maximum of 50,
#: so that one caller per client connection can claim for the whole run
BENCH_MAX_OPEN_CLAIMS = 32767
MUNICIPALITIES = [("2800", "Mechelen"), ("2801", "Heffen"), ("2811", "Hombeek")]
NACE = ["56101", "47112", "43221", "62010", "69201", "86230", "10711", "45201"]


def seed(assignments: int, callers: int) -> dict[str, object]:
    region = Region.objects.create(slug="bench", name="Bench")
    chapter = create_chapter(
        actor=None, slug="bench", name="Bench", region=region, postal_codes=["2800", "2801"]
    )
    coordinator = create_user(
        actor=None, username="bench-coordinator", password=None, chapter=chapter, role="coordinator"
    )
    orgs = []
    for i in range(assignments):
        postal_code, municipality = MUNICIPALITIES[i % len(MUNICIPALITIES)]
        org = Organisation(
            chapter=chapter,
            enterprise_number=f"0{400000000 + i:09d}",
            name=f"Bench firma {i}",
            nace_code=NACE[i % len(NACE)],
            employees=1 + (i * 7919) % 60,
            postal_code=postal_code,
            municipality=municipality,
        )
        org.refresh_derived()
        orgs.append(org)
    Organisation.objects.bulk_create(orgs, batch_size=2000)
    org_ids = list(
        Organisation.objects.filter(chapter=chapter).order_by("pk").values_list("pk", flat=True)
    )
    Person.objects.bulk_create(
        [
            Person(
                chapter=chapter,
                organisation_id=pk,
                name=f"Zaakvoerder {n}",
                role="zaakvoerder",
                phone=f"+3215{n % 1000000:06d}",
                email=f"contact{n}@example.org",
                is_primary=True,
            )
            for n, pk in enumerate(org_ids)
        ],
        batch_size=2000,
    )
    script = actions.create_script(actor=coordinator, chapter=chapter, name="Bench script")
    today = timezone.localdate()
    campaign = actions.create_campaign(
        actor=coordinator,
        chapter=chapter,
        script=script,
        name="Bench belronde",
        starts_on=today - dt.timedelta(days=1),
        ends_on=today + dt.timedelta(days=30),
        calling_hours=ALWAYS,
        segment={},
    )
    users = []
    tokens = []
    for k in range(callers):
        user = create_user(
            actor=coordinator,
            username=f"bench-caller-{k}",
            password=None,
            chapter=chapter,
            role="caller",
        )
        _token, key = create_api_token(actor=user, name="bench")
        users.append(user)
        tokens.append(key)
    actions.set_callers(actor=coordinator, campaign=campaign, users=users)
    # running: creates one open assignment per organisation of the segment (sync_assignments)
    actions.set_campaign_status(actor=coordinator, campaign=campaign, status="running")
    Campaign.objects.filter(pk=campaign.pk).update(max_open_claims=BENCH_MAX_OPEN_CLAIMS)
    # priorities 1-5 spread over the queue, so the ORDER BY has real work to do
    for priority in (1, 2, 4, 5):
        ids = [pk for pk in org_ids if pk % 5 == priority % 5]
        Assignment.objects.filter(campaign=campaign, organisation_id__in=ids).update(
            priority=priority
        )
    created = Assignment.objects.filter(campaign=campaign, status="open").count()
    if created != assignments:
        raise SystemExit(f"expected {assignments} open assignments, found {created}")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("ANALYZE")
    return {
        "chapter": chapter.slug,
        "chapter_id": chapter.pk,
        "campaign": campaign.public_code,
        "campaign_id": campaign.pk,
        "claim_expiry_minutes": campaign.claim_expiry_minutes,
        "max_open_claims": BENCH_MAX_OPEN_CLAIMS,
        "assignments": created,
        "callers": [{"id": u.pk, "token": t} for u, t in zip(users, tokens, strict=True)],
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--assignments", type=int, required=True)
    parser.add_argument("--callers", type=int, required=True)
    args = parser.parse_args()
    print(json.dumps(seed(args.assignments, args.callers)))
