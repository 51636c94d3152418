"""RELIABILITY.md SEC-API-01..03: how the API takes its token, its body and its methods.

Every route comes from the OpenAPI schema, so a new route is covered without touching this file.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client

from belronde.accounts.actions import create_api_token
from belronde.routes import api
from belronde.testing import Personas

pytestmark = pytest.mark.django_db

PREFIX = "/api/v1"
SCHEMA_PATHS = api.get_openapi_schema()["paths"]
WRITES = {"post", "put", "patch", "delete"}


def concrete(path: str) -> str:
    """A path of the schema with its parameters filled in (any value: the method is checked
    before the route's view runs)."""
    return re.sub(r"\{[^}]+\}", "1", path)


def routes(methods: set[str]) -> list[tuple[str, str]]:
    return sorted(
        (method, path)
        for path, operations in SCHEMA_PATHS.items()
        for method in operations
        if method in methods
    )


@pytest.fixture
def key() -> str:
    Personas.create_personas()
    _token, key = create_api_token(actor=Personas.coordinator, name="sec-api")
    return key


def is_json_with_charset(response) -> bool:
    return response["Content-Type"].replace(" ", "").lower() == "application/json;charset=utf-8"


# SEC-API-01 -------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["token", "access_token", "api_key", "bearer", "key"])
def test_sec_api_01_a_token_in_the_query_string_is_not_accepted(key, name):
    response = Client().get(f"{PREFIX}/me", {name: key})
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_sec_api_01_a_token_in_a_cookie_or_form_field_is_not_accepted(key):
    client = Client()
    client.cookies["token"] = key
    assert client.get(f"{PREFIX}/me").status_code == 401
    response = client.post(
        f"{PREFIX}/finance/alarms", {"token": key}, content_type="multipart/form-data; boundary=x"
    )
    assert response.status_code in (401, 422)
    assert (
        Client().get(f"{PREFIX}/me", headers={"Authorization": f"Bearer {key}"}).status_code == 200
    )


# SEC-API-02 -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("method", "path"), routes(WRITES - {"delete"}))
@pytest.mark.parametrize(
    "content_type",
    ["text/plain", "application/x-www-form-urlencoded", "application/xml"],
)
def test_sec_api_02_a_body_that_is_not_json_is_refused_with_415(key, method, path, content_type):
    """Also what a cross-site HTML form can send without a preflight (text/plain, urlencoded)."""
    response = Client().generic(
        method.upper(),
        concrete(path),
        data='{"legal_form": "BV"}',
        content_type=content_type,
        headers={"Authorization": f"Bearer {key}"},
    )
    assert response.status_code == 415, (method, path, response.status_code)
    assert is_json_with_charset(response)
    assert response.json()["code"] == "unsupported_media_type"


def test_sec_api_02_json_with_a_charset_parameter_is_accepted(key):
    response = Client().post(
        f"{PREFIX}/finance/alarms",
        data={"legal_form": "BV", "capital": 18600, "net_assets": -5, "liquidity_doubt_12m": False},
        content_type="application/json; charset=utf-8",
        headers={"Authorization": f"Bearer {key}"},
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("method", "path", "headers", "status"),
    [
        ("get", "/me", True, 200),
        ("get", "/me", False, 401),
        ("get", "/chapters/lier", True, 404),
        ("get", "/no/such/route", True, 404),
        ("get", "/finance/alarms", True, 405),
        ("post", "/finance/alarms", True, 422),
        ("get", "/openapi.json", False, 200),
    ],
)
def test_sec_api_02_every_answer_is_json_with_a_charset(key, method, path, headers, status):
    client = Client()
    auth = {"Authorization": f"Bearer {key}"} if headers else {}
    if method == "post":
        response = client.post(
            PREFIX + path, data="{}", content_type="application/json", headers=auth
        )
    else:
        response = client.get(PREFIX + path, headers=auth)
    assert response.status_code == status
    assert is_json_with_charset(response), response["Content-Type"]
    if status >= 400:
        assert response.json()["detail"]


# SEC-API-03 -------------------------------------------------------------------------------------


def write_only_routes() -> list[str]:
    return sorted(path for path, operations in SCHEMA_PATHS.items() if "get" not in operations)


def test_sec_api_03_there_are_write_only_routes_to_check():
    assert len(write_only_routes()) >= 10


@pytest.mark.parametrize("path", write_only_routes())
@pytest.mark.parametrize("method", ["get", "head"])
def test_sec_api_03_a_state_changing_route_refuses_get_and_head(key, path, method):
    response = getattr(Client(), method)(concrete(path), headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 405, (path, response.status_code)
    allowed = {m.strip().lower() for m in response["Allow"].split(",")}
    assert allowed and allowed <= WRITES, allowed
    if method == "get":
        assert is_json_with_charset(response)
