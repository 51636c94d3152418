"""Who is asking, and where: the API's one way to the token's user and their chapter access."""

from __future__ import annotations

from django.http import HttpRequest

from belronde.accounts.access import ChapterAccess, get_chapter_access
from belronde.accounts.models import User


def api_user(request: HttpRequest) -> User:
    """The user of the request's Bearer token (``TokenAuth`` refused the request otherwise)."""
    user: User = request.auth  # type: ignore[attr-defined]
    return user


def chapter_access(request: HttpRequest, slug: str) -> ChapterAccess:
    """The token user's access to the chapter ``slug``; 404 when absent or not theirs."""
    return get_chapter_access(api_user(request), slug)
