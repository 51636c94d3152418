"""Refuse NUL characters at the door.

U+0000 never belongs in anything a person types, and PostgreSQL refuses it in text, so a filter
or form value holding one (``?q=%00``) would reach a query and end as a server error there, while
SQLite stored it. Django's form ``CharField`` rejects it, but filters read from ``request.GET``
and choice fields do not; this middleware answers any query string or form field that holds one
with a 400, in the user's language (JSON under the API). Form fields are looked at once the CSRF
check has parsed them, and not for CSRF-exempt views (the member import, whose upload size
limit must see the body first; its rows are validated one by one)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import unquote_plus

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

FORM_ENCODED = "application/x-www-form-urlencoded"


def query_holds_nul(request: HttpRequest) -> bool:
    return "\x00" in unquote_plus(request.META.get("QUERY_STRING", ""), encoding="latin-1")


def form_holds_nul(request: HttpRequest) -> bool:
    return any("\x00" in value for _key, values in request.POST.lists() for value in values)


def refusal(request: HttpRequest) -> HttpResponse:
    message = _("The request holds a NUL character, which no field accepts. Remove it.")
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message, "code": "nul_character"}, status=400)
    return render(request, "400.html", {"message": message}, status=400)


class RefuseNulBytesMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if query_holds_nul(request):
            return refusal(request)
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        if request.method != "POST" or getattr(view, "csrf_exempt", False):
            return None
        if request.content_type not in {FORM_ENCODED, "multipart/form-data"}:
            return None
        return refusal(request) if form_holds_nul(request) else None
