"""From a deal and its conversations to the inputs of the probability model, with reasons.

Each reason carries its effect on the log-odds (the model's scale): positive raises the chance,
negative lowers it. Reports show the sentence and the direction; the size orders them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from displace.core.deal.classify import ClassifiedItem
from displace.core.deal.counter import close_chance, match_chance
from displace.core.deal.gaps import GapScore, gap_counts
from displace.core.deal.model import Deal
from displace.core.deal.probability import GapTerm, ModelInputs, OfferTerm
from displace.core.deal.weights import Weights
from displace.core.deal.wording import behaviour_name, say
from displace.core.model import Report

__all__ = ["Reason", "finding_counts", "model_inputs"]

_COUNT_CAP = 3  # more of the same finding adds little new information


@dataclass(frozen=True)
class Reason:
    """A sentence explaining part of the win probability, and its effect on the log-odds."""

    text: str
    effect: float

    @property
    def direction(self) -> str:
        """up, down or none."""
        return "up" if self.effect > 0 else "down" if self.effect < 0 else "none"

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {"text": self.text, "effect": round(self.effect, 3), "direction": self.direction}


def finding_counts(reports: Sequence[Report]) -> Counter[str]:
    """How often each behaviour was found across the conversations."""
    return Counter(f.behaviour for r in reports for f in r.findings)


def model_inputs(
    deal: Deal,
    offer: Sequence[ClassifiedItem],
    gaps: Sequence[GapScore],
    reports: Sequence[Report],
    weights: Weights,
    lang: str,
) -> tuple[ModelInputs, tuple[Reason, ...]]:
    """The simulation's inputs and the reasons behind them, strongest first."""
    chance = float(weights.prior["win_chance"])
    reasons = [Reason(say("prob.prior", lang, chance=round(chance * 100)), 0.0)]
    offer_terms, offer_reasons = _offer(deal, offer, weights, lang)
    gap_terms, gap_reasons, gap_loss = _gaps(deal, gaps, weights, lang)
    tagged = [*_decision(deal, weights, lang), *_findings(reports, weights, lang)]
    fixed_parts = [r for _, r in tagged]
    fixed = sum(r.effect for r in fixed_parts) - gap_loss
    by_family: dict[str, float] = {"gaps": -gap_loss}
    for family, r in tagged:
        by_family[family] = by_family.get(family, 0.0) + r.effect
    willing = _willing(deal, weights, lang)
    ranked = sorted(
        [*offer_reasons, *gap_reasons, *fixed_parts, willing], key=lambda r: -abs(r.effect)
    )
    inputs = ModelInputs(tuple(offer_terms), tuple(gap_terms), fixed, deal.decision.willing,
                         tuple(by_family.items()))
    return inputs, (*reasons, *ranked)


def _offer(
    deal: Deal, offer: Sequence[ClassifiedItem], weights: Weights, lang: str
) -> tuple[list[OfferTerm], list[Reason]]:
    gains = weights.gain["unmatched"]
    terms = [
        OfferTerm(
            item.id, match_chance(item, deal.incumbent, weights), float(gains[item.classification])
        )
        for item in offer
    ]
    if not terms:
        return [], []
    expected = sum(t.gain * (1 - t.match_chance) for t in terms)
    matched = sum(1 for t in terms if t.match_chance >= float(weights.counter["likely"]))
    return terms, [Reason(say("prob.offer", lang, matched=matched, total=len(terms)), expected)]


def _gaps(
    deal: Deal, gaps: Sequence[GapScore], weights: Weights, lang: str
) -> tuple[list[GapTerm], list[Reason], float]:
    """Gap terms, their reasons, and the certain loss when no gap is stated."""
    worth, assumed_share = float(weights.gap["worth"]), float(weights.gap["assumed_share"])
    terms: list[GapTerm] = []
    for g in gaps:
        share = 1.0 if g.stated else assumed_share
        terms.append(
            GapTerm(
                f"{g.source}:{g.gap.id}",
                g.group,
                close_chance(g, deal.incumbent, weights),
                worth * g.score * share,
            )
        )
    reasons: list[Reason] = []
    loss = 0.0
    stated = [(g, t) for g, t in zip(gaps, terms, strict=True) if g.stated]
    assumed = [(g, t) for g, t in zip(gaps, terms, strict=True) if not g.stated]
    counts = gap_counts(gaps)  # a gap seen on the deal and in a call is one gap, as on the pages
    if stated:
        survive = sum(1 - t.close_chance for _, t in stated) / len(stated)
        effect = sum(t.worth * (1 - t.close_chance) for _, t in stated)
        reasons.append(
            Reason(say("prob.gaps", lang, n=counts.stated, survive=round(survive * 100)), effect)
        )
    else:
        loss = float(weights.loss["no_stated_gap"])
        reasons.append(Reason(say("prob.no_stated_gap", lang), -loss))
    if counts.assumed:
        effect = sum(t.worth * (1 - t.close_chance) for _, t in assumed)
        reasons.append(Reason(say("prob.assumed_gaps", lang, n=counts.assumed), effect))
    return terms, reasons, loss


def _decision(deal: Deal, weights: Weights, lang: str) -> list[tuple[str, Reason]]:
    out: list[tuple[str, Reason]] = []
    if not deal.decision.maker and not any(
        c.decision_role == "decision-maker" for c in deal.prospect.contacts
    ):
        out.append((
            "decision",
            Reason(
                say("prob.unknown_decision_maker", lang),
                -float(weights.loss["unknown_decision_maker"]),
            ),
        ))
    parts = len(deal.vision.filled())
    if parts:
        out.append((
            "vision",
            Reason(say("prob.vision", lang, n=parts), parts * float(weights.gain["vision_part"])),
        ))
    if deal.decision.counter_rehearsed:
        rehearsed = float(weights.gain["counter_rehearsed"])
        out.append(("decision", Reason(say("prob.rehearsed", lang), rehearsed)))
    return out


def _willing(deal: Deal, weights: Weights, lang: str) -> Reason:
    gain, loss = float(weights.gain["willing"]), weights.loss
    if deal.decision.willing == "yes":
        return Reason(say("prob.willing.yes", lang), gain)
    if deal.decision.willing == "no":
        return Reason(say("prob.willing.no", lang), -float(loss["unwilling"]))
    chance = float(loss["unknown_willing_chance"])
    effect = chance * gain - (1 - chance) * float(loss["unknown_willing"])
    return Reason(say("prob.willing.unknown", lang, chance=round(chance * 100)), effect)


def _findings(reports: Sequence[Report], weights: Weights, lang: str) -> list[tuple[str, Reason]]:
    counts = finding_counts(reports)
    out: list[tuple[str, Reason]] = []
    room = float(weights.loss["findings_cap"])  # what the risk findings may still subtract
    for table, sign, family in ((weights.loss["finding"], -1.0, "risks"),
                                (weights.gain["finding"], 1.0, "findings")):
        for behaviour, value in table.items():
            n = min(_COUNT_CAP, counts.get(behaviour, 0))
            if n:
                text = say(
                    "prob.finding",
                    lang,
                    behaviour=behaviour_name(behaviour, lang),
                    n=counts[behaviour],
                )
                effect = n * float(value)
                if sign < 0:
                    effect, room = min(effect, room), room - min(effect, room)
                out.append((family, Reason(text, sign * effect)))
    return out
