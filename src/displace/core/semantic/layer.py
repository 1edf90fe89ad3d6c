"""The learned layer beside the rules: what it scores, and how its scores and the rules decide.

Per behaviour with a trained head, on each sentence its speaker's role allows:

- a rule's finding stands (the head's score is kept beside it), except that of a rule the
  corpus showed to be mostly wrong: that one stands only where the head agrees enough (a
  gate, chosen on the train split; precise rules have none);
- the head finds the behaviour where no rule did when it scores at least `fire`, a threshold
  chosen on the corpus's train split only (`make train`);
- a team's confirmed example decides last: a sentence close to a positive example fires, one
  close to a negative example stays quiet (exact words when there is no encoder).

The sequence checks (a missed cue, an accepted stall, a premature proposal) then run on these
combined decisions. Every finding keeps its source: the rule id, the model and its score, or
the team example.

Tried and left out: letting a head veto any rule's finding. On the corpus it cut false alarms,
but it also dropped what the rules were written for (the seed's concessions, its missed
cue); gating only the rules the corpus shows to be mostly wrong keeps those.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from displace.core.coach.behaviours import behaviour_table
from displace.core.coach.detect import TurnScan
from displace.core.coach.raw import Detection
from displace.core.model import Conversation
from displace.core.semantic.cache import EmbeddingCache
from displace.core.semantic.heads import Heads, features
from displace.core.semantic.side import guessed_sellers
from displace.core.semantic.units import Unit, units_of
from displace.core.text import fold

__all__ = [
    "SEQUENCE_BEHAVIOURS",
    "Example",
    "Judgement",
    "LearnedLayer",
    "Mode",
    "allowed",
    "decide_by_examples",
    "unit_vectors",
]

Mode = Literal["combined", "rules", "model"]
# How close a sentence must be to a team's example to follow it (cosine of e5 vectors).
EXAMPLE_SIMILARITY = 0.92
# Found by the sequence checks from the sentence behaviours' decisions; their heads only weigh
# the checks' findings.
SEQUENCE_BEHAVIOURS = frozenset({"missed-cue", "accepted-stall", "premature-proposal"})
# A prospect's sentence the stated-gap head scores at least this, though below its threshold,
# is a hint of a gap: an offer after it is not called premature (the check needs to be sure
# that no gap came before). Chosen by cross-validation on the train split (docs/coach-accuracy.md).
GAP_HINT = 0.7
# Never a hint: a gap already found there, or the prospect saying all is well ("Không có gì đáng
# kể."), which the stated-gap head trained on batches 1-10 scored 0.702 in the seed, so that the
# seed's premature offer was no longer called premature.
NO_GAP_HINT = frozenset({"prospect-stated-gap", "status-quo-signal"})
SEQUENCE_RULE = "sequence:"  # the rule id of a sequence check's finding starts so
# The heads learned from sellers and prospects: the incumbent speaks in 23 of the 241 training
# conversations (650 of 15,448 sentences), too little for their score to overrule a rule there.
UNGATED_ROLES = frozenset({"incumbent"})


@dataclass(frozen=True)
class Example:
    """A team's confirmed example: this sentence is (or is not) this behaviour."""

    id: int
    text: str
    behaviour: str
    positive: bool


@dataclass
class LearnedLayer:
    """An encoder (through its cache), the trained heads and a team's examples."""

    cache: EmbeddingCache
    heads: Heads
    examples: Sequence[Example] = field(default_factory=tuple)

    @property
    def name(self) -> str:
        return f"{self.cache.encoder.name}+{self.heads.name}"

    def score(self, units: Sequence[Unit]) -> tuple[Any, Any]:
        """(units, heads) probabilities and the units' own vectors."""
        scores, sentence, _ = self._score(units)
        return scores, sentence

    def _score(self, units: Sequence[Unit]) -> tuple[Any, Any, Any]:
        sentence, context = unit_vectors(units, self.cache)
        return self.heads.scores(features(units, sentence, context)), sentence, context

    def judge(self, scans: Sequence[TurnScan], mode: Mode = "combined") -> Judgement:
        """Score every sentence once; the judgement then decides each phase's behaviours."""
        units = units_of(scans)
        if mode == "rules" or not units:
            return Judgement(units, None, None, self, mode)
        scores, sentence, context = self._score(units)
        return Judgement(units, scores, sentence, self, mode, context)


@dataclass
class Judgement:
    """One conversation's sentences with their scores: decides the rules' detections of a set
    of behaviours (the sentence behaviours first, the sequence checks' after)."""

    units: list[Unit]
    scores: Any  # (units, heads) or None with the rules alone
    vectors: Any
    layer: LearnedLayer
    mode: Mode
    context: Any = None  # the units' context vectors (the previous speaker's last sentence)

    def incumbent_side(self, conversation: Conversation) -> tuple[set[str], float] | None:
        """The speakers guessed to be the seller whom the side model reads as the incumbent's
        people, with its score; None when it does not (or cannot) tell."""
        side = self.layer.heads.side
        guessed = guessed_sellers(conversation)
        if side is None or self.vectors is None or not guessed:
            return None
        turns = {t.index for t in conversation.turns if t.speaker in guessed}
        score = side.incumbent_score(self.units, self.vectors, self.context, turns)
        return (guessed, score) if score is not None and score >= side.threshold else None

    def decide(self, detections: list[Detection], behaviours: frozenset[str]) -> list[Detection]:
        """The detections of `behaviours` kept or dropped, the model's and examples' added."""
        examples = [e for e in self.layer.examples if e.behaviour in behaviours]
        if self.scores is None:
            return decide_by_examples(self.units, detections, examples)
        decided = _decide(self.units, detections, self.scores, self.layer.heads,
                          self.layer.name, self.mode, behaviours)
        if "prospect-stated-gap" in behaviours:
            decided += self._gap_hints(decided)
        return _follow_examples(self.units, decided, examples, self._similar(examples))

    def _gap_hints(self, decided: list[Detection]) -> list[Detection]:
        """Internal `gap-hint` detections on the prospect's sentences the stated-gap head
        scores at GAP_HINT or more where no gap was found."""
        heads = self.layer.heads
        if "prospect-stated-gap" not in heads.behaviours:
            return []
        column = heads.behaviours.index("prospect-stated-gap")
        out = []
        for i, unit in enumerate(self.units):
            score = float(self.scores[i, column])
            if unit.role != "prospect" or score < GAP_HINT or any(
                    d.behaviour in NO_GAP_HINT and _overlaps(d, unit) for d in decided):
                continue
            out.append(Detection("gap-hint", unit.turn, unit.start, unit.end,
                                 f"model:{self.layer.name}", data={"score": round(score, 3)}))
        return out

    def _similar(self, examples: Sequence[Example]) -> dict[int, list[tuple[Example, float]]]:
        """Per unit, the team's examples within EXAMPLE_SIMILARITY, closest first."""
        if not examples:
            return {}
        similarity = self.vectors @ self.layer.cache.embed([e.text for e in examples]).T
        out: dict[int, list[tuple[Example, float]]] = {}
        for i in range(len(self.units)):
            close = [(examples[j], float(similarity[i, j])) for j in range(len(examples))
                     if similarity[i, j] >= EXAMPLE_SIMILARITY]
            if close:
                out[i] = sorted(close, key=lambda pair: -pair[1])
        return out


def unit_vectors(units: Sequence[Unit], cache: EmbeddingCache) -> tuple[Any, Any]:
    """Each unit's sentence vector and its context's (zeros when there is none); every
    distinct text is encoded once, through the cache."""
    import numpy as np

    texts = list(dict.fromkeys([u.text for u in units] + [u.context for u in units
                                                          if u.context]))
    vectors = cache.embed(texts)
    row = {t: i for i, t in enumerate(texts)}
    sentence = vectors[[row[u.text] for u in units]] if units else vectors[:0]
    context = np.zeros_like(sentence)
    for i, unit in enumerate(units):
        if unit.context:
            context[i] = vectors[row[unit.context]]
    return sentence, context


def allowed(unit: Unit, behaviour: str) -> bool:
    """Whether the unit's speaker may show the behaviour ("other" may show any)."""
    return _allowed(unit, behaviour)


def _allowed(unit: Unit, behaviour: str) -> bool:
    roles = behaviour_table()[behaviour].roles
    return unit.role in roles or unit.role == "other"


def _overlaps(d: Detection, unit: Unit) -> bool:
    return d.turn == unit.turn and d.start < unit.end and unit.start < d.end


def _decide(units: Sequence[Unit], detections: list[Detection], scores: Any, heads: Heads,
            name: str, mode: Mode, behaviours: frozenset[str]) -> list[Detection]:
    headed = {b: i for i, b in enumerate(heads.behaviours) if b in behaviours}
    out = [d for d in detections if d.behaviour not in headed]
    by_turn: dict[int, list[int]] = {}
    for i, unit in enumerate(units):
        by_turn.setdefault(unit.turn, []).append(i)
    ruled: dict[tuple[int, str], list[Detection]] = {}
    for d in detections:
        if d.behaviour not in headed:
            continue
        home = next((i for i in by_turn.get(d.turn, ()) if _overlaps(d, units[i])), None)
        if home is None:
            if mode == "combined":
                out.append(d)  # a rule over several sentences: nothing to weigh it against
            continue
        ruled.setdefault((home, d.behaviour), []).append(d)
    table = behaviour_table()
    for behaviour, column in headed.items():
        roles = table[behaviour].roles
        fire = heads.fire[behaviour]
        candidates = set((scores[:, column] >= fire).nonzero()[0].tolist())
        candidates |= {i for (i, b) in ruled if b == behaviour}
        for i in sorted(candidates):
            unit = units[i]
            if unit.role not in roles and unit.role != "other":
                continue
            score = float(scores[i, column])
            # a gated rule needs the head; a sequence check's finding is weighed by its turn's
            # most telling sentence (an accepted stall is "Sure. I'll call you next week.")
            turn_score = max(float(scores[k, column]) for k in by_turn[unit.turn])
            gated = unit.role not in UNGATED_ROLES
            found = [d for d in ruled.pop((i, behaviour), [])
                     if not gated or (turn_score if d.rule.startswith(SEQUENCE_RULE) else score)
                     >= heads.gates.get(d.rule, 0.0)]
            if mode == "combined" and found:
                for d in found:
                    d.data = {**d.data, "model_score": round(score, 3)}
                out.extend(found)
            elif score >= fire and (mode == "model" or not found):
                out.append(Detection(behaviour, unit.turn, unit.start, unit.end, f"model:{name}",
                                     data={"source": "model", "model": name,
                                           "score": round(score, 3)}))
    if mode == "combined":  # rules' findings on sentences their speaker's role does not allow
        out.extend(d for found in ruled.values() for d in found)
    return _without_yielded(out)


def decide_by_examples(units: Sequence[Unit], detections: list[Detection],
                       examples: Sequence[Example]) -> list[Detection]:
    """Without vectors, a team's examples still work as exact words (case and marks folded)."""
    if not examples:
        return detections
    similar: dict[int, list[tuple[Example, float]]] = {}
    for i, unit in enumerate(units):
        said = _words(unit.text)
        close = [(e, 1.0) for e in examples if _words(e.text) and _words(e.text) in said]
        if close:
            similar[i] = close
    return _follow_examples(units, detections, examples, similar)


def _words(text: str) -> str:
    return " ".join("".join(c if c.isalnum() else " " for c in fold(text)).split())


def _follow_examples(units: Sequence[Unit], detections: list[Detection],
                     examples: Sequence[Example],
                     similar: dict[int, list[tuple[Example, float]]]) -> list[Detection]:
    if not examples or not similar:
        return detections
    out = list(detections)
    for i, close in similar.items():
        unit = units[i]
        for example, similarity in close:
            if not _allowed(unit, example.behaviour):
                continue
            same = [d for d in out if d.behaviour == example.behaviour and _overlaps(d, unit)]
            if example.positive and not same:
                out.append(Detection(example.behaviour, unit.turn, unit.start, unit.end,
                                     f"team:example-{example.id}",
                                     data={"source": "team", "example": example.id,
                                           "similarity": round(similarity, 3)}))
            elif not example.positive and same:
                out = [d for d in out if d not in same]
    return _without_yielded(out)


def _without_yielded(detections: list[Detection]) -> list[Detection]:
    """Drop a detection when a behaviour it yields to is found on the same words (or, for
    `yields_in_turn`, anywhere in the same turn)."""
    table = behaviour_table()
    in_turn = {(d.turn, d.behaviour) for d in detections}
    kept = []
    for d in detections:
        winners = table[d.behaviour].yields_to
        if winners and any(o.behaviour in winners and o.turn == d.turn and o.start < d.end
                           and d.start < o.end for o in detections):
            continue
        if any((d.turn, b) in in_turn for b in table[d.behaviour].yields_in_turn):
            continue
        kept.append(d)
    return kept
