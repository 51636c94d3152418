"""The client's IP address, trusting X-Forwarded-For only as far as our own proxies.

``BELRONDE_TRUSTED_PROXIES`` (settings ``TRUSTED_PROXY_COUNT``) is the number of reverse proxies
in front of the app that append the address they saw to ``X-Forwarded-For``. With 0 (the
default) the header is ignored and the peer address (``REMOTE_ADDR``) is the client. With N the
N-th address from the right is the client: everything left of it was written by the client and
could be forged, so a spoofed header can neither evade the login throttle nor fake the IP
address in the audit log.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(value: str) -> str | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # "[2001:db8::1]:443"
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # "192.0.2.1:443"
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    """The client address as our trusted proxies saw it, or None when there is none."""
    peer = _valid(request.META.get("REMOTE_ADDR") or "")
    proxies = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0))
    if proxies <= 0:
        return peer
    forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part]
    if len(forwarded) < proxies:
        # Fewer hops than proxies: the request did not come through all of them.
        return peer
    return _valid(forwarded[-proxies]) or peer
