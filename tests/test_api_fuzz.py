"""Fuzz every operation of the OpenAPI document with schemathesis, in-process over WSGI.

The document is the contract (CONVENTIONS.md 10): each operation gets generated requests, valid
and invalid, sent with a coordinator's Bearer token through the whole middleware stack, and
every answer is checked: no server error, a documented status code and content type, a body
matching the declared schema, invalid input refused and valid input accepted. New operations
are picked up automatically. Per operation schemathesis sends the documented examples, a fixed
set of boundary cases (its coverage phase) and FUZZ_EXAMPLES (default 6) random ones, with a
fixed seed, so the run stays short and repeatable. A failure prints a reproducible request.

Every one of schemathesis' checks runs, with its default generation (unknown parameters, NUL
characters and all); the one relaxation is SEMANTIC_VALIDATION below, with its reason.
``max_response_time`` only runs with a limit: MAX_RESPONSE_SECONDS, far above what any answer
takes here, so that it catches a runaway query and not a busy machine.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterator

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.auths import AuthContext, set_on_case
from schemathesis.config import SchemathesisConfig

from belronde.accounts import actions as account_actions
from belronde.accounts.models import ApiToken
from belronde.routes import api
from belronde.testing import Personas

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "6"))

MAX_RESPONSE_SECONDS = 10.0

#: The coordinator's key, made here so that schemathesis applies it as the document's own
#: security scheme (``TokenAuth``): it then knows when a request goes without it on purpose (a
#: negative case, which must be a 401) instead of finding the header put back by the test.
KEY = ApiToken.generate_key()

#: Calculators whose input rules go beyond what JSON Schema can say: an annual-account code must
#: be one of the NBB's (a dictionary key), an amount given as text must be one (Belgian and
#: English separators, not a locale-free pattern), named fields and codes exclude each other, and
#: a model needs its inputs. So a schema-valid request may get the documented 400 with the
#: reason; for these two operations only, positive_data_acceptance also takes 400 (a 422 for a
#: schema-valid request, or any other status, still fails it). Every other check applies as is.
SEMANTIC_VALIDATION = ["/api/v1/finance/score", "/api/v1/finance/alarms"]
ACCEPTED_WITH_A_REASON = ["2xx", "3xx", "400", "401", "403", "404", "409", "429", "5xx"]

CONFIG = SchemathesisConfig.from_dict(
    {
        "auth": {"openapi": {"TokenAuth": {"bearer": KEY}}},
        "checks": {"max_response_time": MAX_RESPONSE_SECONDS},
        "operations": [
            {
                "include-path": path,
                "checks": {
                    "positive_data_acceptance": {"expected-statuses": ACCEPTED_WITH_A_REASON}
                },
            }
            for path in SEMANTIC_VALIDATION
        ],
    }
)

schema = schemathesis.openapi.from_dict(api.get_openapi_schema(), config=CONFIG)
schema.app = get_wsgi_application()


@pytest.fixture
def coordinator_token(db, monkeypatch) -> Iterator[None]:
    """A Mechelen coordinator's token with key KEY: the persona with the most rights in one
    chapter.

    Like Django's test client, keep the connection open between requests: the test runs in a
    transaction that closing the connection at the end of each request would break.
    """
    Personas.create_personas()
    monkeypatch.setattr(ApiToken, "generate_key", staticmethod(lambda: KEY))
    account_actions.create_api_token(actor=Personas.coordinator, name="fuzz")
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@schema.parametrize()
@hypothesis_settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_every_api_operation_honours_its_contract(case, coordinator_token):
    response = case.call_and_validate()
    if response.request.headers.get("Authorization") == f"Bearer {KEY}":
        assert response.status_code != 401, "the coordinator's token was refused"


def test_the_fuzzers_requests_carry_the_coordinators_token(coordinator_token):
    """Else every answer would be a 401, which every check accepts."""
    operation = schema["/api/v1/me"]["GET"]
    case = operation.Case()
    set_on_case(case, AuthContext(operation=operation, app=operation.app), None)
    assert case.headers["Authorization"] == f"Bearer {KEY}"
    assert case.call().status_code == 200


def test_every_operation_is_fuzzed_with_every_check():
    """Nothing is left out: each operation of the document is a case above, and no check is
    disabled (max_response_time has its limit)."""
    document = api.get_openapi_schema()
    expected = {
        (method.upper(), path)
        for path, item in document["paths"].items()
        for method in item
        if method in {"get", "put", "post", "patch", "delete"}
    }
    fuzzed = {
        (result.ok().method.upper(), result.ok().path) for result in schema.get_all_operations()
    }
    assert fuzzed == expected
    for operation in schema.get_all_operations():
        config = schema.config.checks_config_for(operation=operation.ok(), phase=None)
        disabled = [
            field.name
            for field in dataclasses.fields(config)
            if not field.name.startswith("_") and not getattr(config, field.name).enabled
        ]
        assert not disabled, (operation.ok().label, disabled)
    assert schema.config.generation.allow_extra_parameters
