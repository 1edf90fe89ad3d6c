"""Everything a team owns, as one archive of open formats (team_format.py describes it).

The records are read as of one moment (`consistent_reader`) and streamed into the archive
kind by kind, so memory stays flat however large the team: a deal's file and a transcript are
written in a first pass over their rows, the JSON lists in a second.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar, cast

from django.contrib.auth.models import User
from django.db.models import Model, Q, QuerySet
from django.utils import timezone

from displace.core.deal.dealfile import deal_from_dict, deal_to_toml
from displace.core.errors import DealFileError
from displace.web.accounts.models import Team
from displace.web.archive.backup import consistent_reader
from displace.web.archive.bundle import ArchiveError, ArchiveWriter, displace_version
from displace.web.archive.team_format import (
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
    Record,
    RoleName,
    SnapshotRecord,
    TeamRecord,
    UserRecord,
    WeightsChangeRecord,
    WeightsVersionRecord,
    transcript_suffix,
)
from displace.web.competitors.models import Competitor
from displace.web.conversations.models import Conversation, Finding
from displace.web.deals.models import (
    Closing,
    Comment,
    Deal,
    EvidenceChange,
    Gap,
    OutcomeReasons,
    StageSnapshot,
)
from displace.web.examples.models import Example
from displace.web.followups.models import FollowUp
from displace.web.forecast.models import WeightsChange, WeightsVersion
from displace.web.permissions import profile_of, role_of

__all__ = ["TeamExportSummary", "write_team_export"]

CHUNK = 2000
_M = TypeVar("_M", bound=Model)
# The fields of records that name a person, whose users.json entry the archive then needs.
PEOPLE_FIELDS = ("owner", "uploaded_by", "assignee", "author", "by", "added_by", "confirmed_by",
                 "closed_by", "reopened_by", "updated_by", "created_by", "accepted_by",
                 "rolled_back_by", "done_by")


@dataclass(frozen=True)
class TeamExportSummary:
    team: str
    counts: dict[str, int]  # kind (deals, conversations…) -> records


def write_team_export(team: Team, writer: ArchiveWriter, *,
                      using: str = "default") -> TeamExportSummary:
    """Write the team's deals (with their deal files, closings and stage snapshots),
    conversations (with transcripts and findings), follow-ups, comments, history, examples,
    reasons for closing deals and weights versions, and the people they name."""
    with consistent_reader(using) as db:
        counts = _write_records(team, writer, db)
    counts = dict(sorted(counts.items()))
    writer.finish({"format": TEAM_FORMAT, "displace_version": displace_version(),
                   "exported_at": timezone.now(), "team": team.name, "counts": counts})
    return TeamExportSummary(team.name, counts)


def _write_records(team: Team, writer: ArchiveWriter, db: str) -> dict[str, int]:
    people: set[str] = set()

    def kind(name: str, records: Iterable[Record]) -> int:
        return _write_list(writer, f"{name}.json", records, people)

    deals = Deal.objects.using(db).filter(team=team).order_by("pk")
    for deal in deals.only("pk", "core").iterator(CHUNK):
        writer.add_text(_deal_file(deal.pk), _deal_toml(deal))
    links: dict[int, dict[str, int]] = {}
    for deal_id, key, finding_id in Gap.objects.using(db).filter(
            deal__team=team, source_finding__isnull=False).values_list(
            "deal_id", "key", "source_finding_id"):
        links.setdefault(deal_id, {})[key] = finding_id
    counts = {"deals": kind("deals", (
        _deal(d, links.get(d.pk, {})) for d in
        deals.defer("core").select_related("owner").iterator(CHUNK)))}
    conversations = Conversation.objects.using(db).filter(deal__team=team).order_by("pk")
    for conversation in conversations.only("pk", "input_format", "source_text").iterator(CHUNK):
        writer.add_text(_transcript(conversation), conversation.source_text)
    counts["conversations"] = kind("conversations", (
        _conversation(c) for c in
        conversations.defer("source_text").select_related("uploaded_by").iterator(CHUNK)))
    counts["findings"] = kind("findings", (_finding(f) for f in Finding.objects.using(db).filter(
        conversation__deal__team=team).order_by("pk").iterator(CHUNK)))
    counts["follow_ups"] = kind("follow_ups", (_follow_up(f) for f in _of(
        FollowUp.objects.using(db).filter(deal__team=team), "assignee", "created_by",
        "done_by")))
    counts["comments"] = kind("comments", (_comment(c) for c in _of(
        Comment.objects.using(db).filter(deal__team=team), "author")))
    counts["history"] = kind("history", (_change(c) for c in _of(
        EvidenceChange.objects.using(db).filter(deal__team=team), "by")))
    counts["examples"] = kind("examples", (_example(e) for e in _of(
        Example.objects.using(db).filter(team=team), "added_by", "confirmed_by")))
    counts["closings"] = kind("closings", (_closing(c) for c in _of(
        Closing.objects.using(db).filter(deal__team=team), "closed_by", "reopened_by")))
    counts["snapshots"] = kind("snapshots", (_snapshot(s) for s in _of(
        StageSnapshot.objects.using(db).filter(deal__team=team))))
    counts["outcome_reasons"] = kind("outcome_reasons", (_reasons(r) for r in _of(
        OutcomeReasons.objects.using(db).filter(team=team), "updated_by")))
    counts["weights_versions"] = kind("weights_versions", (_weights_version(v) for v in _of(
        WeightsVersion.objects.using(db).filter(team=team), "created_by", "accepted_by",
        "rolled_back_by")))
    counts["weights_history"] = kind("weights_history", (_weights_change(c) for c in _of(
        WeightsChange.objects.using(db).filter(team=team), "version", "by")))
    counts["competitors"] = kind("competitors", (_competitor(c) for c in (
        Competitor.objects.using(db).filter(Q(team=team) | Q(deals__team=team))
        .distinct().order_by("name", "pk"))))
    counts["users"] = _write_list(writer, "users.json", _users(team, people, db), set())
    writer.add_json("team.json", TeamRecord(name=team.name).model_dump())
    return counts


def _of(rows: QuerySet[_M], *people: str) -> Iterable[_M]:
    return rows.select_related(*people).order_by("pk").iterator(CHUNK)


def _write_list(writer: ArchiveWriter, member: str, records: Iterable[Record],
                people: set[str]) -> int:
    """A JSON list, one record a line, written as the records come; notes the people named."""
    count = 0
    with writer.member(member) as sink:
        sink.write("[")
        for record in records:
            sink.write((",\n" if count else "\n") + record.model_dump_json())
            people.update(name for field in PEOPLE_FIELDS
                          if isinstance(name := getattr(record, field, None), str))
            count += 1
        sink.write("\n]\n" if count else "]\n")
    return count


def _deal_file(deal_id: int) -> str:
    return f"deals/{deal_id}.toml"


def _deal_toml(deal: Deal) -> str:
    try:
        return deal_to_toml(deal_from_dict(deal.core, source=f"deal {deal.pk}"))
    except DealFileError as exc:
        raise ArchiveError(f"{exc}; fix the deal, then export again") from None


def _deal(deal: Deal, gap_findings: dict[str, int]) -> DealRecord:
    return DealRecord(
        id=deal.pk, title=deal.title, deal_file=_deal_file(deal.pk), owner=deal.owner.username,
        stage=deal.stage, value=deal.value, currency=deal.currency,
        expected_close=deal.expected_close, rep_confidence=deal.rep_confidence,
        win_probability=deal.win_probability, ready=deal.ready, assessment=deal.assessment,
        created_at=deal.created_at, last_activity=deal.last_activity, gap_findings=gap_findings,
        crm_source=deal.crm_source, crm_id=deal.crm_id, closed_at=deal.closed_at,
    )


def _transcript(conversation: Conversation) -> str:
    return f"conversations/{conversation.pk}{transcript_suffix(conversation.input_format)}"


def _conversation(conversation: Conversation) -> ConversationRecord:
    uploader = conversation.uploaded_by
    return ConversationRecord(
        id=conversation.pk, deal=conversation.deal_id, title=conversation.title,
        transcript=_transcript(conversation), input_format=conversation.input_format,
        language=conversation.language, turns=conversation.turns,
        speakers=conversation.speakers, role_sources=conversation.role_sources,
        metrics=conversation.metrics, warnings=conversation.warnings,
        uploaded_by=uploader.username if uploader else None,
        created_at=conversation.created_at, analysis_state=conversation.analysis_state,
        analysis_error=conversation.analysis_error,
    )


def _finding(finding: Finding) -> FindingRecord:
    return FindingRecord(
        id=finding.pk, conversation=finding.conversation_id, behaviour=finding.behaviour,
        polarity=finding.polarity, severity=finding.severity, turn=finding.turn,
        start=finding.start, end=finding.end, quote=finding.quote, speaker=finding.speaker,
        role=finding.role, rule=finding.rule, message=finding.message, advice=finding.advice,
        data=finding.data,
    )


def _follow_up(follow_up: FollowUp) -> FollowUpRecord:
    return FollowUpRecord(
        id=follow_up.pk, deal=follow_up.deal_id, title=follow_up.title, due=follow_up.due,
        assignee=follow_up.assignee.username, done=follow_up.done, done_at=follow_up.done_at,
        created_at=follow_up.created_at,
        created_by=follow_up.created_by.username if follow_up.created_by else None,
        done_by=follow_up.done_by.username if follow_up.done_by else None,
    )


def _comment(comment: Comment) -> CommentRecord:
    return CommentRecord(id=comment.pk, deal=comment.deal_id, author=comment.author.username,
                         text=comment.text, created_at=comment.created_at)


def _change(change: EvidenceChange) -> HistoryRecord:
    return HistoryRecord(id=change.pk, deal=change.deal_id,
                         by=change.by.username if change.by else None, at=change.at,
                         what=change.what, before=change.before, after=change.after)


def _example(example: Example) -> ExampleRecord:
    return ExampleRecord(
        id=example.pk, text=example.text, behaviour=example.behaviour,
        positive=example.positive, language=example.language, status=example.status,
        added_by=example.added_by.username if example.added_by else None,
        added_at=example.added_at,
        confirmed_by=example.confirmed_by.username if example.confirmed_by else None,
        confirmed_at=example.confirmed_at, finding=example.finding_id,
        conversation=example.conversation_id,
    )


def _username(user: User | None) -> str | None:
    return user.username if user else None


def _closing(closing: Closing) -> ClosingRecord:
    return ClosingRecord(
        id=closing.pk, deal=closing.deal_id, outcome=closing.outcome,  # type: ignore[arg-type]
        reason=closing.reason, note=closing.note,
        countered=closing.countered, counter_move=closing.counter_move,  # type: ignore[arg-type]
        lost_to=closing.lost_to, closed_at=closing.closed_at,  # type: ignore[arg-type]
        closed_by=_username(closing.closed_by), reopened_at=closing.reopened_at,
        reopened_by=_username(closing.reopened_by),
    )


def _snapshot(snapshot: StageSnapshot) -> SnapshotRecord:
    return SnapshotRecord(
        id=snapshot.pk, deal=snapshot.deal_id, at=snapshot.at,
        stage=snapshot.stage, previous_stage=snapshot.previous_stage,  # type: ignore[arg-type]
        rep_confidence=snapshot.rep_confidence, win_probability=snapshot.win_probability,
        weights_version=snapshot.weights_version, terms=snapshot.terms,
    )


def _reasons(reasons: OutcomeReasons) -> OutcomeReasonsRecord:
    return OutcomeReasonsRecord(content=reasons.content, updated_by=_username(reasons.updated_by),
                                updated_at=reasons.updated_at)


def _weights_version(version: WeightsVersion) -> WeightsVersionRecord:
    return WeightsVersionRecord(
        number=version.number, multipliers=version.multipliers, scores=version.scores,
        created_by=_username(version.created_by), created_at=version.created_at,
        accepted_at=version.accepted_at, accepted_by=_username(version.accepted_by),
        rolled_back_at=version.rolled_back_at, rolled_back_by=_username(version.rolled_back_by),
    )


def _weights_change(change: WeightsChange) -> WeightsChangeRecord:
    return WeightsChangeRecord(id=change.pk, version=change.version.number,
                               action=change.action,  # type: ignore[arg-type]
                               by=_username(change.by), at=change.at)


def _users(team: Team, usernames: set[str], db: str) -> Iterable[UserRecord]:
    """The team's members and everyone else its records name (no passwords, no keys)."""
    users = (User.objects.using(db).filter(Q(profile__team=team) | Q(username__in=usernames))
             .select_related("profile").order_by("username"))
    for user in users:
        profile = profile_of(user)
        yield UserRecord(
            username=user.username, first_name=user.first_name, last_name=user.last_name,
            email=user.email, role=cast(RoleName, role_of(user)),
            language=profile.language if profile else "",
            member=profile is not None and profile.team_id == team.pk,
        )


def _competitor(competitor: Competitor) -> CompetitorRecord:
    return CompetitorRecord(name=competitor.name, industry=competitor.industry,
                            delivers=list(competitor.delivers),
                            counter_moves=list(competitor.counter_moves), notes=competitor.notes)
