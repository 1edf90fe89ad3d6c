"""The library listing, and the admins' editor."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from displace.core.errors import DisplaceError
from displace.web import permissions
from displace.web.accounts.models import Role
from displace.web.formatting import error_text
from displace.web.library import actions
from displace.web.requests import signed_in


@login_required
def library(request: HttpRequest) -> HttpResponse:
    """Catalogues, playbooks and rule packs, by section; the team's examples for the coach."""
    files = actions.library_files()
    sections = [(s, [f for f in files if f.section == s]) for s in actions.SECTIONS]
    examples = permissions.visible_examples(request.user).select_related(
        "team", "added_by", "confirmed_by").order_by("-status", "-added_at", "-id")
    role = permissions.role_of(request.user)
    context = {
        "sections": sections,
        "can_edit": permissions.is_admin(request.user),
        "examples": list(examples),  # the team's: suggested first, then newest
        # A manager sees only the team's examples, so may confirm every one shown.
        "can_confirm": role in (Role.MANAGER, Role.ADMIN),
        "can_remove": permissions.can_remove_examples(request.user),
        "show_team": role == Role.ADMIN,
    }
    return render(request, "library/library.html", context)


@login_required
def edit(request: HttpRequest) -> HttpResponse:
    """Admins only: read and save one library file."""
    permissions.require_admin(request.user)
    path = request.GET.get("path", "")
    error = ""
    try:
        if request.method == "POST":
            content = request.POST.get("content", "")
            actions.save_entry(path, content, by=signed_in(request))
            messages.success(request, _("Saved."))
            return HttpResponseRedirect(reverse("library"))
        content = actions.read_entry(path)
    except actions.LibraryError as exc:
        error = error_text(exc)  # shown above the text the admin typed, which is kept
    except DisplaceError:
        raise Http404("No such library file.") from None
    context = {"path": path, "content": content, "error": error}
    return render(request, "library/edit.html", context, status=400 if error else 200)
