"""Navigation for the layout: the chapters the user may switch between and the current one."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from belronde.accounts.access import chapters_for_user


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "current_access": getattr(request, "access", None),
        "chapter_choices": lambda: chapters_for_user(user),  # evaluated only when used
    }
