"""Writes from archives: restore a backup, import a team's export. All of it, or nothing.

Both check the whole archive first (format, every member's SHA-256, every record), then refuse
a target that already holds what they would write, then store everything in one transaction:
a failure at any record rolls back every record before it.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, TypeVar

from django.apps import apps as global_apps
from django.apps.registry import Apps
from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.management.sql import emit_post_migrate_signal
from django.core.serializers import jsonl
from django.core.serializers.base import DeserializationError, DeserializedObject
from django.db import DatabaseError, IntegrityError, connections, models, transaction
from django.db.migrations.exceptions import InvalidMigrationPlan, IrreversibleError
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.graph import MigrationGraph
from django.utils.translation import gettext as _

from displace.core.deal.dealfile import parse_deal
from displace.core.deal.model import Deal as CoreDeal
from displace.core.errors import DisplaceError
from displace.core.outcomes import parse_reasons
from displace.web.accounts.actions import team_named
from displace.web.accounts.models import Profile, Role, Team
from displace.web.archive.backup import (
    BACKUP_FORMAT,
    DATABASE_FOLDER,
    FILES_FOLDER,
    WORK_PREFIX,
    backed_up_models,
    model_label,
    stored_files,
)
from displace.web.archive.bundle import ArchiveError, ArchiveReader, open_archive
from displace.web.archive.team_format import (
    KINDS,
    TEAM_FORMAT,
    ClosingRecord,
    CommentRecord,
    CompetitorRecord,
    ConversationRecord,
    DealRecord,
    ExampleRecord,
    FindingRecord,
    FollowUpRecord,
    HistoryRecord,
    OutcomeReasonsRecord,
    SnapshotRecord,
    TeamRecord,
    UserRecord,
    WeightsChangeRecord,
    WeightsVersionRecord,
    iter_records,
    read_team,
)
from displace.web.bounds import checked_amount
from displace.web.competitors.models import Competitor
from displace.web.conversations.models import AnalysisState, Conversation, Finding
from displace.web.deals.actions import restore_deal
from displace.web.deals.models import (
    CLOSED_STAGES,
    Closing,
    Comment,
    Currency,
    Deal,
    EvidenceChange,
    Gap,
    OutcomeReasons,
    StageSnapshot,
)
from displace.web.deals.outcomes import closing_row, not_recorded
from displace.web.examples.models import Example
from displace.web.figures.stored import forget_all
from displace.web.followups.models import FollowUp
from displace.web.forecast.models import WeightsChange, WeightsVersion

__all__ = ["RestoreSummary", "TeamImportSummary", "import_team", "restore_backup"]


@dataclass(frozen=True)
class RestoreSummary:
    """What a restore brought back."""

    records: dict[str, int]  # model label -> rows
    files: int
    upgraded: int  # migrations newer than the backup, applied after loading it


def restore_backup(path: Path, *, using: str = "default") -> RestoreSummary:
    """Bring a backup back into an empty database and data folder; a backup made by an older
    Displace is loaded at its own schema, then migrated to this one."""
    data_dir = Path(settings.DATA_DIR)
    with open_archive(path, BACKUP_FORMAT) as archive:
        _restore_plan(archive, global_apps)  # unknown models: refused before any change
        _refuse_unless_empty(archive.path, data_dir, using)
        registry, upgraded = _migrate_to_backup(archive, using)
        plan = _restore_plan(archive, registry)
        staging = _stage_files(archive, data_dir)
        try:
            with transaction.atomic(using=using):
                records = _load_records(archive, plan, using, registry)
        except DatabaseError as exc:  # raised by the commit itself
            _discard(staging)
            raise ArchiveError(f"{archive.path}: the records do not fit together "
                               f"({_first_line(exc)}); nothing was restored") from None
        except BaseException:
            _discard(staging)
            raise
        files = _place_files(staging, data_dir)
    if upgraded:
        call_command("migrate", database=using, interactive=False, verbosity=0)
    forget_all()  # figures kept from rows the ids named before
    return RestoreSummary(records, files, upgraded)


def _discard(staging: Path | None) -> None:
    if staging is not None:
        shutil.rmtree(staging, ignore_errors=True)


def _restore_plan(archive: ArchiveReader,
                  registry: Apps) -> list[tuple[type[models.Model], str]]:
    """Each member of records with its model in `registry`, in an order they load in."""
    members = {name.removeprefix(DATABASE_FOLDER).removesuffix(".jsonl"): name
               for name in archive.names(DATABASE_FOLDER)}
    plan = []
    for label in [model_label(m) for m in backed_up_models()] + sorted(members):
        if label not in members:
            continue
        try:
            plan.append((registry.get_model(label), members.pop(label)))
        except LookupError:
            raise ArchiveError(
                f"{archive.path}: holds records of {label}, which this Displace does not "
                f"have; restore it with the Displace that wrote it "
                f"({archive.manifest.get('displace_version', 'version unknown')})") from None
    return plan


def _refuse_unless_empty(path: Path, data_dir: Path, using: str) -> None:
    connection = connections[using]
    tables = set(connection.introspection.table_names())
    for model in backed_up_models():
        if model._meta.db_table in tables and model._base_manager.using(using).exists():
            raise ArchiveError(
                f"{path}: not restored: the database already holds records "
                f"({model_label(model)}); restore into an empty one (a new DISPLACE_DATA_DIR "
                "for SQLite, a new database in DATABASE_URL for PostgreSQL)")
    files = stored_files(data_dir, using)
    if files:
        raise ArchiveError(f"{path}: not restored: the data folder already holds files "
                           f"({data_dir / files[0][0]}); restore into a new, empty data folder")


def _migrate_to_backup(archive: ArchiveReader, using: str) -> tuple[Apps, int]:
    """Bring the empty database to the schema the backup was made at. Returns the models as
    they were at that schema (this Displace's own when it is the same) and how many migrations
    this Displace has beyond it, applied once the records are in."""
    recorded = archive.manifest.get("migrations")
    if not isinstance(recorded, dict) or not all(
            isinstance(names, list) and all(isinstance(n, str) for n in names)
            for names in recorded.values()):
        raise ArchiveError(f"{archive.path}: manifest.json: migrations: expected the list of "
                           "each app's applied migrations")
    wanted = {(app, name) for app, names in recorded.items() for name in names}
    executor = MigrationExecutor(connections[using])
    graph = executor.loader.graph
    unknown = sorted(wanted - set(graph.nodes))
    if unknown:
        raise ArchiveError(
            f"{archive.path}: written by a newer Displace "
            f"({archive.manifest.get('displace_version', 'version unknown')}): its migration "
            f"{'.'.join(unknown[0])} is unknown here; restore it with that version or a "
            "newer one")
    targets = _targets(graph, wanted)
    newer = len(set(graph.nodes) - wanted)
    reached = [(app, name) for app, name in targets if name is not None]
    registry = executor.loader.project_state(reached).apps if newer else global_apps
    if set(executor.loader.applied_migrations or {}) != wanted:
        try:
            executor.migrate(targets)
        except (InvalidMigrationPlan, IrreversibleError, DatabaseError) as exc:
            raise ArchiveError(f"{archive.path}: the database cannot be brought to the "
                               f"backup's schema ({_first_line(exc)}); restore into a new, "
                               "empty database") from None
        # Content types and permissions, as `migrate` makes them, for the schema reached.
        emit_post_migrate_signal(0, False, using, apps=registry)
    return registry, newer


def _targets(graph: MigrationGraph, wanted: set[tuple[str, str]]) -> list[tuple[str, str | None]]:
    """For each app, its last migration the backup had (None: none of them)."""
    targets: list[tuple[str, str | None]] = []
    for app in sorted({key[0] for key in graph.nodes}):
        mine = {key for key in wanted if key[0] == app}
        leaves = sorted(key for key in mine
                        if not any(child.key in mine for child in graph.node_map[key].children))
        targets += leaves or [(app, None)]
    return targets


def _stage_files(archive: ArchiveReader, data_dir: Path) -> Path | None:
    """The backup's files, written to a folder of our own inside the data folder."""
    names = archive.names(FILES_FOLDER)
    if not names:
        return None
    data_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f"{WORK_PREFIX}restore-", dir=data_dir))
    try:
        for name in names:
            archive.extract(name, staging / name.removeprefix(FILES_FOLDER))
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise ArchiveError(f"{data_dir}: cannot write the backup's files there "
                           f"({exc.strerror or exc})") from None
    return staging


def _place_files(staging: Path | None, data_dir: Path) -> int:
    """Move the staged files to their places (a rename each: same file system)."""
    if staging is None:
        return 0
    moved = 0
    for path in sorted(p for p in staging.rglob("*") if p.is_file()):
        target = data_dir / path.relative_to(staging)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(path, target)
        moved += 1
    shutil.rmtree(staging, ignore_errors=True)
    return moved


def _load_records(archive: ArchiveReader, plan: list[tuple[type[models.Model], str]],
                  using: str, registry: Apps) -> dict[str, int]:
    """Every record, with the primary keys it had; foreign keys are checked at the end."""
    connection = connections[using]
    expected = archive.manifest.get("records", {})
    loaded: dict[str, int] = {}
    deferred: list[DeserializedObject] = []
    with connection.constraint_checks_disabled():
        for model, member in plan:
            label = model_label(model)
            loaded[label] = _load_member(archive, member, model, using, registry, deferred)
            if isinstance(expected, dict) and expected.get(label, loaded[label]) != loaded[label]:
                raise ArchiveError(f"{archive.path}: {member} holds {loaded[label]} records "
                                   f"where manifest.json says {expected[label]}; nothing was "
                                   "restored")
        for obj in deferred:
            obj.save_deferred_fields(using=using)
    try:
        connection.check_constraints(table_names=[m._meta.db_table for m, _ in plan])
    except IntegrityError as exc:
        raise ArchiveError(f"{archive.path}: the records do not fit together "
                           f"({_first_line(exc)}); nothing was restored") from None
    statements = connection.ops.sequence_reset_sql(no_style(), [m for m, _ in plan])
    with connection.cursor() as cursor:  # PostgreSQL: the next new row gets a fresh id
        for statement in statements:
            cursor.execute(statement)
    return loaded


def _load_member(archive: ArchiveReader, member: str, model: type[models.Model], using: str,
                 registry: Apps, deferred: list[DeserializedObject]) -> int:
    count = 0
    try:
        with archive.open_binary(member) as raw:
            lines = io.TextIOWrapper(raw, encoding="utf-8")
            for obj in _JsonLines(lines, registry=registry, using=using,
                                  handle_forward_references=True):
                if type(obj.object) is not model:
                    raise ArchiveError(f"{archive.path}: {member}, record {count + 1}: a "
                                       f"{model_label(type(obj.object))} among "
                                       f"{model_label(model)} records")
                obj.save(using=using, force_insert=True)  # into empty tables: no UPDATE try
                count += 1
                if obj.deferred_fields:
                    deferred.append(obj)
    except (DeserializationError, DatabaseError, ObjectDoesNotExist, ValidationError,
            ValueError) as exc:
        raise ArchiveError(f"{archive.path}: {member}, record {count + 1}: "
                           f"{_first_line(exc)}; nothing was restored") from None
    return count


class _JsonLines(jsonl.Deserializer):
    """Django's JSON Lines reader, taking the models from `registry`: the models as they were
    at the backup's schema, which may lack fields this Displace's have.

    A person or a permission named by its natural key is looked up through this Displace's
    own model: a model rebuilt from migrations keeps its manager but not the attributes the
    manager reads (a user's USERNAME_FIELD), and those tables have long kept their shape.
    """

    using: str  # set by Django's reader; django-stubs leaves these internals out

    def __init__(self, stream: IO[str], *, registry: Apps, **options: Any) -> None:
        super().__init__(stream, **options)
        self.registry = registry

    def _get_model_from_node(self, model_identifier: str) -> type[models.Model]:
        try:
            return self.registry.get_model(model_identifier)
        except (LookupError, TypeError, ValueError):
            raise DeserializationError(f"unknown model {model_identifier!r}") from None

    def _handle_fk_field_node(self, field: Any, field_value: Any) -> Any:
        if isinstance(field_value, list):
            return getattr(self._named(field, field_value), field.remote_field.field_name)
        return super()._handle_fk_field_node(field, field_value)  # type: ignore[misc]

    def _handle_m2m_field_node(self, field: Any, field_value: Any) -> Any:
        if isinstance(field_value, list) and any(isinstance(v, list) for v in field_value):
            return [self._named(field, v).pk if isinstance(v, list) else v
                    for v in field_value]
        return super()._handle_m2m_field_node(field, field_value)  # type: ignore[misc]

    def _named(self, field: Any, key: list[Any]) -> Any:
        current = global_apps.get_model(field.remote_field.model._meta.label)
        return current._default_manager.db_manager(self.using).get_by_natural_key(*key)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]


@dataclass(frozen=True)
class TeamImportSummary:
    """What a team import stored, and whom it matched instead of creating."""

    team: str
    counts: dict[str, int]  # kind -> records stored
    created_users: list[str]  # inactive, without a usable password
    matched_users: list[str]  # existed here already: left as they were
    matched_competitors: list[str]  # the team had them: their profiles kept


@dataclass(frozen=True)
class TeamPlan:
    """What checking a team export whole leaves to hold while storing it: the small kinds and
    the parsed deal files. The large kinds are read again, a batch at a time, as stored."""

    team: TeamRecord
    users: list[UserRecord]
    competitors: list[CompetitorRecord]
    deal_files: dict[int, CoreDeal]
    closed: set[int]  # the closed deals that have their closing in force in the archive


def import_team(path: Path, *, team_name: str = "") -> TeamImportSummary:
    """Store a team's export as a team of this workspace (named `team_name`, or as it was).

    People are matched by username; those not here yet are created inactive and without a
    usable password, for an admin to let in. The team's incumbent profiles come with it.
    """
    with open_archive(path, TEAM_FORMAT) as archive:
        plan = _check_team_export(archive)
        name = " ".join((team_name or plan.team.name).split())
        if not name or len(name) > Team._meta.get_field("name").max_length:  # type: ignore[operator]
            raise ArchiveError(f"team name {name!r}: expected 1 to 120 characters")
        existing = Team.objects.filter(name=name).first()
        if existing is not None and (existing.deals.exists() or existing.examples.exists()
                                     or existing.weights_versions.exists()):
            raise ArchiveError(f"{path}: not imported: team {name!r} already has deals, "
                               "examples or weights versions here; import into a new team "
                               "with --team NAME")
        try:
            with transaction.atomic():
                return _store_team(plan, archive, name)
        except DatabaseError as exc:
            raise ArchiveError(f"{path}: could not be stored ({_first_line(exc)}); nothing "
                               "was imported") from None


def _check_team_export(archive: ArchiveReader) -> TeamPlan:
    """Read every record and deal file once, checking each and what it refers to."""
    missing = [m for m in ("team.json", *KINDS) if not archive.has(m)]
    if missing:
        raise ArchiveError(f"{archive.path}: no {missing[0]}; not a whole team export")
    users = list(iter_records(archive, "users.json", UserRecord))
    people = {u.username for u in users}
    check = _References(archive)
    deals, conversations = check.ids["deals.json"], check.ids["conversations.json"]
    deal_files = {}
    for deal in iter_records(archive, "deals.json", DealRecord):
        check.new("deals.json", deal.id)
        check.names("deals.json", deal.id, "owner", deal.owner, people)
        deal_files[deal.id] = parse_deal(
            archive.read_text(check.member("deals.json", deal.id, deal.deal_file)),
            source=f"{archive.path}: {deal.deal_file}")
    for conversation in iter_records(archive, "conversations.json", ConversationRecord):
        check.new("conversations.json", conversation.id)
        check.names("conversations.json", conversation.id, "deal", conversation.deal, deals)
        check.member("conversations.json", conversation.id, conversation.transcript)
    for finding in iter_records(archive, "findings.json", FindingRecord):
        check.new("findings.json", finding.id)
        check.names("findings.json", finding.id, "conversation", finding.conversation,
                    conversations)
    for follow_up in iter_records(archive, "follow_ups.json", FollowUpRecord):
        check.names("follow_ups.json", follow_up.id, "deal", follow_up.deal, deals)
        check.names("follow_ups.json", follow_up.id, "assignee", follow_up.assignee, people)
        check.person("follow_ups.json", follow_up.id, "created_by", follow_up.created_by, people)
        check.person("follow_ups.json", follow_up.id, "done_by", follow_up.done_by, people)
    for comment in iter_records(archive, "comments.json", CommentRecord):
        check.names("comments.json", comment.id, "deal", comment.deal, deals)
        check.names("comments.json", comment.id, "author", comment.author, people)
    for change in iter_records(archive, "history.json", HistoryRecord):
        check.names("history.json", change.id, "deal", change.deal, deals)
    for _example in iter_records(archive, "examples.json", ExampleRecord):
        pass  # its links to a finding and a conversation are optional: kept when found
    closed = _check_outcomes(archive, check, deal_files, people)
    return TeamPlan(read_team(archive), users,
                    list(iter_records(archive, "competitors.json", CompetitorRecord)),
                    deal_files, closed)


def _check_outcomes(archive: ArchiveReader, check: _References,
                    deal_files: dict[int, CoreDeal], people: set[str]) -> set[int]:
    """The closings, snapshots, reasons and weights (#13), each against what it refers to;
    returns the deals with a closing in force, which must be closed and have only the one."""
    deals, in_force = check.ids["deals.json"], set()
    for closing in iter_records(archive, "closings.json", ClosingRecord):
        check.names("closings.json", closing.id, "deal", closing.deal, deals)
        for field in ("closed_by", "reopened_by"):
            check.person("closings.json", closing.id, field, getattr(closing, field), people)
        if closing.reopened_at is not None:
            continue
        stage = deal_files[closing.deal].stage
        if stage not in CLOSED_STAGES:
            raise ArchiveError(f"{archive.path}: closings.json: record {closing.id}: "
                               f"reopened_at: empty, but deal {closing.deal} is open "
                               f"({stage}); expected the time it was reopened")
        if closing.deal in in_force:
            raise ArchiveError(f"{archive.path}: closings.json: record {closing.id}: deal "
                               f"{closing.deal} has another closing in force (reopened_at "
                               "empty); expected one at most")
        in_force.add(closing.deal)
    for snapshot in iter_records(archive, "snapshots.json", SnapshotRecord):
        check.names("snapshots.json", snapshot.id, "deal", snapshot.deal, deals)
    for index, reasons in enumerate(iter_records(archive, "outcome_reasons.json",
                                                 OutcomeReasonsRecord)):
        if index:
            raise ArchiveError(f"{archive.path}: outcome_reasons.json: [{index}]: a team has "
                               "one list of reasons; expected one record at most")
        check.person("outcome_reasons.json", index, "updated_by", reasons.updated_by, people)
        try:
            parse_reasons(reasons.content, source=f"{archive.path}: outcome_reasons.json: "
                          f"[{index}].content")
        except DisplaceError as exc:
            raise ArchiveError(str(exc)) from None
    numbers: set[int] = set()
    for version in iter_records(archive, "weights_versions.json", WeightsVersionRecord):
        if version.number in numbers:
            raise ArchiveError(f"{archive.path}: weights_versions.json: two records have the "
                               f"number {version.number}")
        numbers.add(version.number)
        for field in ("created_by", "accepted_by", "rolled_back_by"):
            check.person("weights_versions.json", version.number, field,
                         getattr(version, field), people)
    for change in iter_records(archive, "weights_history.json", WeightsChangeRecord):
        check.names("weights_history.json", change.id, "version", change.version, numbers)
        check.person("weights_history.json", change.id, "by", change.by, people)
    return in_force


class _References:
    """The ids seen so far, per member, to check records refer only to what the archive has."""

    def __init__(self, archive: ArchiveReader) -> None:
        self.archive = archive
        self.ids: dict[str, set[int]] = {"deals.json": set(), "conversations.json": set(),
                                         "findings.json": set()}

    def new(self, member: str, record: int) -> None:
        """Note a record's id, refusing a second record with it."""
        if record in self.ids[member]:
            raise ArchiveError(f"{self.archive.path}: {member}: two records have the id "
                               f"{record}")
        self.ids[member].add(record)

    def names(self, member: str, record: int, field: str, value: object,
              known: set[Any]) -> None:
        if value not in known:
            raise ArchiveError(f"{self.archive.path}: {member}: record {record}: {field} "
                               f"{value!r} is not in the archive")

    def person(self, member: str, record: int, field: str, value: str | None,
               people: set[str]) -> None:
        """An optional username, which users.json must list when given."""
        if value is not None:
            self.names(member, record, field, value, people)

    def member(self, listed_in: str, record: int, member: str) -> str:
        if not self.archive.has(member):
            raise ArchiveError(f"{self.archive.path}: {listed_in}: record {record} names "
                               f"{member}, which the archive does not hold")
        return member


def _store_team(plan: TeamPlan, archive: ArchiveReader, name: str) -> TeamImportSummary:
    team = team_named(name)
    users, created = _store_users(plan.users, team)
    matched_competitors = _store_competitors(plan.competitors, team)
    deals: dict[int, int] = {}
    gap_links: dict[int, dict[str, int]] = {}
    for record in iter_records(archive, "deals.json", DealRecord):
        deals[record.id] = _store_deal(record, plan.deal_files[record.id], users, team)
        gap_links[record.id] = record.gap_findings
    conversations = _store_conversations(
        iter_records(archive, "conversations.json", ConversationRecord), archive, deals, users,
        team)
    findings = _store_findings(iter_records(archive, "findings.json", FindingRecord),
                               conversations)
    for deal_id, links in gap_links.items():
        for key, finding in links.items():
            if finding in findings:  # a finding since replaced leaves the gap unlinked
                Gap.objects.filter(deal_id=deals[deal_id], key=key).update(
                    source_finding_id=findings[finding])
    counts = {"deals": len(deals), "conversations": len(conversations),
              "findings": len(findings)}
    counts["follow_ups"] = _store_each(
        iter_records(archive, "follow_ups.json", FollowUpRecord),
        lambda r: FollowUp(deal_id=deals[r.deal], title=r.title, due=r.due,
                           assignee=users[r.assignee], done=r.done, done_at=r.done_at,
                           created_by=users.get(r.created_by or ""),
                           done_by=users.get(r.done_by or "")),
        created_at=lambda r: r.created_at)
    counts["comments"] = _store_each(
        iter_records(archive, "comments.json", CommentRecord),
        lambda r: Comment(deal_id=deals[r.deal], author=users[r.author], text=r.text),
        created_at=lambda r: r.created_at)
    counts["history"] = _store_each(
        iter_records(archive, "history.json", HistoryRecord),
        lambda r: EvidenceChange(deal_id=deals[r.deal], by=users.get(r.by or ""),
                                 what=r.what, before=r.before, after=r.after),
        at=lambda r: r.at)
    counts["examples"] = _store_each(
        iter_records(archive, "examples.json", ExampleRecord),
        lambda r: Example(
            team=team, text=r.text, behaviour=r.behaviour, positive=r.positive,
            language=r.language, status=r.status, added_by=users.get(r.added_by or ""),
            added_at=r.added_at, confirmed_by=users.get(r.confirmed_by or ""),
            confirmed_at=r.confirmed_at, finding_id=findings.get(r.finding or 0),
            conversation_id=conversations.get(r.conversation or 0)))
    counts.update(_store_outcomes(plan, archive, team, deals, users))
    counts["users"] = len(created)
    return TeamImportSummary(name, counts, created,
                             sorted(set(users) - set(created)), matched_competitors)


def _store_users(records: list[UserRecord], team: Team) -> tuple[dict[str, User], list[str]]:
    """Everyone the archive names: existing people by username, the others created inactive
    with no usable password; nobody becomes an admin from an archive."""
    users = {u.username: u for u in User.objects.filter(
        username__in=[r.username for r in records])}
    created = []
    for record in records:
        if record.username in users:
            continue
        user = User(username=record.username, first_name=record.first_name,
                    last_name=record.last_name, email=record.email, is_active=False)
        try:
            user.full_clean(exclude=["password"])
        except ValidationError as exc:
            raise ArchiveError(f"users.json: {record.username!r}: "
                               f"{_first_line(exc)}") from None
        user.set_unusable_password()
        user.save()
        member = record.member and record.role != "admin"
        Profile.objects.create(user=user, team=team if member else None,
                               role=record.role if member else Role.REP,
                               language=record.language)
        users[user.username] = user
        created.append(user.username)
    return users, created


def _store_competitors(records: list[CompetitorRecord], team: Team) -> list[str]:
    """The team's incumbent profiles; returns those it had already (left as they are)."""
    matched = []
    for record in records:
        name = " ".join(record.name.split())
        if Competitor.objects.filter(team=team, name__iexact=name).exists():
            matched.append(name)
            continue
        Competitor.objects.create(team=team, name=name, industry=record.industry,
                                  delivers=record.delivers, counter_moves=record.counter_moves,
                                  notes=record.notes)
    return matched


def _store_deal(record: DealRecord, core: CoreDeal, users: dict[str, User], team: Team) -> int:
    if record.currency not in Currency.values:
        raise ArchiveError(f"deals.json: record {record.id}: currency {record.currency!r}: "
                           f"expected one of {', '.join(Currency.values)}")
    deal = restore_deal(
        core, owner=users[record.owner], team=team,
        value=checked_amount(record.value, f"deals.json: record {record.id}: value"),
        currency=record.currency, expected_close=record.expected_close,
        win_probability=record.win_probability, ready=record.ready,
        assessment=record.assessment, created_at=record.created_at,
        last_activity=record.last_activity,
        crm_source=record.crm_source, crm_id=record.crm_id,
        # An archive from before closed_at: closed when last active, as migration 0010 did.
        closed_at=record.closed_at or (record.last_activity if core.stage in CLOSED_STAGES
                                       else None),
    )
    return deal.pk


def _store_outcomes(plan: TeamPlan, archive: ArchiveReader, team: Team, deals: dict[int, int],
                    users: dict[str, User]) -> dict[str, int]:
    """The closings and snapshots of the deals, the team's reasons and its weights versions
    with their history. A closed deal the archive gives no closing in force (an archive from
    before closings) gets one, reason not recorded, as migration 0010 gave such deals."""
    def person(username: str | None) -> User | None:
        return users[username] if username is not None else None

    counts = {"closings": _store_each(
        iter_records(archive, "closings.json", ClosingRecord),
        lambda r: Closing(deal_id=deals[r.deal], outcome=r.outcome, reason=r.reason,
                          note=r.note, countered=r.countered, counter_move=r.counter_move,
                          lost_to=r.lost_to, closed_at=r.closed_at,
                          closed_by=person(r.closed_by), reopened_at=r.reopened_at,
                          reopened_by=person(r.reopened_by)))}
    unrecorded = [closing_row(deal, not_recorded(deal.stage),
                              at=deal.closed_at or deal.last_activity, by=None)
                  for deal in Deal.objects.filter(
                      pk__in=[deals[d] for d, core in plan.deal_files.items()
                              if core.stage in CLOSED_STAGES and d not in plan.closed])
                  .order_by("pk").only("pk", "stage", "closed_at", "last_activity")]
    counts["closings"] += len(_create_all(unrecorded))
    counts["snapshots"] = _store_each(
        iter_records(archive, "snapshots.json", SnapshotRecord),
        lambda r: StageSnapshot(deal_id=deals[r.deal], at=r.at, stage=r.stage,
                                previous_stage=r.previous_stage,
                                rep_confidence=r.rep_confidence,
                                win_probability=r.win_probability,
                                weights_version=r.weights_version, terms=r.terms))
    counts["outcome_reasons"] = 0
    for reasons in iter_records(archive, "outcome_reasons.json", OutcomeReasonsRecord):
        # The team here has no deals yet: the list its deals were closed with replaces its own.
        OutcomeReasons.objects.update_or_create(
            team=team, defaults={"content": reasons.content,
                                 "updated_by": person(reasons.updated_by)})
        OutcomeReasons.objects.filter(team=team).update(updated_at=reasons.updated_at)
        counts["outcome_reasons"] += 1
    versions: dict[int, int] = {}
    for batch in _batches(iter_records(archive, "weights_versions.json", WeightsVersionRecord)):
        stored = _create_all([WeightsVersion(
            team=team, number=r.number, multipliers=r.multipliers, scores=r.scores,
            created_by=person(r.created_by), accepted_at=r.accepted_at,
            accepted_by=person(r.accepted_by), rolled_back_at=r.rolled_back_at,
            rolled_back_by=person(r.rolled_back_by)) for r in batch],
            created_at=[r.created_at for r in batch])
        versions.update((r.number, v.pk) for r, v in zip(batch, stored, strict=True))
    counts["weights_versions"] = len(versions)
    counts["weights_history"] = _store_each(
        iter_records(archive, "weights_history.json", WeightsChangeRecord),
        lambda r: WeightsChange(team=team, version_id=versions[r.version], action=r.action,
                                by=person(r.by)),
        at=lambda r: r.at)
    return counts


def _store_conversations(records: Iterable[ConversationRecord], archive: ArchiveReader,
                         deals: dict[int, int], users: dict[str, User],
                         team: Team) -> dict[int, int]:
    """The conversations with their transcripts, a batch at a time; one never analysed is
    marked failed, so that its analysis can be retried here."""
    ids: dict[int, int] = {}
    seen: set[tuple[int, str]] = set()
    for batch in _batches(records):
        rows = []
        for record in batch:
            text = archive.read_text(record.transcript)
            digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
            analysed = record.analysis_state in (AnalysisState.DONE, AnalysisState.FAILED)
            rows.append(Conversation(
                deal_id=deals[record.deal], team=team, title=record.title, source_text=text,
                input_format=record.input_format, language=record.language,
                turns=record.turns, speakers=record.speakers,
                role_sources=record.role_sources, metrics=record.metrics,
                warnings=record.warnings, uploaded_by=users.get(record.uploaded_by or ""),
                # A deal's second copy of a transcript keeps no hash, as before hashes existed.
                content_hash="" if (record.deal, digest) in seen else digest,
                analysis_state=record.analysis_state if analysed else AnalysisState.FAILED,
                analysis_error=record.analysis_error if analysed else _(
                    "Not analysed when the team was exported; retry the analysis."),
            ))
            seen.add((record.deal, digest))
        stored = _create_all(rows, created_at=[r.created_at for r in batch])
        ids.update((r.id, c.pk) for r, c in zip(batch, stored, strict=True))
    return ids


def _store_findings(records: Iterable[FindingRecord],
                    conversations: dict[int, int]) -> dict[int, int]:
    ids: dict[int, int] = {}
    for batch in _batches(records):
        stored = _create_all([Finding(
            conversation_id=conversations[r.conversation], behaviour=r.behaviour,
            polarity=r.polarity, severity=r.severity, turn=r.turn, start=r.start, end=r.end,
            quote=r.quote, speaker=r.speaker, role=r.role, rule=r.rule, message=r.message,
            advice=r.advice, data=r.data,
        ) for r in batch])
        ids.update((r.id, f.pk) for r, f in zip(batch, stored, strict=True))
    return ids


R = TypeVar("R")


def _batches(records: Iterable[R], size: int = 500) -> Iterator[list[R]]:
    """The records in lists of `size`, read as they are needed."""
    stream = iter(records)
    while batch := list(itertools.islice(stream, size)):
        yield batch


def _store_each(records: Iterable[R], row: Callable[[R], models.Model],
                **times: Callable[[R], Any]) -> int:
    """Store a row for each record, in batches, with the timestamps `times` read from it."""
    stored = 0
    for batch in _batches(records):
        _create_all([row(r) for r in batch],
                    **{name: [when(r) for r in batch] for name, when in times.items()})
        stored += len(batch)
    return stored


M = TypeVar("M", bound=models.Model)


def _create_all(rows: list[M], **times: list[Any]) -> list[M]:
    """Insert rows in batches, then give them the timestamps they had (which `auto_now_add`
    fields set to now on insert)."""
    if not rows:
        return rows
    model = type(rows[0])
    stored = model._default_manager.bulk_create(rows, batch_size=500)
    if times:
        for name, values in times.items():
            for row, value in zip(stored, values, strict=True):
                setattr(row, name, value)
        model._default_manager.bulk_update(stored, list(times), batch_size=500)
    return stored
