"""API of coaching trajectories: the coach's (or coordinator's) list, starting one from an
accepted coaching referral, one trajectory with its timeline, plan, sessions, analyses,
documents and follow-ups, moving it on, logging a session and closing it with an outcome.

A trajectory carries a version: the detail answers it as an ``ETag`` (``"v3"``). A transition or
a close sent with ``If-Match`` is carried out only while that version is current; otherwise it
is a 412 and nothing changes (RELIABILITY.md CONC-EDIT-02). Without ``If-Match`` it goes through.
A session sent with an ``Idempotency-Key`` is stored once: the same key again answers the same
session, 200 instead of 201.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, ClassVar, Literal

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, HeaderEx, Router, Schema, Status
from ninja.pagination import paginate
from ninja.params import P

from belronde.accounts.access import ChapterAccess
from belronde.accounts.models import User
from belronde.api.access import api_user, chapter_access
from belronde.api.pagination import PageNumber
from belronde.api.schemas import ActionErrorOut, ErrorOut, omissible
from belronde.coaching import access, actions
from belronde.coaching.models import Activity, Trajectory
from belronde.lib.errors import ActionError
from belronde.referrals.access import get_referral_for_recipient

router = Router(tags=["coaching"])

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}
StatusName = Literal["intake", "analysis", "plan", "coaching", "closed"]
OutcomeName = Literal[
    "recovered", "restructured", "stopped", "bankrupt", "referred_dyzo", "unreachable"
]

#: the default of a header that may be left out but has no null (a header is never null): it
#: then reads as None, and the document says "string", not "string or null"
NOT_SENT: Any = None
IF_MATCH = P(
    alias="If-Match",
    description=(
        'The ETag of the trajectory you read (e.g. "v3"): the change is carried out only while '
        "that version is current, otherwise 412. Leave it out to change whatever the version."
    ),
)
IDEMPOTENCY_KEY = P(
    alias="Idempotency-Key",
    description=(
        "A UUID of your choosing: sent again for this trajectory, the session stored the first "
        "time is answered (200 instead of 201) and no second one is stored."
    ),
)


class PreconditionFailed(ActionError):
    """``If-Match`` named a version of the trajectory that is no longer current."""

    code: ClassVar[str] = "precondition_failed"
    status: ClassVar[int] = 412

    def __init__(self, version: int, current: dict[str, Any] | None = None) -> None:
        super().__init__(
            _(
                "This trajectory was changed since you read it: it is at version %(version)s "
                "now. Read it again, then send its new ETag."
            )
            % {"version": version}
        )
        self.current = current or {"version": version}

    def as_json(self) -> dict[str, Any]:
        return {**super().as_json(), "current": self.current}


# Schemas ---------------------------------------------------------------------------------------


class TrajectoryOrganisationOut(Schema):
    code: str
    name: str


class TrajectoryOut(Schema):
    code: str
    status: StatusName
    organisation: TrajectoryOrganisationOut
    coach: str = Field(..., description="The coach's username.")
    started_on: dt.date = Field(..., description="The date of the intake.")
    next_due: dt.date | None = Field(..., description="The earliest open activity's date.")
    late: int = Field(..., description="How many open activities are past their date.")
    outcome: OutcomeName | Literal[""]
    closed_on: dt.date | None


class TrajectoryActivityOut(Schema):
    kind: str
    label: str
    due_on: dt.date
    done_on: dt.date | None
    state: Literal["done", "due", "late", "skipped"]


class TrajectoryPlanItemOut(Schema):
    code: str
    module: str
    module_label: str
    description: str
    owner: str
    due_on: dt.date | None
    done_on: dt.date | None
    version: int


class TrajectorySessionOut(Schema):
    code: str
    date: dt.date
    minutes: int
    mode: Literal["phone", "visit", "video", "office"]
    notes: str
    recorded_by: str
    recorded_at: dt.datetime
    version: int = Field(..., description="Corrections are new versions; this is the current.")


class TrajectoryDocumentOut(Schema):
    name: str
    kind: str
    size: int = Field(..., description="In bytes.")
    uploaded_at: dt.datetime


class TrajectoryFollowUpOut(Schema):
    code: str
    months: int
    due_on: dt.date
    answered_on: dt.date | None
    state: str
    answer: str


class TrajectoryDetailOut(TrajectoryOut):
    referral: str | None
    no_analysis_reason: str
    plan_summary: str
    plan_agreed_on: dt.date | None
    conclusion: str
    version: int = Field(..., description='Also the ETag of the answer ("v3").')
    activities: list[TrajectoryActivityOut]
    plan_items: list[TrajectoryPlanItemOut]
    sessions: list[TrajectorySessionOut]
    analyses: list[str] = Field(..., description="The codes of the linked financial analyses.")
    documents: list[TrajectoryDocumentOut]
    follow_ups: list[TrajectoryFollowUpOut]


class TrajectoryConflictOut(ActionErrorOut):
    """412: the version named by If-Match is no longer current."""

    current: dict[str, Any] = Field(..., description="The trajectory's current version and state.")


class TrajectoryStartIn(Schema):
    started_on: dt.date = omissible(description="The date of the intake (default: today).")


class TrajectoryTransitionIn(Schema):
    to: Literal["analysis", "plan", "coaching"] = Field(
        ..., description="The next status (one step forward); close with /close."
    )


class TrajectorySessionIn(Schema):
    date: dt.date = Field(..., description="When the session took place (not in the future).")
    minutes: int = Field(..., ge=1, le=600)
    mode: Literal["phone", "visit", "video", "office"]
    notes: str = Field("", max_length=10000)


class TrajectoryCloseIn(Schema):
    outcome: OutcomeName
    conclusion: str = Field(..., min_length=1, max_length=4000)


# Answers ---------------------------------------------------------------------------------------


def _summary(t: Trajectory, next_due: dt.date | None, late: int) -> dict[str, Any]:
    return {
        "code": t.public_code,
        "status": t.status,
        "organisation": {
            "code": t.organisation.public_code,
            "name": t.organisation.display_name,
        },
        "coach": t.coach.username,
        "started_on": t.started_on,
        "next_due": next_due,
        "late": late,
        "outcome": t.outcome,
        "closed_on": t.closed_on,
    }


def _listed(t: Any) -> dict[str, Any]:
    """A trajectory of ``access.with_next_activity`` (annotated ``next_due``, ``late_count``)."""
    return _summary(t, t.next_due, t.late_count)


def _activity_out(a: Activity, today: dt.date) -> dict[str, Any]:
    return {
        "kind": a.kind,
        "label": a.label,
        "due_on": a.due_on,
        "done_on": a.done_on,
        "state": a.state(today),
    }


def _detail(t: Trajectory) -> dict[str, Any]:
    today = timezone.localdate()
    activities = access.activities_of(t)
    open_dates = [a.due_on for a in activities if a.done_on is None and not a.skipped]
    return {
        **_summary(
            t,
            min(open_dates, default=None),
            sum(1 for due_on in open_dates if due_on < today),
        ),
        "referral": t.referral.public_code if t.referral else None,
        "no_analysis_reason": t.no_analysis_reason,
        "plan_summary": t.plan_summary,
        "plan_agreed_on": t.plan_agreed_on,
        "conclusion": t.conclusion,
        "version": t.version,
        "activities": [_activity_out(a, today) for a in activities],
        "plan_items": [
            {
                "code": i.public_code,
                "module": i.module.key,
                "module_label": i.module.label,
                "description": i.description,
                "owner": i.owner,
                "due_on": i.due_on,
                "done_on": i.done_on,
                "version": i.version,
            }
            for i in access.plan_items_of(t)
        ],
        "sessions": [_session_out(s) for s in access.sessions_of(t)],
        "analyses": access.analysis_codes_of(t),
        "documents": [
            {"name": d.name, "kind": d.kind, "size": d.size, "uploaded_at": d.uploaded_at}
            for d in access.documents_of(t)
        ],
        "follow_ups": [
            {
                "code": f.public_code,
                "months": f.months,
                "due_on": f.due_on,
                "answered_on": f.answered_on,
                "state": f.state,
                "answer": f.answer,
            }
            for f in access.follow_ups_of(t)
        ],
    }


def _session_out(s: Any) -> dict[str, Any]:
    return {
        "code": s.public_code,
        "date": s.held_on,
        "minutes": s.minutes,
        "mode": s.mode,
        "notes": s.notes,
        "recorded_by": s.recorded_by.username,
        "recorded_at": s.recorded_at,
        "version": s.version,
    }


def _etag(t: Trajectory) -> str:
    return f'"v{t.version}"'


def _url(rights: ChapterAccess, t: Trajectory) -> str:
    return f"/api/v1/chapters/{rights.chapter.slug}/trajectories/{t.public_code}"


# If-Match --------------------------------------------------------------------------------------

ENTITY_TAG = re.compile(r'^"v(\d{1,9})"$')


def _expected_version(if_match: str | None, t: Trajectory) -> int | None:
    """The version an ``If-Match`` header holds the change to (None: no condition).

    ``*`` matches any current version; otherwise one of the listed strong entity tags must be
    the trajectory's (a weak tag, ``W/"v3"``, never matches, as RFC 9110 has it for If-Match)."""
    if if_match is None:
        return None
    tags = [tag.strip() for tag in if_match.split(",")]
    if "*" in tags:
        return None
    versions = {int(m.group(1)) for tag in tags if (m := ENTITY_TAG.match(tag))}
    if t.version not in versions:
        raise PreconditionFailed(t.version, {"version": t.version, "status": t.status})
    return t.version


@contextmanager
def _precondition(expected: int | None) -> Iterator[None]:
    """A version conflict the action finds under its lock is a 412 when If-Match named the
    version (someone saved between the read above and the lock)."""
    try:
        yield
    except actions.EditConflict as conflict:
        if expected is None:
            raise
        current = conflict.current or {}
        raise PreconditionFailed(int(current.get("version", 0)), current) from conflict


# Routes ----------------------------------------------------------------------------------------


def _trajectory(request: HttpRequest, slug: str, code: str) -> tuple[User, Trajectory]:
    user = api_user(request)
    rights = chapter_access(request, slug)
    return user, access.get_trajectory(rights, user, code)


@router.get(
    "/chapters/{slug}/trajectories",
    response={200: list[TrajectoryOut], **ERRORS},
    url_name="trajectory_list",
    summary="Trajectories: a coach's own, every one of the chapter for a coordinator",
)
@paginate(PageNumber)
def trajectory_list(request: HttpRequest, slug: str, status: str | None = None) -> list[Any]:
    rights = chapter_access(request, slug)
    found = access.with_next_activity(access.trajectories_for(rights, api_user(request)))
    if status in Trajectory.Status.values:
        found = found.filter(status=status)
    return [_listed(t) for t in found]


@router.post(
    "/chapters/{slug}/referrals/{code}/trajectory",
    response={201: TrajectoryOut, 409: ActionErrorOut, 422: ActionErrorOut, **ERRORS},
    url_name="trajectory_start",
    summary=(
        "Start a trajectory from an accepted referral to the federation's coaching (409 when the "
        "referral has one already, or is not accepted)"
    ),
)
def trajectory_start(
    request: HttpRequest, response: HttpResponse, slug: str, code: str, data: TrajectoryStartIn
) -> Status:
    user = api_user(request)
    rights = chapter_access(request, slug)
    referral = get_referral_for_recipient(rights, user, code)
    trajectory = actions.start_trajectory(actor=user, referral=referral, started_on=data.started_on)
    started = access.get_trajectory_summary(rights, user, trajectory.public_code)
    response["Location"] = _url(rights, started)
    response["ETag"] = _etag(started)
    return Status(201, _listed(started))


@router.get(
    "/chapters/{slug}/trajectories/{code}",
    response={200: TrajectoryDetailOut, **ERRORS},
    url_name="trajectory_detail",
    summary="One trajectory: timeline, plan, sessions, analyses, documents, follow-ups (ETag)",
)
def trajectory_detail(
    request: HttpRequest, response: HttpResponse, slug: str, code: str
) -> dict[str, Any]:
    user, trajectory = _trajectory(request, slug, code)
    actions.record_view(actor=user, trajectory=trajectory, request=request)
    response["ETag"] = _etag(trajectory)
    return _detail(trajectory)


@router.post(
    "/chapters/{slug}/trajectories/{code}/transition",
    response={
        200: TrajectoryDetailOut,
        409: ActionErrorOut,
        412: TrajectoryConflictOut,
        422: ActionErrorOut,
        **ERRORS,
    },
    url_name="trajectory_transition",
    summary=(
        "Move a trajectory one step on (409 or 422 with the guard's reason when refused; 412 "
        "when If-Match names an old version)"
    ),
)
def trajectory_transition(
    request: HttpRequest,
    response: HttpResponse,
    slug: str,
    code: str,
    data: TrajectoryTransitionIn,
    if_match: HeaderEx[str, IF_MATCH] = NOT_SENT,
) -> Status:
    user, trajectory = _trajectory(request, slug, code)
    expected = _expected_version(if_match, trajectory)
    with _precondition(expected):
        moved = actions.transition(
            actor=user, trajectory=trajectory, to=data.to, expected_version=expected
        )
    response["ETag"] = _etag(moved)
    return Status(200, _detail(moved))


@router.post(
    "/chapters/{slug}/trajectories/{code}/sessions",
    response={
        200: TrajectorySessionOut,
        201: TrajectorySessionOut,
        409: ActionErrorOut,
        422: ActionErrorOut,
        **ERRORS,
    },
    url_name="trajectory_session_create",
    summary=(
        "Log a session (201; 200 with the stored one for an Idempotency-Key sent before; 409 "
        "once the trajectory is closed)"
    ),
)
def trajectory_session_create(
    request: HttpRequest,
    slug: str,
    code: str,
    data: TrajectorySessionIn,
    idempotency_key: HeaderEx[uuid.UUID, IDEMPOTENCY_KEY] = NOT_SENT,
) -> Status:
    user, trajectory = _trajectory(request, slug, code)
    session, created = actions.log_session(
        actor=user,
        trajectory=trajectory,
        held_on=data.date,
        minutes=data.minutes,
        mode=data.mode,
        notes=data.notes,
        idempotency_key=idempotency_key,
    )
    return Status(201 if created else 200, _session_out(session))


@router.post(
    "/chapters/{slug}/trajectories/{code}/close",
    response={
        200: TrajectoryDetailOut,
        409: ActionErrorOut,
        412: TrajectoryConflictOut,
        422: ActionErrorOut,
        **ERRORS,
    },
    url_name="trajectory_close",
    summary=(
        "Close a trajectory from any open status with an outcome and a conclusion (then only the "
        "follow-ups can be recorded; 412 when If-Match names an old version)"
    ),
)
def trajectory_close(
    request: HttpRequest,
    response: HttpResponse,
    slug: str,
    code: str,
    data: TrajectoryCloseIn,
    if_match: HeaderEx[str, IF_MATCH] = NOT_SENT,
) -> Status:
    user, trajectory = _trajectory(request, slug, code)
    expected = _expected_version(if_match, trajectory)
    with _precondition(expected):
        closed = actions.close_trajectory(
            actor=user,
            trajectory=trajectory,
            outcome=data.outcome,
            conclusion=data.conclusion,
            expected_version=expected,
        )
    response["ETag"] = _etag(closed)
    return Status(200, _detail(closed))
