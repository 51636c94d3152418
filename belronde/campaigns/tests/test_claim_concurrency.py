"""CONC-CLAIM-01..06 of RELIABILITY.md: no contact is ever claimed twice, on both databases."""

from __future__ import annotations

import multiprocessing
import threading
import time
from collections import Counter

import pytest
from django.db import connection, connections
from django.db.models import Count
from django.utils import timezone

from belronde.accounts.models import Membership
from belronde.campaigns import actions
from belronde.campaigns.models import Assignment, CampaignCaller, Claim
from belronde.campaigns.tests.fixtures import make_campaign, make_org
from belronde.testing import Personas, make_user

pytestmark = pytest.mark.django_db(transaction=True)


def on_postgres() -> bool:
    return connection.vendor == "postgresql"


def build(pool: int, callers: int):
    Personas.create_personas()
    campaign = make_campaign(Personas, orgs=0, max_open_claims=50)
    for i in range(pool):
        org = make_org(Personas.mechelen, f"1{i:09d}", f"Pool {i}")
        Assignment.objects.create(chapter=Personas.mechelen, campaign=campaign, organisation=org)
    users = []
    for k in range(callers):
        user = make_user(f"herd{k}")
        Membership.objects.create(user=user, role="caller", chapter=Personas.mechelen)
        CampaignCaller.objects.create(campaign=campaign, user=user)
        users.append(user)
    return campaign, users


def duplicates() -> int:
    return (
        Claim.objects.filter(released_at__isnull=True)
        .values("assignment")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count()
    )


def herd(campaign, users, per_thread: int):
    barrier = threading.Barrier(len(users))
    outcomes: list[str] = []
    claimed: list[int] = []
    timings: list[float] = []
    lock = threading.Lock()

    def work(user):
        try:
            barrier.wait()
            for _ in range(per_thread):
                start = time.perf_counter()
                try:
                    result = actions.claim_next(actor=user, campaign=campaign)
                except actions.CallRoundError as exc:
                    outcome, pk = f"handled:{exc.code}", None
                else:
                    outcome = "claimed" if result.assignment else "none_left"
                    pk = result.assignment.pk if result.assignment else None
                with lock:
                    timings.append(time.perf_counter() - start)
                    outcomes.append(outcome)
                    if pk:
                        claimed.append(pk)
        except Exception as exc:  # anything unhandled is a failure of the test
            with lock:
                outcomes.append(f"ERROR:{exc!r}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(u,)) for u in users]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return outcomes, claimed, timings


@pytest.mark.skipif("not on_postgres()")
def test_conc_claim_01_thirty_threads_on_postgresql():
    campaign, users = build(pool=200, callers=30)
    outcomes, claimed, _t = herd(campaign, users, per_thread=10)
    assert not [o for o in outcomes if o.startswith("ERROR")], outcomes
    assert len(claimed) == len(set(claimed)) == 200
    assert duplicates() == 0
    assert Assignment.objects.filter(status="claimed").count() == 200
    assert Counter(outcomes)["none_left"] == 100


@pytest.mark.skipif("on_postgres()")
def test_conc_claim_03_ten_threads_on_a_sqlite_file():
    assert connection.settings_dict["NAME"] != ":memory:" and "mode=memory" not in str(
        connection.settings_dict["NAME"]
    )
    campaign, users = build(pool=60, callers=10)
    outcomes, claimed, timings = herd(campaign, users, per_thread=8)
    assert not [o for o in outcomes if o.startswith("ERROR")], outcomes
    assert len(claimed) == len(set(claimed)) == 60
    assert duplicates() == 0
    timings.sort()
    assert timings[int(len(timings) * 0.95) - 1] < 1.0


def _process_worker(args):
    campaign_pk, user_pk, per = args
    import django

    django.setup()
    from belronde.accounts.models import User
    from belronde.campaigns import actions as acts
    from belronde.campaigns.models import Campaign

    connections.close_all()
    campaign = Campaign.objects.get(pk=campaign_pk)
    user = User.objects.get(pk=user_pk)
    got = []
    for _ in range(per):
        try:
            result = acts.claim_next(actor=user, campaign=campaign)
        except acts.CallRoundError:
            continue
        if result.assignment:
            got.append(result.assignment.pk)
    connections.close_all()
    return got


@pytest.mark.skipif("not on_postgres()")
def test_conc_claim_02_eight_processes_twenty_rounds_on_postgresql():
    campaign, users = build(pool=40, callers=8)
    context = multiprocessing.get_context("fork")
    failures = 0
    for _round in range(20):
        Claim.objects.all().delete()
        Assignment.objects.filter(campaign=campaign).update(
            status="open", claimed_by=None, claimed_at=None, claim_expires_at=None
        )
        connections.close_all()
        with context.Pool(8) as pool:
            results = pool.map(_process_worker, [(campaign.pk, u.pk, 6) for u in users])
        claimed = [pk for got in results for pk in got]
        if len(claimed) != len(set(claimed)) or duplicates() or len(claimed) != 40:
            failures += 1
    assert failures == 0


def test_conc_claim_04_two_callers_want_the_same_contact():
    Personas.create_personas()
    campaign = make_campaign(Personas, orgs=1)
    row = Assignment.objects.get(campaign=campaign)
    actions.claim_assignment(actor=Personas.caller, assignment=row)
    with pytest.raises(actions.CallRoundError) as info:
        actions.claim_assignment(actor=Personas.caller2, assignment=row)
    assert "bob.caller belt dit contact al (sinds" in info.value.message
    assert Claim.objects.filter(released_at__isnull=True).count() == 1


def test_conc_claim_06_the_expiry_sweep_racing_a_new_claim():
    Personas.create_personas()
    campaign = make_campaign(Personas, orgs=1)
    row = actions.claim_next(actor=Personas.caller, campaign=campaign).assignment
    later = timezone.now() + campaign.claim_expiry * 2
    barrier = threading.Barrier(2)
    errors = []

    def sweep():
        try:
            barrier.wait()
            actions.release_expired_claims(now=later)
        except Exception as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    def claim():
        try:
            barrier.wait()
            actions.release_expired_claims(now=later, campaign=campaign)
            actions.claim_next(actor=Personas.caller2, campaign=campaign, now=later)
        except actions.CallRoundError:
            pass
        except Exception as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sweep), threading.Thread(target=claim)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    assert duplicates() == 0
    row.refresh_from_db()
    assert Claim.objects.filter(assignment=row, ended="expired").count() == 1
