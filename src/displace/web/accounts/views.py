"""Sign-in, sign-out and the language switch."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from displace.web.accounts import actions
from displace.web.requests import signed_in


@require_POST
def switch_language(request: HttpRequest) -> HttpResponse:
    """Set the interface language; remembered on the profile for signed-in people."""
    language = request.POST.get("language", "")
    target = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    response = HttpResponseRedirect(target)
    if language not in dict(settings.LANGUAGES):
        return response
    if request.user.is_authenticated:
        actions.set_language(signed_in(request), language)
    translation.activate(language)
    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, samesite="Lax")
    return response


@login_required
def calendar_link(request: HttpRequest) -> HttpResponse:
    """Renew the secret of the person's calendar feed, revoking the old URL."""
    actions.calendar_secret(signed_in(request), renew=request.method == "POST")
    return HttpResponseRedirect("/follow-ups/")
