"""Classifying offer items and claims as parity, matchable or differentiator, with the reason."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, TypeVar

from displace.core.deal.catalogue import Capability, Catalogue
from displace.core.deal.model import Claim, Deal, Incumbent, Kind
from displace.core.deal.weights import Weights
from displace.core.deal.wording import say
from displace.core.model import Report

__all__ = [
    "Classification",
    "ClassifiedItem",
    "ResolvedCapability",
    "classify_claim",
    "conversation_claims",
    "effective_days",
    "resolve",
]

Classification = Literal["parity", "matchable", "differentiator"]
Source = Literal["offer", "deal-claim", "conversation"]
T = TypeVar("T", int, float)


@dataclass(frozen=True)
class ResolvedCapability:
    """What we know of the capability behind an item: from the catalogue, overridden by the file."""

    id: str | None
    name: str
    kind: Kind | None
    commonality: float | None
    match_days: int | None


@dataclass(frozen=True)
class ClassifiedItem:
    """An offer item or a claim with its class and the reason in words."""

    id: str
    text: str
    source: Source
    capability: ResolvedCapability
    classification: Classification
    reason: str
    quote_turn: int | None = None  # for claims from a conversation

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {
            "id": self.id,
            "text": self.text,
            "source": self.source,
            "capability": self.capability.id,
            "capability_name": self.capability.name,
            "kind": self.capability.kind,
            "commonality": self.capability.commonality,
            "match_days": self.capability.match_days,
            "classification": self.classification,
            "reason": self.reason,
            "turn": self.quote_turn,
        }


def resolve(claim: Claim, catalogue: Catalogue, lang: str) -> ResolvedCapability:
    """The capability of a claim: its id, else the first catalogue phrase found in its text."""
    cap: Capability | None = catalogue.get(claim.capability) if claim.capability else None
    if cap is None and not claim.capability:
        found = catalogue.match(claim.text)
        cap = found[0][0] if found else None
    return ResolvedCapability(
        id=cap.id if cap else claim.capability,
        name=cap.name.get(lang, cap.id) if cap else claim.capability or "",
        kind=claim.kind or (cap.kind if cap else None),
        commonality=_first(claim.commonality, cap.commonality if cap else None),
        match_days=_first(claim.match_days, cap.match_days if cap else None),
    )


def _first(given: T | None, catalogued: T | None) -> T | None:
    return given if given is not None else catalogued


def effective_days(cap: ResolvedCapability, incumbent: Incumbent, weights: Weights) -> float:
    """Days this incumbent needs to match the capability, given how fast it has moved before."""
    days = cap.match_days if cap.match_days is not None else weights.counter["unknown_days"]
    return float(days) * float(weights.counter["speed_days"][incumbent.match_speed])


def classify_claim(
    claim: Claim,
    *,
    ident: str,
    source: Source,
    deal: Deal,
    catalogue: Catalogue,
    weights: Weights,
    lang: str,
    turn: int | None = None,
) -> ClassifiedItem:
    """Classify one offer item or claim against the incumbent and the catalogue."""
    cap = resolve(claim, catalogue, lang)
    cls, reason = _decide(cap, deal.incumbent, weights, lang)
    return ClassifiedItem(ident, claim.text, source, cap, cls, reason, turn)


def _decide(
    cap: ResolvedCapability, incumbent: Incumbent, weights: Weights, lang: str
) -> tuple[Classification, str]:
    # Order matters: a concession is matchable however rare; what most competitors claim is
    # parity even when it is slow to copy.
    name, who = cap.name, incumbent.name
    days = effective_days(cap, incumbent, weights)
    if cap.kind is None:
        return "matchable", say("classify.unknown", lang)
    if cap.kind == "concession":
        return "matchable", say("classify.concession", lang, incumbent=who, days=_days(days))
    if cap.commonality is not None and cap.commonality >= weights.classify["parity_commonality"]:
        share = round(cap.commonality * 100)
        return "parity", say("classify.common", lang, name=name, share=share)
    if cap.id and cap.id in incumbent.delivers:
        return "parity", say("classify.incumbent_has", lang, name=name, incumbent=who)
    if days <= weights.classify["quick_match_days"]:
        return "matchable", say("classify.quick", lang, name=name, incumbent=who, days=_days(days))
    key = "classify.structural" if cap.kind == "structural" else "classify.service"
    return "differentiator", say(key, lang, name=name, incumbent=who, days=_days(days))


def _days(days: float) -> int:
    return max(1, round(days))


_CLAIM_BEHAVIOURS: dict[str, Classification] = {
    "parity-claim": "parity",
    "matchable-concession": "matchable",
}


def conversation_claims(
    reports: Sequence[Report], deal: Deal, catalogue: Catalogue, weights: Weights, lang: str
) -> list[ClassifiedItem]:
    """The seller's claims the coach found in the conversations, classified."""
    out: list[ClassifiedItem] = []
    for r_index, report in enumerate(reports):
        for finding in report.findings:
            forced = _CLAIM_BEHAVIOURS.get(finding.behaviour)
            if forced is None or finding.role != "seller":
                continue
            item = classify_claim(
                Claim(text=finding.quote),
                ident=f"c{r_index + 1}-t{finding.turn_index}-{len(out) + 1}",
                source="conversation",
                deal=deal,
                catalogue=catalogue,
                weights=weights,
                lang=lang,
                turn=finding.turn_index,
            )
            if item.classification == "differentiator" or item.capability.kind is None:
                # The coach heard a credential or a concession; trust its reading.
                reason = say(f"classify.finding.{forced}", lang)
                item = ClassifiedItem(
                    item.id,
                    item.text,
                    item.source,
                    item.capability,
                    forced,
                    reason,
                    item.quote_turn,
                )
            out.append(item)
    return out
