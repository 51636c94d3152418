from __future__ import annotations

import datetime as dt

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from belronde.accounts import roles
from belronde.accounts.access import ChapterRequest, chapter_view
from belronde.audit.access import audit_events_for
from belronde.audit.actions import record_event
from belronde.audit.forms import AuditFilterForm
from belronde.audit.verbs import ALERTS, label

PAGE_SIZE = 50
#: the page points at alerts of this recent past
RECENT_ALERTS = dt.timedelta(days=7)


@chapter_view(*roles.AUDIT_ROLES)
@require_GET
def event_list(request: ChapterRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    events = audit_events_for(request.access).select_related("actor")
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["actor"]:
            events = events.filter(actor_label__icontains=data["actor"])
        if data["verb"]:
            events = events.filter(verb=data["verb"])
        if data["object_code"]:
            events = events.filter(object_code=data["object_code"])
        tz = timezone.get_current_timezone()
        if data["date_from"]:
            events = events.filter(at__gte=dt.datetime.combine(data["date_from"], dt.time(), tz))
        if data["date_to"]:
            end = dt.datetime.combine(data["date_to"] + dt.timedelta(days=1), dt.time(), tz)
            events = events.filter(at__lt=end)
        if data["alerts"]:
            events = events.filter(verb__in=ALERTS)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    for event in page.object_list:
        event.verb_label = label(event.verb)  # type: ignore[attr-defined]
        event.is_alert = event.verb in ALERTS  # type: ignore[attr-defined]
    record_event(actor=request.user, verb="audit.viewed", chapter=request.chapter, request=request)
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "audit/_events.html", {"form": form, "page": page})
    recent_alerts = (
        audit_events_for(request.access)
        .filter(verb__in=ALERTS, at__gte=timezone.now() - RECENT_ALERTS)
        .count()
    )
    return render(
        request,
        "audit/event_list.html",
        {"form": form, "page": page, "recent_alerts": recent_alerts},
    )
