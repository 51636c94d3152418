"""Something of each kind waiting for Mechelen's coordinator."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from belronde.campaigns.models import Assignment
from belronde.campaigns.tests.fixtures import make_campaign
from belronde.conversations.tests.fixtures import (
    give_consent,
    make_conversation,
    make_organisation,
    make_services,
)
from belronde.knowledge import actions as knowledge_actions
from belronde.knowledge.models import BestPractice, Question
from belronde.referrals import actions as referral_actions
from belronde.referrals.models import Referral


def make_waiting(p: Any, *, age: dt.timedelta = dt.timedelta(hours=2)) -> dict[str, Any]:
    """A caller's referral proposal, an open question, a submitted practice and a claimed call,
    each ``age`` old."""
    then = timezone.now() - age
    organisation = make_organisation(p.mechelen)
    conversation = make_conversation(p.caller, organisation)
    coaching, _partner = make_services(p.mechelen, p.dyzo)
    coaching.requires_review = True  # a caller's referral waits for the coordinator to send it
    coaching.save(update_fields=["requires_review"])
    referral = referral_actions.create_referral(
        actor=p.caller,
        service=coaching,
        organisation=organisation,
        consent=give_consent(p.caller, coaching, organisation, conversation=conversation),
        reason="Achterstand bij de RSZ",
        conversation=conversation,
        notify=False,
    )
    assert referral.status == Referral.Status.PROPOSED
    Referral.objects.filter(pk=referral.pk).update(created_at=then)
    question = knowledge_actions.raise_question(
        actor=p.caller, chapter=p.mechelen, text="Hoe vraag ik uitstel van betaling aan?"
    )
    Question.objects.filter(pk=question.pk).update(raised_at=then)
    practice = knowledge_actions.submit_best_practice(
        actor=p.caller,
        chapter=p.mechelen,
        title="Afhaal via de website",
        text="Sinds de sluiting verkoopt de zaak via een eenvoudige webwinkel.",
        sharing=BestPractice.Sharing.ANONYMOUS,
    )
    BestPractice.objects.filter(pk=practice.pk).update(submitted_at=then)
    campaign = make_campaign(p, orgs=1)
    Assignment.objects.filter(campaign=campaign).update(
        status=Assignment.Status.CLAIMED,
        claimed_by=p.caller,
        claimed_at=then,
        claim_expires_at=timezone.now() + dt.timedelta(hours=1),
    )
    return {"referral": referral, "question": question, "practice": practice}
