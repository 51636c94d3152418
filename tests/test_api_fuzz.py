"""Fuzz every operation of the OpenAPI document with schemathesis, in-process over WSGI.

The document is the contract (CONVENTIONS.md 10): each operation gets generated requests, valid
and invalid, sent with a coordinator's Bearer token through the whole middleware stack, and
every answer is checked: no server error, a documented status code and content type, a body
matching the declared schema, invalid input refused and valid input accepted. New operations
are picked up automatically. Per operation schemathesis sends the documented examples, a fixed
set of boundary cases (its coverage phase) and FUZZ_EXAMPLES (default 6) random ones, with a
fixed seed, so the run stays short and repeatable. A failure prints a reproducible request.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import positive_data_acceptance

from belronde.accounts.actions import create_api_token
from belronde.api.api import api
from belronde.testing import Personas

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "6"))

#: Unknown query parameters are ignored, as HTTP APIs commonly do, so requests that add some are
#: not "invalid" for this API; everything else schemathesis may break.
CONFIG = SchemathesisConfig.from_dict({"generation": {"allow-extra-parameters": False}})

#: Calculators whose input rules go beyond what JSON Schema can say (a rubric code must exist,
#: an amount must make sense for the model): a schema-valid request may get a documented 400
#: with the reason. Every other check (no 5xx, documented status and body) still applies.
SEMANTIC_VALIDATION = {"/api/v1/finance/score", "/api/v1/finance/alarms"}

schema = schemathesis.openapi.from_dict(api.get_openapi_schema(), config=CONFIG)
schema.app = get_wsgi_application()


@pytest.fixture
def bearer(db) -> Iterator[dict[str, str]]:
    """A Mechelen coordinator's token: the persona with the most rights in one chapter.

    Like Django's test client, keep the connection open between requests: the test runs in a
    transaction that closing the connection at the end of each request would break.
    """
    Personas.create_personas()
    _token, key = create_api_token(actor=Personas.coordinator, name="fuzz")
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield {"Authorization": f"Bearer {key}"}
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
def test_every_api_operation_honours_its_contract(case, bearer):
    excluded = []
    if case.operation.path in SEMANTIC_VALIDATION:
        excluded.append(positive_data_acceptance)
    case.call_and_validate(headers=bearer, excluded_checks=excluded)
