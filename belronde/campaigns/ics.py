"""iCalendar output of call-backs (RFC 5545) with the icalendar library."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from icalendar import Alarm, Calendar, Event

from belronde.campaigns.models import Assignment

CALL_LENGTH = dt.timedelta(minutes=15)


def calendar_for(assignments: Sequence[Assignment], *, name: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//belronde//call-backs//NL")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    for assignment in assignments:
        if assignment.callback_at is None:
            continue
        event = Event()
        event.add("uid", f"callback-{assignment.public_code}@belronde")
        event.add("dtstamp", assignment.updated_at)
        event.add("dtstart", assignment.callback_at)
        event.add("dtend", assignment.callback_at + CALL_LENGTH)
        event.add("summary", _("Call back: %(org)s") % {"org": assignment.organisation.name})
        url = settings.BELRONDE_SITE_URL.rstrip("/") + reverse(
            "campaigns:call",
            kwargs={"chapter": assignment.chapter.slug, "code": assignment.public_code},
        )
        event.add("url", url)
        event.add("description", url)
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", _("Call back: %(org)s") % {"org": assignment.organisation.name})
        alarm.add("trigger", dt.timedelta(minutes=-10))
        event.add_component(alarm)
        calendar.add_component(event)
    return calendar.to_ical()
