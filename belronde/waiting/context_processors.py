"""The navigation's counter of what waits for the coordinator (evaluated only when shown)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from belronde.waiting.access import waiting_for


def waiting(request: HttpRequest) -> dict[str, Any]:
    access = getattr(request, "access", None)
    user = getattr(request, "user", None)
    if access is None or user is None or not access.can_manage_chapter:
        return {}
    items = SimpleLazyObject(lambda: waiting_for(access, user))
    return {
        "waiting_items": items,
        "waiting_total": SimpleLazyObject(lambda: sum(item.count for item in items)),
    }
