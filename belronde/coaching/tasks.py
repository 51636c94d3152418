"""E-mail about trajectories, sent by the task worker (enqueued on commit by the actions)."""

from __future__ import annotations

from django.tasks import task

from belronde.coaching.models import Trajectory
from belronde.lib.mail import Recipient, absolute_url, send_localised


def _load(trajectory_id: int) -> Trajectory | None:
    return (
        Trajectory.objects.select_related(
            "chapter", "organisation", "coach", "referral__created_by"
        )
        .filter(pk=trajectory_id)
        .first()
    )


@task()
def notify_caller(trajectory_id: int, event: str) -> int:
    """Tell the person who referred the firm that its trajectory started or ended: the outcome's
    category only, never the coach's notes or figures. In the caller's language."""
    trajectory = _load(trajectory_id)
    if trajectory is None or trajectory.referral is None:
        return 0
    caller = trajectory.referral.created_by
    if not caller.is_active or not caller.email or caller.pk == trajectory.coach_id:
        return 0
    sent = send_localised(
        Recipient(caller.email, caller.language, caller.display_name),
        f"coaching/email/caller_{'closed' if event == 'closed' else 'started'}",
        {
            "trajectory": trajectory,
            "organisation": trajectory.organisation,
            "url": absolute_url("accounts:chapter_home", chapter=trajectory.chapter.slug),
        },
    )
    return int(sent)


@task()
def notify_new_coach(trajectory_id: int) -> int:
    trajectory = _load(trajectory_id)
    if trajectory is None:
        return 0
    coach = trajectory.coach
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
