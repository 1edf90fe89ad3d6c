"""The admin's People page: everyone's role, team and state, password resets, deactivation,
and the accounts and addresses locked out of signing in, with a button to unlock each."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from displace.core.errors import DisplaceError
from displace.web import permissions
from displace.web.accounts import actions, lockouts
from displace.web.formatting import error_text
from displace.web.requests import signed_in

__all__ = ["people_page", "reset_password", "set_active", "unlock"]


@login_required
def people_page(request: HttpRequest) -> HttpResponse:
    """Everyone who can sign in (or could), and who is locked out now."""
    permissions.require_admin(request.user)
    locked = lockouts.locked_usernames()
    locked_by_name = {lockout.who: lockout for lockout in locked}
    users = User.objects.select_related("profile__team").order_by("username")
    context = {
        "rows": [(user, locked_by_name.get(user.username)) for user in users],
        "locked_accounts": locked,
        "locked_addresses": lockouts.locked_addresses(),
    }
    return render(request, "accounts/people.html", context)


@login_required
@require_POST
def reset_password(request: HttpRequest, user_id: int) -> HttpResponse:
    """An admin gives someone a new password (typed twice), under the same rules as everyone."""
    permissions.require_admin(request.user)
    user = get_object_or_404(User, pk=user_id)
    form = SetPasswordForm(user, request.POST)
    if form.is_valid():
        actions.set_password(user, form.cleaned_data["new_password1"])
        messages.success(request, _("New password set for %(name)s.") % {"name": user.username})
    else:
        reasons = " ".join(str(error) for errors in form.errors.values() for error in errors)
        messages.error(request, _("Password for %(name)s not changed: %(reasons)s")
                       % {"name": user.username, "reasons": reasons})
    return HttpResponseRedirect(reverse("people"))


@login_required
@require_POST
def set_active(request: HttpRequest, user_id: int) -> HttpResponse:
    """Deactivate someone (signed out at once, API key withdrawn) or let them back in."""
    permissions.require_admin(request.user)
    user = get_object_or_404(User, pk=user_id)
    try:
        if request.POST.get("active") == "1":
            actions.activate_user(user)
            messages.success(request, _("%(name)s can sign in again.") % {"name": user.username})
        else:
            actions.deactivate_user(user, by=signed_in(request))
            messages.success(request, _("%(name)s is deactivated.") % {"name": user.username})
    except DisplaceError as exc:
        messages.error(request, error_text(exc))
    return HttpResponseRedirect(reverse("people"))


@login_required
@require_POST
def unlock(request: HttpRequest) -> HttpResponse:
    """Lift the lock-out on an account or an address before its time runs out."""
    permissions.require_admin(request.user)
    username = request.POST.get("username", "")[:150]
    address = request.POST.get("address", "")[:45]
    try:
        actions.unlock(username=username, address=address)
    except DisplaceError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Unlocked %(who)s.") % {"who": username or address})
    return HttpResponseRedirect(reverse("people"))
