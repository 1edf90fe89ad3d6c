"""What goes in and out of the API, typed; the OpenAPI document is generated from these."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from ninja.params.functions import Query
from pydantic import AfterValidator, StringConstraints, WithJsonSchema

from displace.core.coach.teaching import teachable_behaviours
from displace.core.limits import MAX_DEAL_VALUE, limit
from displace.web.conversations.models import Conversation
from displace.web.deals.models import Closing, Deal
from displace.web.examples.models import Example
from displace.web.followups.models import FollowUp

StageName = Literal["discovery", "gap", "vision", "commitment", "proposal", "won", "lost",
                    "no_decision"]
CurrencyCode = Literal["VND", "USD"]
RoleName = Literal["seller", "prospect", "incumbent", "other"]
FormatName = Literal["plain", "inline", "quoted", "vtt", "srt", "json"]
LanguageCode = Literal["en", "vi"]


class Error(Schema):
    """Every error: a sentence saying what is wrong (422: a list of field errors)."""

    detail: str


# The error answers every endpoint may give, for its `response=` table.
ERRORS: dict[int, type[Schema]] = {400: Error, 401: Error, 403: Error, 404: Error}


class DealOut(Schema):
    id: int
    title: str
    language: str
    prospect: str
    industry: str
    incumbent: str | None
    owner: str
    team: str | None
    stage: str
    value: Decimal
    currency: str
    expected_close: date | None
    rep_confidence: float | None
    win_probability: float | None
    ready: bool | None
    has_stated_gap: bool
    decision_maker: str
    last_activity: datetime
    closed_at: datetime | None = Field(description="When the deal closed (won, lost, "
                                       "no_decision); null while it is open.")

    @staticmethod
    def resolve_incumbent(deal: Deal) -> str | None:
        return deal.incumbent.name if deal.incumbent else None

    @staticmethod
    def resolve_owner(deal: Deal) -> str:
        return deal.owner.get_username()

    @staticmethod
    def resolve_team(deal: Deal) -> str | None:
        return deal.team.name if deal.team else None


class DealPage(Schema):
    count: int = Field(description="How many deals match, over all pages.")
    items: list[DealOut]


class GapOut(Schema):
    key: str
    title: str
    capability: str
    evidence: str
    stated_by: str
    quote: str
    impact: str
    owner_name: str


class OfferItemOut(Schema):
    key: str
    text: str
    capability: str
    kind: str


class ClosingOut(Schema):
    """How a deal closed (docs/outcomes.md); a reopened deal keeps its closings."""

    outcome: str = Field(description="won, lost or no_decision.")
    reason: str = Field(description="A code of the team's reasons (GET /api/outcomes/reasons), "
                                    "or not-recorded.")
    note: str
    countered: str = Field(description="For a loss: yes, no or unknown; else empty.")
    counter_move: str = Field(description="For a loss the incumbent countered: matched_price, "
                                          "improved_terms, escalated_relationship, other.")
    lost_to: str = Field(description="For a loss: incumbent, other_competitor, nobody; "
                                     "empty when not said.")
    closed_at: datetime
    closed_by: str | None
    reopened_at: datetime | None = Field(description="null while this closing is in force.")

    @staticmethod
    def resolve_closed_by(closing: Closing) -> str | None:
        return closing.closed_by.get_username() if closing.closed_by else None


class DealDetail(DealOut):
    gaps: list[GapOut]
    offer: list[OfferItemOut]
    core: dict[str, Any] = Field(
        description="The deal in the deal-file format (docs/deal-files.md).")
    closing: ClosingOut | None = Field(description="The closing in force; null while open.")
    closings: list[ClosingOut] = Field(description="Every closing, newest first (a reopened "
                                                   "deal keeps the ones before).")

    @staticmethod
    def resolve_closings(deal: Deal) -> list[Any]:
        return list(deal.closings.select_related("closed_by"))

    @staticmethod
    def resolve_closing(deal: Deal) -> Any:
        return deal.closings.select_related("closed_by").filter(reopened_at__isnull=True).first()

    @staticmethod
    def resolve_gaps(deal: Deal) -> list[Any]:
        return list(deal.gaps.all())

    @staticmethod
    def resolve_offer(deal: Deal) -> list[Any]:
        return list(deal.offer_items.all())


# A deal's value: what its column holds and every page can show (docs/limits.md).
DealValue = Annotated[Decimal, Field(ge=0, le=MAX_DEAL_VALUE, max_digits=18, decimal_places=2,
                                     description=f"0 to {MAX_DEAL_VALUE:,}, at most 2 decimals.")]


class DealIn(Schema):
    deal: dict[str, Any] = Field(description="A deal in the deal-file format, as JSON.")
    value: DealValue = Decimal(0)
    currency: CurrencyCode | None = None
    expected_close: date | None = None


class DealPatch(Schema):
    title: str | None = Field(default=None, min_length=1, max_length=limit("deal.short_text"))
    stage: StageName | None = None
    value: DealValue | None = None
    currency: CurrencyCode | None = None
    expected_close: date | None = None
    rep_confidence: float | None = Field(default=None, ge=0, le=1, allow_inf_nan=False)


class AssessmentOut(Schema):
    deal_id: int
    win_probability: float | None
    ready: bool | None
    assessment: dict[str, Any]


class AnalysisOut(Schema):
    """The coach's analysis of an upload, which runs as a background job."""

    state: Literal["queued", "running", "done", "failed"] = Field(
        description="queued and running: turns, speakers and findings are not there yet; "
                    "failed: see error, and POST .../retry (also when stalled).")
    error: str = Field(description="Why it failed, in the uploader's language; else empty.")
    job_id: str = Field(description="The background job's id; empty for conversations "
                                    "analysed before analysis ran as a job.")
    stalled: bool = Field(description="queued or running, but its job will never finish (its "
                                      "worker was stopped, or the queue lost it): POST "
                                      ".../retry.")


class ConversationOut(Schema):
    id: int
    deal_id: int
    title: str
    input_format: str
    language: str
    created_at: datetime
    uploaded_by: str | None
    finding_count: int
    content_hash: str = Field(description="sha256 of the transcript's text (UTF-8): the same "
                                          "transcript uploaded again gives this conversation.")
    analysis: AnalysisOut

    @staticmethod
    def resolve_uploaded_by(conversation: Conversation) -> str | None:
        user = conversation.uploaded_by
        return user.get_username() if user else None

    @staticmethod
    def resolve_analysis(conversation: Conversation) -> dict[str, str | bool]:
        from displace.web.conversations.actions import can_retry

        state = conversation.analysis_state
        return {"state": state, "error": conversation.analysis_error,
                "job_id": conversation.analysis_task,
                "stalled": state in ("queued", "running") and can_retry(conversation)}


class ConversationDetail(ConversationOut):
    speakers: dict[str, str]
    role_sources: dict[str, str]
    turns: list[dict[str, Any]]
    metrics: dict[str, Any]
    warnings: list[str]

    @staticmethod
    def resolve_warnings(conversation: Conversation) -> list[str]:
        """The reader's warnings in the request's language (Accept-Language)."""
        from django.utils import translation

        from displace.web.conversations.presenting import warning_text

        lang = (translation.get_language() or "en")[:2]
        return [warning_text(w, lang) for w in conversation.warnings]


SpeakerLabel = Annotated[str, StringConstraints(min_length=1,
                                               max_length=limit("transcript.speaker"))]


class ConversationIn(Schema):
    text: str = Field(min_length=1, description="The transcript, pasted (at most "
                      "DISPLACE_MAX_UPLOAD_BYTES bytes as UTF-8).")
    name: str = Field(default="", max_length=200,
                      description="A file name whose extension (.txt .vtt .srt .json) "
                                  "picks the format; empty for pasted text.")
    title: str = Field(default="", max_length=limit("conversation.title"))
    roles: dict[SpeakerLabel, RoleName] = Field(
        default_factory=dict, max_length=limit("conversation.speakers"),
        description="Speaker label -> role, when known.")


class FindingOut(Schema):
    id: int
    conversation_id: int
    behaviour: str
    polarity: str
    severity: str
    turn: int
    start: int
    end: int
    quote: str
    speaker: str
    role: str
    rule: str
    source: dict[str, Any] = Field(description="Where it came from: kind rule (rule, "
                                   "model_score), sequence (check), model (model, score) or "
                                   "team (example, similarity).")
    message: str
    advice: str


class AcceptIn(Schema):
    gap: str = Field(default="", max_length=80,
                     description="The gap's key; empty adds a new gap.")
    title: str = Field(default="", max_length=300,
                       description="A new gap's title; empty: the sentence's first words.")
    said_by: str = Field(default="", max_length=200,
                         description="The contact at the prospect who said it; empty: the one "
                                     "the transcript names (a role's name is not a person).")


class FollowUpOut(Schema):
    id: int
    deal_id: int
    deal_title: str
    title: str
    due: date
    assignee: str
    done: bool
    done_at: datetime | None
    created_by: str | None = Field(description="Who added it (username); null for follow-ups "
                                               "from before this was kept, or imported without.")
    done_by: str | None = Field(description="Who marked it done (username); null when open or "
                                            "not known.")

    @staticmethod
    def resolve_deal_title(follow_up: FollowUp) -> str:
        return follow_up.deal.title

    @staticmethod
    def resolve_assignee(follow_up: FollowUp) -> str:
        return follow_up.assignee.get_username()

    @staticmethod
    def resolve_created_by(follow_up: FollowUp) -> str | None:
        return follow_up.created_by.get_username() if follow_up.created_by else None

    @staticmethod
    def resolve_done_by(follow_up: FollowUp) -> str | None:
        return follow_up.done_by.get_username() if follow_up.done_by else None


class FollowUpPage(Schema):
    count: int
    items: list[FollowUpOut]


class FollowUpIn(Schema):
    title: str = Field(min_length=1, max_length=limit("follow_up.title"))
    due: date


class AnalyzeIn(Schema):
    text: str = Field(min_length=1, description="The transcript (at most "
                      "DISPLACE_MAX_UPLOAD_BYTES bytes as UTF-8).")
    format: FormatName | None = Field(default=None, description="Detected when left out.")
    roles: dict[SpeakerLabel, RoleName] = Field(default_factory=dict,
                                                max_length=limit("conversation.speakers"))
    lang: LanguageCode | None = Field(default=None,
                                      description="Language of the report's messages.")


def _teachable(name: str) -> str:
    if name not in teachable_behaviours():
        raise ValueError(f"expected a behaviour the coach reports: "
                         f"{', '.join(teachable_behaviours())}")
    return name


# A behaviour a team may teach: one the reports show (docs: README, "What it detects").
BehaviourName = Annotated[str, AfterValidator(_teachable),
                          WithJsonSchema({"type": "string", "enum": list(teachable_behaviours())})]
# A position in a turn's text, or a turn's number: never past the largest transcript.
TextOffset = Annotated[int, Field(ge=0, le=limit("transcript.bytes"))]


class ExampleOut(Schema):
    id: int
    team: str
    text: str
    behaviour: str
    positive: bool = Field(description="true: the behaviour is found on such words; false: "
                                        "it stays quiet there.")
    language: str
    status: Literal["suggested", "confirmed"] = Field(
        description="Only confirmed examples change the team's analyses.")
    added_by: str | None
    added_at: datetime
    confirmed_by: str | None
    confirmed_at: datetime | None
    finding_id: int | None
    conversation_id: int | None

    @staticmethod
    def resolve_team(example: Example) -> str:
        return example.team.name

    @staticmethod
    def resolve_added_by(example: Example) -> str | None:
        return example.added_by.get_username() if example.added_by else None

    @staticmethod
    def resolve_confirmed_by(example: Example) -> str | None:
        return example.confirmed_by.get_username() if example.confirmed_by else None


class ExamplePage(Schema):
    count: int
    items: list[ExampleOut]


class WrongIn(Schema):
    should_be: BehaviourName | None = Field(
        default=None, description="What the words should have been found as, if anything.")


class TeachIn(Schema):
    turn: TextOffset = Field(description="The turn's index (from 0, as in the conversation).")
    start: TextOffset = Field(description="Where the words start in the turn's text.")
    end: TextOffset = Field(description="Where they end (exclusive).")
    behaviour: BehaviourName


# Page through long lists: ?limit=50&offset=0 (at most 500 a page).
Limit: Any = Query(50, ge=1, le=500)
Offset: Any = Query(0, ge=0, le=limit("api.offset"))
# Ids in a URL or a query: a database row id at most (a larger number is a 422, not a 500).
RecordId = Annotated[int, Field(ge=1, le=limit("api.id"))]
