"""The permission matrix: every URL and API operation, and who may use it.

Each app lists the rows of its URLs in ``belronde/<app>/tests/matrix.py`` as ``ROWS``
(gathered into ROWS below); ``tests/test_permission_matrix.py`` fails when a
URL name (web) or a path and method (API) has no row, and checks every row for every persona:

- anonymous: a login redirect on web pages, 401 on the API (unless public);
- the outsider (Lier coordinator) and a user without chapter: 404 on chapter-scoped routes;
- a role listed in ``roles``: allowed (no 401/403/404, never 500);
- any other role of the chapter: 403.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from belronde.accounts.models import Membership

Role = Membership.Role
ALL_ROLES = frozenset(Role.values)
PERSONAS = [
    "anonymous",
    "coordinator",
    "caller",
    "coach",
    "partner",
    "funder",
    "regional",
    "outsider",
    "nobody",
]
PERSONA_ROLE = {
    "coordinator": Role.COORDINATOR,
    "caller": Role.CALLER,
    "coach": Role.COACH,
    "partner": Role.PARTNER,
    "funder": Role.FUNDER,
    "regional": Role.REGIONAL,
}

PUBLIC = "public"  # anyone, signed in or not
SIGNED_IN = "signed-in"  # any signed-in user (or token), whatever their chapters
CHAPTER = "chapter"  # chapter-scoped: roles decide, outsiders get 404

#: kwargs for reverse(), or a callable taking the test case (with personas) and returning them
Kwargs = dict[str, Any] | Callable[[Any], dict[str, Any]]


@dataclass(frozen=True)
class Row:
    #: a URL name ("audit:event_list"), or for API operations the OpenAPI path
    #: ("/api/v1/chapters/{slug}") whose {placeholders} are filled from kwargs
    name: str
    method: str = "GET"
    scope: str = CHAPTER
    roles: frozenset[str] = ALL_ROLES
    kwargs: Kwargs = field(default_factory=lambda: {"chapter": "mechelen"})
    data: dict[str, Any] | None = None
    #: explicit status per persona where the general rule does not apply (e.g. owner-only objects)
    overrides: dict[str, int] = field(default_factory=dict)

    @property
    def api(self) -> bool:
        return self.name.startswith("/api/")

    @property
    def key(self) -> tuple[str, str]:
        return (self.name, self.method)


def owner_token_prefix(case: Any) -> dict[str, Any]:
    from belronde.accounts.actions import create_api_token

    token, _key = create_api_token(actor=case.coordinator, name="matrix")
    return {"prefix": token.key_prefix}


CORE_ROWS: list[Row] = [
    # accounts
    Row("home", scope=SIGNED_IN, kwargs={}),
    Row("accounts:login", scope=PUBLIC, kwargs={}),
    Row("accounts:logout", method="POST", scope=PUBLIC, kwargs={}),
    Row("accounts:password_reset", scope=PUBLIC, kwargs={}),
    Row("accounts:password_reset_done", scope=PUBLIC, kwargs={}),
    Row("accounts:password_reset_confirm", scope=PUBLIC, kwargs={"uidb64": "MQ", "token": "x-y"}),
    Row("accounts:password_reset_complete", scope=PUBLIC, kwargs={}),
    Row("accounts:profile", scope=SIGNED_IN, kwargs={}),
    Row(
        "accounts:token_create",
        method="POST",
        scope=SIGNED_IN,
        kwargs={},
        data={"name": "m", "current_password": "correct horse battery staple"},
    ),
    Row(
        "accounts:token_revoke",
        method="POST",
        scope=SIGNED_IN,
        kwargs=owner_token_prefix,
        overrides={p: 404 for p in PERSONAS if p not in {"anonymous", "coordinator"}},
    ),
    Row("accounts:set_language", method="POST", scope=PUBLIC, kwargs={}, data={"language": "nl"}),
    # two-factor authentication: every signed-in user may set it up, enter or remove their own
    Row("accounts:mfa_enrol", scope=SIGNED_IN, kwargs={}),
    Row("accounts:mfa_enrol", method="POST", scope=SIGNED_IN, kwargs={}, data={"code": "1"}),
    Row("accounts:mfa_verify", scope=SIGNED_IN, kwargs={}),
    Row("accounts:mfa_verify", method="POST", scope=SIGNED_IN, kwargs={}, data={"code": "1"}),
    Row("accounts:mfa_remove", method="POST", scope=SIGNED_IN, kwargs={}, data={"code": "1"}),
    Row("accounts:chapter_home"),
    # audit
    Row("audit:event_list", roles=frozenset({Role.COORDINATOR})),
    # ops
    Row("ops:healthz", scope=PUBLIC, kwargs={}),
    # api
    Row("api-v1:openapi-json", scope=PUBLIC, kwargs={}),
    Row("api-v1:openapi-view", scope=PUBLIC, kwargs={}),
    Row("/api/v1/me", scope=SIGNED_IN, kwargs={}),
    Row("/api/v1/chapters", scope=SIGNED_IN, kwargs={}),
    Row("/api/v1/chapters/{slug}", kwargs={"slug": "mechelen"}),
]


def _app_rows() -> list[Row]:
    from importlib import import_module

    from django.apps import apps

    rows: list[Row] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("belronde."):
            continue
        try:
            module = import_module(f"{config.name}.tests.matrix")
        except ModuleNotFoundError:
            continue
        rows.extend(module.ROWS)
    return rows


ROWS: list[Row] = CORE_ROWS + _app_rows()
