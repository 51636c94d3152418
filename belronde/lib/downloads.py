"""File downloads: an attachment with a safe file name (RFC 6266), never rendered inline."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import quote

from django.http import HttpResponse, StreamingHttpResponse


def content_disposition(filename: str) -> str:
    """``attachment`` with an ASCII fallback name (letters, digits, ``-_.``; anything else,
    quotes and path separators included, becomes ``_``) and the exact name in UTF-8."""
    ascii_name = "".join(
        c if c.isascii() and (c.isalnum() or c in "-_.") else "_" for c in filename
    )
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"


def attachment(body: bytes | str | Iterable[str], filename: str, content_type: str) -> HttpResponse:
    """A download of ``body`` (streamed when it is an iterable of lines), not sniffed, not
    cached."""
    response: HttpResponse
    if isinstance(body, bytes | str):
        response = HttpResponse(body, content_type=content_type)
    else:
        response = StreamingHttpResponse(body, content_type=content_type)  # type: ignore[assignment]
    response["Content-Disposition"] = content_disposition(filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response
