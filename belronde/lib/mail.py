"""E-mail in the recipient's language: rendered from a subject and a body template.

Called from tasks (the worker), never directly from a request. E-mail is not a safe channel for
what an entrepreneur told us: messages carry links into belronde and as little as possible else.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

#: languages we write e-mails in; anything else (e.g. French) falls back to the chapter's Dutch
MAIL_LANGUAGES = {code for code, _name in settings.LANGUAGES}


@dataclass(frozen=True)
class Recipient:
    email: str
    language: str
    name: str = ""


def mail_language(language: str | None) -> str:
    language = (language or "")[:2]
    return language if language in MAIL_LANGUAGES else settings.LANGUAGE_CODE


def absolute_url(name: str, **kwargs: Any) -> str:
    return site_url(reverse(name, kwargs=kwargs))


def site_url(path: str) -> str:
    """``path`` (from reverse, with a query string if any) on the site's public address."""
    return settings.BELRONDE_SITE_URL.rstrip("/") + path


def send_localised(recipient: Recipient, template: str, context: dict[str, Any]) -> bool:
    """Render ``<template>_subject.txt`` and ``<template>_body.txt`` in the recipient's language."""
    if not recipient.email:
        return False
    language = mail_language(recipient.language)
    with translation.override(language):
        context = {**context, "recipient": recipient, "language": language}
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}_body.txt", context)
    message = EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient.email],
        headers={"Content-Language": language, "Auto-Submitted": "auto-generated"},
    )
    message.send()
    return True
