"""Sign-in, sign-out, the language switch and the account page (API key, calendar address)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from displace.web.accounts import actions
from displace.web.accounts.models import ApiToken
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


@login_required
def account(request: HttpRequest) -> HttpResponse:
    """The person's API key (a new key is shown once, here) and calendar feed address."""
    user = signed_in(request)
    new_key = ""
    if request.method == "POST":
        if request.POST.get("api_token") == "revoke":
            actions.revoke_api_token(user)
        else:
            new_key = actions.issue_api_token(user)
    context = {"api_token": ApiToken.objects.filter(user=user).first(), "new_key": new_key,
               "calendar_secret": actions.calendar_secret(user)}
    return render(request, "accounts/account.html", context)
