"""One demo deal's evidence, drawn by its strength: its people, gaps, offer, vision and decision,
as a deal file holds them. Pure: a seeded generator in, a deal-file dictionary out.

A strong deal's gaps are stated by the prospect, quantified and owned by whoever can change
bank, its offer rests on them and its decision-maker said yes; a weak deal's only gap is the
rep's assumption and its offer is price the incumbent matches. What the deal's win probability
is, the app's own assessment says later.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from displace.web.demo.story import STAGES, GapKind, Incumbent, Market, Rep, Story

__all__ = ["Drawn", "Person", "draw_evidence", "features_of"]


@dataclass(frozen=True)
class Person:
    """Someone at the prospect: their name, how a rep greets them, their title and part."""

    name: str
    greet: str
    title: str
    role: str

    def contact(self) -> dict[str, str]:
        """As a deal file lists them."""
        return {"name": self.name, "title": self.title, "decision_role": self.role}


@dataclass(frozen=True)
class Drawn:
    """A deal's drawn evidence: the deal-file parts, what it holds, and who a call is with."""

    parts: dict[str, Any]  # prospect, incumbent, gaps, vision, decision, offer, our_side claims
    met: Person  # the contact a rep's calls are with (never the decision-maker)
    maker: Person | None  # who can change bank, when the rep found out
    gap: GapKind | None  # the first gap the prospect stated: what a good call is about


def draw_evidence(story: Story, rng: random.Random, *, rep: Rep, market: Market,
                  incumbent: Incumbent, prospect: str, stage: str,
                  strength: float) -> Drawn:
    """Draw the evidence a deal at `stage` holds, by its strength in [0, 1]."""
    s, depth, lang = strength, STAGES.index(stage), market.language
    met, maker, others = _people(story, rng, market, known=rng.random() < 0.35 + 0.6 * s)
    fill = {"incumbent": incumbent.name, "maker": maker.name if maker else ""}
    kinds = [g for g in story.gaps
             if market.id in g.markets and g.capability not in incumbent.delivers]
    real = 0 if rng.random() < 0.35 * (1 - s) else 2 if rng.random() < 0.45 * s else 1
    gaps, main = [], None
    for kind in rng.sample(kinds, real):
        gap = _gap(kind, rng, s, lang, met, maker, fill)
        gaps.append(gap)
        if main is None and "evidence" in gap:
            main = kind
    if rng.random() < 0.7 * (1 - s):
        capability, summary = rng.choice(story.assumed)
        gaps.append({"id": f"assumed-{capability}", "summary": summary[lang],
                     "capability": capability})
    parts: dict[str, Any] = {
        "prospect": {"name": prospect, "industry": "sme-banking",
                     "currency": "$" if market.currency == "USD" else "VND",
                     "contacts": [p.contact() for p in (met, *([maker] if maker else []),
                                                          *others)]},
        "our_side": {"organisation": market.our_bank, "rep": rep.name,
                     "capabilities": list(market.capabilities),
                     "claims": [{"text": text[lang], "capability": capability}
                                for capability, text in story.claims
                                if rng.random() < 0.7 * (1 - s)]},
        "incumbent": _incumbent(incumbent, rng),
        "gaps": gaps,
        "offer": _offer(story, rng, s, depth, lang, gaps, kinds),
    }
    if main is not None and depth >= 1:
        parts["vision"] = _vision(story, main, rng, s, lang, fill, known=maker is not None)
    if maker is not None:
        parts["decision"] = _decision(story, rng, s, depth, lang, maker)
    return Drawn(parts, met, maker, main)


def _people(story: Story, rng: random.Random, market: Market,
            *, known: bool) -> tuple[Person, Person | None, list[Person]]:
    """The contact met, the decision-maker when the rep found out who it is, and sometimes one
    more; each with a given name of their own."""
    titles = story.titles[market.id]
    deciders = [t for t in titles if t[1] == "decision-maker"]
    rest = [t for t in titles if t[1] != "decision-maker"]
    used: set[str] = set()
    met = _person(story, rng, market, rng.choice(rest), used)
    maker = _person(story, rng, market, rng.choice(deciders), used) if known else None
    others = [_person(story, rng, market, rng.choice(rest), used)] if rng.random() < 0.3 else []
    return met, maker, others


def _person(story: Story, rng: random.Random, market: Market, title: tuple[str, str],
            used: set[str]) -> Person:
    names = story.people[market.id]
    gender = rng.choice("fm")
    given = rng.choice([n for n in names.strings(gender) if n not in used])
    used.add(given)
    family = rng.choice(names.strings("family"))
    if market.language == "vi":
        middle = rng.choice(names.strings(f"middle_{gender}"))
        greet = ("anh " if gender == "m" else "chị ") + given
        return Person(f"{family} {middle} {given}", greet, *title)
    return Person(f"{given} {family}", given, *title)


def _gap(kind: GapKind, rng: random.Random, s: float, lang: str, met: Person,
         maker: Person | None, fill: Mapping[str, str]) -> dict[str, Any]:
    gap: dict[str, Any] = {"id": kind.capability, "summary": kind.summary[lang],
                           "capability": kind.capability}
    if rng.random() >= 0.15 + 0.8 * s:
        return gap  # assumed: the rep never asked
    evidence = {"stated_by": met.name, "quote": kind.quote[lang].format(**fill)}
    if rng.random() < 0.35 + 0.6 * s:
        evidence["impact"] = kind.impact[lang]
        if maker is not None and rng.random() < 0.25 + 0.7 * s:
            evidence["owner"] = maker.name
    gap["evidence"] = evidence
    return gap


def _incumbent(incumbent: Incumbent, rng: random.Random) -> dict[str, Any]:
    low, high = incumbent.tenure
    seen = rng.sample(incumbent.seen, rng.choice((0, 1, 1, 2)))
    return {"name": incumbent.name, "tenure_years": rng.randint(int(low), int(high)),
            "origin": rng.choice(incumbent.origins), "delivers": list(incumbent.delivers),
            "counter_history": seen, "match_speed": incumbent.match_speed}


def _offer(story: Story, rng: random.Random, s: float, depth: int, lang: str,
           gaps: list[dict[str, Any]], kinds: list[GapKind]) -> list[dict[str, Any]]:
    """What the proposal holds so far: nothing early on (unless the rep proposes too soon),
    price for a weak deal, the answers to the prospect's gaps for a strong one."""
    if depth <= 1 and rng.random() >= 0.35 * (1 - s):
        return []
    concessions = 0 if rng.random() < 0.4 * s else (
        1 + (rng.random() < 0.7 * (1 - s)) + (rng.random() < 0.4 * (1 - s)))
    items = [{"id": f"offer-{capability}", "text": text[lang], "capability": capability}
             for capability, text in rng.sample(story.concessions, concessions)]
    by_capability = {k.capability: k for k in kinds}
    for gap in gaps:
        kind = by_capability.get(gap["capability"])
        chance = 0.5 + 0.5 * s if "evidence" in gap else 0.3
        if kind is not None and depth >= 2 and rng.random() < chance:
            items.append({"id": f"offer-{kind.capability}", "text": kind.offer[lang],
                          "capability": kind.capability})
    return items


def _vision(story: Story, main: GapKind, rng: random.Random, s: float, lang: str,
            fill: Mapping[str, str], *, known: bool) -> dict[str, str]:
    vision = {part: main.vision[part][lang] for part, chance in
              (("what", 0.3 + 0.6 * s), ("how", 0.5 * s), ("when", 0.5 * s))
              if rng.random() < chance}
    if known and rng.random() < 0.5 * s:
        vision["who"] = story.decision.text("who", fields=("maker",))[lang].format(**fill)
    return vision


def _decision(story: Story, rng: random.Random, s: float, depth: int, lang: str,
              maker: Person) -> dict[str, Any]:
    decision: dict[str, Any] = {"maker": maker.name}
    if depth >= 2 and rng.random() < 0.85 * s ** 1.5:
        decision["willing"] = "yes"
        decision["quote"] = rng.choice(story.decision.table("willing").strings(lang))
        if depth >= 3 and rng.random() < 0.7 * s * s:
            decision["counter_rehearsed"] = True
    elif rng.random() < 0.08:
        decision["willing"] = "no"
        decision["quote"] = rng.choice(story.decision.table("unwilling").strings(lang))
    return decision


def features_of(story: Story, data: Mapping[str, Any]) -> frozenset[str]:
    """What a deal file holds, in the words of the outcome and comment rules."""
    evidence = [g.get("evidence", {}) for g in data.get("gaps", [])]
    stated = any(e.get("quote") for e in evidence)
    decision = data.get("decision", {})
    makers = any(c.get("decision_role") == "decision-maker"
                 for c in data["prospect"].get("contacts", []))
    offer = {o.get("capability") for o in data.get("offer", [])}
    concessions = {capability for capability, _text in story.concessions}
    found = {"any", "stated_gap" if stated else "no_stated_gap"}
    found |= {"owned_gap"} if any(e.get("owner") for e in evidence) else set()
    found |= {"rehearsed"} if decision.get("counter_rehearsed") else set()
    found |= {"vision"} if len(data.get("vision", {})) >= 2 else set()
    found |= set() if decision.get("maker") or makers else {"no_maker"}
    found |= {"concessions"} if offer & concessions else set()
    found |= {"differentiator"} if offer - concessions - {None} else set()
    found |= {"proposal"} if data.get("stage") == "proposal" else set()
    return frozenset(found)
