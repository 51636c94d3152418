"""Permission-matrix rows for every URL and API operation of conversations."""

from belronde.accounts.models import Membership
from belronde.conversations.tests.fixtures import (
    api,
    matrix_conversation,
    matrix_referred_conversation,
)
from tests.permission_matrix import Row

Role = Membership.Role
READ = frozenset({Role.COORDINATOR, Role.CALLER, Role.COACH})
RECORD = frozenset({Role.COORDINATOR, Role.CALLER})
#: a coach reads the conversations of the firms they work on (a coaching referral, an analysis)
NOT_THE_COACHS = {"coach": 403}

ROWS = [
    Row("conversations:list", roles=READ),
    Row("conversations:create", roles=RECORD),
    Row("conversations:detail", roles=READ, kwargs=matrix_conversation, overrides=NOT_THE_COACHS),
    Row("conversations:detail", roles=READ, kwargs=matrix_referred_conversation),
    Row(
        "conversations:themes",
        method="POST",
        roles=RECORD,
        kwargs=matrix_conversation,
        data={"themes": ["liquidity"], "version": 1},
    ),
    Row(
        "conversations:no_referral",
        method="POST",
        roles=READ,
        kwargs=matrix_conversation,
        data={"note": "Heeft al een boekhouder die helpt."},
        overrides=NOT_THE_COACHS,
    ),
    Row("/api/v1/chapters/{slug}/conversations", roles=READ, kwargs={"slug": "mechelen"}),
    Row(
        "/api/v1/chapters/{slug}/conversations",
        method="POST",
        roles=RECORD,
        kwargs={"slug": "mechelen"},
        # an unknown organisation: 404 for the roles that may record, 403 for the others
        data={"organisation": "UNKNOWN234", "answers": {"health": "green"}},
        overrides={"coordinator": 404, "caller": 404},
    ),
    Row(
        "/api/v1/chapters/{slug}/conversations/{code}",
        roles=READ,
        kwargs=api(matrix_conversation),
        overrides=NOT_THE_COACHS,
    ),
    Row(
        "/api/v1/chapters/{slug}/conversations/{code}",
        roles=READ,
        kwargs=api(matrix_referred_conversation),
    ),
    Row(
        "/api/v1/chapters/{slug}/conversations/{code}/themes",
        method="POST",
        roles=RECORD,
        kwargs=api(matrix_conversation),
        data={"themes": ["liquidity"], "version": 1},
    ),
    Row(
        "/api/v1/chapters/{slug}/conversations/{code}/no-referral",
        method="POST",
        roles=READ,
        kwargs=api(matrix_conversation),
        data={"note": "Heeft al hulp."},
        overrides=NOT_THE_COACHS,
    ),
]
