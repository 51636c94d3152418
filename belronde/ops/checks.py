"""System checks of the deployment (``belronde check --deploy``)."""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import CheckMessage, Tags, register
from django.core.checks import Warning as CheckWarning


@register(Tags.security, deploy=True)
def site_url_is_set(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """E-mail and calendar links are built from BELRONDE_SITE_URL (the worker has no request);
    in production an unset or local value sends people links that do not work."""
    if not os.environ.get("BELRONDE_SITE_URL"):
        return [
            CheckWarning(
                "BELRONDE_SITE_URL is not set: links in e-mails and calendar files would point "
                f"to {settings.BELRONDE_SITE_URL}.",
                hint="Set it to the public address, e.g. https://belronde.example.org.",
                id="belronde.W001",
            )
        ]
    host = urlsplit(settings.BELRONDE_SITE_URL).hostname or ""
    if host in ("127.0.0.1", "localhost", "::1") or not host:
        return [
            CheckWarning(
                f"BELRONDE_SITE_URL={settings.BELRONDE_SITE_URL!r} is not a public address.",
                hint="Set it to the address people open belronde at.",
                id="belronde.W002",
            )
        ]
    return []
