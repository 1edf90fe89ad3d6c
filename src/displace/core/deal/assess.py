"""Assessing a deal: readiness to propose, win probability with reasons, risks, next questions.

`assess_deal` reads the deal and what the conversation coach found in its conversations, and
returns an `Assessment`: a frozen record that `report` renders as text, JSON or HTML.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from displace.core.deal.advice import (
    NextQuestion,
    Risk,
    next_questions,
    risks,
)
from displace.core.deal.catalogue import (
    Catalogue,
    CatalogueError,
    Playbook,
    list_industries,
    load_catalogue,
    load_playbook,
)
from displace.core.deal.classify import ClassifiedItem, classify_claim, conversation_claims
from displace.core.deal.counter import CounterMove, simulate_counter
from displace.core.deal.evidence import Reason, model_inputs
from displace.core.deal.gaps import GapScore, gap_counts, score_gaps
from displace.core.deal.model import Deal
from displace.core.deal.probability import expected_terms, simulate
from displace.core.deal.weights import Weights, load_weights, scaled_weights
from displace.core.deal.wording import say
from displace.core.errors import DealFileError
from displace.core.model import Report

__all__ = ["ASSESSMENT_SCHEMA", "Assessment", "ConfidenceGap", "assess_deal"]

ASSESSMENT_SCHEMA = "displace.assessment/1"


@dataclass(frozen=True)
class ConfidenceGap:
    """The rep's own confidence against the evidence-based probability."""

    rep: float | None
    evidence: float
    difference: float | None  # rep - evidence
    flag: Literal["over-confident", "under-confident", "aligned", "unknown"]
    text: str


@dataclass(frozen=True)
class Assessment:
    """Everything Displace says about a deal before the proposal goes out."""

    deal: Deal
    lang: str
    seed: int
    runs: int
    ready: bool
    verdict_reasons: tuple[str, ...]
    offer_items: tuple[ClassifiedItem, ...]
    claims: tuple[ClassifiedItem, ...]
    gaps: tuple[GapScore, ...]
    counter_move: CounterMove
    win_probability: float
    interval: tuple[float, float]
    probability_reasons: tuple[Reason, ...]
    risks: tuple[Risk, ...]
    next_questions: tuple[NextQuestion, ...]
    confidence_gap: ConfidenceGap
    conversations: tuple[str, ...]
    # The model's terms as expected log-odds per family, under the shipped weights (a team's
    # multipliers times these give the log-odds behind `win_probability`): what a refit reads.
    terms: Mapping[str, float] = field(default_factory=dict)
    # The team's accepted weights version behind `win_probability`; 0 is the shipped weights.
    weights_version: int = 0

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form, tagged with its schema."""
        cg = self.confidence_gap
        return {
            "schema": ASSESSMENT_SCHEMA,
            "deal": {
                "title": self.deal.title,
                "source": self.deal.source,
                "prospect": self.deal.prospect.name,
                "incumbent": self.deal.incumbent.name,
                "industry": self.deal.industry,
            },
            "lang": self.lang,
            "seed": self.seed,
            "runs": self.runs,
            "conversations": list(self.conversations),
            "ready": self.ready,
            "verdict_reasons": list(self.verdict_reasons),
            "offer_items": [i.to_dict() for i in self.offer_items],
            "claims": [c.to_dict() for c in self.claims],
            "gaps": [g.to_dict() for g in self.gaps],
            "gap_counts": gap_counts(self.gaps).to_dict(),
            "counter_move": self.counter_move.to_dict(),
            "win_probability": round(self.win_probability, 4),
            "weights_version": self.weights_version,
            "terms": {family: round(value, 4) for family, value in self.terms.items()},
            "interval": [round(self.interval[0], 4), round(self.interval[1], 4)],
            "probability_reasons": [r.to_dict() for r in self.probability_reasons],
            "risks": [r.to_dict() for r in self.risks],
            "next_questions": [q.to_dict() for q in self.next_questions],
            "confidence_gap": {
                "rep": cg.rep,
                "evidence": round(cg.evidence, 4),
                "difference": None if cg.difference is None else round(cg.difference, 4),
                "flag": cg.flag,
                "text": cg.text,
            },
        }


def assess_deal(
    deal: Deal,
    *,
    reports: Sequence[Report] = (),
    seed: int = 0,
    lang: str = "en",
    runs: int = 2000,
    library: Sequence[Path] = (),
    multipliers: Mapping[str, float] | None = None,
    weights_version: int = 0,
) -> Assessment:
    """Assess a deal with what the coach found in its conversations; same inputs, same result.

    `library` lists data folders (laid out like the shipped one) whose catalogues and playbooks
    extend or replace the shipped entries, as an admin's edits do in the web app.
    `multipliers` (one per family of `weights.FAMILIES`) scale the shipped weights: a team's
    accepted refit, recorded as `weights_version`.
    """
    shipped = load_weights()
    weights = scaled_weights(shipped, multipliers) if multipliers else shipped
    catalogue = _catalogue(deal, library)
    _check_capabilities(deal, catalogue)
    offer = tuple(
        classify_claim(
            item,
            ident=item.id or f"offer-{n + 1}",
            source="offer",
            deal=deal,
            catalogue=catalogue,
            weights=weights,
            lang=lang,
        )
        for n, item in enumerate(deal.offer)
    )
    claims = tuple(
        classify_claim(
            claim,
            ident=f"claim-{n + 1}",
            source="deal-claim",
            deal=deal,
            catalogue=catalogue,
            weights=weights,
            lang=lang,
        )
        for n, claim in enumerate(deal.our_side.claims)
    ) + tuple(conversation_claims(reports, deal, catalogue, weights, lang))
    gaps = tuple(score_gaps(deal, reports, catalogue, weights, lang))
    counter = simulate_counter(offer, gaps, deal.incumbent, weights, lang)
    inputs, reasons = model_inputs(deal, offer, gaps, reports, weights, lang)
    sim = simulate(inputs, weights, seed=seed, runs=runs)
    shipped_inputs = (
        model_inputs(deal, offer, gaps, reports, shipped, lang)[0] if multipliers else inputs
    )
    reasons += (
        Reason(
            say("prob.interval", lang, low=_pct(sim.interval[0]), high=_pct(sim.interval[1])), 0.0
        ),
    )
    ready, verdict = _readiness(deal, offer, gaps, reports, sim.probability, weights, lang)
    confidence = _confidence(deal.rep_confidence, sim.probability, weights, lang)
    playbook = _playbook(deal.industry, library)
    return Assessment(
        deal=deal,
        lang=lang,
        seed=seed,
        runs=sim.runs,
        ready=ready,
        verdict_reasons=verdict,
        offer_items=offer,
        claims=claims,
        gaps=gaps,
        counter_move=counter,
        win_probability=sim.probability,
        interval=sim.interval,
        probability_reasons=reasons,
        risks=risks(
            deal,
            offer,
            claims,
            gaps,
            counter,
            reports,
            confidence.flag,
            catalogue,
            lang,
            sim.probability,
        ),
        next_questions=next_questions(deal, offer, gaps, reports, catalogue, playbook, lang),
        confidence_gap=confidence,
        conversations=tuple(r.conversation.source for r in reports),
        terms=expected_terms(shipped_inputs, shipped),
        weights_version=weights_version,
    )


def _pct(p: float) -> int:
    return round(p * 100)  # 0 when below half a point: callers say "< 1" there


def _catalogue(deal: Deal, library: Sequence[Path]) -> Catalogue:
    try:
        return load_catalogue(deal.industry, library)
    except CatalogueError:
        known = ", ".join(list_industries(library))
        raise DealFileError(
            f"{deal.source}: prospect.industry: expected one of {known}, found {deal.industry!r}"
        ) from None


def _playbook(industry: str, library: Sequence[Path]) -> Playbook:
    try:
        return load_playbook(industry, library)
    except CatalogueError as exc:
        if "no playbook" not in str(exc):
            raise
        return Playbook(industry, ())  # an industry without questions yet: no next questions


def _check_capabilities(deal: Deal, catalogue: Catalogue) -> None:
    refs: list[tuple[str, str | None]] = [
        (f"our_side.capabilities[{i}]", c) for i, c in enumerate(deal.our_side.capabilities)
    ]
    refs += [(f"incumbent.delivers[{i}]", c) for i, c in enumerate(deal.incumbent.delivers)]
    refs += [(f"offer[{i}].capability", o.capability) for i, o in enumerate(deal.offer)]
    refs += [
        (f"our_side.claims[{i}].capability", c.capability)
        for i, c in enumerate(deal.our_side.claims)
    ]
    refs += [(f"gaps[{i}].capability", g.capability) for i, g in enumerate(deal.gaps)]
    for where, cap in refs:
        if cap and catalogue.get(cap) is None:
            raise DealFileError(
                f"{deal.source}: {where}: expected a capability id of the {deal.industry!r} "
                f"catalogue, found {cap!r}"
            )


def _readiness(
    deal: Deal,
    offer: Sequence[ClassifiedItem],
    gaps: Sequence[GapScore],
    reports: Sequence[Report],
    probability: float,
    weights: Weights,
    lang: str,
) -> tuple[bool, tuple[str, ...]]:
    stated = [g for g in gaps if g.stated]
    strong = [
        g
        for g in stated
        if g.criteria["quantified"]
        and g.criteria["owned"]
        and g.criteria["hard_to_match"]
        and g.criteria["we_deliver"]
    ]
    problems: list[str] = []
    if not stated:
        problems.append("verdict.no_stated_gap")
    elif not strong:
        if not any(g.criteria["quantified"] for g in stated):
            problems.append("verdict.not_quantified")
        if not any(g.criteria["owned"] for g in stated):
            problems.append("verdict.not_owned")
        if not any(g.criteria["hard_to_match"] for g in stated):
            problems.append("verdict.matchable_gap")
    if not _decision_maker(deal):
        problems.append("verdict.no_decision_maker")
    problems.append(
        {"yes": "", "no": "verdict.unwilling", "unknown": "verdict.willing_unknown"}[
            deal.decision.willing
        ]
    )
    if offer and all(i.classification != "differentiator" for i in offer):
        problems.append("verdict.offer_matchable")
    if any(r.by_behaviour("loss-signal") for r in reports):
        problems.append("verdict.loss_signal")
    texts = [say(p, lang) for p in problems if p]
    if probability < float(weights.readiness["min_probability"]):
        texts.append(say("verdict.low_probability", lang, p=_pct(probability) or "< 1"))
    if texts:
        return False, tuple(texts)
    return True, (
        say("verdict.ready", lang),
        *(say("verdict.gap_ok", lang, text=g.gap.summary) for g in strong),
    )


def _decision_maker(deal: Deal) -> bool:
    return bool(deal.decision.maker) or any(
        c.decision_role == "decision-maker" for c in deal.prospect.contacts
    )


def _confidence(rep: float | None, evidence: float, weights: Weights, lang: str) -> ConfidenceGap:
    if rep is None:
        return ConfidenceGap(
            None,
            evidence,
            None,
            "unknown",
            say("confidence.unknown", lang, evidence=_pct(evidence)),
        )
    diff = rep - evidence
    limit = float(weights.readiness["confidence_gap"])
    flag: Literal["over-confident", "under-confident", "aligned"] = (
        "over-confident" if diff > limit else "under-confident" if diff < -limit else "aligned"
    )
    key = {
        "over-confident": "confidence.over",
        "under-confident": "confidence.under",
        "aligned": "confidence.aligned",
    }[flag]
    return ConfidenceGap(
        rep, evidence, diff, flag, say(key, lang, rep=_pct(rep), evidence=_pct(evidence))
    )
