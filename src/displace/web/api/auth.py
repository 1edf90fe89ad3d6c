"""Who is calling the API: a personal key (`Authorization: Bearer <key>`) or a browser session."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from displace.web.accounts.actions import hash_api_token, mark_api_token_used
from displace.web.accounts.models import ApiToken

__all__ = ["ApiKey", "InvalidApiKey", "caller", "schemes"]


class InvalidApiKey(Exception):
    """A bearer key was sent but is unknown, revoked or belongs to an inactive account."""


class ApiKey(HttpBearer):
    """A personal API key, created and rotated on the person's account page."""

    def authenticate(self, request: HttpRequest, token: str) -> User:
        """The key's owner, or InvalidApiKey (a wrong key is an error, not 'anonymous')."""
        found = ApiToken.objects.select_related("user").filter(
            key_hash=hash_api_token(token.strip())).first()
        if found is None or not found.user.is_active:
            raise InvalidApiKey
        mark_api_token_used(found)
        request.user = found.user
        return found.user


def schemes() -> list[Any]:
    """The key first; the browser's session (with its CSRF check) as the fallback."""
    return [ApiKey(), SessionAuth()]


def caller(request: HttpRequest) -> User:
    """The authenticated person behind this request (auth has already run)."""
    user = getattr(request, "auth", None)
    if not isinstance(user, User):
        raise InvalidApiKey
    return user
