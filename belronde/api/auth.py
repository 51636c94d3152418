"""Bearer token authentication: ``Authorization: Bearer <token>``."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import translation
from ninja.security import HttpBearer

from belronde.accounts.actions import authenticate_token
from belronde.accounts.models import User


class TokenAuth(HttpBearer):
    openapi_description = "A personal API token from the profile page or `belronde createtoken`."

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = authenticate_token(token)
        if user is not None:
            request.user = user
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return user
