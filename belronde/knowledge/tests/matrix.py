"""Permission-matrix rows for every URL and API operation of the knowledge base."""

from belronde.accounts.models import Membership
from belronde.conversations.tests.fixtures import (
    api,
    matrix_grouped_question,
    matrix_practice,
    matrix_question,
    matrix_theme,
)
from tests.permission_matrix import Row

Role = Membership.Role
READ = frozenset({Role.COORDINATOR, Role.CALLER, Role.COACH})
COORD = frozenset({Role.COORDINATOR})
OWN = frozenset({Role.COORDINATOR, Role.CALLER})  # objects the caller persona made

ROWS = [
    Row("knowledge:question_list", roles=READ),
    Row("knowledge:question_create", roles=READ),
    Row("knowledge:question_detail", roles=OWN, kwargs=matrix_question),
    Row(
        "knowledge:question_answer",
        method="POST",
        roles=COORD,
        kwargs=matrix_question,
        data={"title": "Hinderpremie aanvragen", "text": "Via het e-loket van VLAIO."},
    ),
    Row("knowledge:question_publish", method="POST", roles=COORD, kwargs=matrix_question),
    Row(
        "knowledge:question_group",
        method="POST",
        roles=COORD,
        kwargs=matrix_question,
        data={"under": "UNKNOWN234"},
    ),
    Row("knowledge:question_ungroup", method="POST", roles=COORD, kwargs=matrix_grouped_question),
    Row("knowledge:faq", roles=READ),
    Row("knowledge:practice_library", roles=READ),
    Row("knowledge:practice_create", roles=READ),
    Row("knowledge:practice_review_queue", roles=COORD),
    Row("knowledge:practice_export", roles=COORD),
    Row("knowledge:practice_detail", roles=OWN, kwargs=matrix_practice),
    Row(
        "knowledge:practice_review",
        method="POST",
        roles=COORD,
        kwargs=matrix_practice,
        data={"decision": "publish"},
    ),
    Row("knowledge:theme_list", roles=COORD),
    Row("knowledge:theme_create", roles=COORD),
    Row("knowledge:theme_edit", roles=COORD, kwargs=matrix_theme),
    # API
    Row("/api/v1/chapters/{slug}/themes", roles=COORD, kwargs={"slug": "mechelen"}),
    Row("/api/v1/chapters/{slug}/questions", roles=READ, kwargs={"slug": "mechelen"}),
    Row(
        "/api/v1/chapters/{slug}/questions",
        method="POST",
        roles=READ,
        kwargs={"slug": "mechelen"},
        data={"text": "Hoe vraag ik de hinderpremie aan?"},
    ),
    Row("/api/v1/chapters/{slug}/questions/{code}", roles=OWN, kwargs=api(matrix_question)),
    Row(
        "/api/v1/chapters/{slug}/questions/{code}/answer",
        method="POST",
        roles=COORD,
        kwargs=api(matrix_question),
        data={"title": "Hinderpremie", "text": "Via het e-loket van VLAIO."},
    ),
    Row(
        "/api/v1/chapters/{slug}/questions/{code}/publish",
        method="POST",
        roles=COORD,
        kwargs=api(matrix_question),
        data={"publish": True},
    ),
    Row(
        "/api/v1/chapters/{slug}/questions/{code}/group",
        method="POST",
        roles=COORD,
        kwargs=api(matrix_question),
        data={"under": "UNKNOWN234"},
        overrides={"coordinator": 404},
    ),
    Row("/api/v1/chapters/{slug}/faq", roles=READ, kwargs={"slug": "mechelen"}),
    Row("/api/v1/chapters/{slug}/best-practices", roles=READ, kwargs={"slug": "mechelen"}),
    Row(
        "/api/v1/chapters/{slug}/best-practices",
        method="POST",
        roles=READ,
        kwargs={"slug": "mechelen"},
        data={"title": "Afhaal", "text": "Vaste ophaalmomenten.", "sharing": "anonymous"},
    ),
    Row("/api/v1/chapters/{slug}/best-practices/{code}", roles=OWN, kwargs=api(matrix_practice)),
    Row(
        "/api/v1/chapters/{slug}/best-practices/{code}/review",
        method="POST",
        roles=COORD,
        kwargs=api(matrix_practice),
        data={"publish": True},
    ),
]
