"""The team export's format, "displace.team-export/1": one JSON file per kind of record.

A zip archive holding `manifest.json` (format, Displace version, counts, each member's SHA-256),
`team.json` and a JSON list for each kind below, each deal's deal file as TOML
(`deals/<id>.toml`, docs/deal-files.md) and each conversation's transcript as its text
(`conversations/<id>.txt`, `.vtt`, `.srt` or `.json`, as it was uploaded). Records refer to one
another by the `id` they had in the exporting workspace and to people by username. The models
below are the format: the export writes them and the import checks every file against them,
so an error names the file, the record and the field.

The kinds in LATER_KINDS came after the format's first archives (#13): an archive without one
of their files has none of those records, and imports as it did.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal, TypeVar

import ijson
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from displace.web.archive.bundle import ArchiveError, ArchiveReader

__all__ = [
    "KINDS",
    "LATER_KINDS",
    "TEAM_FORMAT",
    "ClosingRecord",
    "CommentRecord",
    "CompetitorRecord",
    "ConversationRecord",
    "DealRecord",
    "ExampleRecord",
    "FindingRecord",
    "FollowUpRecord",
    "HistoryRecord",
    "OutcomeName",
    "OutcomeReasonsRecord",
    "Record",
    "RoleName",
    "SnapshotRecord",
    "StageName",
    "TeamRecord",
    "UserRecord",
    "WeightsChangeRecord",
    "WeightsVersionRecord",
    "iter_records",
    "read_team",
    "transcript_suffix",
]

TEAM_FORMAT = "displace.team-export/1"
RoleName = Literal["rep", "manager", "admin"]
# As displace.web.deals.models holds them (a test keeps the two in step).
StageName = Literal["discovery", "gap", "vision", "commitment", "proposal", "won", "lost",
                    "no_decision"]
OutcomeName = Literal["won", "lost", "no_decision"]


class Record(BaseModel):
    """One record of the export; an unknown field is an error, not ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class TeamRecord(Record):
    name: str


class UserRecord(Record):
    username: str
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    role: RoleName
    language: str = ""
    member: bool  # on the team; others appear because they wrote or own something of it


class CompetitorRecord(Record):
    name: str
    industry: str = ""
    delivers: list[str] = []
    counter_moves: list[str] = []
    notes: str = ""


class DealRecord(Record):
    id: int
    title: str
    deal_file: str  # the member holding its deal file
    owner: str
    stage: str
    value: Decimal
    currency: str
    expected_close: date | None = None
    rep_confidence: float | None = None
    win_probability: float | None = None
    ready: bool | None = None
    assessment: dict[str, Any] = {}
    created_at: datetime
    last_activity: datetime
    gap_findings: dict[str, int] = {}  # gap id -> the finding its evidence was accepted from
    # The CRM it was imported from (docs/crm.md) and its record id there; as the columns hold.
    crm_source: str = Field("", max_length=20)
    crm_id: str = Field("", max_length=200)
    # When it was last closed; empty while open. Archives from before #13 lack it: a closed
    # deal of theirs is taken as closed when it was last active, as the migration did.
    closed_at: datetime | None = None


class ConversationRecord(Record):
    id: int
    deal: int
    title: str
    transcript: str  # the member holding its text
    input_format: str
    language: str
    turns: list[Any] = []
    speakers: dict[str, str] = {}
    role_sources: dict[str, str] = {}
    metrics: dict[str, Any] = {}
    warnings: list[Any] = []
    uploaded_by: str | None = None
    created_at: datetime
    analysis_state: str = "done"
    analysis_error: str = ""


class FindingRecord(Record):
    id: int
    conversation: int
    behaviour: str
    polarity: str
    severity: str
    turn: int
    start: int
    end: int
    quote: str
    speaker: str
    role: str
    rule: str = ""
    message: str = ""
    advice: str = ""
    data: dict[str, Any] = {}


class FollowUpRecord(Record):
    id: int
    deal: int
    title: str
    due: date
    assignee: str
    done: bool = False
    done_at: datetime | None = None
    created_at: datetime
    # Kept since follow-ups record who added and closed them: absent from older archives.
    created_by: str | None = None
    done_by: str | None = None


class CommentRecord(Record):
    id: int
    deal: int
    author: str
    text: str
    created_at: datetime


class HistoryRecord(Record):
    id: int
    deal: int
    by: str | None = None
    at: datetime
    what: str
    before: Any = None
    after: Any = None


class ExampleRecord(Record):
    id: int
    text: str
    behaviour: str
    positive: bool = True
    language: str
    status: str
    added_by: str | None = None
    added_at: datetime
    confirmed_by: str | None = None
    confirmed_at: datetime | None = None
    finding: int | None = None
    conversation: int | None = None


class ClosingRecord(Record):
    """How a deal closed; one reopened since keeps its closing, with `reopened_at`."""

    id: int
    deal: int
    outcome: OutcomeName
    reason: str = Field(max_length=80)  # a code of the team's reason list, or not-recorded
    note: str = ""
    countered: Literal["", "yes", "no", "unknown"] = ""
    counter_move: Literal["", "matched_price", "improved_terms", "escalated_relationship",
                          "other"] = ""
    lost_to: Literal["", "incumbent", "other_competitor", "nobody"] = ""
    closed_at: datetime
    closed_by: str | None = None
    reopened_at: datetime | None = None
    reopened_by: str | None = None


class SnapshotRecord(Record):
    """Both forecasts as they stood when the deal entered `stage`."""

    id: int
    deal: int
    at: datetime
    stage: StageName
    previous_stage: StageName | Literal[""] = ""
    rep_confidence: float | None = None
    win_probability: float | None = None
    weights_version: int = Field(0, ge=0)  # the team's weights version; 0 is the shipped
    terms: dict[str, Any] = {}


class OutcomeReasonsRecord(Record):
    """The team's own reasons for closing deals, in the format of data/outcomes/reasons.toml."""

    content: str
    updated_by: str | None = None
    updated_at: datetime


class WeightsVersionRecord(Record):
    """A refit of the team's weights, known by its number (kept by an import)."""

    number: int = Field(ge=1)
    multipliers: dict[str, float] = {}
    scores: dict[str, Any] = {}
    created_by: str | None = None
    created_at: datetime
    accepted_at: datetime | None = None
    accepted_by: str | None = None
    rolled_back_at: datetime | None = None
    rolled_back_by: str | None = None


class WeightsChangeRecord(Record):
    """One step of the weights' history: a version proposed, accepted or rolled back."""

    id: int
    version: int  # its number
    action: Literal["proposed", "accepted", "rolled_back"]
    by: str | None = None
    at: datetime


# Member -> the kind of record it lists, in the order an import stores them.
KINDS: dict[str, type[Record]] = {
    "users.json": UserRecord,
    "competitors.json": CompetitorRecord,
    "deals.json": DealRecord,
    "conversations.json": ConversationRecord,
    "findings.json": FindingRecord,
    "follow_ups.json": FollowUpRecord,
    "comments.json": CommentRecord,
    "history.json": HistoryRecord,
    "examples.json": ExampleRecord,
}
# Kinds added since the first archives: a missing file means no such records.
LATER_KINDS: dict[str, type[Record]] = {
    "closings.json": ClosingRecord,
    "snapshots.json": SnapshotRecord,
    "outcome_reasons.json": OutcomeReasonsRecord,
    "weights_versions.json": WeightsVersionRecord,
    "weights_history.json": WeightsChangeRecord,
}
R = TypeVar("R", bound=Record)
_SUFFIXES = {"vtt": ".vtt", "srt": ".srt", "json": ".json"}


def transcript_suffix(input_format: str) -> str:
    """The file suffix a transcript of this format had when uploaded."""
    return _SUFFIXES.get(input_format, ".txt")


def iter_records(archive: ArchiveReader, member: str, kind: type[R]) -> Iterator[R]:
    """A kind's records, each checked as it is read: the file is streamed (ijson), never held
    whole, so a large team's findings take no more memory than a batch of them. A kind of
    LATER_KINDS whose file the archive lacks has no records."""
    if member in LATER_KINDS and not archive.has(member):
        return
    with archive.open_binary(member) as raw:
        start = raw.read(4096).lstrip()
    if not start.startswith(b"["):
        raise ArchiveError(f"{archive.path}: {member}: expected a JSON list of records")
    index = -1
    with archive.open_binary(member) as raw:
        try:
            for index, item in enumerate(ijson.items(raw, "item", use_float=True)):
                try:
                    yield kind.model_validate(item)
                except ValidationError as exc:
                    raise ArchiveError(_described(archive, member, exc, index)) from None
        except ijson.JSONError as exc:
            raise ArchiveError(f"{archive.path}: {member} is not valid JSON after record "
                               f"{index + 1} ({exc})") from None


def read_team(archive: ArchiveReader) -> TeamRecord:
    """The exported team's own record."""
    try:
        return TeamRecord.model_validate_json(archive.read_text("team.json"))
    except ValidationError as exc:
        raise ArchiveError(_described(archive, "team.json", exc, None)) from None


def _described(archive: ArchiveReader, member: str, exc: ValidationError,
               index: int | None) -> str:
    """The first problem, at its place: `deals.json: [2].owner: Field required`."""
    error = exc.errors()[0]
    where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}"
                    for p in ((index,) if index is not None else ()) + tuple(error["loc"]))
    return f"{archive.path}: {member}: {where.lstrip('.') or 'the file'}: {error['msg']}"
