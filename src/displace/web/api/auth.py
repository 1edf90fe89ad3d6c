"""Who is calling the API: a personal key (`Authorization: Bearer <key>`) or a browser session."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.models import User
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja.security import HttpBearer, SessionAuth

from displace.web.accounts.actions import hash_api_token, mark_api_token_used
from displace.web.accounts.models import ApiToken

__all__ = ["ApiKey", "InvalidApiKey", "caller", "schemes", "signed_in"]


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


View = Callable[..., HttpResponse]


def signed_in(view: View) -> View:
    """The API's documentation only for its users: a browser session or a valid key.

    The endpoints' shapes say what a workspace holds, so a stranger gets none of it: the
    interactive page sends a browser to the login page, the OpenAPI document answers 401.
    """

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated or _valid_key(request):
            return view(request, *args, **kwargs)
        if request.path.endswith(".json"):
            response = JsonResponse({"detail": "Authentication required: sign in, or send the "
                                     "header 'Authorization: Bearer <your API key>'."}, status=401)
            response["WWW-Authenticate"] = 'Bearer realm="displace"'
            return response
        return redirect_to_login(request.get_full_path())

    return wrapped


def _valid_key(request: HttpRequest) -> bool:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return False
    try:
        ApiKey().authenticate(request, token)
    except InvalidApiKey:
        return False
    return True
