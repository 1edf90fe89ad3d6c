"""Every API error is JSON with a `detail` message and the right 4xx status."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError

from displace.core.errors import DisplaceError
from displace.web.api.auth import InvalidApiKey

__all__ = ["TooLarge", "install_error_handlers", "require_within_limit"]


class TooLarge(Exception):
    """A request body or transcript over DISPLACE_MAX_UPLOAD_BYTES."""


def install_error_handlers(api: NinjaAPI) -> None:
    """Answer our own and Django's exceptions with a JSON `detail` and a 4xx status."""

    def answer(request: HttpRequest, status: int, detail: str) -> HttpResponse:
        response = api.create_response(request, {"detail": detail}, status=status)
        if status == 401:
            response["WWW-Authenticate"] = 'Bearer realm="displace"'
        return response

    def not_authenticated(request: HttpRequest, exc: object) -> HttpResponse:
        return answer(request, 401, "Authentication required: send the header "
                      "'Authorization: Bearer <your API key>' (see your account page).")

    def invalid_key(request: HttpRequest, exc: object) -> HttpResponse:
        return answer(request, 401, "Invalid API key: it is unknown or was replaced; "
                      "create a new one on your account page.")

    def forbidden(request: HttpRequest, exc: object) -> HttpResponse:
        return answer(request, 403, str(exc) or "You are not allowed to do this.")

    def not_found(request: HttpRequest, exc: object) -> HttpResponse:
        return answer(request, 404, str(exc) or "Not found.")

    def too_large(request: HttpRequest, exc: object) -> HttpResponse:
        return answer(request, 413, str(exc) or "The request body is too large.")

    def bad_input(request: HttpRequest, exc: object) -> HttpResponse:
        detail = (exc.in_language(_caller_language(request)) if isinstance(exc, DisplaceError)
                  else str(exc))
        return answer(request, 400, detail)

    api.add_exception_handler(AuthenticationError, not_authenticated)
    api.add_exception_handler(InvalidApiKey, invalid_key)
    api.add_exception_handler(PermissionDenied, forbidden)
    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(TooLarge, too_large)
    api.add_exception_handler(RequestDataTooBig, too_large)
    api.add_exception_handler(DisplaceError, bad_input)


def _caller_language(request: HttpRequest) -> str:
    """The language the caller chose on their account page; else the request's (the
    Accept-Language header or the site's default)."""
    from django.contrib.auth.models import User
    from django.utils.translation import get_language

    from displace.web.accounts.models import Profile

    user = getattr(request, "auth", None) or getattr(request, "user", None)
    chosen = (Profile.objects.filter(user=user).values_list("language", flat=True).first()
              if isinstance(user, User) else None)
    return (chosen or get_language() or "en")[:2]


def require_within_limit(size: int) -> None:
    """Refuse (413) a transcript larger than DISPLACE_MAX_UPLOAD_BYTES, before any work."""
    from django.conf import settings

    from displace.core.text.numbers import format_sizes

    limit: int = settings.MAX_UPLOAD_BYTES
    if size > limit:
        shown, most = format_sizes(size, limit, "en")
        raise TooLarge(f"The transcript is {shown}; the limit is {most} "
                       "(DISPLACE_MAX_UPLOAD_BYTES).")
