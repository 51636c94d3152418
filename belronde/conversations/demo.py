"""Demo conversations for existing organisations, used by the knowledge and referrals loaders.

The call-round demo normally records conversations; when a chapter has organisations but too few
conversations, this adds some (idempotent: it only tops up to the number asked).
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.utils import timezone

from belronde.accounts.models import Chapter, Membership, User
from belronde.conversations.actions import record_conversation
from belronde.conversations.models import Conversation
from belronde.conversations.scripts import entry_script_version
from belronde.members.models import Organisation

#: what entrepreneurs told the callers (generated examples, no real firms)
ANSWER_SETS: list[dict[str, Any]] = [
    {
        "how_is_it_going": "Moeilijk. Sinds de sluiting van de horeca is de omzet gehalveerd.",
        "what_still_works": "De afhaalmaaltijden in het weekend.",
        "what_is_hard": "We hebben een achterstand bij de RSZ en de btw van het laatste kwartaal "
        "staat nog open. De kas is bijna leeg.",
        "how_can_we_help": "Iemand die mee naar de cijfers kijkt.",
        "health": "red",
        "turnover_change": "lt-50",
        "liquidity_horizon": "lt1",
        "temporary_unemployment": "full",
        "arrears": ["rsz", "vat"],
        "outlook": "worse",
        "asks_for_help": "yes",
    },
    {
        "how_is_it_going": "Het gaat, maar de vaste kosten blijven lopen.",
        "what_still_works": "Onze webshop draait goed, klanten bestellen online.",
        "what_is_hard": "De huur van het handelspand en de energiefactuur.",
        "how_can_we_help": "Info over de hinderpremie.",
        "health": "orange",
        "turnover_change": "-25-10",
        "liquidity_horizon": "3-6",
        "temporary_unemployment": "partial",
        "arrears": ["rent"],
        "outlook": "same",
        "asks_for_help": "no",
    },
    {
        "how_is_it_going": "Goed, we hebben werk genoeg tot volgend jaar.",
        "what_still_works": "De bouwwerven lopen door.",
        "what_is_hard": "Personeel vinden, en de levertijd van isolatiemateriaal.",
        "how_can_we_help": "Niets dringend.",
        "health": "green",
        "turnover_change": "gt+10",
        "liquidity_horizon": "gt12",
        "temporary_unemployment": "none",
        "outlook": "better",
        "asks_for_help": "no",
    },
    {
        "how_is_it_going": "Ik slaap slecht, ik lig wakker van de zorgen.",
        "what_still_works": "De vaste klantenkring blijft trouw.",
        "what_is_hard": "De bank wil de kredietlijn niet verlengen.",
        "how_can_we_help": "Ik zou graag met iemand praten over hoe verder.",
        "health": "red",
        "turnover_change": "-50-25",
        "liquidity_horizon": "1-3",
        "temporary_unemployment": "partial",
        "arrears": ["suppliers"],
        "outlook": "worse",
        "asks_for_help": "yes",
    },
    {
        "how_is_it_going": "Rustig. Het kapsalon mag weer open, maar alleen op afspraak.",
        "what_still_works": "Online reservaties.",
        "what_is_hard": "De regels veranderen elke week.",
        "how_can_we_help": "Uitleg over de coronamaatregelen.",
        "health": "orange",
        "turnover_change": "-25-10",
        "liquidity_horizon": "6-12",
        "temporary_unemployment": "none",
        "outlook": "same",
        "asks_for_help": "no",
    },
    {
        "how_is_it_going": "Ik ben 62 en ik denk eraan te stoppen.",
        "what_still_works": "De winkel draait nog.",
        "what_is_hard": "Ik vind geen overnemer voor de zaak.",
        "how_can_we_help": "Hulp bij het zoeken naar een opvolger.",
        "health": "orange",
        "turnover_change": "-10+10",
        "liquidity_horizon": "6-12",
        "temporary_unemployment": "none",
        "outlook": "same",
        "asks_for_help": "yes",
    },
]


def demo_users(chapter: Chapter, role: str) -> list[User]:
    return list(
        User.objects.filter(
            memberships__chapter=chapter, memberships__role=role, memberships__is_active=True
        ).order_by("username")
    )


def ensure_conversations(chapter: Chapter, *, count: int, seed: int) -> list[Conversation]:
    """At least ``count`` conversations in the chapter (latest versions), adding some when needed.

    Returns the chapter's latest conversations, newest first; empty without organisations.
    """
    existing = list(
        Conversation.objects.filter(chapter=chapter, superseded_by__isnull=True).order_by(
            "-held_at", "-pk"
        )[:count]
    )
    missing = count - len(existing)
    callers = demo_users(chapter, Membership.Role.CALLER) or demo_users(
        chapter, Membership.Role.COORDINATOR
    )
    organisations = list(
        Organisation.objects.filter(chapter=chapter, do_not_call=False).order_by("pk")[:200]
    )
    if missing <= 0 or not organisations or not callers:
        return existing
    rng = random.Random(seed)
    version = entry_script_version(chapter, callers[0])
    talked = set(
        Conversation.objects.filter(chapter=chapter).values_list("organisation_id", flat=True)
    )
    fresh = [o for o in organisations if o.pk not in talked] or organisations
    rng.shuffle(fresh)
    now = timezone.now()
    created = []
    for index in range(missing):
        organisation = fresh[index % len(fresh)]
        answers = ANSWER_SETS[index % len(ANSWER_SETS)]
        person = organisation.persons.order_by("-is_primary", "pk").first()
        created.append(
            record_conversation(
                actor=callers[index % len(callers)],
                organisation=organisation,
                script_version=version,
                raw_answers=dict(answers),
                person=person,
                held_at=now - dt.timedelta(days=rng.randint(1, 40), hours=rng.randint(0, 8)),
            )
        )
    return created + existing
