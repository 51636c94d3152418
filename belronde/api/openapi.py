"""Errors every operation can answer, declared in the OpenAPI document once for all routers.

Whatever a router declares itself wins; this only fills in what the framework, the middleware
and our exception handlers (``belronde.api.api``) produce anyway, so the document matches
reality:

- 400 on every operation: a NUL character (U+0000) in the query string or a form field
  (``belronde.lib.nulbytes``, before any route runs), and for a JSON body, one that is not JSON;
- 401 on every operation that needs a token (no token, or an unknown/revoked one);
- 413 on every operation with a JSON body: a body over ``DATA_UPLOAD_MAX_MEMORY_SIZE``;
- 422 on every operation that takes parameters or a body (validation by django-ninja: a wrong
  type, a null where the field has no null, a body that is not a JSON object);
- 404 on every operation with a path parameter (absent, or another chapter's object).

An operation without a body never reads one: whatever is sent is ignored (after the
middleware's Content-Type check, 415, which applies to every write).
"""

from __future__ import annotations

from typing import Any

from belronde.api.schemas import ErrorOut, RequestErrorOut, ValidationErrorOut

REF = "#/components/schemas/{model}"
Model = type[ErrorOut] | type[RequestErrorOut] | type[ValidationErrorOut]
COMMON: dict[int, tuple[str, Model]] = {
    400: (
        "Bad Request: a NUL character (U+0000) in the query string or a form field "
        "(code nul_character)",
        RequestErrorOut,
    ),
    401: ("Unauthorized", ErrorOut),
    404: ("Not Found", ErrorOut),
    413: (
        "Content Too Large: the body is over the size limit (code request_too_large)",
        RequestErrorOut,
    ),
    422: ("Unprocessable Content", ValidationErrorOut),
}
NOT_JSON = "; or a body that is not JSON, or holds NaN or Infinity (code invalid_json)"
METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


def _response(description: str, model: Model) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": REF.format(model=model.__name__)}}},
    }


def _takes_json(operation: dict[str, Any]) -> bool:
    return "application/json" in (operation.get("requestBody") or {}).get("content", {})


def errors_for(operation: dict[str, Any], *, secured_by_default: bool) -> list[int]:
    parameters = operation.get("parameters") or []
    codes = [400]
    if operation.get("security", [{}] if secured_by_default else []):
        codes.append(401)
    if parameters or "requestBody" in operation:
        codes.append(422)
    if _takes_json(operation):
        codes.append(413)
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
                    if code == 400 and _takes_json(operation):
                        description += NOT_JSON
                    responses[code] = _response(description, model)
                    used.add(model.__name__)
    for model in (ErrorOut, RequestErrorOut, ValidationErrorOut):
        if model.__name__ in used and model.__name__ not in components:
            components[model.__name__] = model.model_json_schema(ref_template=REF)
    return schema
