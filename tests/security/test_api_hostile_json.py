"""Issue 10, point 5: hostile JSON under /api/v1/ is a JSON 4xx, never a server error or a 200,
and the OpenAPI document says so (400, 413, 422) and names every schema once.

Every body operation comes from the OpenAPI document, so a new route is covered without
touching this file. Paths are filled in with "1" where the answer comes before the route looks
its objects up (body validation, size, type); real objects where it does not.
"""

from __future__ import annotations

import json
import re
import typing
from collections import defaultdict
from typing import Any

import pytest
from django.test import Client, override_settings
from ninja.openapi.schema import OpenAPISchema
from pydantic import BaseModel

from belronde.accounts.actions import create_api_token
from belronde.campaigns.tests.fixtures import make_org
from belronde.members.models import Organisation
from belronde.routes import api
from belronde.testing import Personas

pytestmark = pytest.mark.django_db

PREFIX = "/api/v1"
DOC = api.get_openapi_schema()
COMPONENTS = DOC["components"]["schemas"]
WRITES = {"post", "put", "patch", "delete"}


def concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "1", path)


def resolve(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = COMPONENTS[schema["$ref"].rsplit("/", 1)[1]]
    return schema


def json_body(operation: dict[str, Any]) -> dict[str, Any] | None:
    content = (operation.get("requestBody") or {}).get("content", {})
    return content["application/json"]["schema"] if "application/json" in content else None


def operations(*, body: bool | None = None, methods: set[str] = WRITES) -> list[tuple[str, str]]:
    return sorted(
        (method, path)
        for path, item in DOC["paths"].items()
        for method, operation in item.items()
        if method in methods and (body is None or (json_body(operation) is not None) == body)
    )


def nullable(prop: dict[str, Any]) -> bool:
    types = prop.get("type")
    return (
        types == "null"
        or (isinstance(types, list) and "null" in types)
        or any(branch.get("type") == "null" for branch in prop.get("anyOf", []))
    )


def body_properties() -> list[tuple[str, str, str, str, bool]]:
    """(method, path, component, property, nullable) for every top-level body property."""
    found = []
    for method, path in operations(body=True):
        reference = json_body(DOC["paths"][path][method])
        assert reference is not None
        component = reference.get("$ref", "").rsplit("/", 1)[-1]
        for name, prop in resolve(reference).get("properties", {}).items():
            found.append((method, path, component, name, nullable(prop)))
    return found


@pytest.fixture
def key() -> str:
    Personas.create_personas()
    _token, key = create_api_token(actor=Personas.coordinator, name="hostile-json")
    return key


def send(key: str, method: str, path: str, body: Any = None, *, raw: str | None = None):
    data = raw if raw is not None else ("" if body is None else json.dumps(body))
    return Client().generic(
        method.upper(),
        path,
        data=data,
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )


def is_json_with_charset(response) -> bool:
    return response["Content-Type"].replace(" ", "").lower() == "application/json;charset=utf-8"


def test_there_are_body_operations_to_check():
    assert len(operations(body=True)) >= 20
    assert len(body_properties()) >= 60


# A null where the field has no null -------------------------------------------------------------

#: Body fields the document declares nullable, each with what null means. Anything else that is
#: optional is "left out, or a value", never null (``belronde.api.schemas.omissible``): a null
#: that the route took for "left out", or wrote to a NOT NULL column (a server error), is a 422.
NULL_MEANS = {
    ("AttemptIn", "callback_at"): "no callback time",
    ("AttemptIn", "idempotency_key"): "no idempotency key",
    ("MemberOrganisationIn", "employees"): "the number of employees is unknown (nullable)",
    ("MemberOrganisationIn", "member_since"): "the membership date is unknown (nullable)",
    ("MemberOrganisationIn", "version"): "do not check the version",
    ("ConversationIn", "person"): "no contact person",
    ("ConversationIn", "held_at"): "now",
    ("ConversationIn", "idempotency_key"): "no idempotency key",
    ("ThemesIn", "version"): "do not check the version",
    ("QuestionIn", "theme"): "no theme",
    ("QuestionIn", "conversation"): "no conversation",
    ("QuestionIn", "person"): "no person",
    ("PracticeIn", "theme"): "no theme",
    ("PracticeIn", "conversation"): "no conversation",
    ("ConsentIn", "organisation"): "the conversation's organisation",
    ("ConsentIn", "conversation"): "no conversation",
    ("ConsentIn", "person"): "no person",
    ("ReferralIn", "consent"): "none given: refused with the reason (a consent is required)",
    ("ReferralIn", "conversation"): "no conversation",
    ("ReferralIn", "organisation"): "the conversation's organisation",
    **{
        ("ScoreIn", name): "not given (a calculator input)"
        for name in [
            "total_assets",
            "current_assets",
            "current_liabilities",
            "working_capital",
            "retained_earnings",
            "ebit",
            "book_equity",
            "market_value_equity",
            "total_liabilities",
            "sales",
            "codes",
            "schema",
            "year",
            "models",
        ]
    },
    ("AlarmsIn", "capital"): "unknown",
    ("AlarmsIn", "liquidity_doubt_12m"): "unknown",
    ("AlarmsIn", "net_assets_at_risk"): "unknown",
}


def test_only_fields_where_null_means_something_are_nullable_in_a_body():
    """A new ``X | None = None`` in a body needs a decision: a meaning for null here, or
    ``omissible()``. (membership_status was nullable, and null was a server error.)"""
    declared = {(c, name) for _m, _p, c, name, is_nullable in body_properties() if is_nullable}
    assert declared == set(NULL_MEANS)


@pytest.mark.parametrize(
    ("method", "path", "prop"),
    sorted({(m, p, name) for m, p, _c, name, is_nullable in body_properties() if not is_nullable}),
)
def test_a_null_for_a_field_without_null_is_a_422_naming_the_field(key, method, path, prop):
    response = send(key, method, concrete(path), {prop: None})
    assert response.status_code == 422, (method, path, prop, response.status_code)
    assert is_json_with_charset(response)
    errors = response.json()["errors"]
    # refused for the null (loc: body, the parameter, the field, ...), not only for what is missing
    assert any(e["loc"][2:3] == [prop] and e["type"] != "missing" for e in errors), errors


@pytest.fixture
def org(key) -> Organisation:
    return make_org(Personas.mechelen, "0403170701", "Brouwerij Het Anker")


ORG_IN = resolve({"$ref": "#/components/schemas/MemberOrganisationIn"})["properties"]
PERSON_IN = resolve({"$ref": "#/components/schemas/MemberPersonIn"})["properties"]


@pytest.mark.parametrize("prop", sorted(ORG_IN))
def test_patching_an_organisation_with_null_is_a_422_or_stores_the_null(key, org, prop):
    """``{"membership_status": null}`` was a server error (NOT NULL), on both databases."""
    before = Organisation.objects.values().get(pk=org.pk)
    response = send(
        key, "patch", f"{PREFIX}/chapters/mechelen/organisations/{org.public_code}", {prop: None}
    )
    assert is_json_with_charset(response)
    after: dict[str, Any] = dict(Organisation.objects.values().get(pk=org.pk))
    if nullable(ORG_IN[prop]):
        assert response.status_code == 200, response.json()
        if prop != "version":  # null there: do not check the version
            assert after[prop] is None
    else:
        assert response.status_code == 422, (prop, response.status_code)
        assert after == dict(before)


@pytest.mark.parametrize("prop", sorted(PERSON_IN))
def test_patching_a_contact_person_with_null_is_a_422(key, org, prop):
    """A null used to be taken for "left out": a 200 that changed nothing."""
    person = org.persons.get()
    response = send(
        key,
        "patch",
        f"{PREFIX}/chapters/mechelen/organisations/{org.public_code}/persons/{person.public_code}",
        {prop: None},
    )
    assert not nullable(PERSON_IN[prop])
    assert response.status_code == 422, (prop, response.status_code)
    assert is_json_with_charset(response)


def test_creating_an_organisation_with_a_null_name_is_a_422(key):
    response = send(
        key,
        "post",
        f"{PREFIX}/chapters/mechelen/organisations",
        {"enterprise_number": "0403170701", "name": None, "membership_status": None},
    )
    assert response.status_code == 422
    assert {e["loc"][-1] for e in response.json()["errors"]} >= {"name", "membership_status"}
    assert not Organisation.objects.exists()


# A body that is not a JSON object ---------------------------------------------------------------

NOT_OBJECTS = ["[null, null]", "[]", "true", "false", "null", '"x"', "1", "-1.5"]


@pytest.mark.parametrize(("method", "path"), operations(body=True))
@pytest.mark.parametrize("raw", NOT_OBJECTS)
def test_a_body_that_is_not_a_json_object_is_a_422(key, method, path, raw):
    """django-ninja read the attributes of whatever it got: a list, a boolean, a string or a
    number had none, so every field took its default and the request went through."""
    response = send(key, method, concrete(path), raw=raw)
    assert response.status_code == 422, (method, path, raw, response.status_code)
    assert is_json_with_charset(response)
    body = response.json()
    assert body["detail"] and body["errors"][0]["loc"] == ["body"]


def test_patching_an_organisation_with_a_list_changes_nothing_and_is_a_422(key, org):
    url = f"{PREFIX}/chapters/mechelen/organisations/{org.public_code}"
    before = Organisation.objects.values().get(pk=org.pk)
    response = send(key, "patch", url, raw="[null, null]")
    assert response.status_code == 422
    assert response.json()["errors"][0]["type"] == "json_object"
    assert Organisation.objects.values().get(pk=org.pk) == before


@pytest.mark.parametrize(
    ("language", "not_an_object", "not_json", "too_large"),
    [
        (
            "nl",
            "De inhoud van het verzoek moet een JSON-object zijn.",
            "De inhoud van het verzoek is geen geldige JSON (NaN en Infinity zijn geen JSON).",
            "De inhoud van het verzoek is te groot: hoogstens 1024 bytes.",
        ),
        (
            "en",
            "The request body must be a JSON object.",
            "The request body is not valid JSON (NaN and Infinity are not JSON).",
            "The request body is too large: at most 1024 bytes.",
        ),
    ],
)
def test_the_refusals_are_in_the_users_language(
    key, org, language, not_an_object, not_json, too_large
):
    Personas.coordinator.language = language
    Personas.coordinator.save(update_fields=["language"])
    url = f"{PREFIX}/chapters/mechelen/organisations/{org.public_code}"
    assert send(key, "patch", url, raw="true").json()["errors"][0]["msg"] == not_an_object
    assert send(key, "patch", url, raw="{nope").json()["detail"] == not_json
    with override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1024):
        assert send(key, "patch", url, {"name": "x" * 2000}).json()["detail"] == too_large


@pytest.mark.parametrize(
    "raw",
    [
        "{nope",
        '{"legal_form": "BV", "net_assets": NaN}',
        '{"legal_form": "BV", "net_assets": Infinity}',
        '{"legal_form": "BV", "net_assets": -Infinity}',
        "[" * 100_000,
        "\xff\xfe",
    ],
)
def test_a_body_that_is_not_json_is_a_400_json_answer(key, raw):
    response = send(key, "post", f"{PREFIX}/finance/alarms", raw=raw)
    assert response.status_code == 400, response.content[:200]
    assert is_json_with_charset(response)
    assert response.json()["code"] == "invalid_json"


@pytest.mark.parametrize("path", ["/finance/alarms", "/finance/score"])
def test_an_amount_too_large_to_compute_with_is_a_400(key, path):
    """-1.79e308 net assets was a server error in the alarm bells (found by the fuzzer)."""
    body = (
        {"legal_form": "508", "net_assets": -1.7976931348623155e308}
        if path == "/finance/alarms"
        else {"total_assets": 1.7976931348623155e308, "sales": 1e-300, "ebit": -1e308}
    )
    response = send(key, "post", PREFIX + path, body)
    assert response.status_code in (200, 400), response.content[:300]
    assert is_json_with_charset(response)
    if path == "/finance/alarms":
        assert response.status_code == 400


@pytest.mark.parametrize(("method", "path"), operations(body=False))
def test_an_operation_without_a_body_ignores_whatever_json_is_sent(key, method, path):
    """The same answer with or without a body: it is never read (not even to refuse it)."""
    without = send(key, method, concrete(path))
    for raw in ("[null, null]", "true", "{nope"):
        response = send(key, method, concrete(path), raw=raw)
        assert response.status_code == without.status_code, (method, path, raw)


# A body over the size limit ---------------------------------------------------------------------


@pytest.mark.parametrize("debug", [True, False])
@pytest.mark.parametrize(("method", "path"), operations(body=True))
def test_a_body_over_the_limit_is_a_413_json_answer(key, method, path, debug):
    """Was a server error with DEBUG on (django-ninja's traceback page) and Django's HTML 400
    with it off."""
    raw = json.dumps({"note": "x" * 2048})
    with override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1024, DEBUG=debug):
        response = send(key, method, concrete(path), raw=raw)
    assert response.status_code == 413, (method, path, response.status_code)
    assert is_json_with_charset(response)
    body = response.json()
    assert body["code"] == "request_too_large" and "1024" in body["detail"]


def test_a_body_under_the_limit_still_goes_through(key):
    with override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1024):
        response = send(
            key, "post", f"{PREFIX}/finance/alarms", {"legal_form": "BV", "net_assets": 5}
        )
    assert response.status_code == 200


@pytest.mark.parametrize("debug", [True, False])
def test_a_query_string_with_too_many_fields_is_a_400_json_answer(key, debug):
    query = "&".join(f"f{i}=1" for i in range(20))
    with override_settings(DATA_UPLOAD_MAX_NUMBER_FIELDS=10, DEBUG=debug):
        response = Client().get(
            f"{PREFIX}/chapters/mechelen/organisations?{query}",
            headers={"Authorization": f"Bearer {key}"},
        )
    assert response.status_code == 400
    assert is_json_with_charset(response)
    assert response.json()["detail"]


# What the OpenAPI document says -----------------------------------------------------------------


def all_operations() -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method, path, operation)
        for path, item in DOC["paths"].items()
        for method, operation in item.items()
    ]


def test_every_operation_documents_the_nul_character_400():
    for method, path, operation in all_operations():
        answer = operation["responses"].get(400) or operation["responses"].get("400")
        assert answer, (method, path)
        schema = resolve(answer["content"]["application/json"]["schema"])
        assert "detail" in schema["properties"], (method, path)


@pytest.mark.parametrize(("method", "path"), operations(methods={"get"}))
def test_the_nul_character_400_is_the_documented_answer(key, method, path):
    response = Client().get(f"{concrete(path)}?q=%00", headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 400
    assert response.json()["code"] == "nul_character"
    documented = DOC["paths"][path][method]["responses"][400]
    schema = resolve(documented["content"]["application/json"]["schema"])
    assert set(response.json()) <= set(schema["properties"])
    assert "NUL" in documented["description"]


def test_every_operation_with_a_json_body_documents_413_and_422():
    for method, path in operations(body=True):
        responses = DOC["paths"][path][method]["responses"]
        assert 413 in responses and 422 in responses, (method, path)
        assert (
            "code" in resolve(responses[413]["content"]["application/json"]["schema"])["properties"]
        )


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _models_in(arg)]


def api_models() -> dict[str, set[type[BaseModel]]]:
    """Every pydantic model an operation takes or answers with, nested ones too, by name."""
    by_name: dict[str, set[type[BaseModel]]] = defaultdict(set)
    todo: list[type[BaseModel]] = []
    for router in api._get_bound_routers():
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for model in operation.models:
                    todo.extend(
                        m for f in model.model_fields.values() for m in _models_in(f.annotation)
                    )
                for model in operation.response_models.values():
                    todo.extend(_models_in(model))
    seen: set[type[BaseModel]] = set()
    while todo:
        model = todo.pop()
        if model in seen:
            continue
        seen.add(model)
        if model.__name__ != "NinjaResponseSchema":
            by_name[model.__name__].add(model)
        todo.extend(m for f in model.model_fields.values() for m in _models_in(f.annotation))
    return by_name


def test_no_two_models_of_the_api_share_a_name():
    """django-ninja names a component after its class and keeps the last one it met: a
    conversation's answer_rows and theme_labels were described with the knowledge base's
    AnswerOut and ThemeOut."""
    by_name = api_models()
    assert len(by_name) >= 50
    clashes = {
        name: sorted(f"{m.__module__}.{m.__qualname__}" for m in models)
        for name, models in by_name.items()
        if len(models) > 1
    }
    assert not clashes


def test_no_component_is_overwritten_with_another_schema(monkeypatch):
    """The same check on the document itself: every definition django-ninja adds under a name
    already taken is the same schema."""
    definitions: dict[str, list[dict[str, Any]]] = defaultdict(list)
    add = OpenAPISchema.add_schema_definitions

    def recording(self: OpenAPISchema, found: dict[str, Any]) -> None:
        for name, definition in found.items():
            definitions[name].append(definition)
        add(self, found)

    monkeypatch.setattr(OpenAPISchema, "add_schema_definitions", recording)
    api.get_openapi_schema()
    assert definitions
    overwritten = sorted(
        name for name, found in definitions.items() if any(d != found[0] for d in found)
    )
    assert not overwritten


def test_a_conversations_answer_rows_and_theme_labels_have_their_own_schemas():
    detail = COMPONENTS["ConversationDetailOut"]["properties"]
    rows = resolve(detail["answer_rows"]["items"])
    labels = resolve(detail["theme_labels"]["items"])
    assert set(rows["properties"]) == {"key", "question", "answer"}
    assert set(labels["properties"]) == {"slug", "label"}
