"""/api/deals/import, /api/deals/imports/{id} and /api/deals/export: deals from and to a CRM.

An import is previewed (`dry_run`), refused with its per-row errors (400) unless `good_rows`,
or queued (202) as on the page, with its progress at /api/deals/imports/{id}.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from displace.core.crm import RowError
from displace.core.limits import limit
from displace.web import permissions
from displace.web.api.auth import caller
from displace.web.api.errors import TooLarge
from displace.web.api.schemas import ERRORS, Error, LanguageCode, RecordId
from displace.web.crm import actions, progress
from displace.web.crm.exporting import export_csv, export_file_name, exported_deals
from displace.web.crm.models import CrmImport
from displace.web.crm.planning import Plan, PlannedRow, team_people

__all__ = ["router"]

router = Router(tags=["crm"])

CrmName = Literal["hubspot", "salesforce", "pipedrive", "generic"]
# The good rows a preview lists; the counts cover them all.
SAMPLE_ROWS = 20


class RowErrorOut(Schema):
    line: int = Field(description="The line in the file (the header is line 1).")
    field: str = Field(description="The field whose cell is wrong; empty for the whole row.")
    value: str = Field(description="The cell as written.")
    message: str


class RowOut(Schema):
    line: int
    crm_id: str
    name: str
    amount: Decimal | None
    currency: str
    stage: str = Field(description="The Displace stage it maps to.")
    crm_stage: str
    close_date: date | None
    owner: str | None = Field(description="The username who will own it; null: an update that "
                                          "keeps the deal's owner.")
    company: str
    incumbent: str
    deal_id: int | None = Field(description="The deal it updates; null for a new deal.")


class PreviewOut(Schema):
    file: str
    crm: str
    team: str
    total: int = Field(description="Rows in the file.")
    new: int = Field(description="Good rows that become new deals.")
    updated: int = Field(description="Good rows that update a deal imported before.")
    error_rows: int = Field(description="Rows with at least one error.")
    columns: dict[str, str | None] = Field(description="Each field and the column read for it.")
    stages: dict[str, str | None] = Field(description="Each CRM stage in the file and the "
                                                      "Displace stage it maps to (null: none).")
    errors: list[RowErrorOut]
    rows: list[RowOut] = Field(description=f"The first {SAMPLE_ROWS} good rows.")


class ImportOut(Schema):
    id: int
    state: Literal["preview", "queued", "running", "done", "failed"]
    error: str = Field(description="Why it failed, in the importer's language; else empty.")
    total: int = Field(description="Rows to store.")
    done: int = Field(description="Rows stored so far (committed together at the end).")
    created: int
    updated: int
    skipped: int = Field(description="Rows with errors, left out (good_rows).")
    created_at: datetime
    finished_at: datetime | None


class RefusedOut(Schema):
    detail: str
    preview: PreviewOut


@router.post("/import",
             response={200: PreviewOut, 202: ImportOut, 400: RefusedOut | Error, 401: Error,
                       403: Error, 413: Error},
             summary="Import deals from a CRM export")
def import_deals(
    request: HttpRequest, file: File[UploadedFile], crm: Form[CrmName],
    team: Form[int | None] = None, stages: Form[str] = "", columns: Form[str] = "",
    default_owner: Form[str] = "", industry: Form[str] = "",
    currency: Form[Literal["", "VND", "USD"]] = "", good_rows: Form[bool] = False,
    dry_run: Form[bool] = False, lang: Form[LanguageCode | None] = None,
) -> Status[Any]:
    """A CSV file as the CRM wrote it (multipart/form-data). `stages` and `columns` are JSON
    objects ({"CRM stage": "gap"}, {"owner": "Deal owner"}); `default_owner` a username of the
    team. `dry_run`: the preview (200). Errors and no `good_rows`: 400 with the preview and
    nothing stored. Otherwise 202: the import is queued; follow it at /api/deals/imports/{id}.
    A rep imports their own deals into their team; a manager into theirs; an admin names
    `team`."""
    user = caller(request)
    language = lang or _language(user)
    content = file.read(limit("crm.bytes") + 1)
    if len(content) > limit("crm.bytes"):
        raise TooLarge(f"{file.name}: the file is larger than {limit('crm.bytes'):,} bytes.")
    chosen = _team(user, team)
    found = actions.create_import(
        by=user, team=chosen, crm=crm, file_name=file.name or "deals.csv", content=content,
        columns=_object(columns, "columns"), stages=_object(stages, "stages"),
        industry=industry, currency=currency, default_owner=_owner(chosen, default_owner),
        language=language, replace_previews=False)
    plan = actions.plan_of(found)
    if dry_run or (plan.errors and not good_rows):
        found.delete()  # a preview through the API is not kept
        preview = _preview(plan)
        if dry_run:
            return Status(200, preview)
        return Status(400, {"detail": actions.refusal(plan), "preview": preview})
    found = actions.start_import(found, by=user, good_rows=good_rows)
    return Status(202, _import(found))


@router.get("/imports/{import_id}", response={200: ImportOut, **ERRORS},
            summary="An import's progress")
def get_import(request: HttpRequest, import_id: RecordId) -> dict[str, Any]:
    """Its state, rows done of total, and what it did once done; 404 outside your scope."""
    return _import(permissions.visible_crm_import(caller(request), import_id))


@router.get("/export", response={400: Error, 401: Error},
            summary="Export deals for a CRM",
            # The 200 answer is CSV, not JSON: described here, not in `response`.
            openapi_extra={"responses": {200: {
                "description": "CSV in the CRM's import shape (UTF-8 with a byte-order mark)",
                "content": {"text/csv": {"schema": {"type": "string"}}}}}})
def export_deals(request: HttpRequest, crm: CrmName,
                 team: RecordId | None = None) -> HttpResponse:
    """The deals you may see (one team's with `team`), as the CRM's import file, with
    Displace's win probability, readiness and the incumbent as extra columns."""
    deals = exported_deals(caller(request), team_id=team)
    response = HttpResponse(export_csv(deals, crm), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{export_file_name(crm, timezone.localdate())}"')
    return response


def _team(user: User, team_id: int | None) -> Any:
    teams = permissions.crm_import_teams(user)
    if team_id is not None:
        found = teams.filter(pk=team_id).first()
        if found is None:
            raise actions.ImportRefused(f"team {team_id}: not a team you can import into.")
        return found
    mine = list(teams[:2])
    if len(mine) != 1:
        raise actions.ImportRefused("team: name the team the deals go to (its id)." if mine
                                    else "You are on no team: an admin adds you to one first.")
    return mine[0]


def _owner(team: Any, username: str) -> User | None:
    if not username:
        return None
    found = next((u for u in team_people(team) if u.get_username() == username), None)
    if found is None:
        raise actions.ImportRefused(f"default_owner {username!r}: nobody of that username is "
                                    f"on team {team.name}.")
    return found


def _object(text: str, name: str) -> dict[str, str]:
    if not text.strip():
        return {}
    try:
        value = json.loads(text)
    except ValueError:
        value = None
    if not isinstance(value, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise actions.ImportRefused(f'{name}: expected a JSON object of texts, such as '
                                    f'{{"Closed Won": "won"}}.')
    return value


def _language(user: User) -> str:
    profile = permissions.profile_of(user)
    return (profile.language if profile and profile.language else "en")


def _preview(plan: Plan) -> dict[str, Any]:
    return {
        "file": plan.file_name, "crm": plan.choices.crm, "team": plan.team.name,
        "total": plan.total, "new": plan.new, "updated": plan.updated,
        "error_rows": plan.bad_rows, "columns": dict(plan.columns), "stages": dict(plan.stages),
        "errors": [_error(e) for e in plan.errors],
        "rows": [_row(p) for p in plan.rows[:SAMPLE_ROWS]],
    }


def _error(error: RowError) -> dict[str, Any]:
    return {"line": error.line, "field": error.field, "value": error.value,
            "message": error.message}


def _row(planned: PlannedRow) -> dict[str, Any]:
    row = planned.row
    return {"line": row.line, "crm_id": row.crm_id, "name": row.name, "amount": row.amount,
            "currency": row.currency, "stage": row.stage, "crm_stage": row.crm_stage,
            "close_date": row.close_date, "company": row.company, "incumbent": row.incumbent,
            "owner": planned.owner.get_username() if planned.owner else None,
            "deal_id": planned.deal_id}


def _import(found: CrmImport) -> dict[str, Any]:
    return {"id": found.pk, "state": found.state, "error": found.error, "total": found.total,
            "done": progress.rows_done(found), "created": found.created,
            "updated": found.updated, "skipped": found.skipped,
            "created_at": found.created_at, "finished_at": found.finished_at}

