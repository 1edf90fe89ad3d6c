"""The admins' page for each team's reasons for closing deals, edited as text like the library's
catalogues: checked on save (the line and key of what is wrong), the shipped list by default."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from displace.core.outcomes import OUTCOMES, ReasonsError, shipped_reasons_text
from displace.web import permissions
from displace.web.accounts.models import Team
from displace.web.deals import actions
from displace.web.deals.models import OutcomeReasons, Stage
from displace.web.deals.outcomes import reasons_of
from displace.web.requests import signed_in

__all__ = ["reasons_page"]


@login_required
def reasons_page(request: HttpRequest) -> HttpResponse:
    """Admins only: the teams, and the chosen team's reasons as text and as they will read."""
    permissions.require_admin(request.user)
    teams = list(Team.objects.order_by("name"))
    edited = set(OutcomeReasons.objects.values_list("team_id", flat=True))
    team = _team(request.GET.get("team", ""), teams)
    error, content = "", ""
    if team is not None and request.method == "POST":
        content = request.POST.get("content", "")
        try:
            actions.save_outcome_reasons(team, content, by=signed_in(request))
        except ReasonsError as exc:
            error = exc.in_language((get_language() or "en")[:2])
        else:
            messages.success(request, _("Saved."))
            return HttpResponseRedirect(f"{reverse('outcome-reasons')}?team={team.pk}")
    elif team is not None:
        content = (OutcomeReasons.objects.filter(team=team).values_list("content", flat=True)
                   .first() or shipped_reasons_text())
    language = (get_language() or "en")[:2]
    listed = reasons_of(team.pk if team else None)
    context = {
        "teams": [(t, t.pk in edited) for t in teams], "team": team, "content": content,
        "error": error,
        "outcomes": [(Stage(o).label, [r.label(language) for r in listed.of(o)])
                     for o in OUTCOMES],
    }
    return render(request, "deals/reasons.html", context, status=400 if error else 200)


def _team(text: str, teams: list[Team]) -> Team | None:
    if not text:
        return None
    found = next((t for t in teams if str(t.pk) == text.strip()), None)
    if found is None:
        raise Http404("No such team.")
    return found
