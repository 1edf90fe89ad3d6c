"""The conversation side of the domain: turns, findings, metrics and the report.

Plain frozen dataclasses: the core builds them, reports and the web layer read them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = [
    "ROLES",
    "Conversation",
    "Finding",
    "Language",
    "Metrics",
    "NarrationSpan",
    "Polarity",
    "Report",
    "Role",
    "Severity",
    "Turn",
    "finding_source",
]

Role = Literal["seller", "prospect", "incumbent", "other"]
ROLES: tuple[Role, ...] = ("seller", "prospect", "incumbent", "other")
Polarity = Literal["risk", "info", "good"]
Severity = Literal["high", "medium", "low", "info"]
Language = Literal["vi", "en"]

REPORT_SCHEMA = "displace.report/1"


@dataclass(frozen=True)
class Turn:
    """One speaker's uninterrupted speech; `text` is NFC-normalised."""

    index: int
    speaker: str
    text: str
    role: Role = "other"
    start: float | None = None  # seconds from the start of the conversation
    end: float | None = None
    language: Language = "en"
    line: int | None = None  # 1-based line in the source file where the turn starts


@dataclass(frozen=True)
class NarrationSpan:
    """Text in the source that was read as narration, not as anybody's speech."""

    line: int
    text: str
    after_turn: int | None  # index of the turn it followed, if any


@dataclass(frozen=True)
class Conversation:
    """A parsed conversation: turns with roles, plus what the parser noticed."""

    turns: tuple[Turn, ...]
    source: str = "<text>"
    input_format: str = "plain"
    encoding: str = "utf-8"
    language: Literal["vi", "en", "mixed"] = "en"
    narration: tuple[NarrationSpan, ...] = ()
    role_sources: dict[str, str] = field(default_factory=dict)  # speaker -> how its role was set
    warnings: tuple[str, ...] = ()

    @property
    def speakers(self) -> dict[str, Role]:
        """Each speaker label with its role, in order of first appearance."""
        out: dict[str, Role] = {}
        for turn in self.turns:
            out.setdefault(turn.speaker, turn.role)
        return out


@dataclass(frozen=True)
class Finding:
    """A behaviour detected on a span of one turn."""

    behaviour: str
    polarity: Polarity
    severity: Severity
    turn_index: int
    start: int  # offsets into that turn's text; text[start:end] == quote
    end: int
    quote: str
    role: Role
    speaker: str
    rule: str  # id of the rule (or sequence check) that produced it
    message: str  # what it is, in the report's language
    advice: str  # what to do instead, in the report's language
    data: dict[str, Any] = field(default_factory=dict)  # e.g. captured amounts, incumbent name

    def to_dict(self) -> dict[str, Any]:
        return {
            "behaviour": self.behaviour,
            "polarity": self.polarity,
            "severity": self.severity,
            "role": self.role,
            "speaker": self.speaker,
            "turn": self.turn_index,
            "start": self.start,
            "end": self.end,
            "quote": self.quote,
            "message": self.message,
            "advice": self.advice,
            "rule": self.rule,
            "source": self.source,
            "data": self.data,
        }

    @property
    def source(self) -> dict[str, Any]:
        """Where the finding came from: a rule, a sequence check, the model, a team example."""
        return finding_source(self.rule, self.data)


def finding_source(rule: str, data: dict[str, Any]) -> dict[str, Any]:
    """A finding's source from its rule id and data (also for findings stored elsewhere)."""
    kind, _, name = rule.partition(":")
    if kind == "model":
        return {"kind": "model", "model": name, "score": data.get("score")}
    if kind == "team":
        return {"kind": "team", "example": data.get("example"),
                "similarity": data.get("similarity")}
    if kind == "sequence":
        return {"kind": "sequence", "check": name}
    found: dict[str, Any] = {"kind": "rule", "rule": rule}
    if "model_score" in data:
        found["model_score"] = data["model_score"]
    return found


@dataclass(frozen=True)
class Metrics:
    """The scorecard: who talked, who asked, how long the seller went on."""

    words_by_role: dict[str, int]
    talk_share: dict[str, float]  # share of words (or of time when timed) per role, 0..1
    talk_share_basis: Literal["words", "time"]
    questions: dict[str, dict[str, int]]  # role -> {"open": n, "closed": n}
    longest_seller_monologue_words: int
    longest_seller_monologue_seconds: float | None
    switches_per_100_words: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "words_by_role": self.words_by_role,
            "talk_share": {k: round(v, 4) for k, v in self.talk_share.items()},
            "talk_share_basis": self.talk_share_basis,
            "questions": self.questions,
            "longest_seller_monologue": {
                "words": self.longest_seller_monologue_words,
                "seconds": self.longest_seller_monologue_seconds,
            },
            "switches_per_100_words": round(self.switches_per_100_words, 2),
        }


@dataclass(frozen=True)
class Report:
    """What the conversation coach says about one conversation."""

    conversation: Conversation
    findings: tuple[Finding, ...]
    metrics: Metrics
    facts: dict[str, Any]
    warnings: tuple[str, ...]
    lang: Language  # language of messages and advice
    # what read it: {"rules": bool, "model": name or None, "model_note": why not}
    coach: dict[str, Any] = field(default_factory=dict)

    def by_behaviour(self, behaviour: str) -> list[Finding]:
        """The findings of one behaviour, in conversation order."""
        return [f for f in self.findings if f.behaviour == behaviour]

    def behaviours(self) -> set[str]:
        """The distinct behaviours found."""
        return {f.behaviour for f in self.findings}

    def to_dict(self) -> dict[str, Any]:
        conv = self.conversation
        return {
            "schema": REPORT_SCHEMA,
            "source": conv.source,
            "input_format": conv.input_format,
            "encoding": conv.encoding,
            "language": conv.language,
            "report_language": self.lang,
            "speakers": [
                {"label": s, "role": r, "role_source": conv.role_sources.get(s, "")}
                for s, r in conv.speakers.items()
            ],
            "turns": [
                {
                    "index": t.index,
                    "speaker": t.speaker,
                    "role": t.role,
                    "text": t.text,
                    "start": t.start,
                    "end": t.end,
                    "language": t.language,
                    "line": t.line,
                }
                for t in conv.turns
            ],
            "narration": [
                {"line": n.line, "text": n.text, "after_turn": n.after_turn}
                for n in conv.narration
            ],
            "findings": [f.to_dict() for f in self.findings],
            "coach": self.coach,
            "metrics": self.metrics.to_dict(),
            "facts": self.facts,
            "warnings": list(self.warnings),
        }
