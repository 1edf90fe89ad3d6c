"""The risks of a deal, in order, and the next questions to ask, picked from the playbook."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from displace.core.deal.catalogue import Catalogue, Playbook, PlaybookQuestion
from displace.core.deal.classify import ClassifiedItem
from displace.core.deal.counter import CounterMove
from displace.core.deal.gaps import GapScore, said_within
from displace.core.deal.model import Deal
from displace.core.deal.wording import say
from displace.core.model import Finding, Report

__all__ = ["NextQuestion", "Risk", "cue_topics", "next_questions", "risks"]

Severity = Literal["high", "medium", "low"]
_ORDER = {"high": 0, "medium": 1, "low": 2}
_QUESTIONS = 5


@dataclass(frozen=True)
class Risk:
    """A reason the deal may be lost, with how serious it is and the evidence behind it."""

    id: str
    severity: Severity
    text: str
    quote: str = ""

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {"id": self.id, "severity": self.severity, "text": self.text, "quote": self.quote}


@dataclass(frozen=True)
class NextQuestion:
    """A playbook question to ask next, and why it fits this deal."""

    question: PlaybookQuestion
    lang: str
    why: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        q, lang = self.question, self.lang
        return {
            "id": q.id,
            "capability": q.capability,
            "service": q.service.get(lang, ""),
            "ask": q.ask.get(lang, ""),
            "listen_for": q.listen_for.get(lang, ""),
            "why": list(self.why),
        }


# How many cues an assessment reads for risks and topics: a 300 KB transcript can hold
# thousands, and matching each against the catalogue took seconds for nothing anyone reads.
_MOST_CUES = 10


def _findings(reports: Sequence[Report], behaviour: str) -> list[tuple[Report, Finding]]:
    return [(r, f) for r in reports for f in r.by_behaviour(behaviour)]


def cue_topics(report: Report, finding: Finding, catalogue: Catalogue) -> list[str]:
    """Capability ids the cue is about: in the cue's turn or the question just before it."""
    turns = report.conversation.turns
    cue = finding
    if finding.behaviour == "missed-cue":
        earlier = [
            f
            for f in report.by_behaviour("dissatisfaction-cue")
            if f.turn_index <= finding.turn_index
        ]
        cue = earlier[-1] if earlier else finding
    texts = [t.text for t in turns if cue.turn_index - 1 <= t.index <= cue.turn_index]
    texts = texts or [cue.quote]
    # The cue's own words first, then the question that prompted it.
    found = [c.id for text in reversed(texts) for c, _, _ in catalogue.match(text)]
    return list(dict.fromkeys(found))


def _cue_quote(report: Report, finding: Finding) -> str:
    earlier = [
        f for f in report.by_behaviour("dissatisfaction-cue") if f.turn_index <= finding.turn_index
    ]
    return earlier[-1].quote if earlier else finding.quote


def risks(
    deal: Deal,
    offer: Sequence[ClassifiedItem],
    claims: Sequence[ClassifiedItem],
    gaps: Sequence[GapScore],
    counter: CounterMove,
    reports: Sequence[Report],
    confidence_flag: str,
    catalogue: Catalogue,
    lang: str,
    probability: float,
) -> tuple[Risk, ...]:
    """What could lose the deal, most serious first."""
    out: list[Risk] = []
    if not any(g.stated for g in gaps):
        out.append(Risk("no-stated-gap", "high", say("risk.no_stated_gap", lang)))
    for _, f in _findings(reports, "loss-signal")[:1]:
        out.append(
            Risk("loss-signal", "high", say("risk.loss_signal", lang, quote=f.quote), f.quote)
        )
    weak = [i for i in offer if i.classification != "differentiator"]
    if offer and len(weak) == len(offer):
        out.append(
            Risk(
                "offer-matchable",
                "high",
                say(
                    "risk.offer_matchable",
                    lang,
                    n=len(weak),
                    total=len(offer),
                    incumbent=deal.incumbent.name,
                    days=counter.days,
                ),
            )
        )
    status_quo = _findings(reports, "status-quo-signal")
    if status_quo:
        quote = status_quo[0][1].quote
        out.append(
            Risk(
                "status-quo-signals",
                "high",
                say("risk.status_quo", lang, n=len(status_quo), quote=quote),
                quote,
            )
        )
    out += _missed_cues(reports, catalogue, lang, answered=_stated_quotes(gaps))
    out += _decision_risks(deal, lang)
    out += _conversation_risks(reports, lang)
    parity = [c for c in claims if c.classification == "parity"]
    if parity:
        out.append(Risk("parity-claims", "medium", say("risk.parity_claims", lang, n=len(parity))))
    if not deal.vision.filled():
        out.append(Risk("no-vision", "low", say("risk.no_vision", lang)))
    if offer and not deal.decision.counter_rehearsed:
        out.append(Risk("no-counter-rehearsal", "low", say("risk.no_rehearsal", lang)))
    if confidence_flag == "over-confident" and deal.rep_confidence is not None:
        out.append(
            Risk(
                "over-confidence",
                "medium",
                say(
                    "risk.confidence",
                    lang,
                    rep=round(deal.rep_confidence * 100),
                    evidence=round(probability * 100),
                ),
            )
        )
    # Stable sort: within a severity, the order above (most telling first) stays.
    return tuple(sorted(out, key=lambda r: _ORDER[r.severity]))


def _stated_quotes(gaps: Sequence[GapScore]) -> tuple[str, ...]:
    """The quotes of the deal's gaps that the prospect stated: the cues they answer."""
    return tuple(g.gap.evidence.quote for g in gaps if g.source == "deal" and g.stated)


def _missed_cues(
    reports: Sequence[Report], catalogue: Catalogue, lang: str, *, answered: Sequence[str] = ()
) -> list[Risk]:
    """A risk per cue the seller did not probe, unless the deal has a gap the prospect stated
    in those words since (the cue accepted as evidence): that gap answers it."""
    out: list[Risk] = []
    seen: set[str] = set()
    for report, f in _findings(reports, "missed-cue"):
        if len(out) == _MOST_CUES or f.quote in seen:
            continue  # a risk list is read, not scrolled: the first few distinct cues tell it
        seen.add(f.quote)
        quote = _cue_quote(report, f)
        if any(said_within(quote, held) for held in answered):
            continue
        topics = cue_topics(report, f, catalogue)
        cap = catalogue.get(topics[0]) if topics else None
        topic = f" ({cap.name.get(lang, cap.id)})" if cap else ""
        out.append(
            Risk(
                "missed-cue", "high", say("risk.missed_cue", lang, topic=topic, quote=quote), quote
            )
        )
    return out


def _decision_risks(deal: Deal, lang: str) -> list[Risk]:
    out: list[Risk] = []
    if not deal.decision.maker and not any(
        c.decision_role == "decision-maker" for c in deal.prospect.contacts
    ):
        out.append(Risk("unknown-decision-maker", "high", say("risk.unknown_decision_maker", lang)))
    if deal.decision.willing == "unknown":
        out.append(Risk("unknown-willingness", "high", say("risk.unknown_willingness", lang)))
    elif deal.decision.willing == "no":
        out.append(Risk("unwilling", "high", say("risk.unwilling", lang)))
    return out


def _conversation_risks(reports: Sequence[Report], lang: str) -> list[Risk]:
    out: list[Risk] = []
    for _, f in _findings(reports, "incumbent-counter")[:1]:
        out.append(
            Risk(
                "incumbent-counter",
                "medium",
                say("risk.incumbent_counter", lang, quote=f.quote),
                f.quote,
            )
        )
    accepted = bool(_findings(reports, "accepted-stall"))
    for _, f in _findings(reports, "stall")[:1]:
        note = say("risk.stall.accepted", lang) if accepted else ""
        out.append(
            Risk("stall", "medium", say("risk.stall", lang, quote=f.quote, accepted=note), f.quote)
        )
    for _, f in _findings(reports, "trial-close")[:1]:
        out.append(
            Risk("trial-close", "medium", say("risk.trial_close", lang, quote=f.quote), f.quote)
        )
    for behaviour, key in (
        ("premature-proposal", "risk.premature_proposal"),
        ("badmouthing", "risk.badmouthing"),
    ):
        if _findings(reports, behaviour):
            out.append(Risk(behaviour, "medium", say(key, lang)))
    return out


def _tags(
    deal: Deal,
    offer: Sequence[ClassifiedItem],
    gaps: Sequence[GapScore],
    reports: Sequence[Report],
    catalogue: Catalogue,
    lang: str,
) -> dict[str, str]:
    """Situation tags for the playbook, each with why it matters to this deal."""
    tags: dict[str, str] = {}

    def add(capability_id: str, why: str) -> None:
        # A capability id counts as a tag, and so do its leading words ("credit-line").
        words = capability_id.split("-")
        for n in range(len(words), 0, -1):
            tags.setdefault("-".join(words[:n]), why)

    for report in reports:
        cues = [*report.by_behaviour("missed-cue"), *report.by_behaviour("dissatisfaction-cue")]
        for f in cues[:_MOST_CUES * 2]:
            for cap_id in cue_topics(report, f, catalogue):
                cap = catalogue.get(cap_id)
                add(
                    cap_id,
                    say(
                        "why.cue",
                        lang,
                        topic=_lower_first(cap.name.get(lang, cap_id) if cap else cap_id),
                    ),
                )
    p = deal.prospect
    if p.revenue_last_year and p.revenue_expected and p.revenue_expected > p.revenue_last_year:
        why = say(
            "why.growth",
            lang,
            before=_money(p.revenue_last_year, p.currency),
            after=_money(p.revenue_expected, p.currency),
        )
        for tag in ("growth", "expansion", "fast-growth"):
            tags.setdefault(tag, why)
    for g in gaps:
        if g.capability.id and g.status != "owned":
            add(g.capability.id, say("why.gap", lang, text=g.gap.summary))
    for item in offer:
        if item.capability.id:
            add(item.capability.id, say("why.offer", lang, topic=item.capability.name))
    tenure = deal.incumbent.tenure_years
    if tenure and tenure >= 3:
        why = say("why.tenure", lang, years=f"{tenure:g}", incumbent=deal.incumbent.name)
        for tag in ("long-tenure", "tenure", "relationship"):
            tags.setdefault(tag, why)
    return tags


def _lower_first(name: str) -> str:
    return name[:1].lower() + name[1:]


def _money(amount: float, currency: str) -> str:
    if amount >= 1_000_000:
        return f"{amount / 1_000_000:g} M{currency}"
    return f"{amount:,.0f} {currency}"


def next_questions(
    deal: Deal,
    offer: Sequence[ClassifiedItem],
    gaps: Sequence[GapScore],
    reports: Sequence[Report],
    catalogue: Catalogue,
    playbook: Playbook,
    lang: str,
) -> tuple[NextQuestion, ...]:
    """Gap questions for the gaps worth testing, about services we deliver."""
    tags = _tags(deal, offer, gaps, reports, catalogue, lang)
    candidates = playbook.for_situation(tags, lang, limit=len(playbook.questions))
    ours = set(deal.our_side.capabilities)
    proven = {g.capability.id for g in gaps if g.status == "owned"}
    usable = [
        q
        for q in candidates
        if q.capability not in proven and q.capability not in deal.incumbent.delivers
    ]
    if ours and any(q.capability in ours for q in usable):
        usable = [q for q in usable if q.capability in ours]
    if not usable:
        usable = [
            q
            for q in playbook.for_situation((), lang, limit=_QUESTIONS)
            if q.capability not in proven
        ]
    out = []
    for q in usable[:_QUESTIONS]:
        why = [tags[t] for t in (q.capability, *q.fits) if t in tags]
        out.append(NextQuestion(q, lang, tuple(dict.fromkeys(why)) or (say("why.general", lang),)))
    return tuple(out)
