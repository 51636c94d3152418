"""Trajectories for tests and the permission matrix, made through the actions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from belronde.coaching import actions
from belronde.coaching.models import Trajectory
from belronde.conversations.tests.fixtures import (
    give_consent,
    make_conversation,
    make_organisation,
    make_person,
    make_services,
)
from belronde.referrals import actions as referral_actions
from belronde.referrals.models import Referral, Service


def coaching_service(p: Any) -> tuple[Service, Service]:
    """The chapter's coaching and Dyzo services (made once per test)."""
    found = Service.objects.filter(chapter=p.mechelen).order_by("pk")
    coaching = found.filter(kind=Service.Kind.COACHING).first()
    partner = found.filter(kind=Service.Kind.PARTNER).first()
    if coaching is None or partner is None:
        return make_services(p.mechelen, p.dyzo)
    return coaching, partner


def accepted_referral(p: Any, *, name: str = "Bakkerij Peeters", **conversation: Any) -> Referral:
    """A caller's referral of a firm to coaching, accepted by the coach persona."""
    organisation = make_organisation(p.mechelen, name=name)
    person = make_person(organisation)
    conv = make_conversation(p.caller, organisation, person=person, **conversation)
    coaching, _partner = coaching_service(p)
    consent = give_consent(p.caller, coaching, organisation, conversation=conv)
    referral = referral_actions.create_referral(
        actor=p.caller,
        service=coaching,
        organisation=organisation,
        consent=consent,
        reason="RSZ-achterstand en weinig cash.",
        conversation=conv,
        notify=False,
    )
    return referral_actions.accept_referral(actor=p.coach, referral=referral)


def make_trajectory(
    p: Any, *, started_on: dt.date | None = None, status: str = Trajectory.Status.INTAKE, **kw: Any
) -> Trajectory:
    """A trajectory of the coach persona, moved on to ``status`` through the actions."""
    referral = accepted_referral(p, **kw)
    trajectory = actions.start_trajectory(
        actor=p.coach, referral=referral, started_on=started_on or timezone.localdate()
    )
    flow = list(Trajectory.FLOW)
    if status == Trajectory.Status.CLOSED:
        return actions.close_trajectory(
            actor=p.coach,
            trajectory=trajectory,
            outcome=Trajectory.Outcome.RECOVERED,
            conclusion="Plan loopt, cash op orde.",
        )
    for step in flow[1 : flow.index(status) + 1]:
        if step == Trajectory.Status.PLAN:
            actions.waive_analysis(
                actor=p.coach, trajectory=trajectory, reason="Cijfers van de boekhouder volstaan."
            )
        if step == Trajectory.Status.COACHING:
            actions.add_plan_item(
                actor=p.coach,
                trajectory=trajectory,
                module="liquidity-plan",
                description="Liquiditeitsplan voor 13 weken",
                owner="coach",
            )
        trajectory = actions.transition(actor=p.coach, trajectory=trajectory, to=step)
    return trajectory


# Permission-matrix objects ---------------------------------------------------------------------


def matrix_trajectory(p: Any) -> dict[str, Any]:
    return {"chapter": "mechelen", "code": make_trajectory(p).public_code}


def matrix_coaching_trajectory(p: Any) -> dict[str, Any]:
    t = make_trajectory(p, status=Trajectory.Status.COACHING)
    return {"chapter": "mechelen", "code": t.public_code}


def matrix_closed_trajectory(p: Any) -> dict[str, Any]:
    t = make_trajectory(p, status=Trajectory.Status.CLOSED)
    return {"chapter": "mechelen", "code": t.public_code}


def matrix_accepted_coaching_referral(p: Any) -> dict[str, Any]:
    return {"chapter": "mechelen", "code": accepted_referral(p).public_code}
