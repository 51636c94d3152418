from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from typing import Any

from django.contrib import messages
from django.db.models import Count, F, Q
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from belronde.accounts import roles
from belronde.accounts.access import ChapterRequest, chapter_view
from belronde.accounts.models import User
from belronde.audit.actions import record_event
from belronde.campaigns import access, actions, ics
from belronde.campaigns.access import (
    campaigns_for,
    get_assignment_for_user,
    get_campaign_for_coordinator,
    get_campaign_for_user,
)
from belronde.campaigns.charts import timeline_chart
from belronde.campaigns.forms import (
    AttemptForm,
    CallerProfileForm,
    CampaignForm,
    ScriptAnswersForm,
    SegmentPreviewForm,
    _split,
)
from belronde.campaigns.models import (
    Assignment,
    CallAttempt,
    Campaign,
)
from belronde.campaigns.segments import SegmentError, clean_segment, organisations_in_segment
from belronde.conversations.actions import ConversationInvalid
from belronde.lib.downloads import attachment
from belronde.lib.errors import show_error
from belronde.members.reference import nace_label

COORDINATOR = tuple(roles.MANAGE_CHAPTER_ROLES)
CALLERS = tuple(roles.CALL_ROLES)
Status = Assignment.Status


# Coordinator: campaigns -------------------------------------------------------------------------


@chapter_view(*CALLERS)
@require_GET
def campaign_list(request: ChapterRequest) -> HttpResponse:
    campaigns = campaigns_for(request.access).annotate(
        total=Count("assignments", distinct=True),
        finished=Count(
            "assignments",
            filter=Q(
                assignments__status__in=[
                    Status.DONE,
                    Status.UNREACHABLE,
                    Status.REFUSED,
                    Status.DO_NOT_CALL,
                ]
            ),
            distinct=True,
        ),
    )
    return render(request, "campaigns/campaign_list.html", {"campaigns": campaigns})


def _save_campaign(
    request: ChapterRequest, form: CampaignForm, campaign: Campaign | None
) -> Campaign:
    data = form.cleaned_data
    fields: dict[str, Any] = {name: data[name] for name in CampaignForm.Meta.fields}
    fields["segment"] = data["segment"]
    fields["calling_hours"] = data["calling_hours"]
    if campaign is None:
        script = fields.pop("script")
        campaign = actions.create_campaign(
            actor=request.user, chapter=request.chapter, script=script, **fields
        )
    else:
        campaign = actions.update_campaign(actor=request.user, campaign=campaign, **fields)
    actions.set_callers(actor=request.user, campaign=campaign, users=data["callers"])
    if campaign.status == Campaign.Status.RUNNING:
        actions.sync_assignments(actor=request.user, campaign=campaign)
    return campaign


@chapter_view(*COORDINATOR)
@require_http_methods(["GET", "POST"])
def campaign_create(request: ChapterRequest) -> HttpResponse:
    _ensure_default_script(request)
    form = CampaignForm(request.POST or None, chapter=request.chapter)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = _save_campaign(request, form, None)
        except actions.CallRoundError as exc:
            show_error(request, exc, form=form)
        else:
            messages.success(
                request, _("Campaign created. Distribute the contacts, then start it.")
            )
            return redirect(
                "campaigns:detail", chapter=request.chapter.slug, code=campaign.public_code
            )
    return render(request, "campaigns/campaign_form.html", {"form": form, "campaign": None})


def _ensure_default_script(request: ChapterRequest) -> None:
    if not access.chapter_has_script(request.access):
        actions.create_script(
            actor=request.user, chapter=request.chapter, name=_("Call round script")
        )


@chapter_view(*COORDINATOR)
@require_http_methods(["GET", "POST"])
def campaign_edit(request: ChapterRequest, code: str) -> HttpResponse:
    campaign = get_campaign_for_coordinator(request.access, code)
    if campaign.status == Campaign.Status.CLOSED:
        messages.error(request, _("A closed campaign cannot be changed."))
        return redirect("campaigns:detail", chapter=request.chapter.slug, code=code)
    form = CampaignForm(request.POST or None, instance=campaign, chapter=request.chapter)
    if request.method == "POST" and form.is_valid():
        try:
            _save_campaign(request, form, campaign)
        except actions.CallRoundError as exc:
            show_error(request, exc, form=form)
        else:
            messages.success(request, _("Campaign saved."))
            return redirect("campaigns:detail", chapter=request.chapter.slug, code=code)
    return render(request, "campaigns/campaign_form.html", {"form": form, "campaign": campaign})


@chapter_view(*COORDINATOR)
@require_http_methods(["GET", "POST"])
def segment_preview(request: ChapterRequest) -> HttpResponse:
    """Live count of the organisations a segment selects (HTMX)."""
    data = request.POST if request.method == "POST" else request.GET
    form = SegmentPreviewForm(data)
    count: int | None = None
    error = ""
    if form.is_valid():
        try:
            segment = clean_segment(
                {
                    "employees_min": form.cleaned_data["employees_min"],
                    "nace": _split(form.cleaned_data["nace"]),
                    "postal_codes": _split(form.cleaned_data["postal_codes"]),
                    "membership_statuses": form.cleaned_data["membership_statuses"],
                    "exclude_contacted_days": form.cleaned_data["exclude_contacted_days"],
                }
            )
            count = organisations_in_segment(request.chapter, segment).count()
        except SegmentError as exc:
            error = str(exc)
    else:
        error = _("Check the segment fields.")
    return render(request, "campaigns/_segment_count.html", {"count": count, "error": error})


def progress_context(campaign: Campaign) -> dict[str, Any]:
    context = access.campaign_progress(campaign)
    context["timeline_chart"] = timeline_chart(context["timeline"], days=access.TIMELINE_DAYS)
    return context


@chapter_view(*COORDINATOR)
@require_GET
def campaign_detail(request: ChapterRequest, code: str) -> HttpResponse:
    campaign = get_campaign_for_coordinator(request.access, code)
    context = progress_context(campaign)
    context["transitions"] = [
        (status, Campaign.Status(status).label)
        for status in actions.ALLOWED_TRANSITIONS[Campaign.Status(campaign.status)]
    ]
    context["segment_count"] = organisations_in_segment(
        request.chapter, campaign.segment, exclude_campaign_id=campaign.pk
    ).count()
    return render(request, "campaigns/campaign_detail.html", context)


@chapter_view(*COORDINATOR)
@require_GET
def campaign_progress(request: ChapterRequest, code: str) -> HttpResponse:
    campaign = get_campaign_for_coordinator(request.access, code)
    return render(request, "campaigns/_progress.html", progress_context(campaign))


@chapter_view(*COORDINATOR)
@require_POST
def campaign_status(request: ChapterRequest, code: str) -> HttpResponse:
    campaign = get_campaign_for_coordinator(request.access, code)
    status = request.POST.get("status", "")
    if status not in Campaign.Status.values:
        return HttpResponseBadRequest(_("Unknown status."))
    try:
        actions.set_campaign_status(actor=request.user, campaign=campaign, status=status)
    except actions.CallRoundError as exc:
        show_error(request, exc)
    else:
        messages.success(
            request, _("The campaign is now %(s)s.") % {"s": Campaign.Status(status).label}
        )
    return redirect("campaigns:detail", chapter=request.chapter.slug, code=code)


# Coordinator: distribution ----------------------------------------------------------------------


@chapter_view(*COORDINATOR)
@require_http_methods(["GET", "POST"])
def distribution(request: ChapterRequest, code: str) -> HttpResponse:
    campaign = get_campaign_for_coordinator(request.access, code)
    if request.method == "POST":
        operation = request.POST.get("operation")
        try:
            if operation == "propose":
                actions.propose_distribution(actor=request.user, campaign=campaign)
                messages.success(
                    request, _("Proposal ready: check it, move contacts, then publish.")
                )
            elif operation == "publish":
                changed = actions.publish_distribution(actor=request.user, campaign=campaign)
                messages.success(
                    request, _("Distribution published (%(n)s contacts changed).") % {"n": changed}
                )
            elif operation == "rebalance":
                moved = actions.rebalance(actor=request.user, campaign=campaign)
                messages.success(
                    request, _("%(n)s contacts moved to the least loaded callers.") % {"n": moved}
                )
            else:
                return HttpResponseBadRequest(_("Unknown operation."))
        except actions.CallRoundError as exc:
            show_error(request, exc)
        return redirect("campaigns:distribution", chapter=request.chapter.slug, code=code)
    rows = access.distribution_rows(request.access, campaign)
    callers = list(campaign.callers.order_by("first_name", "username"))
    loads: Counter[int | None] = Counter(
        rows.filter(status=Status.OPEN).values_list("proposed_caller_id", flat=True)
    )
    published = Counter(rows.filter(status=Status.OPEN).values_list("caller_id", flat=True))
    load_rows = [(u, loads.get(u.pk, 0), published.get(u.pk, 0)) for u in callers]
    from django.core.paginator import Paginator

    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "campaigns/distribution.html",
        {
            "campaign": campaign,
            "page": page,
            "callers": callers,
            "load_rows": load_rows,
            "pool": loads.get(None, 0),
            "unpublished": rows.exclude(caller_id=F("proposed_caller_id")).count(),
        },
    )


@chapter_view(*COORDINATOR)
@require_POST
def assignment_move(request: ChapterRequest, code: str) -> HttpResponse:
    assignment = get_assignment_for_user(request.access, code)
    caller = _caller_from_post(request, assignment.campaign)
    publish = request.POST.get("now") == "1"
    try:
        if publish:
            actions.reassign(actor=request.user, assignment=assignment, caller=caller)
        else:
            actions.move_proposal(actor=request.user, assignment=assignment, caller=caller)
    except actions.CallRoundError as exc:
        if request.htmx:  # type: ignore[attr-defined]
            return HttpResponse(exc.message, status=409)
        show_error(request, exc)
    else:
        if request.htmx:  # type: ignore[attr-defined]
            assignment.refresh_from_db()
            return render(
                request,
                "campaigns/_distribution_row.html",
                {
                    "row": assignment,
                    "callers": list(assignment.campaign.callers.order_by("first_name")),
                    "campaign": assignment.campaign,
                },
            )
    return redirect(
        "campaigns:distribution", chapter=request.chapter.slug, code=assignment.campaign.public_code
    )


def _caller_from_post(request: ChapterRequest, campaign: Campaign) -> User | None:
    raw = request.POST.get("caller", "")
    if not raw:
        return None
    user = campaign.callers.filter(username=raw).first()
    if user is None:
        raise Http404
    return user


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
    assigned = mine.filter(caller=user, status=Status.OPEN, callback_at__isnull=True).order_by(
        "priority", "attempts"
    )[:50]
    campaign_rows = [
        {
            "campaign": c,
            "assigned_open": mine.filter(campaign=c, caller=user, status=Status.OPEN).count(),
            "pool_open": mine.filter(campaign=c, caller__isnull=True, status=Status.OPEN).count(),
        }
        for c in running
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
        result = actions.record_attempt(
            actor=request.user,
            assignment=assignment,
            outcome=CallAttempt.Outcome.REACHED,
            note=form.cleaned_data["note"],
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


# Coordinator: scripts ---------------------------------------------------------------------------


@chapter_view(*COORDINATOR)
@require_http_methods(["GET", "POST"])
def script_list(request: ChapterRequest) -> HttpResponse:

    if request.method == "POST":
        script = actions.create_script(
            actor=request.user, chapter=request.chapter, name=_("New script")
        )
        return redirect(
            "campaigns:script_edit", chapter=request.chapter.slug, code=script.public_code
        )
    _ensure_default_script(request)
    scripts = access.scripts_for_coordinator(request.access)
    return render(request, "campaigns/script_list.html", {"scripts": scripts})


@chapter_view(*COORDINATOR)
@require_http_methods(["GET", "POST"])
def script_edit(request: ChapterRequest, code: str) -> HttpResponse:
    from belronde.campaigns import script_items
    from belronde.campaigns.access import get_script_for_coordinator
    from belronde.campaigns.forms import ScriptIntroForm, ScriptItemForm, ScriptItemFormSet

    script = get_script_for_coordinator(request.access, code)
    current = script.current
    intro = ScriptIntroForm(
        request.POST or None,
        initial={"name": script.name, "intro_nl": current.intro_nl, "intro_en": current.intro_en},
    )
    formset = ScriptItemFormSet(
        request.POST or None,
        initial=[ScriptItemForm.initial_for(item) for item in current.items],
        prefix="items",
    )
    if request.method == "POST" and intro.is_valid() and formset.is_valid():
        ordered = list(formset.ordered_forms)
        forms_in_order = ordered + [f for f in formset.forms if f not in ordered]
        items = [
            f.to_item()
            for f in forms_in_order
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        try:
            version = actions.new_script_version(
                actor=request.user,
                script=script,
                items=items,
                intro_nl=intro.cleaned_data["intro_nl"],
                intro_en=intro.cleaned_data["intro_en"],
            )
        except script_items.ScriptError as exc:
            intro.add_error(None, str(exc))
        else:
            if intro.cleaned_data["name"] != script.name:
                script.name = intro.cleaned_data["name"]
                script.save(update_fields=["name"])
            messages.success(request, _("Saved as version %(n)s.") % {"n": version.number})
            return redirect("campaigns:script_edit", chapter=request.chapter.slug, code=code)
    return render(
        request,
        "campaigns/script_edit.html",
        {"script": script, "current": current, "intro_form": intro, "formset": formset},
    )
