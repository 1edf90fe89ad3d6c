"""The calibration report (managers, admins) and the team's weights: refit, accept, roll back
(admins only)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from displace.core.deal.weights import FAMILIES
from displace.core.forecast import ForecastError, explanations, message
from displace.web import permissions
from displace.web.accounts.models import Team
from displace.web.forecast import actions
from displace.web.forecast.charts import reliability_chart
from displace.web.forecast.models import WeightsChange, WeightsVersion
from displace.web.forecast.reports import team_calibration
from displace.web.forecast.weights import in_use
from displace.web.requests import signed_in

__all__ = ["accept", "calibration", "refit", "roll_back", "version", "weights"]


def _language() -> str:
    return (get_language() or "en")[:2]


def _chosen(teams: QuerySet[Team], wanted: str | None) -> Team:
    """The team asked for among `teams`, or the first of them by name; 404 when none."""
    if wanted:
        team = teams.filter(pk=int(wanted)).first() if wanted.isdigit() else None
    else:
        team = teams.order_by("name").first()
    if team is None:
        raise Http404("No such team.")
    return team


def _weights_url(team: Team) -> str:
    return f"{reverse('forecast-weights')}?team={team.pk}"


@login_required
@require_GET
def calibration(request: HttpRequest) -> HttpResponse:
    """Whose forecasts came true, the reps' or the evidence's: scores, chart and table."""
    permissions.require_manager(
        request.user, _("Only a manager or an admin can see the calibration report."))
    teams = permissions.forecast_teams(request.user).order_by("name")
    team = _chosen(teams, request.GET.get("team"))
    language = _language()
    report = team_calibration(team)
    context = {"team": team, "teams": teams, "report": report,
               "warnings": report.warnings(language),
               "chart": reliability_chart(report.team, language=language),
               "is_admin": permissions.is_admin(request.user)}
    return render(request, "forecast/calibration.html", context)


@login_required
@require_GET
def weights(request: HttpRequest) -> HttpResponse:
    """The team's weights: the version in use, every version, the history, the refit button."""
    permissions.require_admin(request.user)
    team = _chosen(Team.objects.all(), request.GET.get("team"))
    versions = WeightsVersion.objects.filter(team=team).select_related(
        "created_by", "accepted_by", "rolled_back_by")
    history = (WeightsChange.objects.filter(team=team).select_related("version", "by")
               .order_by("-at", "-id")[:50])
    context = {"team": team, "teams": Team.objects.order_by("name"), "versions": versions,
               "history": history, "in_use": in_use(team.pk)}
    return render(request, "forecast/weights.html", context)


@login_required
@require_POST
def refit(request: HttpRequest) -> HttpResponse:
    """Refit the team's weights on its closed deals and show the proposal (not yet in use)."""
    permissions.require_admin(request.user)
    team = _chosen(Team.objects.all(), request.POST.get("team"))
    try:
        proposed = actions.propose_refit(team, by=signed_in(request))
    except ForecastError as exc:
        messages.error(request, exc.in_language(_language()))
        return HttpResponseRedirect(_weights_url(team))
    return HttpResponseRedirect(reverse("forecast-version", args=[proposed.pk]))


@login_required
@require_GET
def version(request: HttpRequest, version_id: int) -> HttpResponse:
    """One version: old against new on held-out folds, which weights moved and why."""
    permissions.require_admin(request.user)
    shown = get_object_or_404(WeightsVersion.objects.select_related("team"), pk=version_id)
    language = _language()
    scores: dict[str, Any] = shown.scores or {}
    context = {"version": shown, "team": shown.team, "scores": scores,
               "explanations": explanations(scores, language) if scores else [],
               "families": _families(scores, language), "in_use": in_use(shown.team_id)}
    return render(request, "forecast/version.html", context)


def _families(scores: dict[str, Any], language: str) -> list[dict[str, Any]]:
    """Per family: its name, the multiplier in use when refitted and the refitted one."""
    current, new = scores.get("current", {}), scores.get("multipliers", {})
    moved = set(scores.get("moved", ()))
    return [{"name": message(f"family.{f}", language), "current": current.get(f, 1.0),
             "new": new.get(f, 1.0), "moved": f in moved} for f in FAMILIES]


@login_required
@require_POST
def accept(request: HttpRequest, version_id: int) -> HttpResponse:
    """Put the version in use; the team's open deals are re-assessed in the background."""
    permissions.require_admin(request.user)
    chosen = get_object_or_404(WeightsVersion.objects.select_related("team"), pk=version_id)
    actions.accept_version(chosen, by=signed_in(request))
    messages.success(request, _("Version %(number)s is in use for %(team)s; its open deals are "
                                "being re-assessed.") % {"number": chosen.number,
                                                          "team": chosen.team.name})
    return HttpResponseRedirect(_weights_url(chosen.team))


@login_required
@require_POST
def roll_back(request: HttpRequest) -> HttpResponse:
    """Take the version in use out of use: the one before it, or the shipped weights, apply."""
    permissions.require_admin(request.user)
    team = _chosen(Team.objects.all(), request.POST.get("team"))
    try:
        rolled = actions.roll_back(team, by=signed_in(request))
    except actions.NothingToRollBack:
        messages.error(request, _("%(team)s already uses the shipped weights: there is nothing "
                                  "to roll back.") % {"team": team.name})
        return HttpResponseRedirect(_weights_url(team))
    now = in_use(team.pk)
    messages.success(request, _("Version %(number)s is rolled back; %(team)s now uses %(now)s; "
                                "its open deals are being re-assessed.") % {
        "number": rolled.number, "team": team.name,
        "now": _("version %(number)s") % {"number": now.number} if now
        else _("the shipped weights")})
    return HttpResponseRedirect(_weights_url(team))
