"""Activate the language each signed-in person chose; it follows them across devices."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import translation

from displace.web.accounts.models import Profile


def user_language(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """Middleware: after authentication, switch to the user's saved language if any."""

    def middleware(request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated:
            language = Profile.objects.filter(user=user).values_list("language", flat=True)
            chosen = next(iter(language), "")
            if chosen:
                translation.activate(chosen)
                request.LANGUAGE_CODE = chosen
        response = get_response(request)
        return response

    return middleware
