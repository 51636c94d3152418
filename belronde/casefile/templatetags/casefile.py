"""``{% case_file org %}``: the firm's case file on a page that has ``request.access`` (the
organisation page of the member registry includes it, so the registry imports nothing from the
apps above it; see ``belronde/casefile/access.py``)."""

from __future__ import annotations

from typing import Any

from django import template

from belronde.casefile.access import case_file as build_case_file
from belronde.members.models import Organisation

register = template.Library()


@register.inclusion_tag("casefile/_case_file.html", takes_context=True)
def case_file(context: dict[str, Any], organisation: Organisation) -> dict[str, Any]:
    request = context["request"]
    found = build_case_file(request.access, request.user, organisation)
    return {
        "request": request,
        "organisation": organisation,
        "case_file": found,
        "entries": found.entries,
    }
