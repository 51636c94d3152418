"""The coordinator's coaching pages (workload, reassign, the chapter's timeline), the follow-ups
after closure and the hand-off of a firm to a partner service (Dyzo) with consent."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from belronde.accounts import roles
from belronde.accounts.access import ChapterRequest, chapter_view, require
from belronde.coaching import access, actions
from belronde.coaching.manage_forms import (
    FollowUpForm,
    HandOffForm,
    ReassignForm,
    TimelineFormSet,
)
from belronde.coaching.models import Trajectory
from belronde.lib.errors import show_error
from belronde.referrals import access as referral_access
from belronde.referrals import actions as referral_actions
from belronde.referrals import sharing
from belronde.referrals.models import Consent, Language, Referral, Service

COACHES = tuple(roles.COACH_ROLES)
COORDINATOR = tuple(roles.MANAGE_CHAPTER_ROLES)


def _to_trajectory(request: ChapterRequest, trajectory: Trajectory) -> HttpResponse:
    return redirect("coaching:detail", chapter=request.chapter.slug, code=trajectory.public_code)


# Coordinator: workload and reassignment --------------------------------------------------------


@chapter_view(*COORDINATOR)
@require_GET
def workload(request: ChapterRequest) -> HttpResponse:
    """Per coach: open trajectories, late activities and minutes logged; then what is late."""
    rows = access.workload(request.access)
    names = {row.coach.username: row.coach.display_name for row in rows}
    late = access.late_activities(request.chapter.pk)
    return render(
        request,
        "coaching/manage_workload.html",
        {
            "rows": rows,
            "totals": {
                "open": sum(r.open for r in rows),
                "late": sum(r.late for r in rows),
                "minutes": sum(r.minutes for r in rows),
            },
            "late": [(item, names.get(item.coach, item.coach)) for item in late],
        },
    )


@chapter_view(*COORDINATOR)
@require_http_methods(["GET", "POST"])
def reassign(request: ChapterRequest, code: str) -> HttpResponse:
    trajectory = access.get_trajectory(request.access, request.user, code)
    open_counts = {row.coach.pk: row.open for row in access.workload(request.access)}
    form = ReassignForm(
        request.POST or None,
        coaches=access.coaches_of(request.access).exclude(pk=trajectory.coach_id),
        open_counts=open_counts,
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            coach = form.cleaned_data["coach"]
            try:
                actions.reassign(
                    actor=request.user,
                    trajectory=trajectory,
                    coach=coach,
                    reason=form.cleaned_data["reason"],
                )
            except actions.CoachingError as exc:
                show_error(request, exc, form=form)
                status = exc.status
            else:
                messages.success(
                    request,
                    _("The trajectory now goes to %(name)s, who has been told by e-mail.")
                    % {"name": coach.display_name},
                )
                return _to_trajectory(request, trajectory)
    return render(
        request,
        "coaching/manage_reassign.html",
        {"trajectory": trajectory, "form": form},
        status=status,
    )


# The chapter's standard timeline ---------------------------------------------------------------


@chapter_view(*COACHES)
@require_http_methods(["GET", "POST"])
def timeline(request: ChapterRequest) -> HttpResponse:
    """Coaches read the timeline; the coordinator edits it (for trajectories started later)."""
    steps = list(access.timeline(request.access))
    can_edit = request.access.can_manage_chapter
    if request.method == "POST":
        require(can_edit)
    formset = (
        TimelineFormSet(
            request.POST or None,
            initial=TimelineFormSet.initial_for(steps),
            prefix="steps",
        )
        if can_edit
        else None
    )
    status = 200
    if formset is not None and request.method == "POST":
        status = 400
        if formset.is_valid():
            try:
                actions.update_timeline(
                    actor=request.user, chapter=request.chapter, steps=formset.steps()
                )
            except actions.CoachingError as exc:
                formset.add_error(exc.message)
                status = exc.status
            else:
                messages.success(
                    request,
                    _(
                        "The timeline has been saved. It applies to trajectories started from "
                        "now on; running trajectories keep their activities."
                    ),
                )
                return redirect("coaching:timeline", chapter=request.chapter.slug)
    return render(
        request,
        "coaching/manage_timeline.html",
        {"steps": steps, "formset": formset},
        status=status,
    )


# After closure: the follow-ups -----------------------------------------------------------------


@chapter_view(*COACHES)
@require_http_methods(["GET", "POST"])
def follow_up(request: ChapterRequest, code: str, follow_up: str) -> HttpResponse:
    """How is the firm doing now, 6 or 12 months after the trajectory closed?"""
    trajectory = access.get_trajectory(request.access, request.user, code)
    found = access.get_follow_up(trajectory, follow_up)
    form = FollowUpForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                actions.answer_follow_up(
                    actor=request.user,
                    follow_up=found,
                    state=form.cleaned_data["state"],
                    answer=form.cleaned_data["answer"],
                )
            except actions.CoachingError as exc:
                show_error(request, exc, form=form)
                status = exc.status
            else:
                messages.success(request, _("The follow-up has been recorded."))
                return _to_trajectory(request, trajectory)
    return render(
        request,
        "coaching/manage_follow_up.html",
        {
            "trajectory": trajectory,
            "follow_up": found,
            "follow_ups": list(access.follow_ups_of(trajectory)),
            "form": form,
        },
        status=status,
    )


# Hand-off to a partner service (Dyzo) ----------------------------------------------------------


def _chosen_service(services: list[Service], code: str | None) -> Service | None:
    if len(services) == 1 and not code:
        return services[0]
    if not code:
        return None
    for service in services:
        if service.public_code == code:
            return service
    raise Http404


def _default_language(trajectory: Trajectory) -> str:
    referral = trajectory.referral
    person = referral.person if referral is not None else None
    return person.language if person is not None and person.language else Language.DUTCH


@chapter_view(*COACHES)
@require_http_methods(["GET", "POST"])
def hand_off(request: ChapterRequest, code: str) -> HttpResponse:
    """Read the partner's consent text to the entrepreneur, record the answer, and refer the firm
    on (the caller's consent and referral verbs, through ``actions.hand_off``)."""
    trajectory = access.get_trajectory(request.access, request.user, code)
    services = list(access.hand_off_services(request.access))
    source = request.POST if request.method == "POST" else request.GET
    target = _chosen_service(services, source.get("service"))
    languages: list[str] = []
    text = None
    wanted = _default_language(trajectory)
    if target is not None:
        languages = access.consent_languages(request.access, target)
        asked = request.GET.get("language", "")
        if asked in Language.values:
            wanted = asked
        text = referral_actions.text_for(target, wanted)
    form = HandOffForm(
        request.POST or None,
        initial={
            "service": target.public_code if target else "",
            "text_language": text.language if text else wanted,
            "text_version": text.version if text else None,
        },
    )
    status = 200
    if request.method == "POST":
        status = 400
        if target is None:
            form.add_error(None, _("Choose the partner service first."))
        elif form.is_valid():
            data = form.cleaned_data
            # the text that was read out, even if a newer version appeared in the meantime
            read = referral_access.get_consent_text(
                target, data["text_language"], data["text_version"]
            )
            try:
                _consent, referral = actions.hand_off(
                    actor=request.user,
                    trajectory=trajectory,
                    service=target,
                    text=read,
                    answer=data["answer"],
                    method=data["method"],
                    reason=data["reason"],
                )
            except (actions.CoachingError, referral_actions.ReferralError) as exc:
                show_error(request, exc, form=form)
                status = exc.status
            else:
                if referral is None:
                    messages.info(
                        request, _("The refusal has been recorded. No referral was made.")
                    )
                elif referral.status == Referral.Status.SENT:
                    messages.success(
                        request,
                        _(
                            "Handed on to %(service)s. When your coaching ends, close the "
                            "trajectory with the outcome “%(outcome)s”."
                        )
                        % {
                            "service": target.name,
                            "outcome": Trajectory.Outcome.REFERRED_DYZO.label,
                        },
                    )
                else:
                    messages.success(
                        request,
                        _("Referral to %(service)s proposed: a coordinator will send it on.")
                        % {"service": target.name},
                    )
                return _to_trajectory(request, trajectory)
    shared = []
    if target is not None:
        codes = sharing.clean_codes(target.shared_fields, partner=target.is_partner)
        shared = [sharing.BY_CODE[c].label for c in codes]
    return render(
        request,
        "coaching/manage_hand_off.html",
        {
            "trajectory": trajectory,
            "services": services,
            "service": target,
            "text": text,
            "wanted_language": wanted,
            "languages": [(c, Language(c).label) for c in languages],
            "form": form,
            "shared": shared,
            "answers": Consent.Answer,
        },
        status=status,
    )
