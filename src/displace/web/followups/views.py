"""Follow-ups: the person's list, adding one to a deal, marking one done, the calendar feed."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from displace.core.errors import DisplaceError
from displace.web import permissions
from displace.web.accounts.actions import calendar_secret
from displace.web.accounts.models import CalendarToken
from displace.web.bounds import parsed_date
from displace.web.followups import actions
from displace.web.followups.feed import calendar_for
from displace.web.formatting import error_text
from displace.web.requests import signed_in


@login_required
def follow_up_list(request: HttpRequest) -> HttpResponse:
    """Open follow-ups in the user's scope, oldest due first, and the calendar feed link."""
    follow_ups = permissions.visible_follow_ups(request.user).filter(done=False).select_related(
        "deal", "assignee", "created_by").order_by("due", "id")[:200]
    context = {"follow_ups": follow_ups, "today": timezone.localdate(),
               "calendar_secret": calendar_secret(signed_in(request))}
    return render(request, "followups/list.html", context)


@login_required
@require_POST
def add(request: HttpRequest, deal_id: int) -> HttpResponse:
    """Add a dated next step to one's own deal."""
    deal = permissions.require_deal_editor(request.user, deal_id)
    due = parsed_date(request.POST.get("due", ""))
    title = request.POST.get("title", "").strip()
    if due is None or not title:
        messages.error(request, _("A follow-up needs a title and a due date (YYYY-MM-DD)."))
    else:
        try:
            actions.add_follow_up(deal, title, due, by=signed_in(request))
        except DisplaceError as exc:
            messages.error(request, error_text(exc))
    return HttpResponseRedirect(reverse("deal", args=[deal.pk]) + "#follow-ups")


@login_required
@require_POST
def done(request: HttpRequest, follow_up_id: int) -> HttpResponse:
    """Mark a follow-up done: its assignee or the deal's owner."""
    follow_up = permissions.visible_follow_ups(request.user).select_related("deal").filter(
        pk=follow_up_id).first()
    if follow_up is None:
        raise Http404("No such follow-up.")
    if request.user.pk not in (follow_up.assignee_id, follow_up.deal.owner_id):
        permissions.require_deal_editor(request.user, follow_up.deal_id)
    actions.complete_follow_up(follow_up, by=signed_in(request))
    target = request.POST.get("next", "")
    safe = target.startswith("/") and not target.startswith("//")
    return HttpResponseRedirect(target if safe else reverse("follow-ups"))


@require_GET
def calendar_feed(request: HttpRequest, secret: str) -> HttpResponse:
    """The iCalendar feed behind a person's secret address; 404 for any other address."""
    token = CalendarToken.objects.select_related("user__profile").filter(secret=secret).first()
    if token is None or not token.user.is_active:
        raise Http404("No such calendar.")
    profile = permissions.profile_of(token.user)
    language = (profile.language if profile else "") or settings.LANGUAGE_CODE
    body = calendar_for(token.user, language=language, link=lambda f: request.build_absolute_uri(
        reverse("deal", args=[f.deal_id])))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="follow-ups.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response
