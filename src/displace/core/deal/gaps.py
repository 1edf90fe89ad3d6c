"""Scoring gaps against the good-gap criteria of METHOD.md, and finding gaps in conversations.

A gap only counts as stated when the prospect said it: a quote by a prospect contact in the deal
file, or a `prospect-stated-gap` finding of the conversation coach.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from displace.core.deal.catalogue import Catalogue
from displace.core.deal.classify import ResolvedCapability, effective_days, resolve
from displace.core.deal.model import Claim, Deal, Gap, GapEvidence
from displace.core.deal.weights import Weights
from displace.core.deal.wording import say
from displace.core.model import Report
from displace.core.text import fold

__all__ = [
    "CRITERIA",
    "GapCounts",
    "GapScore",
    "GapStatus",
    "conversation_gaps",
    "gap_counts",
    "said_within",
    "score_gap",
    "score_gaps",
]

GapStatus = Literal["assumed", "stated", "quantified", "owned"]
CRITERIA = (
    "concrete",
    "we_deliver",
    "incumbent_lacks",
    "stated",
    "quantified",
    "owned",
    "proactive",
    "hard_to_match",
    "checkable",
)


@dataclass(frozen=True)
class GapScore:
    """A gap with its evidence checked: which criteria hold, its score and what is missing."""

    gap: Gap
    source: Literal["deal", "conversation"]
    capability: ResolvedCapability
    criteria: dict[str, bool]
    score: float  # 0..1, the weighted share of criteria that hold
    status: GapStatus
    missing: tuple[str, ...]  # what evidence to get next, in words
    group: str  # gaps in one group are the same gap seen twice; the model counts the best once

    @property
    def stated(self) -> bool:
        """The prospect said it in their own words."""
        return self.criteria["stated"]

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        ev = self.gap.evidence
        return {
            "id": self.gap.id,
            "summary": self.gap.summary,
            "source": self.source,
            "capability": self.capability.id,
            "capability_name": self.capability.name,
            "status": self.status,
            "score": round(self.score, 3),
            "criteria": self.criteria,
            "missing": list(self.missing),
            "group": self.group,
            "evidence": {
                "stated_by": ev.stated_by,
                "quote": ev.quote,
                "conversation": ev.conversation,
                "impact": ev.impact,
                "owner": ev.owner,
            },
        }


def score_gap(
    gap: Gap,
    deal: Deal,
    catalogue: Catalogue,
    weights: Weights,
    lang: str,
    *,
    source: Literal["deal", "conversation"] = "deal",
    group: str = "",
) -> GapScore:
    """Check one gap against each good-gap criterion."""
    cap = resolve(Claim(text=gap.summary, capability=gap.capability), catalogue, lang)
    criteria = _criteria(gap, cap, deal, weights)
    shares = weights.gap["criteria"]
    score = sum(float(shares[name]) for name, ok in criteria.items() if ok)
    missing = tuple(say(f"gap.missing.{name}", lang) for name, ok in criteria.items() if not ok)
    return GapScore(gap, source, cap, criteria, score, _status(criteria), missing, group or gap.id)


def _criteria(gap: Gap, cap: ResolvedCapability, deal: Deal, weights: Weights) -> dict[str, bool]:
    ev = gap.evidence
    stated = bool(ev.stated_by.strip() and ev.quote.strip())
    not_delivered = cap.id is None or cap.id not in deal.incumbent.delivers
    lacks = gap.incumbent_delivers is False or (
        gap.incumbent_delivers is None and stated and not_delivered
    )
    quick = effective_days(cap, deal.incumbent, weights) <= weights.classify["quick_match_days"]
    return {
        "concrete": cap.id is not None,
        "we_deliver": cap.id is not None and cap.id in deal.our_side.capabilities,
        "incumbent_lacks": lacks,
        "stated": stated,
        "quantified": stated and bool(ev.impact.strip()),
        "owned": stated and _owned_by_decider(ev, deal),
        "proactive": gap.proactive or cap.kind == "service",
        "hard_to_match": cap.kind in ("service", "structural") and not quick,
        "checkable": stated and cap.id is not None,
    }


def _owned_by_decider(ev: GapEvidence, deal: Deal) -> bool:
    if not ev.owner:
        return False
    contact = deal.prospect.contact(ev.owner)
    is_maker = bool(deal.decision.maker) and fold(ev.owner) == fold(deal.decision.maker)
    return is_maker or (contact is not None and contact.decision_role == "decision-maker")


def _status(criteria: dict[str, bool]) -> GapStatus:
    if not criteria["stated"]:
        return "assumed"
    if criteria["quantified"] and criteria["owned"]:
        return "owned"
    return "quantified" if criteria["quantified"] else "stated"


MOST_CONVERSATION_GAPS = 25
_WORD = re.compile(r"\w+")


def conversation_gaps(reports: Sequence[Report], deal: Deal) -> list[tuple[Gap, str]]:
    """Gaps the prospect stated in the conversations, each with its group key.

    At most `MOST_CONVERSATION_GAPS` distinct ones: past a few stated gaps the probability
    no longer moves, while a 300 KB transcript can hold hundreds that each cost a Monte Carlo
    term.
    """
    out: list[tuple[Gap, str]] = []
    for r_index, report in enumerate(reports):
        for finding in report.by_behaviour("prospect-stated-gap"):
            if finding.role != "prospect" or len(out) == MOST_CONVERSATION_GAPS:
                continue
            ident = f"conversation-{r_index + 1}-{finding.turn_index}-{finding.start}"
            speaker = _prospect_contact(finding.speaker, deal)
            evidence = GapEvidence(
                stated_by=speaker, quote=finding.quote, conversation=report.conversation.source
            )
            gap = Gap(id=ident, summary=finding.quote, evidence=evidence)
            out.append((gap, _quote_key(finding.quote)))
    return out


def _prospect_contact(speaker: str, deal: Deal) -> str:
    # The coach knows the speaker label; the deal knows the people. Use the contact's name when
    # the label names one, else the first contact, else the label itself.
    contact = deal.prospect.contact(speaker)
    if contact:
        return contact.name
    return deal.prospect.contacts[0].name if deal.prospect.contacts else speaker or "prospect"


def _quote_key(quote: str) -> str:
    return "quote:" + " ".join(fold(quote).split())


def said_within(quote: str, held: str) -> bool:
    """Whether the words of `quote` are said, in that order, in `held` (case, diacritics and
    punctuation aside): "nobody does it" is said within "But nobody does it, ever."."""
    words = _words(quote)
    return bool(words.strip()) and words in _words(held)


def _words(text: str) -> str:
    return f" {' '.join(_WORD.findall(fold(text)))} "


def score_gaps(
    deal: Deal, reports: Sequence[Report], catalogue: Catalogue, weights: Weights, lang: str
) -> list[GapScore]:
    """Every gap of the deal and of the conversations, scored; a quote seen twice shares a group,
    and so does a quote from a conversation that a deal gap's quote holds (a gap accepted from
    a conversation keeps the whole sentence around the words the coach found)."""
    scored: list[GapScore] = []
    quoted: list[tuple[str, str]] = []  # (quote, group) of the deal's quoted gaps
    for gap in deal.gaps:
        group = _quote_key(gap.evidence.quote) if gap.evidence.quote.strip() else f"deal:{gap.id}"
        if gap.evidence.quote.strip():
            quoted.append((gap.evidence.quote, group))
        scored.append(score_gap(gap, deal, catalogue, weights, lang, group=group))
    for gap, group in conversation_gaps(reports, deal):
        group = next((g for held, g in quoted if said_within(gap.evidence.quote, held)), group)
        scored.append(
            score_gap(gap, deal, catalogue, weights, lang, source="conversation", group=group)
        )
    return scored


@dataclass(frozen=True)
class GapCounts:
    """How many distinct gaps the prospect stated, and how many only the rep assumes."""

    stated: int
    assumed: int

    def to_dict(self) -> dict[str, int]:
        """JSON-ready form."""
        return {"stated": self.stated, "assumed": self.assumed}


def gap_counts(gaps: Sequence[GapScore]) -> GapCounts:
    """The one count of gaps every page and reason gives: a gap seen twice (on the deal and in a
    call, or in two calls) is one gap; it is stated when any of its sightings is."""
    stated = {g.group for g in gaps if g.stated}
    assumed = {g.group for g in gaps if not g.stated} - stated
    return GapCounts(len(stated), len(assumed))
