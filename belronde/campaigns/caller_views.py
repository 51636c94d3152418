"""The volunteer caller's screens: my calls, the next call, the call screen with its attempt and
conversation forms, drafts, releasing, call-back invitations, settings and the calendar feed.

Built for a phone in the evening: one tap per outcome, answers autosaved as a draft. Reads go
through ``access.py`` and every change through ``actions.py``, like the coordinator's pages in
``views.py``.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from belronde.accounts import roles
from belronde.accounts.access import ChapterRequest, chapter_view
from belronde.audit.actions import record_event
from belronde.campaigns import access, actions, ics
from belronde.campaigns.access import (
    get_assignment_for_user,
    get_campaign_for_user,
)
from belronde.campaigns.forms import (
    AttemptForm,
    CallerProfileForm,
    ScriptAnswersForm,
)
from belronde.campaigns.models import (
    Assignment,
    CallAttempt,
)
from belronde.conversations.actions import ConversationInvalid, record_reached_call
from belronde.lib.downloads import attachment
from belronde.lib.errors import show_error
from belronde.members.reference import nace_label

COORDINATOR = tuple(roles.MANAGE_CHAPTER_ROLES)
CALLERS = tuple(roles.CALL_ROLES)
Status = Assignment.Status


# Caller: my calls and the call screen -----------------------------------------------------------


@chapter_view(*CALLERS)
@require_GET
def my_calls(request: ChapterRequest) -> HttpResponse:
    user = request.user
    now = timezone.now()
    today_end = dt.datetime.combine(
        timezone.localdate() + dt.timedelta(days=1), dt.time(), timezone.get_current_timezone()
    )
    running = access.running_campaigns_of_caller(request.access)
    today = timezone.localdate()
    # a running round hands out calls only within its period (actions.check_callable)
    callable_now = [c for c in running if c.period_state(today) == "during"]
    mine = access.assignments_of_campaigns(request.access, running)
    claimed = mine.filter(status=Status.CLAIMED, claimed_by=user).exclude(callback_at__gt=today_end)
    callbacks = (
        mine.filter(callback_by=user, callback_at__lt=today_end).filter(
            Q(status=Status.CLAIMED, claimed_by=user) | Q(status=Status.OPEN)
        )
    ).order_by("callback_at")
    later_callbacks = mine.filter(callback_by=user, callback_at__gte=today_end).order_by(
        "callback_at"
    )[:20]
    start = dt.datetime.combine(timezone.localdate(), dt.time(), timezone.get_current_timezone())
    done_today = access.attempts_of_caller_since(request.access, start)
    assigned = (
        mine.filter(campaign__in=callable_now)
        .filter(caller=user, status=Status.OPEN, callback_at__isnull=True)
        .order_by("priority", "attempts")[:50]
    )
    campaign_rows = [
        {
            "campaign": c,
            "period": c.period_state(today),
            "assigned_open": mine.filter(campaign=c, caller=user, status=Status.OPEN).count(),
            "pool_open": mine.filter(campaign=c, caller__isnull=True, status=Status.OPEN).count(),
        }
        for c in running
    ]
    # a round the worker closed after its end date still says so for a while
    campaign_rows += [
        {"campaign": c, "period": "after", "assigned_open": 0, "pool_open": 0}
        for c in access.ended_campaigns_of_caller(request.access, today)
    ]
    return render(
        request,
        "campaigns/my_calls.html",
        {
            "campaign_rows": campaign_rows,
            "claimed": claimed.exclude(pk__in=callbacks.values("pk")),
            "callbacks": callbacks,
            "later_callbacks": later_callbacks,
            "done_today": done_today,
            "assigned": assigned,
            "now": now,
        },
    )


@chapter_view(*CALLERS)
@require_POST
def next_call(request: ChapterRequest, code: str) -> HttpResponse:
    campaign = get_campaign_for_user(request.access, code)
    try:
        result = actions.claim_next(actor=request.user, campaign=campaign)
    except actions.CallRoundError as exc:
        show_error(request, exc)
        return redirect("campaigns:my_calls", chapter=request.chapter.slug)
    if result.assignment is None:
        if result.reason == "outside_hours":
            messages.info(
                request, _("Outside calling hours for this campaign: nothing to call now.")
            )
        else:
            messages.info(request, _("Nobody to call right now. Well done! Try again later."))
        return redirect("campaigns:my_calls", chapter=request.chapter.slug)
    return redirect(
        "campaigns:call", chapter=request.chapter.slug, code=result.assignment.public_code
    )


@chapter_view(*CALLERS)
@require_POST
def claim(request: ChapterRequest, code: str) -> HttpResponse:
    assignment = get_assignment_for_user(request.access, code)
    try:
        actions.claim_assignment(actor=request.user, assignment=assignment)
    except actions.CallRoundError as exc:
        show_error(request, exc)
        return redirect("campaigns:my_calls", chapter=request.chapter.slug)
    return redirect("campaigns:call", chapter=request.chapter.slug, code=code)


def _call_context(
    request: ChapterRequest,
    assignment: Assignment,
    answers_form: ScriptAnswersForm | None = None,
    attempt_form: AttemptForm | None = None,
) -> dict[str, Any]:
    version = assignment.campaign.script.current
    language = translation.get_language() or "nl"
    draft = access.draft_of(request.access, assignment)
    if answers_form is None:
        initial: dict[str, Any] = {"idempotency_key": uuid.uuid4()}
        if draft:
            initial.update(draft.data)
        answers_form = ScriptAnswersForm(initial=initial, items=version.items, language=language)
    if attempt_form is None:
        attempt_form = AttemptForm(initial={"idempotency_key": uuid.uuid4()})
    org = assignment.organisation
    intro = version.intro_en if language == "en" and version.intro_en else version.intro_nl
    intro = intro.replace("{caller}", request.user.display_name).replace(
        "{chapter}", request.chapter.name
    )
    held = assignment.status == Status.CLAIMED and assignment.claimed_by_id == request.user.pk
    return {
        # past the end date no attempt is recorded (actions.check_attempt_period): say so first
        "round_ended": assignment.campaign.period_state(timezone.localdate()) == "after",
        "assignment": assignment,
        "organisation": org,
        "persons": list(org.persons.all()),
        "sector": nace_label(org.nace_code, org.nace_version, language) or org.nace_code,
        "answers_form": answers_form,
        "attempt_form": attempt_form,
        "intro": intro,
        "draft": draft,
        "held": held,
        "outcomes": [c for c in CallAttempt.Outcome.choices if c[0] not in ("reached", "callback")],
        **access.contact_history(assignment),
    }


@chapter_view(*CALLERS)
@require_GET
def call(request: ChapterRequest, code: str) -> HttpResponse:
    assignment = get_assignment_for_user(request.access, code)
    record_event(
        actor=request.user,
        verb="organisation.viewed",
        chapter=request.chapter,
        obj=assignment.organisation,
        payload={"page": "call", "assignment": assignment.public_code},
        request=request,
    )
    return render(request, "campaigns/call.html", _call_context(request, assignment))


@chapter_view(*CALLERS)
@require_POST
def attempt(request: ChapterRequest, code: str) -> HttpResponse:
    assignment = get_assignment_for_user(request.access, code)
    form = AttemptForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "campaigns/call.html",
            _call_context(request, assignment, attempt_form=form),
            status=400,
        )
    data = form.cleaned_data
    try:
        result = actions.record_attempt(
            actor=request.user,
            assignment=assignment,
            outcome=data["outcome"],
            note=data["note"],
            callback_at=data["callback_at"],
            idempotency_key=data["idempotency_key"],
        )
    except actions.CallRoundError as exc:
        show_error(request, exc, form=form)
        return render(
            request,
            "campaigns/call.html",
            _call_context(request, assignment, attempt_form=form),
            status=409,
        )
    label = CallAttempt.Outcome(result.attempt.outcome).label
    messages.success(
        request,
        _("Saved: %(org)s, %(outcome)s.") % {"org": assignment.organisation.name, "outcome": label},
    )
    return redirect("campaigns:my_calls", chapter=request.chapter.slug)


@chapter_view(*CALLERS)
@require_POST
def conversation(request: ChapterRequest, code: str) -> HttpResponse:
    assignment = get_assignment_for_user(request.access, code)
    version = assignment.campaign.script.current
    form = ScriptAnswersForm(
        request.POST, items=version.items, language=translation.get_language() or "nl"
    )
    if not form.is_valid():
        return render(
            request,
            "campaigns/call.html",
            _call_context(request, assignment, answers_form=form),
            status=400,
        )
    person = None
    person_code = request.POST.get("person")
    if person_code:
        person = assignment.organisation.persons.filter(public_code=person_code).first()
    try:
        result = record_reached_call(
            actor=request.user,
            assignment=assignment,
            note=form.cleaned_data["note"],
            callback_at=form.cleaned_data["call_back_at"],
            idempotency_key=form.cleaned_data["idempotency_key"],
            raw_answers=form.raw_answers(),
            person=person,
        )
    except ConversationInvalid as exc:
        for error in exc.errors:
            form.add_error(error.key if error.key in form.fields else None, _("Check this answer."))
        return render(
            request,
            "campaigns/call.html",
            _call_context(request, assignment, answers_form=form),
            status=400,
        )
    except actions.CallRoundError as exc:
        show_error(request, exc, form=form)
        return render(
            request,
            "campaigns/call.html",
            _call_context(request, assignment, answers_form=form),
            status=409,
        )
    planned = result.attempt.callback_at
    if planned is not None:
        messages.success(
            request,
            _("Conversation saved. Call-back planned on %(when)s: it is in your call-backs.")
            % {"when": formats.date_format(timezone.localtime(planned), "SHORT_DATETIME_FORMAT")},
        )
    else:
        messages.success(request, _("Conversation saved. Thank you!"))
    if result.conversation is not None:
        return redirect(
            "conversations:detail",
            chapter=request.chapter.slug,
            code=result.conversation.public_code,
        )
    return redirect("campaigns:my_calls", chapter=request.chapter.slug)


@chapter_view(*CALLERS)
@require_POST
def save_draft(request: ChapterRequest, code: str) -> HttpResponse:
    """Autosave of the conversation form while the caller types (HTMX, every few seconds)."""
    assignment = get_assignment_for_user(request.access, code)
    version = assignment.campaign.script.current
    keys = {item["key"] for item in version.items} | {"note"}
    data: dict[str, Any] = {}
    for key in keys:
        values = [v for v in request.POST.getlist(key) if v != ""]
        if values:
            multiple = any(i["key"] == key and i["type"] == "multiple" for i in version.items)
            data[key] = values if multiple else values[0]
    try:
        draft = actions.save_draft(actor=request.user, assignment=assignment, data=data)
    except actions.CallRoundError as exc:
        return HttpResponse(exc.message, status=413)
    return render(request, "campaigns/_draft_saved.html", {"draft": draft})


@chapter_view(*CALLERS)
@require_POST
def release(request: ChapterRequest, code: str) -> HttpResponse:
    assignment = get_assignment_for_user(request.access, code)
    try:
        actions.release_claim(
            actor=request.user,
            assignment=assignment,
            coordinator=request.access.can_manage_chapter,
        )
    except actions.CallRoundError as exc:
        show_error(request, exc)
    else:
        messages.success(
            request,
            _("Released: someone else can call %(org)s.") % {"org": assignment.organisation.name},
        )
    return redirect("campaigns:my_calls", chapter=request.chapter.slug)


@chapter_view(*CALLERS)
@require_GET
def callback_ics(request: ChapterRequest, code: str) -> HttpResponse:
    assignment = get_assignment_for_user(request.access, code)
    if assignment.callback_at is None or assignment.callback_by_id != request.user.pk:
        raise Http404
    body = ics.calendar_for([assignment], name=_("Call back"))
    return attachment(
        body, f"callback-{assignment.public_code}.ics", "text/calendar; charset=utf-8"
    )


@chapter_view(*CALLERS)
@require_http_methods(["GET", "POST"])
def caller_settings(request: ChapterRequest) -> HttpResponse:
    profile = access.caller_profile_of(request.access)
    initial = {}
    if profile:
        initial = {
            "own_enterprise_number": profile.own_enterprise_number,
            "own_nace_code": profile.own_nace_code,
            "own_postal_code": profile.own_postal_code,
            "exclude_competitors": profile.exclude_competitors,
            "conflict_numbers": ", ".join(profile.conflict_numbers),
            "sectors": ", ".join(profile.sectors),
            "municipalities": ", ".join(profile.municipalities),
        }
    form = CallerProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and request.POST.get("operation") in ("feed", "revoke_feed"):
        if request.POST["operation"] == "feed":
            actions.create_calendar_feed(actor=request.user)
            messages.success(request, _("Your calendar link is ready."))
        else:
            actions.revoke_calendar_feed(actor=request.user)
            messages.success(request, _("Your calendar link no longer works."))
        return redirect("campaigns:caller_settings", chapter=request.chapter.slug)
    if request.method == "POST" and form.is_valid():
        actions.save_caller_profile(
            actor=request.user, chapter=request.chapter, **form.cleaned_data
        )
        messages.success(request, _("Saved."))
        return redirect("campaigns:caller_settings", chapter=request.chapter.slug)
    feed = access.live_calendar_feed(request.user)
    feed_url = (
        request.build_absolute_uri(reverse("campaigns:calendar_feed", kwargs={"token": feed.token}))
        if feed
        else ""
    )
    return render(request, "campaigns/caller_settings.html", {"form": form, "feed_url": feed_url})


@require_GET
def calendar_feed(request: Any, token: str) -> HttpResponse:
    """A caller's callbacks as iCalendar (for their phone's calendar); the token is the key."""
    feed = access.calendar_feed_by_token(token)
    if feed is None:
        raise Http404
    rows = access.feed_callbacks(feed, since=timezone.now() - dt.timedelta(days=7))
    with translation.override(feed.user.language):
        body = ics.calendar_for(rows, name=_("belronde call-backs"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    return response
