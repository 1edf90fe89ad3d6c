"""A team's export, for its manager or an admin: the page that offers it and the download."""

from __future__ import annotations

import tempfile
from typing import IO

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from displace.core.errors import DisplaceError
from displace.web import permissions
from displace.web.accounts.models import Team
from displace.web.archive.bundle import ArchiveWriter
from displace.web.archive.team_export import write_team_export

__all__ = ["download_team_export", "team_exports"]


@login_required
@require_GET
def team_exports(request: HttpRequest) -> HttpResponse:
    """The teams the person may export: their own for a manager, every team for an admin."""
    permissions.require_manager(
        request.user, _("Only a manager or an admin can export a team's data."))
    teams = permissions.exportable_teams(request.user).order_by("name")
    return render(request, "archive/exports.html", {"teams": teams})


@login_required
@require_GET
def download_team_export(request: HttpRequest, team_id: int) -> HttpResponseBase:
    """The team's archive (.zip), written as it is asked for."""
    team = permissions.exportable_teams(request.user).filter(pk=team_id).first()
    if team is None:
        raise Http404("No such team.")
    try:
        archive = _archive_of(team)
    except DisplaceError as exc:  # a deal whose stored deal file no longer validates
        messages.error(request, _("The export stopped: %(reason)s") % {"reason": exc})
        return HttpResponseRedirect(reverse("team-exports"))
    name = f"displace-team-{slugify(team.name) or team.pk}-{timezone.localdate():%Y%m%d}.zip"
    return FileResponse(archive, as_attachment=True, filename=name,
                        content_type="application/zip")


def _archive_of(team: Team) -> IO[bytes]:
    """The team's export in a temporary file, rewound (it goes when the response closes it)."""
    archive = tempfile.TemporaryFile(prefix="displace-team-")  # noqa: SIM115
    try:
        with ArchiveWriter(archive) as writer:
            write_team_export(team, writer)
    except BaseException:
        archive.close()
        raise
    archive.seek(0)
    return archive
