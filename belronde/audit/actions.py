"""The one way to write an audit event. Payloads hold codes and counts, never personal content."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.http import HttpRequest

from belronde.audit.models import AuditEvent
from belronde.lib import clientip, requestid

if TYPE_CHECKING:
    from belronde.accounts.models import Chapter, User

_MAX_PAYLOAD_KEYS = 20
_MAX_VALUE_LENGTH = 200


def _object_ref(obj: models.Model | None) -> tuple[str, str]:
    if obj is None:
        return "", ""
    code = getattr(obj, "public_code", None) or getattr(obj, "slug", None) or obj.pk
    return obj._meta.label_lower, str(code)


def _clean_payload(payload: dict[str, Any] | None) -> dict[str, Any]:
    if not payload:
        return {}
    if len(payload) > _MAX_PAYLOAD_KEYS:
        raise ValueError("Audit payloads hold at most 20 keys.")
    clean: dict[str, Any] = {}
    for key, value in payload.items():
        if isinstance(value, str) and len(value) > _MAX_VALUE_LENGTH:
            raise ValueError(f"Audit payload value for {key!r} is too long.")
        if not isinstance(value, str | int | float | bool | list | type(None)):
            value = str(value)
        clean[key] = value
    return clean


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address, trusting X-Forwarded-For only from our own proxies."""
    if request is None:
        return None
    return clientip.client_ip(request)


def record_event(
    *,
    actor: User | None,
    verb: str,
    chapter: Chapter | None = None,
    obj: models.Model | None = None,
    payload: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> AuditEvent:
    object_type, object_code = _object_ref(obj)
    user = actor if actor is not None and actor.is_authenticated else None
    return AuditEvent.objects.create(
        actor=user,
        actor_label=user.get_username() if user else "",
        chapter=chapter,
        verb=verb,
        object_type=object_type,
        object_code=object_code,
        request_id=requestid.current(),
        ip_address=client_ip(request),
        payload=_clean_payload(payload),
    )
