"""E-mail about trajectories, sent by the task worker (enqueued on commit by the actions).

Each mail is rendered in its recipient's language and carries a link into belronde and as
little else as possible: the caller hears that the firm they referred is being coached and,
at the end, the outcome's category; never the coach's conclusion, session notes or figures.
"""

from __future__ import annotations

from django.tasks import task

from belronde.accounts.models import Membership, User
from belronde.coaching.models import Trajectory
from belronde.lib.mail import Recipient, absolute_url, send_localised

#: the events of a trajectory the referrer is told about, and the template of each
CALLER_TEMPLATES = {
    "started": "coaching/email/caller_started",
    "closed": "coaching/email/caller_closed",
}


def _load(trajectory_id: int) -> Trajectory | None:
    return (
        Trajectory.objects.select_related(
            "chapter", "organisation", "coach", "referral__created_by"
        )
        .filter(pk=trajectory_id)
        .first()
    )


def _still_in_chapter(user: User, trajectory: Trajectory) -> bool:
    """Whether ``user`` still works in the trajectory's chapter (a volunteer who left is not
    told about a firm in difficulty any more)."""
    return Membership.objects.filter(
        user=user, chapter_id=trajectory.chapter_id, is_active=True
    ).exists()


@task()
def notify_caller(trajectory_id: int, event: str) -> int:
    """Tell the person who referred the firm that its trajectory started or ended: the outcome's
    category only, never the coach's notes or figures. In the caller's language. Nobody is told
    when the referrer is the trajectory's coach (they know), inactive or gone from the chapter."""
    template = CALLER_TEMPLATES.get(event)
    trajectory = _load(trajectory_id)
    if template is None or trajectory is None or trajectory.referral is None:
        return 0
    if event == "closed" and not trajectory.outcome:
        return 0
    caller = trajectory.referral.created_by
    if not caller.is_active or not caller.email or caller.pk == trajectory.coach_id:
        return 0
    if not _still_in_chapter(caller, trajectory):
        return 0
    sent = send_localised(
        Recipient(caller.email, caller.language, caller.display_name),
        template,
        {
            "trajectory": trajectory,
            "organisation": trajectory.organisation,
            "url": absolute_url("accounts:chapter_home", chapter=trajectory.chapter.slug),
        },
    )
    return int(sent)


@task()
def notify_new_coach(trajectory_id: int) -> int:
    """Tell the coach a trajectory was handed to them (a link, no details), in their language."""
    trajectory = _load(trajectory_id)
    if trajectory is None or not trajectory.is_open:
        return 0
    coach = trajectory.coach
    if not coach.is_active or not coach.email:
        return 0
    sent = send_localised(
        Recipient(coach.email, coach.language, coach.display_name),
        "coaching/email/reassigned",
        {
            "trajectory": trajectory,
            "organisation": trajectory.organisation,
            "url": absolute_url(
                "coaching:detail", chapter=trajectory.chapter.slug, code=trajectory.public_code
            ),
        },
    )
    return int(sent)
