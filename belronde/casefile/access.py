"""The firm's case file: one chronological history of a member firm, newest first, across calls,
conversations, questions, best practices, consents, referrals, financial analyses and coaching
trajectories, each entry only for a reader whom the owning app's access rules allow to see it.

Every read goes through the owning app's ``access`` module, which decides what a role sees:

- the coordinator sees everything, the record's own changes (the audit events) included;
- a coach sees what the apps open to them about a firm they may open (members.access: the firms
  of their coaching referrals, analyses and trajectories): the calls without the callers'
  notes (``campaigns.access.may_read_note``), the conversations and what was raised in them,
  the referrals they may read and their consents, the analyses, and in full the trajectories
  they coach (sessions as "session on dd/mm, 60 min", never the session notes here);
- a caller sees their own calls, the conversations the conversations app opens to them and
  what they raised, their own consents and referrals, and of a trajectory only that the firm
  was helped: since when and, once closed, the outcome's category (``coaching.access.Help``).
  Never an analysis, a figure, a coach's note, a session, a conclusion or a document.

Each source is one query (a few with one prefetch), whatever the number of entries, and each
is cut at ``LIMIT`` rows: the page shows the ``LIMIT`` most recent entries.

This app sits above every app it reads (like ``waiting``); the organisation page of the member
registry shows it through the ``{% case_file org %}`` tag (``templatetags/casefile.py``), so the
registry imports nothing above it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from belronde.accounts.access import ChapterAccess
from belronde.accounts.models import User
from belronde.analyses import access as analyses_access
from belronde.audit.verbs import label as verb_label
from belronde.campaigns import access as campaigns_access
from belronde.coaching import access as coaching_access
from belronde.coaching.models import Document, FollowUp, Session, Trajectory, TrajectoryEvent
from belronde.conversations import access as conversations_access
from belronde.knowledge import access as knowledge_access
from belronde.knowledge.models import BestPractice, Question
from belronde.members import access as members_access
from belronde.members.models import Organisation
from belronde.referrals import access as referrals_access
from belronde.referrals.models import Consent, Referral, ReferralEvent

#: the most recent entries shown, and the rows read from each source
LIMIT = 100
#: how much of a free text (a question, an answer) an entry quotes
QUOTE = 160


class Kind:
    CALL = "call"
    CONVERSATION = "conversation"
    QUESTION = "question"
    PRACTICE = "practice"
    CONSENT = "consent"
    REFERRAL = "referral"
    ANALYSIS = "analysis"
    TRAJECTORY = "trajectory"
    SESSION = "session"
    FOLLOW_UP = "follow_up"
    DOCUMENT = "document"
    HELP = "help"
    RECORD = "record"


def kind_labels() -> dict[str, str]:
    return {
        Kind.CALL: _("Call"),
        Kind.CONVERSATION: _("Conversation"),
        Kind.QUESTION: _("Question"),
        Kind.PRACTICE: _("Best practice"),
        Kind.CONSENT: _("Consent"),
        Kind.REFERRAL: _("Referral"),
        Kind.ANALYSIS: _("Financial analysis"),
        Kind.TRAJECTORY: _("Trajectory"),
        Kind.SESSION: _("Session"),
        Kind.FOLLOW_UP: _("Follow-up"),
        Kind.DOCUMENT: _("Document"),
        Kind.HELP: _("Coaching"),
        Kind.RECORD: _("Member record"),
    }


@dataclass(frozen=True)
class Entry:
    """One line of the case file. ``at`` orders the entries; ``date_only`` entries (a session,
    the start of a trajectory) show their date without a time."""

    at: dt.datetime
    kind: str
    title: str
    date_only: bool = False
    who: str = ""
    detail: str = ""
    health: str = ""
    url: str = ""
    kind_label: str = ""


@dataclass(frozen=True)
class CaseFile:
    entries: list[Entry] = field(default_factory=list)
    #: more entries exist than are shown
    truncated: bool = False


def _quote(text: str) -> str:
    return Truncator(" ".join((text or "").split())).chars(QUOTE)


def _on(day: dt.date, recorded: dt.datetime | None = None) -> dt.datetime:
    """A date as a moment to sort by: when it was recorded if that was the same day, else noon."""
    if recorded is not None and timezone.localdate(recorded) == day:
        return recorded
    return dt.datetime.combine(day, dt.time(12), timezone.get_current_timezone())


def case_file(access: ChapterAccess, user: User, organisation: Organisation) -> CaseFile:
    """The history of ``organisation`` (fetched through ``members.access``, so the user may
    open it) and of the duplicates merged into it that the user may open, for this reader."""
    merged = members_access.visible_organisations(access).filter(merged_into=organisation)
    ids = [organisation.pk, *merged.values_list("pk", flat=True)]
    slug = access.chapter.slug
    entries: list[Entry] = []
    entries += _calls(access, ids)
    version_ids, conversation_entries = _conversations(access, user, ids, slug)
    entries += conversation_entries
    entries += _questions(access, user, ids, version_ids, slug)
    entries += _practices(access, user, ids, version_ids, slug)
    entries += _referrals_and_consents(access, user, ids, slug)
    entries += _analyses(access, ids, slug)
    entries += _trajectories(access, user, ids, slug)
    entries += _record(access, organisation)
    entries.sort(key=lambda e: e.at, reverse=True)
    labels = kind_labels()
    shown = [replace(e, kind_label=labels.get(e.kind, "")) for e in entries[:LIMIT]]
    return CaseFile(entries=shown, truncated=len(entries) > LIMIT)


# The sources ------------------------------------------------------------------------------------


def _calls(access: ChapterAccess, ids: list[int]) -> list[Entry]:
    if not (access.can_make_calls or access.can_coach):
        return []
    found = []
    for attempt in campaigns_access.attempts_with(access, ids)[:LIMIT]:
        found.append(
            Entry(
                at=attempt.at,
                kind=Kind.CALL,
                title=_("Call: %(outcome)s") % {"outcome": attempt.get_outcome_display()},
                who=" · ".join([attempt.caller.display_name, attempt.assignment.campaign.name]),
                detail=attempt.note if campaigns_access.may_read_note(access, attempt) else "",
            )
        )
    return found


def _conversations(
    access: ChapterAccess, user: User, ids: list[int], slug: str
) -> tuple[list[int], list[Entry]]:
    """The conversations' entries, and the ids of every version of them (questions and practices
    raised in a conversation point at one of its versions)."""
    if not access.can_read_conversations:
        return [], []
    readable = conversations_access.conversations_for(access, user).filter(organisation_id__in=ids)
    version_ids = list(readable.values_list("pk", flat=True))
    latest = (
        readable.filter(superseded_by__isnull=True)
        .select_related("recorded_by", "campaign")
        .order_by("-held_at", "-id")[:LIMIT]
    )
    entries = [
        Entry(
            at=c.held_at,
            kind=Kind.CONVERSATION,
            title=_("Conversation (%(health)s)") % {"health": c.get_health_display()},
            who=" · ".join(
                part
                for part in (c.recorded_by.display_name, c.campaign and c.campaign.name)
                if part
            ),
            detail=_quote(str(c.answers.get("how_is_it_going", ""))),
            health=c.health,
            url=reverse("conversations:detail", args=[slug, c.public_code]),
        )
        for c in latest
    ]
    return version_ids, entries


def _questions(
    access: ChapterAccess, user: User, ids: list[int], version_ids: list[int], slug: str
) -> list[Entry]:
    if not access.can_use_knowledge_base:
        return []
    own = knowledge_access.questions_for(access, user).filter(organisation_id__in=ids)
    raised_in = knowledge_access.questions_raised_in(access, version_ids).select_related(
        "raised_by"
    )
    found: dict[int, Question] = {}
    for question in [*own.order_by("-raised_at")[:LIMIT], *raised_in[:LIMIT]]:
        found.setdefault(question.pk, question)
    return [
        Entry(
            at=q.raised_at,
            kind=Kind.QUESTION,
            title=_("Question raised (%(status)s)") % {"status": q.get_status_display()},
            who=q.raised_by.display_name if q.raised_by else "",
            detail=_quote(q.text),
            url=reverse("knowledge:question_detail", args=[slug, q.public_code])
            if access.can_manage_chapter or q.raised_by_id == user.pk
            else "",
        )
        for q in found.values()
    ]


def _practices(
    access: ChapterAccess, user: User, ids: list[int], version_ids: list[int], slug: str
) -> list[Entry]:
    """Every practice of the firm for a coordinator; for anyone else those told in a
    conversation they may read (a published practice shared anonymously is never tied to the
    firm here)."""
    if not access.can_use_knowledge_base:
        return []
    if access.can_manage_chapter:
        practices = knowledge_access.practices_for_review(access).filter(
            Q(organisation_id__in=ids) | Q(conversation_id__in=version_ids)
        )
    else:
        practices = knowledge_access.practices_shared_in(access, version_ids).select_related(
            "submitted_by"
        )
    entries = []
    for p in practices.order_by("-submitted_at")[:LIMIT]:
        may_open = (
            access.can_manage_chapter
            or p.submitted_by_id == user.pk
            or p.status == BestPractice.Status.PUBLISHED
        )
        entries.append(
            Entry(
                at=p.submitted_at,
                kind=Kind.PRACTICE,
                title=_("Best practice shared: %(title)s") % {"title": p.title},
                who=p.submitted_by.display_name if p.submitted_by else "",
                detail=p.get_status_display(),
                url=reverse("knowledge:practice_detail", args=[slug, p.public_code])
                if may_open
                else "",
            )
        )
    return entries


def _consent_entries(consent: Consent, url: str, who: str) -> list[Entry]:
    given = consent.answer == Consent.Answer.GIVEN
    title = _("Consent given: %(purpose)s") if given else _("Consent refused: %(purpose)s")
    found = [
        Entry(
            at=consent.captured_at,
            kind=Kind.CONSENT,
            title=title % {"purpose": consent.purpose},
            who=who,
            url=url,
        )
    ]
    if consent.withdrawn_at is not None:
        found.append(
            Entry(
                at=consent.withdrawn_at,
                kind=Kind.CONSENT,
                title=_("Consent withdrawn: %(purpose)s") % {"purpose": consent.purpose},
                url=url,
            )
        )
    return found


def _referrals_and_consents(
    access: ChapterAccess, user: User, ids: list[int], slug: str
) -> list[Entry]:
    """The referrals the user may read with their status changes (never a note or a decline
    reason here), the consents the user may open, and those of the referrals they may read."""
    if not access.can_refer:
        return []
    events = ReferralEvent.objects.order_by("at", "id")
    referrals: Iterable[Referral] = (
        referrals_access.referrals_for(access, user)
        .filter(organisation_id__in=ids)
        .select_related("consent__captured_by")
        .prefetch_related(Prefetch("events", queryset=events))
        .order_by("-created_at")[:LIMIT]
    )
    entries = []
    consents: dict[int, tuple[Consent, str]] = {}
    for referral in referrals:
        url = reverse("referrals:detail", args=[slug, referral.public_code])
        service = referral.service.name
        for event in referral.events.all():
            if event.status == Referral.Status.PROPOSED:
                title = _("Referred to %(service)s") % {"service": service}
            else:
                title = _("Referral to %(service)s: %(status)s") % {
                    "service": service,
                    "status": event.get_status_display(),
                }
            entries.append(
                Entry(at=event.at, kind=Kind.REFERRAL, title=title, who=event.actor_label, url=url)
            )
        consents.setdefault(referral.consent_id, (referral.consent, ""))
    own = referrals_access.consents_for(access, user).filter(organisation_id__in=ids)
    for consent in own.order_by("-captured_at")[:LIMIT]:
        consents[consent.pk] = (
            consent,
            reverse("referrals:consent_detail", args=[slug, consent.public_code]),
        )
    for consent, url in consents.values():
        entries += _consent_entries(consent, url, consent.captured_by.display_name)
    return entries


def _analyses(access: ChapterAccess, ids: list[int], slug: str) -> list[Entry]:
    if not access.can_analyse:
        return []
    entries = []
    analyses = (
        analyses_access.analyses_for(access)
        .filter(organisation_id__in=ids)
        .select_related("created_by")
        .order_by("-created_at")[:LIMIT]
    )
    for analysis in analyses:
        url = reverse("analyses:detail", args=[slug, analysis.public_code])
        entries.append(
            Entry(
                at=analysis.created_at,
                kind=Kind.ANALYSIS,
                title=_("Financial analysis started"),
                who=analysis.created_by.display_name if analysis.created_by else "",
                url=url,
            )
        )
        if analysis.conclusion_updated_at is not None:
            entries.append(
                Entry(
                    at=analysis.conclusion_updated_at,
                    kind=Kind.ANALYSIS,
                    title=_("Financial analysis: conclusion written"),
                    url=url,
                )
            )
    return entries


def _trajectory_event_title(event: TrajectoryEvent, trajectory: Trajectory) -> str | None:
    match event.kind:
        case "started":
            return None  # the start is its own entry, on the intake date
        case "status":
            return _("Trajectory moved on to: %(status)s") % {
                "status": Trajectory.Status(event.status).label
            }
        case "closed":
            return _("Trajectory closed: %(outcome)s") % {
                "outcome": Trajectory.Outcome(trajectory.outcome).label
                if trajectory.outcome
                else event.note
            }
        case "reassigned":
            return _("Trajectory handed to another coach")
        case "analysis_linked":
            return _("Financial analysis linked to the trajectory")
        case "analysis_waived":
            return _("No financial analysis needed")
        case "handed_off":
            return _("Handed off to a partner organisation")
    return None


def _trajectories(access: ChapterAccess, user: User, ids: list[int], slug: str) -> list[Entry]:
    """The trajectories the user coaches (or, as coordinator, all) in full; of any other only
    that the firm was helped."""
    entries: list[Entry] = []
    full: list[Trajectory] = []
    if access.can_coach:
        full = list(
            coaching_access.trajectories_for(access, user)
            .filter(organisation_id__in=ids)
            .prefetch_related(
                Prefetch(
                    "events",
                    queryset=TrajectoryEvent.objects.select_related("actor").order_by("at"),
                ),
                Prefetch(
                    "sessions",
                    queryset=Session.objects.filter(superseded_by__isnull=True).select_related(
                        "recorded_by"
                    ),
                ),
                Prefetch("follow_ups", queryset=FollowUp.objects.filter(answered_on__isnull=False)),
                Prefetch("documents", queryset=Document.objects.select_related("uploaded_by")),
            )[:LIMIT]
        )
    for t in full:
        url = reverse("coaching:detail", args=[slug, t.public_code])
        started = next((e for e in t.events.all() if e.kind == "started"), None)
        entries.append(
            Entry(
                at=_on(t.started_on, started.at if started else None),
                kind=Kind.TRAJECTORY,
                title=_("Coaching trajectory started (intake)"),
                date_only=True,
                who=t.coach.display_name,
                url=url,
            )
        )
        for event in t.events.all():
            title = _trajectory_event_title(event, t)
            if title:
                who = event.actor.display_name if event.actor else ""
                entries.append(
                    Entry(at=event.at, kind=Kind.TRAJECTORY, title=title, who=who, url=url)
                )
        for session in t.sessions.all():
            entries.append(
                Entry(
                    at=_on(session.held_on, session.recorded_at),
                    kind=Kind.SESSION,
                    title=_("Session on %(date)s, %(minutes)s min (%(mode)s)")
                    % {
                        "date": formats.date_format(session.held_on, "d/m"),
                        "minutes": session.minutes,
                        "mode": session.get_mode_display(),
                    },
                    date_only=True,
                    who=session.recorded_by.display_name,
                    url=url,
                )
            )
        for follow_up in t.follow_ups.all():
            assert follow_up.answered_on is not None  # the prefetch keeps answered ones only
            entries.append(
                Entry(
                    at=_on(follow_up.answered_on),
                    kind=Kind.FOLLOW_UP,
                    title=_("Follow-up after %(months)s months: %(state)s")
                    % {"months": follow_up.months, "state": follow_up.get_state_display()},
                    date_only=True,
                    url=url,
                )
            )
        for document in t.documents.all():
            entries.append(
                Entry(
                    at=document.uploaded_at,
                    kind=Kind.DOCUMENT,
                    title=_("Document added: %(name)s") % {"name": document.name},
                    who=document.uploaded_by.display_name,
                    url=url,
                )
            )
    shown = {t.public_code for t in full}
    for help in coaching_access.help_of_organisations(access.chapter.pk, ids):
        if help.code in shown:
            continue
        entries.append(
            Entry(
                at=_on(help.started_on, help.created_at),
                kind=Kind.HELP,
                title=_("Coached by the federation since %(date)s")
                % {"date": formats.date_format(help.started_on, "SHORT_DATE_FORMAT")},
                date_only=True,
            )
        )
        if help.closed_on is not None:
            entries.append(
                Entry(
                    at=_on(help.closed_on, help.updated_at),
                    kind=Kind.HELP,
                    title=_("Trajectory completed: %(outcome)s") % {"outcome": help.outcome_label},
                    date_only=True,
                )
            )
    return entries


def _record(access: ChapterAccess, organisation: Organisation) -> list[Entry]:
    """What was done to the record itself (created, changed, do-not-call, merged), for the
    coordinators who manage members; nothing for anyone else."""
    return [
        Entry(
            at=event.at,
            kind=Kind.RECORD,
            title=verb_label(event.verb),
            who=event.actor_label or _("system"),
        )
        for event in members_access.organisation_history(access, organisation)
    ]
