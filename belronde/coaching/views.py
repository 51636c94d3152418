"""The coach's pages: my trajectories, one trajectory with its timeline, plan, sessions,
analyses and documents, and the forms that each call one action.

A coach sees the trajectories they coach, a coordinator all of the chapter's (``access.py``).
An edit that meets someone else's newer save (``actions.EditConflict``) shows the form again
with the person's own input, the other's values beside it and the new version in the hidden
field, so that a second save goes through knowingly (RELIABILITY.md CONC-EDIT-01).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import F
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from belronde.accounts import roles
from belronde.accounts.access import ChapterRequest, chapter_view
from belronde.analyses.access import get_analysis
from belronde.coaching import access, actions, documents
from belronde.coaching.forms import (
    CloseForm,
    LinkAnalysisForm,
    LogSessionForm,
    PlanForm,
    PlanItemEditForm,
    PlanItemForm,
    SessionForm,
    StartForm,
    TransitionForm,
    UploadForm,
    WaiveAnalysisForm,
)
from belronde.coaching.models import Activity, PlanItem, Trajectory, TrajectoryEvent
from belronde.lib.downloads import attachment
from belronde.lib.errors import show_error
from belronde.referrals.access import get_referral_for_recipient

ROLES = tuple(roles.COACH_ROLES)
PAGE_SIZE = 30
Status = Trajectory.Status

#: a follow-up can be recorded from two months before its date (actions.answer_follow_up)
FOLLOW_UP_EARLY = dt.timedelta(days=60)
OPEN = "open"  # the list's default filter: every status but closed
ALL = "all"


def _trajectory(request: ChapterRequest, code: str) -> Trajectory:
    return access.get_trajectory(request.access, request.user, code)


def _detail_url(request: ChapterRequest, trajectory: Trajectory, anchor: str = "") -> str:
    url = reverse(
        "coaching:detail", kwargs={"chapter": request.chapter.slug, "code": trajectory.public_code}
    )
    return f"{url}#{anchor}" if anchor else url


def _to_detail(request: ChapterRequest, trajectory: Trajectory, anchor: str = "") -> HttpResponse:
    return redirect(_detail_url(request, trajectory, anchor))


def _closed(request: ChapterRequest, trajectory: Trajectory) -> HttpResponse:
    messages.info(
        request, _("This trajectory is closed: only the follow-ups can still be recorded.")
    )
    return _to_detail(request, trajectory)


# The list --------------------------------------------------------------------------------------


@chapter_view(*ROLES)
@require_GET
def trajectory_list(request: ChapterRequest) -> HttpResponse:
    """My trajectories (a coordinator: all, with a coach filter), by status, the late ones
    first, each with its next activity."""
    trajectories = access.trajectories_for(request.access, request.user)
    coaches: list[Any] = []
    coach = ""
    if request.access.can_manage_chapter:
        coaches = list(access.coaches_of(request.access))
        wanted = request.GET.get("coach", "")
        if any(c.username == wanted for c in coaches):
            coach = wanted
            trajectories = trajectories.filter(coach__username=coach)
    counts = access.count_by_status(trajectories)
    status = request.GET.get("status", OPEN)
    if status == OPEN:
        trajectories = trajectories.filter(status__in=Trajectory.FLOW)
    elif status in Status.values:
        trajectories = trajectories.filter(status=status)
    else:
        status = ALL
    ordered = access.with_next_activity(trajectories).order_by(
        F("late_count").desc(), F("next_due").asc(nulls_last=True), "-started_on", "-id"
    )
    page = Paginator(ordered, PAGE_SIZE).get_page(request.GET.get("page"))
    nexts = access.next_activities([t.pk for t in page.object_list])
    filters = [
        (OPEN, _("Open"), sum(counts.get(s, 0) for s in Trajectory.FLOW)),
        *((value, label, counts.get(value, 0)) for value, label in Status.choices),
        (ALL, _("All"), sum(counts.values())),
    ]
    return render(
        request,
        "coaching/list.html",
        {
            "page": page,
            "rows": [(t, nexts.get(t.pk)) for t in page.object_list],
            "status": status,
            "filters": filters,
            "coaches": coaches,
            "coach": coach,
            "today": timezone.localdate(),
        },
    )


# Start -----------------------------------------------------------------------------------------


@chapter_view(*ROLES)
@require_POST
def start(request: ChapterRequest, code: str) -> HttpResponse:
    """Start a trajectory from an accepted referral to the federation's coaching."""
    referral = get_referral_for_recipient(request.access, request.user, code)
    back = redirect("referrals:detail", chapter=request.chapter.slug, code=referral.public_code)
    form = StartForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return back
    try:
        trajectory = actions.start_trajectory(
            actor=request.user, referral=referral, started_on=form.cleaned_data["started_on"]
        )
    except actions.AlreadyStarted as exc:
        existing = access.trajectory_of_referral(request.access, referral.pk)
        show_error(request, exc)
        if existing is not None and (
            request.access.can_manage_chapter or existing.coach_id == request.user.pk
        ):
            return _to_detail(request, existing)
        return back
    except actions.CoachingError as exc:
        show_error(request, exc)
        return back
    messages.success(
        request,
        _("Trajectory started. The timeline below counts from the intake on %(date)s.")
        % {"date": trajectory.started_on.strftime("%d/%m/%Y")},
    )
    return _to_detail(request, trajectory)


# One trajectory --------------------------------------------------------------------------------


@dataclass(frozen=True)
class NextStep:
    """What the trajectory needs before it moves on, in plain words, and where it moves to."""

    text: str
    to: str = ""
    ready: bool = False
    #: where on the page the missing piece is made (an anchor), and the link's text
    jump: str = ""
    jump_label: str = ""

    @property
    def to_label(self) -> str:
        return str(Status(self.to).label) if self.to else ""


def next_step(trajectory: Trajectory, *, has_analysis: bool, items: int) -> NextStep:
    if trajectory.status == Status.INTAKE:
        return NextStep(
            _(
                "The intake: get to know the firm, its figures and what the entrepreneur wants. "
                "Then move on to the financial analysis."
            ),
            Status.ANALYSIS,
            True,
        )
    if trajectory.status == Status.ANALYSIS:
        if has_analysis:
            return NextStep(
                _(
                    "The analysis is there. Discuss it with the entrepreneur, then move on to "
                    "the plan."
                ),
                Status.PLAN,
                True,
            )
        return NextStep(
            _(
                "Before the plan: link a financial analysis of this firm (or start one), or "
                "record why none is needed."
            ),
            Status.PLAN,
            False,
            "analyses",
            _("Link or start an analysis"),
        )
    if trajectory.status == Status.PLAN:
        if items:
            return NextStep(
                ngettext(
                    "The plan has %(n)d item. Move on to the coaching when the entrepreneur "
                    "agrees with it.",
                    "The plan has %(n)d items. Move on to the coaching when the entrepreneur "
                    "agrees with it.",
                    items,
                )
                % {"n": items},
                Status.COACHING,
                True,
            )
        return NextStep(
            _("Before the coaching starts: add at least one plan item, the plan that was agreed."),
            Status.COACHING,
            False,
            "plan",
            _("Add a plan item"),
        )
    if trajectory.status == Status.COACHING:
        return NextStep(
            _(
                "Log every session and tick off the plan items. Close the trajectory with an "
                "outcome when the work is done."
            )
        )
    return NextStep("")


def event_text(event: TrajectoryEvent) -> str:
    """One line of the trajectory's history (its own events, not the audit log)."""
    texts = {
        "started": _("Trajectory started"),
        "status": _("Moved on to “%(status)s”"),
        "analysis_linked": _("Financial analysis linked"),
        "analysis_waived": _("No financial analysis needed"),
        "closed": _("Closed"),
        "reassigned": _("Given to another coach"),
        "follow_up": _("Follow-up recorded"),
        "handed_off": _("Referred on to a partner"),
        "hand_off_refused": _("The entrepreneur did not consent to a referral"),
    }
    text = texts.get(event.kind, _("Changed"))
    return text % {"status": event.get_status_display()} if "%(status)s" in text else text


@dataclass(frozen=True)
class TimelineRow:
    activity: Activity
    state: str
    days_late: int


def _timeline(trajectory: Trajectory, today: dt.date) -> list[TimelineRow]:
    rows = []
    for activity in access.activities_of(trajectory):
        state = activity.state(today)
        late = (today - activity.due_on).days if state == Activity.State.LATE else 0
        rows.append(TimelineRow(activity, state, late))
    return rows


def _trajectory_values(current: dict[str, Any], *, plan: bool = False) -> list[Any]:
    """The other person's saved trajectory (``EditConflict.current``) for the conflict box."""
    values: list[Any] = [
        (_("Status"), str(Status(current["status"]).label).capitalize()),
        (_("Coach"), current["coach"]),
    ]
    if plan:
        values.insert(0, (_("The plan in a few lines"), current["plan_summary"]))
    elif current["outcome"]:
        values += [
            (_("Outcome"), Trajectory.Outcome(current["outcome"]).label),
            (_("Conclusion"), current["conclusion"]),
        ]
    return values


def _detail(
    request: ChapterRequest,
    trajectory: Trajectory,
    *,
    status: int = 200,
    anchor: str = "",
    conflict: dict[str, Any] | None = None,
    **forms: Any,
) -> HttpResponse:
    """The trajectory page; after a refused form, with that form bound (its errors, the
    person's input) and a pointer to it at the top."""
    trajectory = _trajectory(request, trajectory.public_code)  # the current version
    today = timezone.localdate()
    analyses = list(access.analyses_of(trajectory))
    items = list(access.plan_items_of(trajectory))
    sessions = list(access.sessions_of(trajectory))
    is_open = trajectory.is_open
    linkable = access.linkable_analyses(request.access, trajectory) if is_open else []
    step = next_step(
        trajectory,
        has_analysis=bool(analyses) or bool(trajectory.no_analysis_reason),
        items=len(items),
    )
    modules = [(m.key, m.label) for m in access.plan_modules(request.access)]
    context = {
        "trajectory": trajectory,
        "today": today,
        "is_open": is_open,
        "step": step,
        "timeline": _timeline(trajectory, today),
        "items": items,
        "sessions": sessions,
        "minutes": sum(s.minutes for s in sessions),
        "analyses": analyses,
        "linkable": linkable,
        "documents": list(access.documents_of(trajectory)),
        "follow_ups": [
            (f, f.answered_on is None and f.due_on - FOLLOW_UP_EARLY <= today)
            for f in access.follow_ups_of(trajectory)
        ],
        "events": [(e, event_text(e)) for e in access.events_of(trajectory)],
        "can_reassign": request.access.can_manage_chapter and is_open,
        "statuses": Status.choices,
        "anchor": anchor,
        "conflict": conflict,
        "conflict_values": _trajectory_values(conflict, plan=True) if conflict else [],
        "transition_form": forms.get("transition_form")
        or TransitionForm(initial={"to": step.to, "version": trajectory.version}),
        "plan_form": forms.get("plan_form")
        or PlanForm(
            initial={"plan_summary": trajectory.plan_summary, "version": trajectory.version}
        ),
        "item_form": forms.get("item_form") or PlanItemForm(modules=modules),
        "session_form": forms.get("session_form") or LogSessionForm(),
        "link_form": forms.get("link_form") or LinkAnalysisForm(analyses=linkable),
        "waive_form": forms.get("waive_form") or WaiveAnalysisForm(),
        "upload_form": forms.get("upload_form") or UploadForm(),
    }
    return render(request, "coaching/detail.html", context, status=status)


def _refused(
    request: ChapterRequest,
    trajectory: Trajectory,
    exc: actions.CoachingError,
    anchor: str,
    form_name: str,
    form: Any,
) -> HttpResponse:
    """An action refused the form: on a closed trajectory (which offers no form any more) a
    message on the page; otherwise the page again with the form, its input and the reason."""
    if isinstance(exc, actions.TrajectoryClosed):
        show_error(request, exc)
        return _to_detail(request, trajectory)
    show_error(request, exc, form=form, field="file" if form_name == "upload_form" else None)
    return _detail(request, trajectory, status=exc.status, anchor=anchor, **{form_name: form})


@chapter_view(*ROLES)
@require_GET
def trajectory_detail(request: ChapterRequest, code: str) -> HttpResponse:
    trajectory = _trajectory(request, code)
    actions.record_view(actor=request.user, trajectory=trajectory, request=request)
    return _detail(request, trajectory)


@chapter_view(*ROLES)
@require_POST
def transition(request: ChapterRequest, code: str) -> HttpResponse:
    """One step forward; a refused guard says what is missing."""
    trajectory = _trajectory(request, code)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("This step is not possible. Reload the page and try again."))
        return _to_detail(request, trajectory, "next-step")
    try:
        moved = actions.transition(
            actor=request.user,
            trajectory=trajectory,
            to=form.cleaned_data["to"],
            expected_version=form.cleaned_data["version"],
        )
    except actions.CoachingError as exc:
        show_error(request, exc)
    else:
        messages.success(
            request,
            _("The trajectory moved on to “%(status)s”.") % {"status": moved.get_status_display()},
        )
    return _to_detail(request, trajectory, "next-step")


# Analyses --------------------------------------------------------------------------------------


@chapter_view(*ROLES)
@require_POST
def waive_analysis(request: ChapterRequest, code: str) -> HttpResponse:
    trajectory = _trajectory(request, code)
    form = WaiveAnalysisForm(request.POST)
    if not form.is_valid():
        return _detail(request, trajectory, status=400, anchor="analyses", waive_form=form)
    try:
        actions.waive_analysis(
            actor=request.user, trajectory=trajectory, reason=form.cleaned_data["reason"]
        )
    except actions.CoachingError as exc:
        return _refused(request, trajectory, exc, "analyses", "waive_form", form)
    messages.success(request, _("Recorded why no financial analysis is needed."))
    return _to_detail(request, trajectory, "analyses")


@chapter_view(*ROLES)
@require_POST
def link_analysis(request: ChapterRequest, code: str) -> HttpResponse:
    trajectory = _trajectory(request, code)
    form = LinkAnalysisForm(
        request.POST, analyses=access.linkable_analyses(request.access, trajectory)
    )
    if not form.is_valid():
        return _detail(request, trajectory, status=400, anchor="analyses", link_form=form)
    analysis = get_analysis(request.access, form.cleaned_data["analysis"])
    try:
        actions.link_analysis(actor=request.user, trajectory=trajectory, analysis=analysis)
    except actions.CoachingError as exc:
        return _refused(request, trajectory, exc, "analyses", "link_form", form)
    messages.success(request, _("The financial analysis is linked to the trajectory."))
    return _to_detail(request, trajectory, "analyses")


@chapter_view(*ROLES)
@require_POST
def start_analysis(request: ChapterRequest, code: str) -> HttpResponse:
    """A new analysis of the firm, with what the call already told, linked to the trajectory."""
    trajectory = _trajectory(request, code)
    try:
        analysis = actions.start_analysis(actor=request.user, trajectory=trajectory)
    except actions.CoachingError as exc:
        show_error(request, exc)
        return _to_detail(request, trajectory, "analyses")
    messages.success(
        request,
        _(
            "Analysis started and linked to the trajectory, with what the call already told. "
            "Enter the figures of the last years."
        ),
    )
    return redirect("analyses:detail", chapter=request.chapter.slug, code=analysis.public_code)


# Plan ------------------------------------------------------------------------------------------


@chapter_view(*ROLES)
@require_POST
def plan(request: ChapterRequest, code: str) -> HttpResponse:
    """The plan's summary, with the version the coach read."""
    trajectory = _trajectory(request, code)
    form = PlanForm(request.POST)
    if not form.is_valid():
        return _detail(request, trajectory, status=400, anchor="plan", plan_form=form)
    try:
        actions.update_trajectory(
            actor=request.user,
            trajectory=trajectory,
            expected_version=form.cleaned_data["version"],
            plan_summary=form.cleaned_data["plan_summary"],
        )
    except actions.EditConflict as exc:
        again = form.with_version(exc.current["version"])
        show_error(request, exc, form=again)
        return _detail(
            request,
            trajectory,
            status=exc.status,
            anchor="plan",
            conflict=exc.current,
            plan_form=again,
        )
    except actions.CoachingError as exc:
        return _refused(request, trajectory, exc, "plan", "plan_form", form)
    messages.success(request, _("The plan has been saved."))
    return _to_detail(request, trajectory, "plan")


def _modules(request: ChapterRequest) -> list[tuple[str, str]]:
    return [(m.key, m.label) for m in access.plan_modules(request.access)]


@chapter_view(*ROLES)
@require_POST
def add_item(request: ChapterRequest, code: str) -> HttpResponse:
    trajectory = _trajectory(request, code)
    form = PlanItemForm(request.POST, modules=_modules(request))
    if not form.is_valid():
        return _detail(request, trajectory, status=400, anchor="plan", item_form=form)
    data = form.cleaned_data
    try:
        actions.add_plan_item(
            actor=request.user,
            trajectory=trajectory,
            module=data["module"],
            description=data["description"],
            owner=data["owner"],
            due_on=data["due_on"],
        )
    except actions.CoachingError as exc:
        return _refused(request, trajectory, exc, "plan", "item_form", form)
    messages.success(request, _("Plan item added."))
    return _to_detail(request, trajectory, "plan")


def _item_values(current: dict[str, Any], modules: list[tuple[str, str]]) -> list[Any]:
    """The other person's saved plan item, as label and value, for the conflict box."""
    labels = dict(modules)

    def day(value: str | None) -> str:
        return dt.date.fromisoformat(value).strftime("%d/%m/%Y") if value else "-"

    return [
        (_("Module"), labels.get(current["module"], current["module"])),
        (_("What"), current["description"]),
        (_("Who"), capfirst(PlanItem.Owner(current["owner"]).label)),
        (_("Due on"), day(current["due_on"])),
        (_("Done"), day(current["done_on"]) if current["done_on"] else _("not yet")),
    ]


@chapter_view(*ROLES)
@require_http_methods(["GET", "POST"])
def edit_item(request: ChapterRequest, code: str, item: str) -> HttpResponse:
    trajectory = _trajectory(request, code)
    plan_item = access.get_plan_item(trajectory, item)
    if not trajectory.is_open:
        return _closed(request, trajectory)
    modules = _modules(request)
    if plan_item.module.key not in dict(modules):  # a module the chapter no longer offers
        modules.append((plan_item.module.key, plan_item.module.label))
    initial = {
        "module": plan_item.module.key,
        "description": plan_item.description,
        "owner": plan_item.owner,
        "due_on": plan_item.due_on,
        "done": plan_item.done_on is not None,
        "version": plan_item.version,
    }
    form = PlanItemEditForm(request.POST or None, initial=initial, modules=modules)
    status = 200
    conflict: list[Any] | None = None
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                actions.update_plan_item(
                    actor=request.user,
                    item=plan_item,
                    expected_version=data["version"],
                    module=data["module"],
                    description=data["description"],
                    owner=data["owner"],
                    due_on=data["due_on"],
                    done=data["done"],
                )
            except actions.EditConflict as exc:
                form = form.with_version(exc.current["version"])  # type: ignore[assignment]
                show_error(request, exc, form=form)
                conflict = _item_values(exc.current, modules)
                status = exc.status
            except actions.CoachingError as exc:
                show_error(request, exc, form=form)
                status = exc.status
            else:
                messages.success(request, _("Plan item saved."))
                return _to_detail(request, trajectory, "plan")
    return render(
        request,
        "coaching/item_edit.html",
        {"trajectory": trajectory, "item": plan_item, "form": form, "conflict": conflict},
        status=status,
    )


# Sessions --------------------------------------------------------------------------------------


@chapter_view(*ROLES)
@require_POST
def log_session(request: ChapterRequest, code: str) -> HttpResponse:
    """Log a session; the same form posted twice (its idempotency key) stores one."""
    trajectory = _trajectory(request, code)
    form = LogSessionForm(request.POST)
    if not form.is_valid():
        return _detail(request, trajectory, status=400, anchor="sessions", session_form=form)
    data = form.cleaned_data
    try:
        _session, created = actions.log_session(
            actor=request.user,
            trajectory=trajectory,
            held_on=data["held_on"],
            minutes=data["minutes"],
            mode=data["mode"],
            notes=data["notes"],
            idempotency_key=data["idempotency_key"],
        )
    except actions.CoachingError as exc:
        return _refused(request, trajectory, exc, "sessions", "session_form", form)
    if created:
        messages.success(request, _("Session logged."))
    else:
        messages.info(request, _("This session was logged already; it is stored once."))
    return _to_detail(request, trajectory, "sessions")


@chapter_view(*ROLES)
@require_http_methods(["GET", "POST"])
def correct_session(request: ChapterRequest, code: str, session: str) -> HttpResponse:
    """A correction of a session: a new version; the old one stays, superseded."""
    trajectory = _trajectory(request, code)
    found = access.get_session(trajectory, session)
    if not trajectory.is_open:
        return _closed(request, trajectory)
    versions = list(access.session_versions(found))
    newest = versions[-1]
    if request.method == "GET" and newest.pk != found.pk:
        return redirect(
            "coaching:correct_session",
            chapter=request.chapter.slug,
            code=trajectory.public_code,
            session=newest.public_code,
        )
    form = SessionForm(
        request.POST or None,
        initial={
            "held_on": found.held_on,
            "minutes": found.minutes,
            "mode": found.mode,
            "notes": found.notes,
        },
    )
    status = 200
    conflict: list[Any] | None = None
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                actions.correct_session(
                    actor=request.user,
                    session=found,
                    held_on=data["held_on"],
                    minutes=data["minutes"],
                    mode=data["mode"],
                    notes=data["notes"],
                )
            except actions.EditConflict as exc:
                show_error(request, exc, form=form)
                latest = list(access.session_versions(found))[-1]
                conflict = [
                    (_("Date"), latest.held_on.strftime("%d/%m/%Y")),
                    (_("Minutes"), latest.minutes),
                    (_("How"), latest.get_mode_display()),
                    (_("Notes"), latest.notes),
                    (_("Logged by"), latest.recorded_by.display_name),
                ]
                status = exc.status
            except actions.CoachingError as exc:
                show_error(request, exc, form=form)
                status = exc.status
            else:
                messages.success(request, _("Correction saved as a new version of the session."))
                return _to_detail(request, trajectory, "sessions")
    return render(
        request,
        "coaching/session_correct.html",
        {
            "trajectory": trajectory,
            "session": found,
            "newest": newest,
            "versions": versions,
            "form": form,
            "conflict": conflict,
        },
        status=status,
    )


# Documents -------------------------------------------------------------------------------------


@chapter_view(*ROLES)
@require_POST
def upload(request: ChapterRequest, code: str) -> HttpResponse:
    trajectory = _trajectory(request, code)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _detail(request, trajectory, status=400, anchor="documents", upload_form=form)
    try:
        document = actions.upload_document(
            actor=request.user, trajectory=trajectory, upload=form.cleaned_data["file"]
        )
    except actions.CoachingError as exc:
        return _refused(request, trajectory, exc, "documents", "upload_form", form)
    messages.success(
        request, _("“%(name)s” is kept with the trajectory.") % {"name": document.name}
    )
    return _to_detail(request, trajectory, "documents")


@chapter_view(*ROLES)
@require_GET
def document(request: ChapterRequest, code: str, token: str) -> HttpResponse:
    """A download, only through the access check of the trajectory, audited."""
    found = access.get_document(request.access, request.user, code, token)
    try:
        body = actions.read_document(found)
    except OSError:
        messages.error(
            request,
            _("The file “%(name)s” cannot be read on the server. Upload it again.")
            % {"name": found.name},
        )
        return _to_detail(request, found.trajectory, "documents")
    actions.record_download(actor=request.user, document=found, request=request)
    return attachment(body, found.name, documents.CONTENT_TYPES[found.kind])


# Close -----------------------------------------------------------------------------------------


@chapter_view(*ROLES)
@require_http_methods(["GET", "POST"])
def close(request: ChapterRequest, code: str) -> HttpResponse:
    """Close with an outcome and a conclusion, from any open status."""
    trajectory = _trajectory(request, code)
    if not trajectory.is_open:
        return _closed(request, trajectory)
    form = CloseForm(request.POST or None, initial={"version": trajectory.version})
    status = 200
    conflict: list[Any] | None = None
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                actions.close_trajectory(
                    actor=request.user,
                    trajectory=trajectory,
                    outcome=data["outcome"],
                    conclusion=data["conclusion"],
                    expected_version=data["version"],
                )
            except actions.EditConflict as exc:
                form = form.with_version(exc.current["version"])  # type: ignore[assignment]
                show_error(request, exc, form=form)
                conflict = _trajectory_values(exc.current)
                status = exc.status
            except actions.CoachingError as exc:
                show_error(request, exc, form=form)
                status = exc.status
            else:
                messages.success(
                    request,
                    _(
                        "Trajectory closed. The follow-ups after 6 and 12 months are planned; "
                        "you will be reminded."
                    ),
                )
                return _to_detail(request, trajectory)
    return render(
        request,
        "coaching/close.html",
        {"trajectory": trajectory, "form": form, "conflict": conflict},
        status=status,
    )
