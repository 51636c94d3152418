"""``Assignment.status_after``: the status each call outcome leaves a contact in."""

import pytest

from belronde.campaigns.models import Assignment, CallAttempt

Status = Assignment.Status
Outcome = CallAttempt.Outcome


@pytest.mark.parametrize(
    ("outcome", "attempts", "status"),
    [
        (Outcome.REACHED, 1, Status.DONE),
        (Outcome.NO_ANSWER, 1, Status.OPEN),
        (Outcome.VOICEMAIL, 2, Status.OPEN),
        (Outcome.BUSY, 3, Status.UNREACHABLE),
        (Outcome.NO_ANSWER, 4, Status.UNREACHABLE),
        (Outcome.WRONG_NUMBER, 1, Status.UNREACHABLE),
        (Outcome.REFUSED, 1, Status.REFUSED),
        (Outcome.DO_NOT_CALL, 1, Status.DO_NOT_CALL),
        (Outcome.CALLBACK, 1, Status.CLAIMED),
    ],
)
def test_it_maps_each_outcome_to_a_status(outcome, attempts, status):
    assignment = Assignment(status=Status.CLAIMED, attempts=attempts)
    assert assignment.status_after(outcome, max_attempts=3) == status


def test_every_outcome_has_a_status():
    assignment = Assignment(status=Status.CLAIMED, attempts=1)
    for outcome in Outcome:
        assert assignment.status_after(outcome, max_attempts=3) in Status.values
