"""Audit events are read only through the chapter: a coordinator sees their own chapter's."""

from __future__ import annotations

from django.db.models import QuerySet

from belronde.accounts.access import ChapterAccess
from belronde.audit.models import AuditEvent


def audit_events_for(access: ChapterAccess) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(chapter=access.chapter)
