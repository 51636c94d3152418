"""Demo call rounds for Mechelen: a closed spring round and a running autumn round.

Calibrated to the ERMG business surveys of 2020 (shared/data/ermg_*.csv): in autumn 2020 about
7-9% of firms judged bankruptcy likely, about a third had cash for three months or less, average
turnover was down about 14%, far more in horeca and events. Health here: about 12% red, 30%
orange, the rest green, red and orange twice as likely in horeca and retail. Deterministic.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from typing import Any

from django.db import transaction
from django.utils import timezone

from belronde.accounts.models import Chapter, User
from belronde.campaigns import actions, script_items
from belronde.campaigns.models import (
    Assignment,
    CallAttempt,
    CallerProfile,
    Campaign,
    CampaignCaller,
    Claim,
    Script,
)
from belronde.conversations.models import Conversation
from belronde.members.models import Organisation
from belronde.themes import access as chapter_themes

Status = Assignment.Status
Outcome = CallAttempt.Outcome

OPEN_ANSWERS: dict[str, dict[str, list[str]]] = {
    "green": {
        "how_is_it_going": [
            "Het gaat eigenlijk goed, we hebben het voorjaar goed doorstaan.",
            "Druk! De klanten zijn teruggekomen en het werk loopt.",
            "Rustig maar stabiel, we kunnen niet klagen.",
        ],
        "what_still_works": [
            "De webshop draait beter dan ooit.",
            "Vaste klanten blijven trouw, ook met de maatregelen.",
            "Ons team is flexibel, iedereen springt in.",
        ],
        "what_is_hard": [
            "Materiaal is moeilijk te krijgen en leveringen zijn traag.",
            "Personeel vinden blijft lastig.",
            "De regels veranderen elke week, dat is vermoeiend.",
        ],
        "how_can_we_help": [
            "Hou ons op de hoogte van de nieuwe maatregelen.",
            "Eigenlijk niets, bedankt om te bellen.",
            "Een overzicht van de premies zou handig zijn.",
        ],
    },
    "orange": {
        "how_is_it_going": [
            "Het is zwaar, de omzet ligt een stuk lager dan vorig jaar.",
            "We houden het hoofd boven water, maar de reserves slinken.",
            "Wisselend: de ene week gaat, de andere is het stil.",
        ],
        "what_still_works": [
            "Afhaal en levering houden ons draaiende.",
            "De overbruggingsrechten helpen een beetje.",
            "Een paar grote klanten blijven bestellen.",
        ],
        "what_is_hard": [
            "De huur en de vaste kosten lopen door terwijl de inkomsten dalen.",
            "Een deel van het personeel staat op tijdelijke werkloosheid.",
            "Onze leveranciers vragen vooraf te betalen.",
            "De bank is terughoudend met een krediet.",
        ],
        "how_can_we_help": [
            "Iemand die eens meekijkt naar de cijfers zou welkom zijn.",
            "Info over uitstel van betaling bij de RSZ en de btw.",
            "Advies over een gesprek met de bank.",
        ],
    },
    "red": {
        "how_is_it_going": [
            "Eerlijk? Slecht. Ik weet niet of we de winter halen.",
            "We staan er financieel erg slecht voor, de kas is bijna leeg.",
            "Sinds maart bijna geen omzet meer, ik slaap er niet van.",
        ],
        "what_still_works": [
            "Weinig. Alleen de vaste klanten van vroeger.",
            "Mijn familie helpt met een lening.",
            "Niet veel meer, eerlijk gezegd.",
        ],
        "what_is_hard": [
            "Achterstallen bij de RSZ en de btw, en de huur van twee maanden.",
            "De bank wil de kredietlijn niet verlengen.",
            "Ik overweeg te stoppen, maar weet niet hoe dat moet.",
            "Leveranciers leveren niet meer zonder vooruitbetaling.",
        ],
        "how_can_we_help": [
            "Ik heb dringend hulp nodig met mijn financiën.",
            "Kan iemand met mij bekijken of ik nog verder kan?",
            "Een coach die me helpt een plan te maken, graag.",
        ],
    },
}

LIQUIDITY = {
    "green": ["6-12", "gt12", "gt12"],
    "orange": ["1-3", "3-6", "3-6", "6-12"],
    "red": ["lt1", "1-3", "1-3"],
}
TURNOVER = {
    "green": ["-10+10", "-10+10", "gt+10", "-25-10"],
    "orange": ["-25-10", "-50-25", "-50-25"],
    "red": ["lt-50", "-50-25"],
}
OUTLOOK = {
    "green": ["same", "better", "same"],
    "orange": ["same", "worse"],
    "red": ["worse", "worse", "same"],
}
UNEMPLOYMENT = {
    "green": ["none", "none", "partial"],
    "orange": ["partial", "none", "partial"],
    "red": ["partial", "full"],
}

CALLER_SECTORS = [["I"], ["G"], ["F"], ["M", "N"], ["I", "G"], ["C"], ["G"], ["F", "C"]]


def _health(rng: random.Random, nace: str, season: str) -> str:
    hard_hit = nace[:2] in {"56", "55", "47", "90", "93", "79"}
    red, orange = (0.10, 0.28) if season == "autumn" else (0.15, 0.35)
    if hard_hit:
        red, orange = red * 2, orange * 1.3
    draw = rng.random()
    return "red" if draw < red else "orange" if draw < red + orange else "green"


def _answers(rng: random.Random, health: str) -> dict[str, Any]:
    answers: dict[str, Any] = {
        key: rng.choice(options) for key, options in OPEN_ANSWERS[health].items()
    }
    answers["health"] = health
    answers["liquidity_horizon"] = rng.choice(LIQUIDITY[health])
    answers["turnover_change"] = rng.choice(TURNOVER[health])
    answers["outlook"] = rng.choice(OUTLOOK[health])
    answers["temporary_unemployment"] = rng.choice(UNEMPLOYMENT[health])
    arrears: list[str] = []
    if health == "red":
        arrears = sorted(
            rng.sample(["rsz", "vat", "withholding", "suppliers", "rent"], rng.randint(1, 3))
        )
    elif health == "orange" and rng.random() < 0.3:
        arrears = [rng.choice(["suppliers", "rent", "vat"])]
    if arrears:
        answers["arrears"] = arrears
    answers["asks_for_help"] = health == "red" or (health == "orange" and rng.random() < 0.3)
    return answers


def _conversation(
    org: Organisation,
    campaign: Campaign,
    assignment: Assignment,
    caller: User,
    when: dt.datetime,
    rng: random.Random,
    season: str,
) -> Conversation:
    version = campaign.script.current
    raw = _answers(rng, _health(rng, org.nace_code, season))
    answers, errors = script_items.clean_answers(version.items, raw)
    assert not errors, errors
    mapped = script_items.mapped_fields(version.items, answers)
    themes = [
        s.slug for s in chapter_themes.suggest_for_answers(campaign.chapter, version.items, answers)
    ]
    return Conversation.objects.create(
        chapter=campaign.chapter,
        organisation=org,
        campaign=campaign,
        assignment=assignment,
        script_version=version,
        person=org.persons.first(),
        held_at=when,
        answers=answers,
        health=mapped["health"],
        turnover_change=mapped.get("turnover_change", ""),
        liquidity_horizon=mapped.get("liquidity_horizon", ""),
        temporary_unemployment=mapped.get("temporary_unemployment", ""),
        arrears=mapped.get("arrears", []),
        outlook=mapped.get("outlook", ""),
        asks_for_help=bool(mapped.get("asks_for_help")),
        themes=themes,
        suggested_themes=themes,
        recorded_by=caller,
        recorded_at=when,
        idempotency_key=uuid.UUID(int=rng.getrandbits(128)),
    )


def _evening(rng: random.Random, day: dt.date) -> dt.datetime:
    tz = timezone.get_current_timezone()
    return dt.datetime.combine(day, dt.time(rng.randint(17, 20), rng.randint(0, 59)), tz)


@transaction.atomic
def load(*, seed: int) -> dict[str, int]:
    chapter = Chapter.objects.filter(slug="mechelen").first()
    if chapter is None or Campaign.objects.filter(chapter=chapter).exists():
        return {"campaigns": 0, "attempts": 0, "conversations": 0}
    orgs = list(
        Organisation.objects.filter(chapter=chapter, employees__gte=5, do_not_call=False)
        .prefetch_related("persons")
        .order_by("pk")
    )
    if not orgs:
        return {"campaigns": 0, "attempts": 0, "conversations": 0}
    rng = random.Random(seed * 7919 + 4)
    coordinator = User.objects.get(username="coordinator.mechelen")
    callers = list(
        User.objects.filter(username__regex=r"^caller[1-8]\.mechelen$").order_by("username")
    )
    today = timezone.localdate()
    # the default script the chapter was given at its creation
    script = Script.objects.filter(chapter=chapter).order_by("pk").first() or actions.create_script(
        actor=coordinator, chapter=chapter, name="Belronde-script"
    )

    # caller profiles: sectors they know, one declared conflict
    for index, caller in enumerate(callers):
        CallerProfile.objects.get_or_create(
            chapter=chapter,
            user=caller,
            defaults={
                "sectors": CALLER_SECTORS[index % len(CALLER_SECTORS)],
                "municipalities": ["Mechelen"]
                if index % 2 == 0
                else ["Heffen", "Hombeek", "Muizen"],
                "conflict_numbers": [orgs[index].enterprise_number] if index == 0 else [],
            },
        )

    counts = {"campaigns": 0, "attempts": 0, "conversations": 0}

    # 1. the spring round, closed: about half the firms reached
    spring = Campaign.objects.create(
        chapter=chapter,
        name="Belronde voorjaar",
        script=script,
        status=Campaign.Status.CLOSED,
        starts_on=today - dt.timedelta(days=230),
        ends_on=today - dt.timedelta(days=170),
        segment={"employees_min": 5},
        created_by=coordinator,
    )
    counts["campaigns"] += 1
    for caller in callers:
        CampaignCaller.objects.create(campaign=spring, user=caller)
    for org in orgs:
        caller = rng.choice(callers)
        reached = rng.random() < 0.5
        assignment = Assignment.objects.create(
            chapter=chapter,
            campaign=spring,
            organisation=org,
            caller=caller,
            status=Status.DONE if reached else Status.UNREACHABLE,
            attempts=1 if reached else 3,
        )
        day = spring.starts_on + dt.timedelta(days=rng.randint(0, 50))
        when = _evening(rng, day)
        CallAttempt.objects.create(
            chapter=chapter,
            assignment=assignment,
            caller=caller,
            at=when,
            outcome=Outcome.REACHED if reached else Outcome.NO_ANSWER,
        )
        counts["attempts"] += 1
        Assignment.objects.filter(pk=assignment.pk).update(last_attempt_at=when)
        if reached:
            _conversation(org, spring, assignment, caller, when, rng, "spring")
            counts["conversations"] += 1

    # 2. the autumn round, running: distributed, about 40% done, some call-backs due today
    autumn = actions.create_campaign(
        actor=coordinator,
        chapter=chapter,
        script=script,
        name="Belronde najaar",
        starts_on=today - dt.timedelta(days=28),
        ends_on=today + dt.timedelta(days=35),
        segment={"employees_min": 5, "membership_statuses": ["member"]},
    )
    counts["campaigns"] += 1
    actions.set_callers(actor=coordinator, campaign=autumn, users=callers)
    actions.set_campaign_status(actor=coordinator, campaign=autumn, status=Campaign.Status.RUNNING)
    actions.propose_distribution(actor=coordinator, campaign=autumn)
    actions.publish_distribution(actor=coordinator, campaign=autumn)
    rows = list(
        Assignment.objects.filter(campaign=autumn)
        .select_related("organisation", "caller")
        .order_by("pk")
    )
    rng.shuffle(rows)
    tz = timezone.get_current_timezone()
    now = timezone.now()
    for index, row in enumerate(rows):
        caller = row.caller or rng.choice(callers)
        share = index / len(rows)
        if share < 0.38:  # reached, after one or two attempts
            tries = 1 if rng.random() < 0.7 else 2
            day = today - dt.timedelta(days=rng.randint(1, 27))
            when = _evening(rng, day)
            for attempt_no in range(tries):
                at = when - dt.timedelta(days=2 * (tries - 1 - attempt_no))
                outcome = (
                    Outcome.REACHED
                    if attempt_no == tries - 1
                    else rng.choice([Outcome.NO_ANSWER, Outcome.VOICEMAIL])
                )
                CallAttempt.objects.create(
                    chapter=chapter, assignment=row, caller=caller, at=at, outcome=outcome
                )
                counts["attempts"] += 1
            Assignment.objects.filter(pk=row.pk).update(
                status=Status.DONE, attempts=tries, last_attempt_at=when
            )
            _conversation(row.organisation, autumn, row, caller, when, rng, "autumn")
            counts["conversations"] += 1
        elif share < 0.55:  # tried, not reached yet: back in the queue after the retry gap
            tries = rng.randint(1, 2)
            last = _evening(rng, today - dt.timedelta(days=rng.randint(1, 10)))
            for attempt_no in range(tries):
                CallAttempt.objects.create(
                    chapter=chapter,
                    assignment=row,
                    caller=caller,
                    at=last - dt.timedelta(days=3 * attempt_no),
                    outcome=rng.choice([Outcome.NO_ANSWER, Outcome.VOICEMAIL, Outcome.BUSY]),
                )
                counts["attempts"] += 1
            Assignment.objects.filter(pk=row.pk).update(
                attempts=tries, last_attempt_at=last, next_attempt_at=last + autumn.retry_gap
            )
        elif share < 0.58:  # refused, or asked not to be called
            outcome = Outcome.REFUSED if rng.random() < 0.7 else Outcome.WRONG_NUMBER
            at = _evening(rng, today - dt.timedelta(days=rng.randint(1, 20)))
            CallAttempt.objects.create(
                chapter=chapter, assignment=row, caller=caller, at=at, outcome=outcome
            )
            counts["attempts"] += 1
            status = Status.REFUSED if outcome == Outcome.REFUSED else Status.UNREACHABLE
            Assignment.objects.filter(pk=row.pk).update(
                status=status, attempts=1, last_attempt_at=at
            )

    # call-backs: a few per caller, two of caller1's due today
    caller1 = callers[0]
    open_rows = list(
        Assignment.objects.filter(campaign=autumn, status=Status.OPEN, attempts=0).order_by("pk")
    )
    callback_times = [
        (caller1, dt.datetime.combine(today, dt.time(9, 30), tz)),
        (caller1, dt.datetime.combine(today, dt.time(19, 0), tz)),
        (caller1, dt.datetime.combine(today + dt.timedelta(days=2), dt.time(18, 0), tz)),
        (callers[1], dt.datetime.combine(today, dt.time(18, 30), tz)),
        (callers[2], dt.datetime.combine(today + dt.timedelta(days=1), dt.time(10, 0), tz)),
    ]
    for row, (caller, when) in zip(open_rows, callback_times, strict=False):
        agreed = min(now, when) - dt.timedelta(days=1)
        CallAttempt.objects.create(
            chapter=chapter,
            assignment=row,
            caller=caller,
            at=agreed,
            outcome=Outcome.CALLBACK,
            callback_at=when,
            note="Liever 's avonds bellen.",
        )
        counts["attempts"] += 1
        Assignment.objects.filter(pk=row.pk).update(
            status=Status.CLAIMED,
            caller=caller,
            claimed_by=caller,
            claimed_at=agreed,
            claim_expires_at=when + autumn.claim_expiry,
            callback_at=when,
            callback_by=caller,
            attempts=1,
            last_attempt_at=agreed,
        )
        Claim.objects.create(chapter=chapter, assignment=row, caller=caller, claimed_at=agreed)
    return counts
