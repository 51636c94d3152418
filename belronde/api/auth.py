"""Bearer token authentication: ``Authorization: Bearer <token>``."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import translation
from ninja.security import HttpBearer

from belronde.accounts.actions import authenticate_token
from belronde.accounts.models import User


class TokenAuth(HttpBearer):
    openapi_description = "A personal API token from the profile page or `belronde createtoken`."

    def __call__(self, request: HttpRequest) -> User | None:
        """Read ``Bearer <token>``; any other scheme is no authentication.

        Ninja's own reader logs a header of another scheme whole ("Unexpected auth - ...") when
        DEBUG is on, live tokens and base64 passwords included: nothing of the header is logged.
        """
        value = request.headers.get(self.header) or ""
        scheme, _sep, token = value.partition(" ")
        if scheme.lower() != self.openapi_scheme or not token.strip():
            return None
        return self.authenticate(request, token.strip())

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = authenticate_token(token)
        if user is not None:
            request.user = user
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return user
