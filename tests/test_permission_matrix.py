"""Every URL and API operation x every persona: see tests/permission_matrix.py for the rules.

RELIABILITY.md SEC-AC-02 (every cell equals its expected status) and SEC-AC-07 (a URL of the
resolver or an API operation without a row fails the run)."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from belronde.accounts.actions import create_api_token
from belronde.routes import api
from belronde.testing import Personas
from tests.permission_matrix import CHAPTER, PERSONA_ROLE, PERSONAS, PUBLIC, ROWS, Row

ALLOWED_STATUSES = {200, 201, 204, 302, 400, 405, 409, 422}


def url_names(patterns=None, namespace=None):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace
            inner = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            assert pattern.name, f"URL {pattern.pattern} has no name; name it and add a matrix row"
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def api_operations():
    schema = api.get_openapi_schema()
    for path, methods in schema["paths"].items():
        for method in methods:
            yield path, method.upper()


#: URL names under the API namespace that are not operations of the OpenAPI document
API_DOCUMENT_NAMES = {"api-v1:openapi-json", "api-v1:openapi-view"}


def test_every_url_has_a_row():
    covered = {row.name for row in ROWS}
    names = {n for n in url_names() if not n.startswith("api-v1:") or n in API_DOCUMENT_NAMES}
    missing = sorted(names - covered)
    assert not missing, f"URLs without a permission-matrix row: {missing}"


def test_every_api_operation_has_a_row():
    covered = {row.key for row in ROWS if row.api}
    missing = sorted(f"{m} {p}" for p, m in api_operations() if (p, m) not in covered)
    assert not missing, f"API operations without a permission-matrix row: {missing}"


def url_for(row: Row, kwargs: dict) -> str:
    if not row.api:
        return reverse(row.name, kwargs=kwargs)
    url = row.name
    for key, value in kwargs.items():
        url = url.replace("{" + key + "}", str(value))
    assert "{" not in url, f"matrix row {row.name} lacks a value for a placeholder"
    return url


def expected(row: Row, persona: str) -> str:
    if persona in row.overrides:
        return str(row.overrides[persona])
    if row.scope == PUBLIC:
        return "allowed"
    if persona == "anonymous":
        return "401" if row.api else "login"
    if row.scope != CHAPTER:
        return "allowed"
    if persona in {"outsider", "nobody"}:
        return "404"
    return "allowed" if PERSONA_ROLE[persona] in row.roles else "403"


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"{r.method} {r.name}")
def test_the_matrix(row: Row, persona: str, client, settings) -> None:
    settings.AXES_ENABLED = False
    Personas.create_personas()
    kwargs = row.kwargs(Personas) if callable(row.kwargs) else row.kwargs
    url = url_for(row, kwargs)
    user = Personas.persona(persona)
    headers = {}
    if user is not None:
        if row.api:
            _token, key = create_api_token(actor=user, name="matrix")
            headers["Authorization"] = f"Bearer {key}"
        else:
            client.force_login(user)
    call = getattr(client, row.method.lower())
    if row.api and row.method != "GET":
        response = call(url, data=row.data or {}, content_type="application/json", headers=headers)
    else:
        response = call(url, data=row.data or {}, headers=headers)
    want = expected(row, persona)
    status = response.status_code
    if want == "allowed":
        assert status in ALLOWED_STATUSES, (
            f"{persona} should be allowed on {row.method} {url}, got {status}"
        )
    elif want == "login":
        assert status == 302 and "/account/login/" in response["Location"], (
            f"anonymous should be sent to login from {url}, got {status}"
        )
    else:
        assert status == int(want), (
            f"{persona} on {row.method} {url}: expected {want}, got {status}"
        )
