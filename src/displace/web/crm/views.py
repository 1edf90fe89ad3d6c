"""Import deals from a CRM (upload → preview → import, with progress) and export them for one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from displace.core.crm import CRMS, FIELDS, load_preset
from displace.core.errors import DisplaceError
from displace.web import permissions
from displace.web.accounts.models import Team
from displace.web.crm import actions, progress
from displace.web.crm.exporting import export_csv, export_file_name, exported_deals
from displace.web.crm.models import CrmImport, ImportState
from displace.web.crm.planning import Plan, known_industries, team_people
from displace.web.deals.models import Stage
from displace.web.formatting import error_text, reader_language
from displace.web.requests import is_htmx, signed_in

# The good rows and the errors the preview shows; the rest are counted.
PREVIEW_ROWS = 20
PREVIEW_ERRORS = 200
CURRENCIES = ("VND", "USD")

# What each field of a CRM row is, for the preview's column table.
FIELD_LABELS = {
    "crm_id": gettext_lazy("Record id in the CRM"),
    "name": gettext_lazy("Deal name"),
    "amount": gettext_lazy("Amount"),
    "currency": gettext_lazy("Currency"),
    "stage": gettext_lazy("Stage"),
    "close_date": gettext_lazy("Close date"),
    "owner": gettext_lazy("Owner (e-mail or name)"),
    "company": gettext_lazy("Company (the prospect)"),
    "incumbent": gettext_lazy("Incumbent supplier"),
    "industry": gettext_lazy("Industry"),
    "status": gettext_lazy("Status (open, won, lost)"),
}


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    """Choose a CRM's deal export, the CRM it comes from and the team it goes to."""
    user = signed_in(request)
    teams = list(permissions.crm_import_teams(user).order_by("name"))
    if request.method == "POST":
        team = next((t for t in teams if str(t.pk) == request.POST.get("team", "")),
                    teams[0] if len(teams) == 1 else None)
        file = request.FILES.get("file")
        try:
            found = _create(request, user, team, file)
        except DisplaceError as exc:
            messages.error(request, error_text(exc))
        else:
            return HttpResponseRedirect(reverse("crm-import", args=[found.pk]))
    language = translation.get_language() or "en"
    context = {"teams": teams, "crms": _crms(), "industries": known_industries(),
               "currencies": CURRENCIES, "default_currency": "VND" if language == "vi" else "USD"}
    return render(request, "crm/upload.html", context, status=400 if request.method == "POST"
                  else 200)


@login_required
def import_page(request: HttpRequest, import_id: int) -> HttpResponse:
    """The preview (columns, stages, counts, errors, the first good rows), then the progress
    of the import and what it did."""
    found = permissions.visible_crm_import(request.user, import_id)
    context = _context(request, found)
    return render(request, "crm/import.html", context)


@login_required
@require_POST
def choose(request: HttpRequest, import_id: int) -> HttpResponse:
    """Change the preview's columns, stage mapping, default owner, industry or currency."""
    found = permissions.visible_crm_import(request.user, import_id)
    post = request.POST
    refused = ""
    try:
        actions.update_choices(
            found, by=signed_in(request),
            columns={f: post[f"column-{f}"] for f in FIELDS if f"column-{f}" in post},
            stages=_stage_choices(request), default_owner=_default_owner(request, found.team),
            industry=post.get("industry"), currency=post.get("currency"))
    except DisplaceError as exc:
        refused = error_text(exc)
    if is_htmx(request):
        context = {**_context(request, found), "refused": refused}
        return render(request, "crm/import.html#preview", context)
    if refused:
        messages.error(request, refused)
    return HttpResponseRedirect(reverse("crm-import", args=[found.pk]))


@login_required
@require_POST
def start(request: HttpRequest, import_id: int) -> HttpResponse:
    """Start the import: all rows, or with `good_rows` the rows without errors."""
    found = permissions.visible_crm_import(request.user, import_id)
    try:
        actions.start_import(found, by=signed_in(request),
                             good_rows=request.POST.get("good_rows") == "1")
    except DisplaceError as exc:
        messages.error(request, error_text(exc))
    return HttpResponseRedirect(reverse("crm-import", args=[found.pk]))


@login_required
def import_state(request: HttpRequest, import_id: int) -> HttpResponse:
    """The import's progress, polled by the page (HTMX) until it has finished."""
    found = permissions.visible_crm_import(request.user, import_id)
    if not is_htmx(request):
        return HttpResponseRedirect(reverse("crm-import", args=[found.pk]))
    return render(request, "crm/import.html#state", _state_context(found))


@login_required
@require_GET
def export(request: HttpRequest) -> HttpResponse:
    """The deals the person sees, as a CRM's import file (CSV); without ?crm=, the form."""
    user = signed_in(request)
    # An admin sees every team's deals and may want one team's only.
    teams = (list(permissions.crm_import_teams(user).order_by("name"))
             if permissions.is_admin(user) else [])
    crm = request.GET.get("crm", "")
    if crm not in CRMS:
        return render(request, "crm/export.html", {"crms": _crms(), "teams": teams})
    team_id = request.GET.get("team", "")
    chosen = int(team_id) if team_id.isdigit() and len(team_id) < 19 else None
    deals = exported_deals(user, team_id=chosen)
    response = HttpResponse(export_csv(deals, crm), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{export_file_name(crm, timezone.localdate())}"')
    return response


def _create(request: HttpRequest, user: User, team: Team | None, file: object) -> CrmImport:
    from django.core.files.uploadedfile import UploadedFile

    from displace.core.limits import limit

    if team is None:
        raise actions.ImportRefused(_("Choose the team the deals go to."))
    if not isinstance(file, UploadedFile):
        raise actions.ImportRefused(_("Choose the CSV file your CRM exported."))
    most = limit("crm.bytes")
    content = file.read(most + 1)
    return actions.create_import(
        by=user, team=team, crm=request.POST.get("crm", ""), file_name=file.name or "",
        content=content, industry=request.POST.get("industry", ""),
        currency=request.POST.get("currency", ""), default_owner=_default_owner(request, team),
        language=translation.get_language() or "en")


def _stage_choices(request: HttpRequest) -> dict[str, str]:
    """The stage table's menus: `crm-stage-N` names a CRM stage, `stage-N` its Displace stage."""
    post = request.POST
    prefix = "crm-stage-"
    return {post[key]: post[f"stage-{key[len(prefix):]}"] for key in post
            if key.startswith(prefix) and f"stage-{key[len(prefix):]}" in post}


def _crms() -> list[tuple[str, str]]:
    vietnamese = reader_language() == "vi"
    return [(code, (vietnamese and load_preset(code).label_vi) or load_preset(code).label or code)
            for code in CRMS]


def _default_owner(request: HttpRequest, team: Team) -> User | None:
    chosen = request.POST.get("default_owner", "")
    if not chosen.isdigit():
        return None
    return next((u for u in team_people(team) if u.pk == int(chosen)), None)


def _context(request: HttpRequest, found: CrmImport) -> dict[str, object]:
    context: dict[str, object] = {"found": found, **_state_context(found),
                                  "crm_label": dict(_crms()).get(found.crm, found.crm)}
    if found.state != ImportState.PREVIEW:
        return context
    try:
        plan: Plan | None = actions.plan_of(found)
    except DisplaceError as exc:
        plan = None
        context["file_error"] = error_text(exc)
    user = signed_in(request)
    context.update({
        "plan": plan,
        "is_mine": found.by_id == user.pk,
        "for_others": permissions.can_import_for_others(user),
        "people": team_people(found.team),
        "industries": known_industries(),
        "displace_stages": Stage.choices,
        "currencies": CURRENCIES,
    })
    if plan is not None:
        context.update({
            "column_rows": [(f, FIELD_LABELS.get(f, f), plan.columns.get(f)) for f in FIELDS],
            "errors": plan.errors[:PREVIEW_ERRORS],
            "more_errors": max(0, len(plan.errors) - PREVIEW_ERRORS),
            "stage_rows": list(plan.stages.items()),
            "good_rows": plan.rows[:PREVIEW_ROWS],
            "more_rows": max(0, len(plan.rows) - PREVIEW_ROWS),
        })
    return context


def _state_context(found: CrmImport) -> dict[str, object]:
    return {"found": found, "rows_done": progress.rows_done(found),
            "stalled": actions.stalled(found)}
