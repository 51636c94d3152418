"""Errors every operation can answer, declared in the OpenAPI document once for all routers.

Whatever a router declares itself wins; this only fills in what the framework and our
exception handlers (``belronde.api.api``) produce anyway, so the document matches reality:

- 401 on every operation that needs a token (no token, or an unknown/revoked one);
- 422 on every operation that takes parameters or a body (validation by django-ninja);
- 400 on every operation with a body (a body that is not JSON);
- 404 on every operation with a path parameter (absent, or another chapter's object).
"""

from __future__ import annotations

from typing import Any

from belronde.api.schemas import ErrorOut, ValidationErrorOut

REF = "#/components/schemas/{model}"
COMMON: dict[int, tuple[str, type[ErrorOut] | type[ValidationErrorOut]]] = {
    400: ("Bad Request", ErrorOut),
    401: ("Unauthorized", ErrorOut),
    404: ("Not Found", ErrorOut),
    422: ("Unprocessable Content", ValidationErrorOut),
}
METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


def _response(description: str, model: type[ErrorOut] | type[ValidationErrorOut]) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": REF.format(model=model.__name__)}}},
    }


def errors_for(operation: dict[str, Any], *, secured_by_default: bool) -> list[int]:
    parameters = operation.get("parameters") or []
    codes = []
    if operation.get("security", [{}] if secured_by_default else []):
        codes.append(401)
    if parameters or "requestBody" in operation:
        codes.append(422)
    if "requestBody" in operation:
        codes.append(400)
    if any(p.get("in") == "path" for p in parameters):
        codes.append(404)
    return codes


def declare_common_errors(schema: dict[str, Any]) -> dict[str, Any]:
    """Add the common error responses (and their schemas) to every operation; in place."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    secured_by_default = bool(schema.get("security"))
    used: set[str] = set()
    for path_item in schema.get("paths", {}).values():
        for method, operation in path_item.items():
            if method not in METHODS:
                continue
            responses = operation.setdefault("responses", {})
            for code in errors_for(operation, secured_by_default=secured_by_default):
                # django-ninja keys responses by int until the document is serialised
                if code not in responses and str(code) not in responses:
                    description, model = COMMON[code]
                    responses[code] = _response(description, model)
                    used.add(model.__name__)
    for model in (ErrorOut, ValidationErrorOut):
        if model.__name__ in used and model.__name__ not in components:
            components[model.__name__] = model.model_json_schema(ref_template=REF)
    return schema
