"""The per-address login bucket of SEC-AUTH-03.

django-axes throttles each (username, client address) pair: a caller who mistypes their
password five times waits a quarter of an hour, and an attacker elsewhere cannot lock them out.
That bucket does not see one address trying a few passwords on many usernames (password
spraying, credential stuffing). This one does: wrong passwords from one client address, whatever
the username, counted in axes' failure log over the same cool-off window. Successful logins do
not empty it, so a stuffing run that guesses one account right is still slowed down.
"""

from __future__ import annotations

import datetime as dt

from axes.models import AccessFailureLog
from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from belronde.lib.clientip import client_ip


def address_failures(address: str | None, now: dt.datetime | None = None) -> int:
    """Wrong passwords from ``address`` within the cool-off window."""
    if not address:
        return 0
    since = (now or timezone.now()) - dt.timedelta(hours=float(settings.AXES_COOLOFF_TIME))
    return AccessFailureLog.objects.filter(ip_address=address, attempt_time__gte=since).count()


def address_is_throttled(request: HttpRequest) -> bool:
    """Whether logins from this request's client address are paused."""
    limit = int(settings.BELRONDE_LOGIN_ADDRESS_FAILURE_LIMIT)
    return address_failures(client_ip(request)) >= limit
