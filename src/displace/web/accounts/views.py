"""Sign-in, sign-out, the language switch, the account page (API key, calendar address) and
the person's own password."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from displace.web import permissions
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
    if request.method == "POST" and "digest_form" in request.POST:
        return _save_digest(request, user)
    if request.method == "POST":
        if request.POST.get("api_token") == "revoke":
            actions.revoke_api_token(user)
        else:
            new_key = actions.issue_api_token(user)
    context = {"api_token": ApiToken.objects.filter(user=user).first(), "new_key": new_key,
               "calendar_secret": actions.calendar_secret(user),
               "profile": permissions.profile_of(user)}
    return render(request, "accounts/account.html", context)


def _save_digest(request: HttpRequest, user: User) -> HttpResponse:
    """The daily digest on or off, and the address it goes to (checked before saving)."""
    email = request.POST.get("email", "").strip()
    try:
        validate_email(email) if email else None
    except ValidationError:
        messages.error(request, _("E-mail address: expected an address like lan@example.com."))
        return HttpResponseRedirect(reverse("account") + "#digest")
    wanted = request.POST.get("digest") == "on"
    actions.set_digest(user, wanted=wanted, email=email)
    messages.success(request, _("The daily digest is on.") if wanted and email
                     else _("The daily digest is on; add your e-mail address to receive it.")
                     if wanted else _("The daily digest is off."))
    return HttpResponseRedirect(reverse("account") + "#digest")


@login_required
def change_password(request: HttpRequest) -> HttpResponse:
    """The person's own password: the current one, then a new one twice, rules applied."""
    user = signed_in(request)
    form = PasswordChangeForm(user, request.POST if request.method == "POST" else None)
    if form.is_valid():
        actions.set_password(user, form.cleaned_data["new_password1"])
        update_session_auth_hash(request, user)  # this session stays; the others end
        messages.success(request, _("Your password has been changed."))
        return HttpResponseRedirect(reverse("account"))
    return render(request, "accounts/password.html", {"form": form})


def locked_out(request: HttpRequest, response: HttpResponse | None,
               credentials: dict[str, object] | None) -> HttpResponse:
    """What django-axes answers a locked-out sign-in, the right password included (429)."""
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT,
               "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)}
    return render(request, "accounts/locked.html", context, status=429)
