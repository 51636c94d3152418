"""A claim's time is read once the write lock is held (issue 10 point 6): a claim that waited
for another transaction never appears to start before that one ended."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
from django.db import connections, transaction
from django.utils import timezone

from belronde.campaigns import actions, claimsql
from belronde.campaigns.models import Assignment, CampaignCaller, Claim
from belronde.campaigns.tests.fixtures import make_campaign
from belronde.testing import Personas


def hold_the_lock(campaign, user, seconds: float, ready: threading.Event, ended: list) -> None:
    """Another tab of the same caller: holds their lock (the caller's row on PostgreSQL, the
    write lock of the immediate transaction on SQLite) for ``seconds``."""
    try:
        with transaction.atomic():
            CampaignCaller.objects.select_for_update().filter(campaign=campaign, user=user).update(
                user=user
            )
            ready.set()
            time.sleep(seconds)
            ended.append(timezone.now())
    finally:
        connections.close_all()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("how", ["next", "given"])
def test_a_claim_that_waited_for_the_lock_starts_after_the_other_transaction(how):
    Personas.create_personas()
    campaign = make_campaign(Personas, orgs=2)
    ready, ended = threading.Event(), list[dt.datetime]()
    blocker = threading.Thread(
        target=hold_the_lock, args=(campaign, Personas.caller, 0.4, ready, ended)
    )
    blocker.start()
    assert ready.wait(10)
    if how == "next":
        claimed = actions.claim_next(actor=Personas.caller, campaign=campaign).assignment
    else:
        first = Assignment.objects.filter(campaign=campaign).order_by("pk")[0]
        claimed = actions.claim_assignment(actor=Personas.caller, assignment=first)
    blocker.join(10)
    assert claimed is not None and claimed.claimed_at is not None and ended
    assert claimed.claimed_at >= ended[0]
    claim = Claim.objects.get(assignment=claimed)
    assert claim.claimed_at == claimed.claimed_at


@pytest.mark.django_db
def test_the_time_is_read_after_the_caller_lock_is_taken(monkeypatch):
    """The same order without threads: the lock query returns, then the clock is read."""
    Personas.create_personas()
    campaign = make_campaign(Personas, orgs=2)
    locked_at: list = []
    original = claimsql.lock_caller

    def slow_lock(*args):
        result = original(*args)
        locked_at.append(timezone.now())
        time.sleep(0.01)
        return result

    monkeypatch.setattr(claimsql, "lock_caller", slow_lock)
    claimed = actions.claim_next(actor=Personas.caller, campaign=campaign).assignment
    assert claimed.claimed_at >= locked_at[0]
    other = Assignment.objects.filter(campaign=campaign, status="open").get()
    claimed = actions.claim_assignment(actor=Personas.caller, assignment=other)
    assert claimed.claimed_at >= locked_at[1]
