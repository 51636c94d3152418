"""Every state change of the call round: atomic, audited, shared by views, API and CLI.

Claiming is correct on both databases without relying on locks: an assignment moves from
``open`` to ``claimed`` only through a conditional UPDATE (compare-and-set), and a partial unique
constraint allows one active Claim per assignment. On PostgreSQL candidates are read with
``FOR UPDATE SKIP LOCKED`` so concurrent callers do not queue on the same row; on SQLite the
IMMEDIATE transaction serialises writers.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, Q, QuerySet
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from belronde.accounts.models import Chapter, Membership, User
from belronde.audit.actions import record_event
from belronde.campaigns import claimsql, distribution, scheduling, script_items
from belronde.campaigns.models import (
    PERIOD_ENDED,
    Assignment,
    CalendarFeed,
    CallAttempt,
    CallerProfile,
    Campaign,
    CampaignCaller,
    Claim,
    ConversationDraft,
    Script,
    ScriptVersion,
    distribution_differs,
)
from belronde.campaigns.segments import organisations_in_segment
from belronde.lib.errors import ActionError
from belronde.members.actions import mark_do_not_call

if TYPE_CHECKING:
    from belronde.conversations.models import Conversation

Outcome = CallAttempt.Outcome
Status = Assignment.Status

logger = logging.getLogger("belronde.campaigns")


class CallRoundError(ActionError):
    """A call-round request that cannot be carried out (``belronde.lib.errors``)."""


class ClaimLimitReached(CallRoundError):
    code = "claim_limit"
    status = 409


class NotClaimedByYou(CallRoundError):
    code = "not_claimed"
    status = 409


class CampaignNotRunning(CallRoundError):
    code = "not_running"
    status = 409


class CampaignOutsidePeriod(CampaignNotRunning):
    """A running round on a day outside its period: its end date has passed, or its start date
    is still to come. No call is handed out (``check_callable``)."""

    code = "outside_period"


class IdempotencyKeyReused(CallRoundError):
    """The caller sent a request key they already used for another contact: never a replay."""

    code = "key_reused"
    status = 409


class NotACaller(CallRoundError):
    code = "not_a_caller"
    status = 403


# Scripts ----------------------------------------------------------------------------------------


@transaction.atomic
def create_script(
    *,
    actor: User | None,
    chapter: Chapter,
    name: str,
    items: list[dict[str, Any]] | None = None,
    intro_nl: str = "",
    intro_en: str = "",
) -> Script:
    script = _new_script(
        actor=actor, chapter=chapter, name=name, items=items, intro_nl=intro_nl, intro_en=intro_en
    )
    record_event(actor=actor, verb="script.created", chapter=chapter, obj=script)
    return script


def _new_script(
    *,
    actor: User | None,
    chapter: Chapter,
    name: str,
    items: list[dict[str, Any]] | None = None,
    intro_nl: str = "",
    intro_en: str = "",
) -> Script:
    clean = script_items.validate_items(items if items is not None else script_items.DEFAULT_ITEMS)
    script = Script.objects.create(chapter=chapter, name=name)
    ScriptVersion.objects.create(
        script=script,
        number=1,
        items=clean,
        intro_nl=intro_nl if items is not None else (intro_nl or script_items.DEFAULT_INTRO_NL),
        intro_en=intro_en if items is not None else (intro_en or script_items.DEFAULT_INTRO_EN),
        created_by=actor,
    )
    return script


def seed_new_chapter(
    sender: type[Chapter], instance: Chapter, created: bool, **kwargs: Any
) -> None:
    """``post_save`` of a chapter: a new one starts with the default call-round script (raw
    fixtures do not), so that no page has to create it on first use. Its name is in the site's
    language, whoever creates the chapter; the coordinator may rename it. Like the curated
    themes it is part of the chapter's creation, not an act of its own, so it is not audited
    separately (the chapter's creation is)."""
    if created and not kwargs.get("raw"):
        with translation.override(settings.LANGUAGE_CODE):
            _new_script(actor=None, chapter=instance, name=_("Call round script"))


@transaction.atomic
def new_script_version(
    *, actor: User, script: Script, items: list[dict[str, Any]], intro_nl: str, intro_en: str
) -> ScriptVersion:
    clean = script_items.validate_items(items)
    current = Script.objects.select_for_update().get(pk=script.pk).current
    version = ScriptVersion.objects.create(
        script=script,
        number=current.number + 1,
        items=clean,
        intro_nl=intro_nl,
        intro_en=intro_en,
        created_by=actor,
    )
    record_event(
        actor=actor,
        verb="script.versioned",
        chapter=script.chapter,
        obj=script,
        payload={"version": version.number, "items": len(clean)},
    )
    return version


# Campaigns --------------------------------------------------------------------------------------


@transaction.atomic
def create_campaign(
    *, actor: User | None, chapter: Chapter, script: Script, **fields: Any
) -> Campaign:
    if script.chapter_id != chapter.pk:
        raise CallRoundError(_("This script belongs to another chapter."))
    campaign = Campaign(chapter=chapter, script=script, created_by=actor, **fields)
    _check_period(campaign)
    campaign.save()
    record_event(actor=actor, verb="campaign.created", chapter=chapter, obj=campaign)
    return campaign


def _check_period(campaign: Campaign) -> None:
    if campaign.ends_on < campaign.starts_on:
        raise CallRoundError(_("The campaign ends before it starts."))


@transaction.atomic
def update_campaign(*, actor: User, campaign: Campaign, **fields: Any) -> Campaign:
    for name, value in fields.items():
        setattr(campaign, name, value)
    _check_period(campaign)
    campaign.save(update_fields=list(fields))
    record_event(
        actor=actor,
        verb="campaign.updated",
        chapter=campaign.chapter,
        obj=campaign,
        payload={"fields": sorted(fields)},
    )
    return campaign


ALLOWED_TRANSITIONS = {
    Campaign.Status.DRAFT: {Campaign.Status.RUNNING, Campaign.Status.CLOSED},
    Campaign.Status.RUNNING: {Campaign.Status.PAUSED, Campaign.Status.CLOSED},
    Campaign.Status.PAUSED: {Campaign.Status.RUNNING, Campaign.Status.CLOSED},
    Campaign.Status.CLOSED: set(),
}


@transaction.atomic
def set_campaign_status(*, actor: User, campaign: Campaign, status: str) -> Campaign:
    current = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if status not in ALLOWED_TRANSITIONS[Campaign.Status(current.status)]:
        raise CallRoundError(
            _("A %(old)s campaign cannot become %(new)s.")
            % {
                "old": Campaign.Status(current.status).label,
                "new": Campaign.Status(status).label,
            }
        )
    if status == Campaign.Status.RUNNING:
        sync_assignments(actor=actor, campaign=current)
    if status == Campaign.Status.CLOSED:
        _release_all_claims(current, now=timezone.now())
    current.status = status
    current.save(update_fields=["status"])
    record_event(
        actor=actor,
        verb="campaign.status_changed",
        chapter=current.chapter,
        obj=current,
        payload={"status": status},
    )
    campaign.status = status
    return current


def _release_all_claims(campaign: Campaign, *, now: dt.datetime) -> int:
    """Give every contact held in ``campaign`` back (closing a round); returns how many."""
    claimed = Assignment.objects.filter(campaign=campaign, status=Status.CLAIMED)
    _end_claims(claimed, now=now, ended=Claim.Ended.RELEASED)
    return claimed.update(
        status=Status.OPEN,
        claimed_by=None,
        claimed_at=None,
        claim_expires_at=None,
        updated_at=now,
    )


#: the statuses a round may still be in once its end date has passed (the worker closes them)
STILL_OPEN = (Campaign.Status.RUNNING, Campaign.Status.PAUSED)


def close_ended_campaigns(*, now: dt.datetime | None = None) -> int:
    """Close the running and paused rounds whose end date lies before today (Europe/Brussels):
    a periodic job of the worker (``settings.PERIODIC_JOBS``, every hour).

    Each round closes in its own transaction, as ``set_campaign_status`` closes one: the
    contacts still held are given back (their claims end as released). The status moves by a
    conditional UPDATE (compare-and-set), so two workers, or a coordinator closing or moving the
    end date at the same moment, close a round at most once; a second run finds nothing to do.
    A round that fails is rolled back alone and logged; the others still close.
    Each close is one ``campaign.closed`` event without an actor, with the reason
    ``period_ended`` (the coordinator's campaign page reads it to say why). Returns how many
    rounds were closed."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    due = list(
        Campaign.objects.filter(status__in=STILL_OPEN, ends_on__lt=today)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    closed = 0
    for pk in due:
        try:
            closed += _close_ended(pk, today=today, now=now)
        except Exception:  # one round's failure rolls back that round only; the next run retries
            logger.exception("closing ended campaign %s failed", pk)
    return closed


@transaction.atomic
def _close_ended(pk: int, *, today: dt.date, now: dt.datetime) -> int:
    won = Campaign.objects.filter(pk=pk, status__in=STILL_OPEN, ends_on__lt=today).update(
        status=Campaign.Status.CLOSED
    )
    if not won:
        return 0  # closed, or given a later end date, meanwhile
    campaign = Campaign.objects.select_related("chapter").get(pk=pk)
    released = _release_all_claims(campaign, now=now)
    record_event(
        actor=None,
        verb="campaign.closed",
        chapter=campaign.chapter,
        obj=campaign,
        payload={
            "reason": PERIOD_ENDED,
            "ends_on": campaign.ends_on.isoformat(),
            "released": released,
        },
    )
    return 1


@transaction.atomic
def sync_assignments(*, actor: User | None, campaign: Campaign) -> int:
    """Create an open assignment for every organisation of the segment that has none yet."""
    existing = Assignment.objects.filter(campaign=campaign).values("organisation_id")
    orgs = organisations_in_segment(
        campaign.chapter, campaign.segment, exclude_campaign_id=campaign.pk
    ).exclude(pk__in=existing)
    new = [
        Assignment(chapter=campaign.chapter, campaign=campaign, organisation_id=pk)
        for pk in orgs.values_list("pk", flat=True)
    ]
    Assignment.objects.bulk_create(new, batch_size=1000, ignore_conflicts=True)
    if new:
        record_event(
            actor=actor,
            verb="campaign.assignments_created",
            chapter=campaign.chapter,
            obj=campaign,
            payload={"count": len(new)},
        )
    return len(new)


@transaction.atomic
def set_callers(*, actor: User, campaign: Campaign, users: Iterable[User]) -> list[User]:
    wanted = {u.pk: u for u in users}
    callers_ok = set(
        Membership.objects.filter(
            chapter=campaign.chapter,
            user_id__in=wanted,
            role__in=[Membership.Role.CALLER, Membership.Role.COORDINATOR],
            is_active=True,
        ).values_list("user_id", flat=True)
    )
    if set(wanted) - callers_ok:
        raise CallRoundError(_("Only callers and coordinators of this chapter can call."))
    CampaignCaller.objects.filter(campaign=campaign).exclude(user_id__in=wanted).delete()
    for pk in wanted:
        CampaignCaller.objects.get_or_create(campaign=campaign, user_id=pk)
    record_event(
        actor=actor,
        verb="campaign.callers_set",
        chapter=campaign.chapter,
        obj=campaign,
        payload={"callers": len(wanted)},
    )
    return list(wanted.values())


# Distribution -----------------------------------------------------------------------------------


def _caller_spec(user: User, profile: CallerProfile | None) -> distribution.Caller:
    if profile is None:
        return distribution.Caller(key=str(user.pk))
    return distribution.Caller(
        key=str(user.pk),
        sectors=frozenset(profile.sectors),
        municipalities=frozenset(profile.municipalities),
        own_enterprise_number=profile.own_enterprise_number,
        conflict_numbers=frozenset(profile.conflict_numbers),
        exclude_competitors=profile.exclude_competitors,
        own_nace_code=profile.own_nace_code,
        own_postal_code=profile.own_postal_code,
    )


def caller_specs(campaign: Campaign) -> list[distribution.Caller]:
    users = list(campaign.callers.order_by("pk"))
    profiles = {
        p.user_id: p for p in CallerProfile.objects.filter(chapter=campaign.chapter, user__in=users)
    }
    return [_caller_spec(u, profiles.get(u.pk)) for u in users]


@transaction.atomic
def propose_distribution(*, actor: User, campaign: Campaign) -> dict[str, int]:
    """Compute a balanced, sector-matched, conflict-free proposal for the open assignments."""
    sync_assignments(actor=actor, campaign=campaign)
    callers = caller_specs(campaign)
    if not callers:
        raise CallRoundError(_("Add callers to the campaign first."))
    open_rows = list(
        Assignment.objects.filter(campaign=campaign, status=Status.OPEN, attempts=0)
        .select_related("organisation")
        .order_by("pk")
    )
    orgs = [
        distribution.Org(
            key=str(a.pk),
            enterprise_number=a.organisation.enterprise_number,
            nace_code=a.organisation.nace_code,
            postal_code=a.organisation.postal_code,
            municipality=a.organisation.municipality,
        )
        for a in open_rows
    ]
    matches = {m.org: m for m in distribution.distribute(orgs, callers)}
    for row in open_rows:
        match = matches[str(row.pk)]
        row.proposed_caller_id = int(match.caller) if match.caller else None
        row.match_reasons = match.reasons
    Assignment.objects.bulk_update(open_rows, ["proposed_caller", "match_reasons"], batch_size=500)
    loads = distribution.loads(list(matches.values()))
    record_event(
        actor=actor,
        verb="campaign.distribution_proposed",
        chapter=campaign.chapter,
        obj=campaign,
        payload={"assignments": len(open_rows), "callers": len(callers)},
    )
    return {str(k): v for k, v in loads.items()}


@transaction.atomic
def move_proposal(*, actor: User, assignment: Assignment, caller: User | None) -> Assignment:
    campaign = assignment.campaign
    if caller is not None:
        if not CampaignCaller.objects.filter(campaign=campaign, user=caller).exists():
            raise CallRoundError(_("This person is not a caller of the campaign."))
        spec = next((c for c in caller_specs(campaign) if c.key == str(caller.pk)), None)
        org = assignment.organisation
        if spec is not None:
            why = distribution.conflict(
                distribution.Org(
                    str(assignment.pk),
                    org.enterprise_number,
                    org.nace_code,
                    org.postal_code,
                    org.municipality,
                ),
                spec,
            )
            if why:
                raise CallRoundError(
                    _("%(caller)s declared a conflict with this organisation.")
                    % {"caller": caller.display_name}
                )
    assignment.proposed_caller = caller
    assignment.match_reasons = ["moved"]
    assignment.save(update_fields=["proposed_caller", "match_reasons"])
    record_event(
        actor=actor,
        verb="assignment.moved",
        chapter=campaign.chapter,
        obj=assignment,
        payload={"to": caller.username if caller else None},
    )
    return assignment


@transaction.atomic
def publish_distribution(*, actor: User, campaign: Campaign) -> int:
    rows = Assignment.objects.filter(campaign=campaign, status__in=[Status.OPEN, Status.CLAIMED])
    count = rows.filter(distribution_differs()).update(
        caller_id=F("proposed_caller_id"), updated_at=timezone.now()
    )
    campaign.distribution_published_at = timezone.now()
    campaign.save(update_fields=["distribution_published_at"])
    record_event(
        actor=actor,
        verb="campaign.distribution_published",
        chapter=campaign.chapter,
        obj=campaign,
        payload={"changed": count},
    )
    return count


@transaction.atomic
def reassign(*, actor: User, assignment: Assignment, caller: User | None) -> Assignment:
    """The coordinator gives a contact to another caller (or the pool), ending any claim."""
    now = timezone.now()
    row = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if (
        caller is not None
        and not CampaignCaller.objects.filter(campaign=row.campaign, user=caller).exists()
    ):
        raise CallRoundError(_("This person is not a caller of the campaign."))
    fields = ["caller", "proposed_caller", "updated_at"]
    if row.status == Status.CLAIMED:
        _end_claims(Assignment.objects.filter(pk=row.pk), now=now, ended=Claim.Ended.REASSIGNED)
        row.status, row.claimed_by, row.claimed_at, row.claim_expires_at = (
            Status.OPEN,
            None,
            None,
            None,
        )
        fields += ["status", "claimed_by", "claimed_at", "claim_expires_at"]
    row.caller = caller
    row.proposed_caller = caller
    row.updated_at = now
    row.save(update_fields=fields)
    record_event(
        actor=actor,
        verb="assignment.reassigned",
        chapter=row.chapter,
        obj=row,
        payload={"to": caller.username if caller else None},
    )
    return row


def _org_spec(row: Assignment) -> distribution.Org:
    org = row.organisation
    return distribution.Org(
        str(row.pk), org.enterprise_number, org.nace_code, org.postal_code, org.municipality
    )


@transaction.atomic
def rebalance(*, actor: User, campaign: Campaign) -> int:
    """Share the open contacts nobody is calling out evenly again over the current callers.

    What a coordinator expects after adding callers to a published distribution: the new ones
    (who start with none) get a fair part, taken from the busiest callers, who keep the rest;
    never a contact a caller declared a conflict with. Contacts still given to someone who is
    no longer a caller of the round are placed first (with the least busy caller who may call
    them, or in the pool when none may). Contacts being called, with an agreed call-back or in
    the pool stay where they are. Untried contacts move before retried ones. Returns how many
    contacts moved."""
    specs = {c.key: c for c in caller_specs(campaign)}
    if not specs:
        return 0
    open_rows = list(
        Assignment.objects.filter(
            campaign=campaign,
            status=Status.OPEN,
            callback_at__isnull=True,
            caller__isnull=False,
        )
        .select_related("organisation")
        .order_by("-attempts", "pk")  # the end of each list (untried, newest) moves first
    )
    by_caller: dict[str, list[Assignment]] = {key: [] for key in specs}
    orphans: list[Assignment] = []
    for row in open_rows:
        by_caller.get(str(row.caller_id), orphans).append(row)
    changed: dict[int, Assignment] = {}
    for row in orphans:
        spec_org = _org_spec(row)
        allowed = [k for k in specs if distribution.conflict(spec_org, specs[k]) is None]
        target = min(allowed, key=lambda k: len(by_caller[k])) if allowed else None
        row.caller_id = row.proposed_caller_id = int(target) if target else None
        row.match_reasons = ["rebalanced"] if target else ["conflict_all"]
        if target:
            by_caller[target].append(row)
        changed[row.pk] = row
    while True:
        most = max(by_caller, key=lambda k: len(by_caller[k]))
        least = min(by_caller, key=lambda k: len(by_caller[k]))
        if len(by_caller[most]) - len(by_caller[least]) <= 1:
            break
        candidate = next(
            (
                row
                for row in reversed(by_caller[most])
                if distribution.conflict(_org_spec(row), specs[least]) is None
            ),
            None,
        )
        if candidate is None:
            break
        by_caller[most].remove(candidate)
        by_caller[least].append(candidate)
        candidate.caller_id = int(least)
        candidate.proposed_caller_id = int(least)
        candidate.match_reasons = ["rebalanced"]
        changed[candidate.pk] = candidate
    now = timezone.now()
    for row in changed.values():
        row.updated_at = now
    Assignment.objects.bulk_update(
        list(changed.values()),
        ["caller", "proposed_caller", "match_reasons", "updated_at"],
        batch_size=500,
    )
    record_event(
        actor=actor,
        verb="campaign.rebalanced",
        chapter=campaign.chapter,
        obj=campaign,
        payload={"moved": len(changed), "from_former_callers": len(orphans)},
    )
    return len(changed)


# Claiming ---------------------------------------------------------------------------------------


def _end_claims(assignments: QuerySet[Assignment], *, now: dt.datetime, ended: str) -> int:
    return Claim.objects.filter(
        assignment__in=assignments.values("pk"), released_at__isnull=True
    ).update(released_at=now, ended=ended)


def _counts_toward_limit(now: dt.datetime) -> Q:
    """Every claim but an agreed future callback (same rows as ``exclude(callback_at__gt=now)``)."""
    return Q(callback_at__isnull=True) | Q(callback_at__lte=now)


def active_claim_count(campaign: Campaign, user: User, now: dt.datetime) -> int:
    """Open claims that count toward the per-caller limit (agreed future callbacks do not)."""
    return (
        Assignment.objects.filter(campaign=campaign, status=Status.CLAIMED, claimed_by=user)
        .filter(_counts_toward_limit(now))
        .count()
    )


def _conflict_filter(chapter: Chapter, user: User) -> Q:
    profile = CallerProfile.objects.filter(chapter=chapter, user=user).first()
    if profile is None:
        return Q()
    excluded = Q()
    numbers = [n for n in [profile.own_enterprise_number, *profile.conflict_numbers] if n]
    if numbers:
        excluded |= Q(organisation__enterprise_number__in=numbers)
    if profile.exclude_competitors and len(profile.own_nace_code) >= 4 and profile.own_postal_code:
        excluded |= Q(
            organisation__nace_code__startswith=profile.own_nace_code[:4],
            organisation__postal_code=profile.own_postal_code,
        )
    return excluded


def callable_assignments(
    campaign: Campaign,
    user: User,
    now: dt.datetime,
    *,
    callbacks: bool = True,
    own: bool = True,
) -> list[QuerySet[Assignment]]:
    """The tiers of candidates for ``user``, best first: due callbacks, own, pool.

    ``callbacks`` and ``own`` leave out tiers the caller is known to have nothing in. Nothing
    is callable while the round is not running or ``now`` lies outside its period.
    """
    if (
        campaign.status != Campaign.Status.RUNNING
        or campaign.period_state(timezone.localdate(now)) != "during"
    ):
        return []
    base = Assignment.objects.filter(
        campaign=campaign, status=Status.OPEN, organisation__do_not_call=False
    )
    conflicts = _conflict_filter(campaign.chapter, user)
    if conflicts:
        base = base.exclude(conflicts)
    tiers = []
    if callbacks:
        tiers.append(
            base.filter(callback_by=user, callback_at__lte=now).order_by("callback_at", "pk")
        )
    if not scheduling.within_hours(campaign.calling_hours, now):
        return tiers
    due = Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    fresh = base.filter(callback_by__isnull=True).filter(due)
    order: tuple[str, ...] = ("priority", "attempts", "next_attempt_at", "pk")
    if campaign.everyone_once_first:
        # nobody is tried again while anyone in the campaign is still untried
        untried = Assignment.objects.filter(
            campaign=campaign, status=Status.OPEN, attempts=0, organisation__do_not_call=False
        )
        fresh = fresh.filter(Q(attempts=0) | ~Exists(untried))
        order = ("attempts", "priority", "next_attempt_at", "pk")
    if own:
        tiers.append(fresh.filter(caller=user).order_by(*order))
    tiers.append(fresh.filter(caller__isnull=True).order_by(*order))
    return tiers


@dataclass
class ClaimResult:
    assignment: Assignment | None
    reason: str = ""  # when None: "nothing_due" or "outside_hours"
    resumed: bool = False  # an assignment the caller already held (a due callback)


def check_callable(campaign: Campaign, now: dt.datetime) -> None:
    """Refuse to hand out a call of ``campaign`` at ``now``: it must be running and ``now`` must
    fall within its period (``starts_on`` to ``ends_on`` included, dates in Europe/Brussels).
    ``claim_next`` and ``claim_assignment`` call this first, for a clear error; the claim's SQL
    (``claimsql.take``) holds the same condition, so a round closed or shortened meanwhile
    hands out nothing either."""
    if campaign.status != Campaign.Status.RUNNING:
        raise CampaignNotRunning(_("This campaign is not running."))
    state = campaign.period_state(timezone.localdate(now))
    if state == "after":
        raise CampaignOutsidePeriod(
            _("This call round ended on %(date)s: no more calls are handed out.")
            % {"date": formats.date_format(campaign.ends_on, "SHORT_DATE_FORMAT")}
        )
    if state == "before":
        raise CampaignOutsidePeriod(
            _("This call round starts on %(date)s: calls are handed out from that day on.")
            % {"date": formats.date_format(campaign.starts_on, "SHORT_DATE_FORMAT")}
        )


def _lock_caller(campaign: Campaign, user: User) -> claimsql.Conflicts:
    """Lock the caller's link to the campaign (one query, see ``claimsql.lock_caller``) and
    return their declared conflicts; NotACaller when they are not one of its callers."""
    conflicts = claimsql.lock_caller(campaign.pk, campaign.chapter_id, user.pk)
    if conflicts is None:
        raise NotACaller(_("You are not a caller of this campaign."))
    return conflicts


def claim_next(*, actor: User, campaign: Campaign, now: dt.datetime | None = None) -> ClaimResult:
    """Claim the best callable contact for ``actor`` in ``campaign``.

    The claim time is read once the write lock is held (SQLite's immediate transaction, the
    caller's row on PostgreSQL), not before: a claim that waited for another never appears to
    start before the one it waited for ended."""
    check_callable(campaign, now or timezone.now())
    with transaction.atomic():
        conflicts = _lock_caller(campaign, actor)
        now = now or timezone.now()
        # one query for what the caller holds and has waiting
        due_held, counted, due_callbacks, own_open = claimsql.summary(campaign.pk, actor.pk, now)
        if due_held:
            held = (
                Assignment.objects.filter(
                    campaign=campaign, status=Status.CLAIMED, claimed_by=actor, callback_at__lte=now
                )
                .select_related("organisation")
                .order_by("callback_at")
                .first()
            )
            if held is not None:
                return ClaimResult(held, resumed=True)
        if counted >= campaign.max_open_claims:
            raise ClaimLimitReached(
                _("You already hold %(n)s open calls: finish or release one first.")
                % {"n": campaign.max_open_claims}
            )
        tiers = ["callbacks"] if due_callbacks else []
        if scheduling.within_hours(campaign.calling_hours, now):
            tiers += (["own"] if own_open else []) + ["pool"]
        for tier in tiers:
            pk = claimsql.take(
                tier=tier,
                campaign_id=campaign.pk,
                user_id=actor.pk,
                now=now,
                expires=now + campaign.claim_expiry,
                conflicts=conflicts,
                everyone_once_first=campaign.everyone_once_first,
                today=timezone.localdate(now),
            )
            if pk is None:
                continue
            try:
                Claim.objects.create(
                    chapter_id=campaign.chapter_id, assignment_id=pk, caller=actor, claimed_at=now
                )
            except IntegrityError:  # pragma: no cover - the conditional update guards this
                # leaves through the outer atomic block, which rolls the whole claim back
                raise CallRoundError(_("Someone else just took this contact.")) from None
            assignment = Assignment.objects.select_related("organisation").get(pk=pk)
            record_event(
                actor=actor, verb="assignment.claimed", chapter=campaign.chapter, obj=assignment
            )
            return ClaimResult(assignment)
    outside = not scheduling.within_hours(campaign.calling_hours, now)
    return ClaimResult(None, reason="outside_hours" if outside else "nothing_due")


@transaction.atomic
def claim_assignment(
    *, actor: User, assignment: Assignment, now: dt.datetime | None = None
) -> Assignment:
    """Claim one given contact (from 'my calls'); the same rules as claim_next, the claim time
    read after the lock as there."""
    campaign = assignment.campaign
    check_callable(campaign, now or timezone.now())
    _lock_caller(campaign, actor)
    now = now or timezone.now()
    assignment = Assignment.objects.select_related("organisation").get(pk=assignment.pk)
    if assignment.status == Status.CLAIMED and assignment.claimed_by_id == actor.pk:
        return assignment
    if active_claim_count(campaign, actor, now) >= campaign.max_open_claims:
        raise ClaimLimitReached(
            _("You already hold %(n)s open calls: finish or release one first.")
            % {"n": campaign.max_open_claims}
        )
    allowed = any(
        tier.filter(pk=assignment.pk).exists()
        for tier in callable_assignments(campaign, actor, now)
    )
    if not allowed:
        current = Assignment.objects.select_related("claimed_by").get(pk=assignment.pk)
        if current.status == Status.CLAIMED and current.claimed_by is not None:
            raise CallRoundError(
                _("%(name)s is already calling this contact (since %(time)s).")
                % {
                    "name": current.claimed_by.display_name,
                    "time": timezone.localtime(current.claimed_at).strftime("%H:%M")
                    if current.claimed_at
                    else "",
                }
            )
        raise CallRoundError(_("This contact cannot be called now."))
    won = Assignment.objects.filter(
        pk=assignment.pk, status=Status.OPEN, claimed_by__isnull=True
    ).update(
        status=Status.CLAIMED,
        claimed_by=actor,
        claimed_at=now,
        claim_expires_at=now + campaign.claim_expiry,
        updated_at=now,
    )
    if not won:
        raise CallRoundError(_("Someone else just took this contact."))
    Claim.objects.create(
        chapter_id=campaign.chapter_id, assignment=assignment, caller=actor, claimed_at=now
    )
    record_event(actor=actor, verb="assignment.claimed", chapter=campaign.chapter, obj=assignment)
    return Assignment.objects.select_related("organisation").get(pk=assignment.pk)


@transaction.atomic
def release_claim(*, actor: User, assignment: Assignment, coordinator: bool = False) -> Assignment:
    now = timezone.now()
    rows = Assignment.objects.filter(pk=assignment.pk, status=Status.CLAIMED)
    if not coordinator:
        rows = rows.filter(claimed_by=actor)
    _end_claims(rows, now=now, ended=Claim.Ended.RELEASED)
    changed = rows.update(
        status=Status.OPEN, claimed_by=None, claimed_at=None, claim_expires_at=None, updated_at=now
    )
    if not changed:
        raise NotClaimedByYou(_("You are not calling this contact."))
    record_event(
        actor=actor, verb="assignment.released", chapter=assignment.chapter, obj=assignment
    )
    return Assignment.objects.get(pk=assignment.pk)


def release_expired_claims(
    *, now: dt.datetime | None = None, campaign: Campaign | None = None
) -> int:
    """Give expired claims back to the pool (the worker runs this every minute)."""
    now = now or timezone.now()
    released = 0
    with transaction.atomic():
        rows = Assignment.objects.filter(status=Status.CLAIMED, claim_expires_at__lt=now)
        if campaign is not None:
            rows = rows.filter(campaign=campaign)
        expired = list(rows.values_list("pk", "chapter_id", "public_code"))
        for pk, chapter_id, code in expired:
            won = Assignment.objects.filter(
                pk=pk, status=Status.CLAIMED, claim_expires_at__lt=now
            ).update(
                status=Status.OPEN,
                claimed_by=None,
                claimed_at=None,
                claim_expires_at=None,
                updated_at=now,
            )
            if won:
                Claim.objects.filter(assignment_id=pk, released_at__isnull=True).update(
                    released_at=now, ended=Claim.Ended.EXPIRED
                )
                record_event(
                    actor=None,
                    verb="assignment.claim_expired",
                    chapter=Chapter.objects.get(pk=chapter_id),
                    payload={"assignment": code},
                )
                released += won
    return released


# Attempts ---------------------------------------------------------------------------------------


@dataclass
class AttemptResult:
    attempt: CallAttempt
    assignment: Assignment
    conversation: Any = None
    replayed: bool = False


def check_attempt_period(
    campaign: Campaign, now: dt.datetime, callback_at: dt.datetime | None = None
) -> None:
    """Refuse a new call attempt on ``campaign`` at ``now`` once its end date has passed, and a
    call-back planned after that date (the attempt it promises would be refused).

    The day is the Brussels date of ``now``, the moment the attempt is saved, not the moment the
    contact was claimed: a call claimed at 23:50 on the last day and saved at 00:05 is refused
    (no grace). Calling hours normally end in the evening, so this stays simple and the same
    rule as claiming (``check_callable``); the refused form keeps what the caller typed. The
    status is not checked here: a paused round still saves the calls in progress, and a closed
    one holds no claim to save an attempt on."""
    if campaign.period_state(timezone.localdate(now)) == "after":
        raise CampaignOutsidePeriod(
            _("This call round ended on %(date)s: no more call attempts are recorded.")
            % {"date": formats.date_format(campaign.ends_on, "SHORT_DATE_FORMAT")}
        )
    if callback_at is not None and timezone.localdate(callback_at) > campaign.ends_on:
        raise CallRoundError(
            _("This call round ends on %(date)s: plan the call-back on or before that day.")
            % {"date": formats.date_format(campaign.ends_on, "SHORT_DATE_FORMAT")}
        )


def _held(
    actor: User,
    assignment: Assignment,
    now: dt.datetime,
    callback_at: dt.datetime | None = None,
) -> Assignment:
    """The contact, locked, if ``actor`` holds it and its round still records attempts (the
    period is checked first: a round closed at its end date gave its claims back, and saying so
    is clearer than "not calling this contact")."""
    row = (
        Assignment.objects.select_for_update()
        .select_related("campaign", "organisation")
        .get(pk=assignment.pk)
    )
    check_attempt_period(row.campaign, now, callback_at)
    if row.status != Status.CLAIMED or row.claimed_by_id != actor.pk:
        raise NotClaimedByYou(_("You are not calling this contact (the claim may have expired)."))
    return row


def record_attempt(
    *,
    actor: User,
    assignment: Assignment,
    outcome: str,
    note: str = "",
    callback_at: dt.datetime | None = None,
    idempotency_key: uuid.UUID | None = None,
    conversation: Callable[[Assignment, dt.datetime], Conversation] | None = None,
    now: dt.datetime | None = None,
) -> AttemptResult:
    """Log one call attempt on a contact the actor holds.

    A call-back is planned with ``callback_at``: instead of a conversation (outcome
    ``callback``) or after one (``reached``: the entrepreneur asked to be called again, "bel me
    volgende week terug"). Either way the contact stays with the caller, claimed, until that
    time; every other attempt ends the claim (``callback_at`` is ignored with a retry or a final
    outcome). A repeated idempotency key returns the first
    result (a double submit stores one attempt). A reached call with answers is the conversations
    verb ``conversations.actions.record_reached_call``: it passes ``conversation``, which stores
    the conversation for the held assignment inside this transaction (so an invalid answer stores
    no attempt either).

    Once the round's end date has passed (the Brussels date of ``now``) no attempt, and so no
    conversation, is stored: ``CampaignOutsidePeriod`` names the end date, and a call-back may
    not be planned after it (``check_attempt_period``, which explains why there is no grace for a
    call claimed before midnight). A replay of an attempt stored in time is still answered.
    """
    now = now or timezone.now()
    if idempotency_key is not None:
        replay = _replay(actor, assignment, idempotency_key)
        if replay is not None:
            return replay
    if outcome not in Outcome.values:
        raise CallRoundError(_("Unknown outcome: %(o)s.") % {"o": outcome})
    if len(note) > 2000:
        raise CallRoundError(_("The note is too long (at most 2000 characters)."))
    if outcome == Outcome.CALLBACK and callback_at is None:
        raise CallRoundError(_("Say when to call back."))
    if outcome not in (Outcome.CALLBACK, Outcome.REACHED):
        callback_at = None  # a retry or a final outcome plans no call-back (as before)
    follow_up = callback_at is not None
    if callback_at is not None:
        if callback_at <= now:
            raise CallRoundError(_("The call-back time lies in the past."))
        if callback_at > now + dt.timedelta(days=60):
            raise CallRoundError(_("Call back within 60 days."))
    try:
        with transaction.atomic():
            row = _held(actor, assignment, now, callback_at)
            campaign = row.campaign
            stored = None
            if conversation is not None:
                if outcome != Outcome.REACHED:
                    raise CallRoundError(_("Only a reached call has a conversation."))
                stored = conversation(row, now)
            attempt = CallAttempt.objects.create(
                chapter_id=row.chapter_id,
                assignment=row,
                caller=actor,
                at=now,
                outcome=outcome,
                note=note,
                callback_at=callback_at,
                idempotency_key=idempotency_key or uuid.uuid4(),
            )
            row.attempts += 1
            row.last_attempt_at = now
            row.updated_at = now
            fields = ["attempts", "last_attempt_at", "updated_at"]
            if follow_up:
                assert callback_at is not None
                row.callback_at = callback_at
                row.callback_by = actor
                row.claim_expires_at = callback_at + campaign.claim_expiry
                fields += ["callback_at", "callback_by", "claim_expires_at"]
                if conversation is not None:  # what was typed is stored: the draft is done
                    ConversationDraft.objects.filter(assignment=row, caller=actor).delete()
            else:
                row.status = row.status_after(outcome, max_attempts=campaign.max_attempts)
                if row.status == Status.OPEN:
                    row.next_attempt_at = now + campaign.retry_gap
                    fields.append("next_attempt_at")
                elif outcome == Outcome.DO_NOT_CALL:
                    mark_do_not_call(
                        actor=actor,
                        organisation=row.organisation,
                        reason=note.strip() or _("Asked during a call not to be called again."),
                    )
                row.claimed_by = None
                row.claimed_at = None
                row.claim_expires_at = None
                row.callback_at = None
                row.callback_by = None
                fields += [
                    "status",
                    "claimed_by",
                    "claimed_at",
                    "claim_expires_at",
                    "callback_at",
                    "callback_by",
                ]
                Claim.objects.filter(assignment=row, released_at__isnull=True).update(
                    released_at=now, ended=Claim.Ended.ATTEMPT
                )
                ConversationDraft.objects.filter(assignment=row, caller=actor).delete()
            row.save(update_fields=fields)
            record_event(
                actor=actor,
                verb="attempt.recorded",
                chapter=row.chapter,
                obj=row,
                payload={"outcome": outcome, "attempt": row.attempts},
            )
    except IntegrityError:
        if idempotency_key is not None:
            replay = _replay(actor, assignment, idempotency_key)
            if replay is not None:
                return replay
        raise
    return AttemptResult(attempt, row, stored)


def _replay(actor: User, assignment: Assignment, key: uuid.UUID) -> AttemptResult | None:
    """The actor's earlier attempt with this key, if it was made for this very contact.

    A key is scoped to its caller (a unique constraint on caller and key): someone else's key is
    simply a new key for this caller. The same caller reusing a key on another contact is refused:
    replaying would show the other contact, and storing would break the key's meaning.
    """
    previous = (
        CallAttempt.objects.filter(caller=actor, idempotency_key=key)
        .select_related("assignment")
        .first()
    )
    if previous is None:
        return None
    if previous.assignment_id != assignment.pk:
        raise IdempotencyKeyReused(
            _("This form was already used for another call. Reload the page and try again.")
        )
    conversation = (
        previous.assignment.conversations.filter(recorded_by=actor).order_by("-pk").first()
    )
    return AttemptResult(previous, previous.assignment, conversation, replayed=True)


# Drafts and calendar ----------------------------------------------------------------------------

MAX_DRAFT_BYTES = 64_000


def save_draft(*, actor: User, assignment: Assignment, data: dict[str, Any]) -> ConversationDraft:
    """Keep what the caller typed (not audited: it is the caller's own unsaved work)."""
    import json

    if len(json.dumps(data)) > MAX_DRAFT_BYTES:
        raise CallRoundError(_("The draft is too large."))
    draft, _created = ConversationDraft.objects.update_or_create(
        assignment=assignment, caller=actor, defaults={"data": data, "updated_at": timezone.now()}
    )
    return draft


@transaction.atomic
def create_calendar_feed(*, actor: User) -> CalendarFeed:
    CalendarFeed.objects.filter(user=actor, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    feed = CalendarFeed.objects.create(user=actor)
    record_event(actor=actor, verb="calendar_feed.created", obj=actor)
    return feed


@transaction.atomic
def revoke_calendar_feed(*, actor: User) -> int:
    count = CalendarFeed.objects.filter(user=actor, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    if count:
        record_event(actor=actor, verb="calendar_feed.revoked", obj=actor)
    return count


@transaction.atomic
def save_caller_profile(*, actor: User, chapter: Chapter, **fields: Any) -> CallerProfile:
    profile, _created = CallerProfile.objects.get_or_create(chapter=chapter, user=actor)
    for name, value in fields.items():
        setattr(profile, name, value)
    profile.save()
    record_event(actor=actor, verb="caller_profile.saved", chapter=chapter, obj=actor)
    return profile
