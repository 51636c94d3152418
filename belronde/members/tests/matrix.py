"""Permission-matrix rows for every URL and API operation of the members app."""

from belronde.accounts.models import Membership
from belronde.members.tests.fixtures import (
    api_batch,
    api_org,
    api_person,
    matrix_batch,
    matrix_org,
    matrix_person,
)
from belronde.members.tests.scope import (
    api_assigned_org,
    api_coaching_org,
    matrix_assigned_org,
    matrix_coaching_org,
)
from tests.permission_matrix import Row

Role = Membership.Role
COORD = frozenset({Role.COORDINATOR})
READERS = frozenset({Role.COORDINATOR, Role.CALLER, Role.COACH})
#: Callers and coaches read only the firms they work on (members/access.py): any other firm of
#: the chapter is 404 to them, like another chapter's.
NOT_THEIRS = {"caller": 404, "coach": 404}

ROWS = [
    Row("members:organisation_list", roles=READERS),
    Row("members:organisation_create", roles=COORD),
    Row(
        "members:organisation_create",
        method="POST",
        roles=COORD,
        data={
            "enterprise_number": "0403.170.701",
            "name": "Nieuw BV",
            "membership_status": "member",
        },
    ),
    Row(
        "members:organisation_export", roles=COORD, kwargs={"chapter": "mechelen", "format": "csv"}
    ),
    Row("members:organisation_detail", roles=READERS, kwargs=matrix_org, overrides=NOT_THEIRS),
    Row(
        "members:organisation_detail",
        roles=READERS,
        kwargs=matrix_assigned_org,
        overrides={"coach": 404},
    ),
    Row(
        "members:organisation_detail",
        roles=READERS,
        kwargs=matrix_coaching_org,
        overrides={"caller": 404},
    ),
    Row("members:organisation_edit", roles=COORD, kwargs=matrix_org),
    Row(
        "members:organisation_do_not_call",
        method="POST",
        roles=COORD,
        kwargs=matrix_org,
        data={"reason": "Vroeg het zelf"},
    ),
    Row("members:organisation_merge", roles=COORD, kwargs=matrix_org),
    Row("members:person_create", roles=COORD, kwargs=matrix_org),
    Row("members:person_edit", roles=COORD, kwargs=matrix_person),
    Row("members:import_list", roles=COORD),
    Row("members:import_template", roles=COORD, kwargs={"chapter": "mechelen", "format": "xlsx"}),
    Row("members:import_detail", roles=COORD, kwargs=matrix_batch),
    Row(
        "members:import_errors",
        roles=COORD,
        kwargs=lambda case: {**matrix_batch(case), "format": "csv"},
    ),
    Row("/api/v1/chapters/{slug}/organisations", roles=READERS, kwargs={"slug": "mechelen"}),
    Row(
        "/api/v1/chapters/{slug}/organisations",
        method="POST",
        roles=COORD,
        kwargs={"slug": "mechelen"},
        data=None,
    ),
    Row(
        "/api/v1/chapters/{slug}/organisations/{code}",
        roles=READERS,
        kwargs=api_org,
        overrides=NOT_THEIRS,
    ),
    Row(
        "/api/v1/chapters/{slug}/organisations/{code}",
        roles=READERS,
        kwargs=api_assigned_org,
        overrides={"coach": 404},
    ),
    Row(
        "/api/v1/chapters/{slug}/organisations/{code}",
        roles=READERS,
        kwargs=api_coaching_org,
        overrides={"caller": 404},
    ),
    Row(
        "/api/v1/chapters/{slug}/organisations/{code}", method="PATCH", roles=COORD, kwargs=api_org
    ),
    Row(
        "/api/v1/chapters/{slug}/organisations/{code}/persons",
        method="POST",
        roles=COORD,
        kwargs=api_org,
    ),
    Row(
        "/api/v1/chapters/{slug}/organisations/{code}/persons/{person}",
        method="PATCH",
        roles=COORD,
        kwargs=api_person,
    ),
    Row("/api/v1/chapters/{slug}/imports", method="POST", roles=COORD, kwargs={"slug": "mechelen"}),
    Row("/api/v1/chapters/{slug}/imports/{code}", roles=COORD, kwargs=api_batch),
]
