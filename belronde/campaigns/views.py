"""The coordinator's pages of a call round: campaigns, their progress and distribution, scripts.

The caller's screens (my calls, the call screen, settings, the calendar feed) are in
``caller_views.py``.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from belronde.accounts import roles
from belronde.accounts.access import ChapterRequest, chapter_view
from belronde.accounts.models import User
from belronde.campaigns import access, actions
from belronde.campaigns.access import (
    campaigns_for,
    get_assignment_for_user,
    get_campaign_for_coordinator,
)
from belronde.campaigns.charts import timeline_chart
from belronde.campaigns.forms import (
    CampaignForm,
    SegmentPreviewForm,
    _split,
)
from belronde.campaigns.models import (
    Assignment,
    Campaign,
    distribution_differs,
)
from belronde.campaigns.segments import SegmentError, clean_segment, organisations_in_segment
from belronde.lib.errors import show_error

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
    return render(
        request,
        "campaigns/campaign_list.html",
        {"campaigns": campaigns, "today": timezone.localdate()},
    )


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
            _warn_idle_callers(request, campaign)
            return redirect("campaigns:detail", chapter=request.chapter.slug, code=code)
    return render(request, "campaigns/campaign_form.html", {"form": form, "campaign": campaign})


def _warn_idle_callers(request: ChapterRequest, campaign: Campaign) -> None:
    """Callers added after the distribution was published have no contacts: say so at once
    (the campaign page then offers to share the open contacts out again)."""
    idle = access.campaign_overview(campaign)["facts"].idle_callers
    if idle:
        messages.warning(
            request,
            ngettext(
                "%(names)s has no contacts yet: the distribution was published before. Share "
                "the open contacts out again (next step below) to give them a fair part.",
                "%(names)s have no contacts yet: the distribution was published before. Share "
                "the open contacts out again (next step below) to give them a fair part.",
                len(idle),
            )
            % {"names": ", ".join(idle)},
        )


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
    context.update(access.campaign_overview(campaign))
    context["closed_at_period_end"] = access.closed_at_period_end(campaign)
    context["transitions"] = [
        (status, Campaign.Status(status).label)
        for status in actions.ALLOWED_TRANSITIONS[Campaign.Status(campaign.status)]
    ]
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
                if campaign.status == Campaign.Status.DRAFT:
                    messages.info(
                        request,
                        _(
                            "The callers see their contacts once the round is started: start "
                            "it on the round's page."
                        ),
                    )
            elif operation == "rebalance":
                moved = actions.rebalance(actor=request.user, campaign=campaign)
                messages.success(
                    request, _("%(n)s contacts moved to the least loaded callers.") % {"n": moved}
                )
            elif operation == "add_new":
                added = actions.sync_assignments(actor=request.user, campaign=campaign)
                messages.success(
                    request,
                    ngettext(
                        "%(n)s firm added to the round, in the common pool.",
                        "%(n)s firms added to the round, in the common pool.",
                        added,
                    )
                    % {"n": added},
                )
            else:
                return HttpResponseBadRequest(_("Unknown operation."))
        except actions.CallRoundError as exc:
            show_error(request, exc)
        # the next step on the round's page comes back there (``back``); the rest stays here
        target = "campaigns:detail" if request.POST.get("back") == "detail" else None
        return redirect(target or "campaigns:distribution", chapter=request.chapter.slug, code=code)
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
            "unpublished": rows.filter(distribution_differs()).count(),
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
