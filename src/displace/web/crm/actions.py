"""Every write of a CRM import: keep the uploaded file and the preview's choices, start the job,
store the deals, record the outcome.

The deals are stored in one transaction: every row or none. New rows become deals through
`deals.actions.import_deal`; a row whose CRM record (or, in a file without ids, whose name) is
a deal of the team already updates that deal's name, value, currency, stage, close date, owner,
company and incumbent through `deals.actions.update_from_crm`, which never touches its
evidence. The unique CRM id per team keeps two imports running at once from storing a record
twice. Assessing thousands of deals takes longer than storing them, so it runs afterwards, in
background jobs that make way for people's uploads.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from displace.core.crm import CRMS, Preset, find_columns, load_preset, read_table
from displace.core.errors import DisplaceError, InputError
from displace.core.limits import limit
from displace.web import jobs, permissions
from displace.web.accounts.models import Profile, Team
from displace.web.bounds import checked_text
from displace.web.crm import progress
from displace.web.crm.models import CrmImport, ImportState
from displace.web.crm.planning import (
    Choices,
    Plan,
    PlannedRow,
    deal_key,
    known_industries,
    plan_import,
)
from displace.web.deals import actions as deal_actions
from displace.web.deals.models import Deal, Stage

__all__ = [
    "ASSESS_CHUNK",
    "ImportRefused",
    "Stored",
    "assess_deals",
    "check_choices",
    "choices_of",
    "create_import",
    "plan_of",
    "refusal",
    "run_import",
    "stalled",
    "start_import",
    "store_plan",
    "update_choices",
]

logger = logging.getLogger("displace.jobs")

# Deals per assessment job after an import: a few seconds of work, so that a person's upload
# waiting behind them is analysed soon.
ASSESS_CHUNK = 200
# Rows stored together (new deals in a few queries), after which the progress people see is
# brought up to date.
CHUNK_ROWS = 250
# How long a preview never started is kept, with its file.
PREVIEW_KEPT = timedelta(days=1)


class ImportRefused(InputError):
    """An import that cannot start or go on: errors without the choice of good rows, no rows,
    a choice out of the person's scope."""


@dataclass(frozen=True)
class Stored:
    """What an import did: deals created and updated, rows that changed nothing."""

    created: int
    updated: int
    unchanged: int
    deal_ids: tuple[int, ...]  # created or changed, whose assessment is queued


def create_import(*, by: User, team: Team, crm: str, file_name: str, content: bytes,
                  columns: Mapping[str, str] | None = None,
                  stages: Mapping[str, str] | None = None, industry: str = "",
                  currency: str = "", default_owner: User | None = None,
                  language: str = "en", replace_previews: bool = True) -> CrmImport:
    """Keep an uploaded CRM export and its choices for its preview; nothing is imported yet.

    With `replace_previews`, the person's earlier previews, never started, are dropped: one
    file at a time on the page.
    """
    check_choices(Choices(crm=crm, default_owner=default_owner, industry=industry,
                          currency=currency), team=team, by=by)
    most = limit("crm.bytes")
    if len(content) > most:
        raise ImportRefused(_("%(name)s: the file is %(size)s bytes; the limit is %(limit)s.")
                            % {"name": file_name, "size": f"{len(content):,}",
                               "limit": f"{most:,}"})
    name = checked_text(file_name, "conversation.title", _("file name")) or "deals.csv"
    read_table(content, name, language=language[:2])  # a file that is no CSV stops here
    with transaction.atomic():
        if replace_previews:
            CrmImport.objects.filter(by=by, state=ImportState.PREVIEW).delete()
        # Nobody's preview waits for more than a day: the file is in it.
        CrmImport.objects.filter(state=ImportState.PREVIEW,
                                 created_at__lt=timezone.now() - PREVIEW_KEPT).delete()
        return CrmImport.objects.create(
            by=by, team=team, crm=crm, file_name=name, content=content, industry=industry,
            currency=currency, default_owner=default_owner, language=language[:2] or "en",
            columns={f: h for f, h in (columns or {}).items()},
            stages={s: v for s, v in (stages or {}).items()})


def update_choices(found: CrmImport, *, by: User, columns: Mapping[str, str] | None = None,
                   stages: Mapping[str, str] | None = None,
                   default_owner: User | None = None, industry: str | None = None,
                   currency: str | None = None) -> CrmImport:
    """Change the preview's column and stage mapping, default owner, industry or currency."""
    _check_preview(found, by)
    check_choices(Choices(crm=found.crm, default_owner=default_owner, industry=industry or "",
                          currency=currency or ""), team=found.team, by=by)
    if columns is not None:
        # A column the file does not have is refused now (CrmError), not kept to fail later.
        table = read_table(bytes(found.content), found.file_name, language=found.language)
        find_columns(table, load_preset(found.crm), columns, language=found.language)
        found.columns = dict(columns)  # "" for a field read from no column
    if stages is not None:
        found.stages = {s: v for s, v in stages.items() if v in Stage.values}
    found.default_owner = default_owner
    if industry is not None:
        found.industry = industry
    if currency is not None:
        found.currency = currency
    found.save(update_fields=["columns", "stages", "default_owner", "industry", "currency"])
    return found


def start_import(found: CrmImport, *, by: User, good_rows: bool = False) -> CrmImport:
    """Queue the import of a previewed file. A file with errors is refused unless `good_rows`
    says to store the rows without any; a file without a good row is refused."""
    _check_preview(found, by)
    plan = plan_of(found)
    _check_plan(plan, good_rows)
    with transaction.atomic():
        CrmImport.objects.filter(pk=found.pk).update(
            state=ImportState.QUEUED, good_rows=good_rows, total=len(plan.rows), done=0,
            error="")
        _queue(found)
    found.refresh_from_db()  # inline, the job has run already
    return found


def run_import(import_id: int) -> str:
    """The import job: plan the stored file again, store its rows in one transaction, record
    what it did. A failure stores no deal, only the state and its reason, in the language of
    the person who started it. Returns what became of it."""
    found = (CrmImport.objects.select_related("team", "by", "default_owner")
             .filter(pk=import_id).first())
    if found is None or found.state != ImportState.QUEUED:
        return "nothing to do"  # deleted meanwhile, or run already
    CrmImport.objects.filter(pk=found.pk).update(state=ImportState.RUNNING)
    found.state = ImportState.RUNNING
    with translation.override(found.language):
        try:
            plan = plan_of(found)
            _check_plan(plan, found.good_rows)
            CrmImport.objects.filter(pk=found.pk).update(total=len(plan.rows))
            stored = store_plan(plan, by=found.by, report=lambda n: progress.write(found.pk, n))
        except DisplaceError as exc:
            _mark_failed(found, str(exc))
            return "failed"
        except Exception as exc:
            _mark_failed(found, _(
                "The import stopped on an internal error (%(error)s); no deal was stored. "
                "Upload the file again; if it fails again, tell your admin.")
                % {"error": type(exc).__name__})
            raise  # the task's own record and the log keep the traceback
        finally:
            progress.clear(found.pk)
    CrmImport.objects.filter(pk=found.pk).update(
        state=ImportState.DONE, done=len(plan.rows), created=stored.created,
        updated=stored.updated, skipped=plan.bad_rows, finished_at=timezone.now(),
        content=b"")  # the file is in the deals now; an import is not run twice
    return "done"


def store_plan(plan: Plan, *, by: User | None,
               report: Callable[[int], object] | None = None) -> Stored:
    """Store the plan's good rows in one transaction, then queue their deals' assessment;
    `by` None is the command line; `report(rows_done)` is called as the rows are stored."""
    try:
        stored = _store(plan, by, report)
    except IntegrityError:
        # Another import stored one of these records between our look and our write (the
        # unique CRM id refused the second copy, and this transaction stored nothing): look
        # again, and those rows update the deals it made.
        stored = _store(plan, by, report)
    assess_deals(stored.deal_ids)
    return stored


def assess_deals(deal_ids: tuple[int, ...] | list[int]) -> None:
    """Queue the assessment of these deals, a chunk per job, behind people's own jobs."""
    from displace.web.crm.tasks import assess_imported_deals

    task = assess_imported_deals
    if _backend_supports_priority():
        task = task.using(priority=-10)
    for start in range(0, len(deal_ids), ASSESS_CHUNK):
        jobs.enqueue(task, list(deal_ids[start:start + ASSESS_CHUNK]))


def plan_of(found: CrmImport) -> Plan:
    """The stored file's preview with the choices made so far."""
    return plan_import(bytes(found.content), found.file_name, choices_of(found),
                       team=found.team, by=found.by, language=found.language)


def choices_of(found: CrmImport) -> Choices:
    """The choices stored with an import."""
    return Choices(crm=found.crm, columns=dict(found.columns), stages=dict(found.stages),
                   default_owner=found.default_owner, industry=found.industry,
                   currency=found.currency)


def _store(plan: Plan, by: User | None, report: Callable[[int], object] | None) -> Stored:
    created = updated = unchanged = 0
    touched: list[int] = []
    competitors = deal_actions.CompetitorCache()
    preset = load_preset(plan.choices.crm)
    with transaction.atomic():
        existing = _existing(plan)
        for start in range(0, len(plan.rows), CHUNK_ROWS):
            chunk = plan.rows[start:start + CHUNK_ROWS]
            deals = (Deal.objects.select_related("owner")
                     .in_bulk([existing.get(_key(p), p.deal_id) for p in chunk
                               if existing.get(_key(p), p.deal_id)]))
            new: list[deal_actions.NewDeal] = []
            changes: list[tuple[Deal, dict[str, Any]]] = []
            for planned in chunk:
                deal = deals.get(existing.get(_key(planned), planned.deal_id) or 0)
                if deal is None:
                    new.append(_new_deal(plan, planned))
                else:
                    changes.append((deal, _changes(planned, deal, by, preset)))
            moved = deal_actions.update_many_from_crm(changes, by=by, assess=False,
                                                      competitors=competitors)
            stored = deal_actions.import_deals(new, by=by, assess=False, competitors=competitors)
            touched += [deal.pk for deal in moved] + [deal.pk for deal in stored]
            created += len(stored)
            updated += len(moved)
            unchanged += len(changes) - len(moved)
            if report is not None:
                report(created + updated + unchanged)
    return Stored(created, updated, unchanged, tuple(touched))


def _existing(plan: Plan) -> dict[str, int]:
    """The team's deals from this CRM now, read inside the import's transaction."""
    rows = Deal.objects.filter(team=plan.team, crm_source=plan.choices.crm).values_list(
        "pk", "crm_id", "title")
    found: dict[str, int] = {}
    for pk, crm_id, title in rows:
        found.setdefault(deal_key(crm_id, title), pk)
    return found


def _key(planned: PlannedRow) -> str:
    return deal_key(planned.row.crm_id, planned.row.name)


def _new_deal(plan: Plan, planned: PlannedRow) -> deal_actions.NewDeal:
    row = planned.row
    if planned.core is None or planned.owner is None:
        # The row became an update of a deal another import stored meanwhile, which was then
        # deleted: the preview no longer says what would happen.
        raise ImportRefused(_("Line %(line)s: the deal changed while the file was imported; "
                              "preview the file again.") % {"line": row.line})
    return deal_actions.NewDeal(
        planned.core, owner=planned.owner, value=row.amount or 0,
        currency=row.currency or plan.choices.currency, expected_close=row.close_date,
        crm_source=plan.choices.crm, crm_id=row.crm_id)


def _changes(planned: PlannedRow, deal: Deal, by: User | None,
             preset: Preset) -> dict[str, Any]:
    row = planned.row
    if by is not None and not permissions.can_import_for_others(by) and deal.owner_id != by.pk:
        raise ImportRefused(_("Line %(line)s: a colleague imported this deal meanwhile; a rep "
                              "updates only their own deals. Preview the file again.")
                            % {"line": row.line})
    # A CRM without "no decision" holds such a deal as lost: its row is no news about it.
    stage = deal.stage if _written_alike(preset, deal.stage, row.stage) else row.stage
    changes: dict[str, Any] = {"title": row.name, "stage": stage}
    optional = {"value": row.amount, "currency": row.currency,
                "expected_close": row.close_date, "owner": planned.owner,
                "prospect": row.company, "incumbent": row.incumbent}
    changes.update({k: v for k, v in optional.items() if v not in (None, "")})
    return changes


def _written_alike(preset: Preset, ours: str, theirs: str) -> bool:
    """Whether the CRM's export writes both stages alike (stage and status), so that a row
    of the CRM cannot tell one from the other."""
    return all(table.get(ours) == table.get(theirs)
               for table in (preset.export_stages, preset.export_statuses))


def _queue(found: CrmImport) -> None:
    from displace.web.crm.tasks import import_crm_deals

    def record(job_id: str) -> None:
        CrmImport.objects.filter(pk=found.pk).update(task_id=job_id)

    jobs.enqueue(import_crm_deals, found.pk, then=record)


def _mark_failed(found: CrmImport, reason: str) -> None:
    logger.warning("CRM import %s failed: %s", found.pk, reason)
    CrmImport.objects.filter(pk=found.pk).update(
        state=ImportState.FAILED, error=reason, finished_at=timezone.now(),
        content=b"")  # it is uploaded again to be imported again


def refusal(plan: Plan) -> str:
    """Why a file with errors is not imported, and what to do."""
    return _("%(name)s: %(errors)s errors in %(rows)s rows; nothing was stored. Correct the "
             "file, or choose to import the %(good)s good rows.") % {
        "name": plan.file_name, "errors": len(plan.errors), "rows": plan.bad_rows,
        "good": len(plan.rows)}


def _check_plan(plan: Plan, good_rows: bool) -> None:
    if plan.errors and not good_rows:
        raise ImportRefused(refusal(plan))
    if not plan.rows:
        raise ImportRefused(_("No row of the file can be imported; nothing was stored."))


def stalled(found: CrmImport) -> bool:
    """Whether a queued or running import will never finish: its job was lost or its worker
    stopped (the transaction never committed, so nothing was stored). It may be started again."""
    return found.state in (ImportState.QUEUED, ImportState.RUNNING) and jobs.job_stalled(
        found.task_id)


def _check_preview(found: CrmImport, by: User) -> None:
    if found.by_id != by.pk:
        raise ImportRefused(_("Only the person who uploaded the file can change or start "
                              "its import."))
    if found.state != ImportState.PREVIEW and not stalled(found):
        raise ImportRefused(_("This import has started already; upload the file again to "
                              "import it once more."))


def check_choices(choices: Choices, *, team: Team, by: User | None) -> None:
    """ImportRefused for a team out of `by`'s scope (None: the command line, any team), a
    default owner off the team, an unknown CRM, industry or currency."""
    if by is not None and not permissions.crm_import_teams(by).filter(pk=team.pk).exists():
        raise ImportRefused(_("You cannot import deals into team %(team)s.")
                            % {"team": team.name})
    _check_owner(choices.default_owner, team, by)
    crm, industry, currency = choices.crm, choices.industry, choices.currency
    if crm not in CRMS:
        raise ImportRefused(_("CRM %(crm)s: expected one of %(known)s.")
                            % {"crm": crm, "known": ", ".join(CRMS)})
    if industry and industry not in known_industries():
        raise ImportRefused(_("Industry %(industry)s: expected one of %(known)s.")
                            % {"industry": industry, "known": ", ".join(known_industries())})
    if currency and currency not in ("VND", "USD"):
        raise ImportRefused(_("Currency %(currency)s: expected VND or USD.")
                            % {"currency": currency})


def _check_owner(owner: User | None, team: Team, by: User | None) -> None:
    if owner is None:
        return
    if by is not None and not permissions.can_import_for_others(by) and owner.pk != by.pk:
        raise ImportRefused(_("A rep imports deals for themselves only."))
    if not Profile.objects.filter(user=owner, team=team, user__is_active=True).exists():
        raise ImportRefused(_("Default owner %(user)s is not on team %(team)s.")
                            % {"user": owner.get_username(), "team": team.name})


def _backend_supports_priority() -> bool:
    from django_tasks import default_task_backend

    return bool(getattr(default_task_backend, "supports_priority", False)) and not (
        settings.TASK_BACKEND == "rq" and not settings.JOBS_INLINE)
