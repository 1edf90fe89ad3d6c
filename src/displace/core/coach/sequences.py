"""Behaviours that are about what follows what, not about phrases.

- missed-cue: a prospect's dissatisfaction cue that the seller's next turn does not probe;
- accepted-stall: a stall followed by a seller turn that goes along without a dated next step;
- premature-proposal: an offer before the prospect has stated any gap;
- seller-dominates: the seller's share of the talk above a threshold.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from typing import NamedTuple

from displace.core.coach.detect import TurnScan
from displace.core.coach.raw import Detection
from displace.core.coach.sentences import Sentence
from displace.core.model import Metrics
from displace.core.text import fold, has_vietnamese_marks

__all__ = ["anchored", "sequence_detections"]

_WORD = re.compile(r"[^\W\d_]+")
_PROBING = {
    "probe",
    "gap-question",
    "impact-question",
    "vision-question",
    "decision-question",
    "counter-rehearsal",
}
_OFFERS = {"offer", "matchable-concession"}
_NOT_PROBING = _OFFERS | {"trial-close"}
_ADVANCING = {"dated-next-step", "counter-rehearsal", "decision-question", "vision-question"}
_MIN_WORDS_FOR_DOMINANCE = 40
# A gap stated, or (with the learned layer) hinted at: an offer after either is not premature.
_GAPS = {"prospect-stated-gap", "gap-hint"}


class _Stop(NamedTuple):
    """A language's stop words as the pack writes them, and folded for text typed without
    diacritics: in such text "chung" may be "chúng" (a stop word); in text typed with its
    accents "chung chung" (vague) is not."""

    exact: frozenset[str]
    folded: frozenset[str]


_NO_STOP = _Stop(frozenset(), frozenset())


def _stops(stopwords: dict[str, frozenset[str]]) -> dict[str, _Stop]:
    return {
        lang: _Stop(frozenset(w.lower() for w in words), frozenset(fold(w) for w in words))
        for lang, words in stopwords.items()
    }


def _topic(text: str, stop: _Stop) -> set[str]:
    """Content words and word pairs, folded: pairs catch Vietnamese terms made of several
    syllables. A word is a stop word as written, or, in text typed without diacritics, folded."""
    raw = [w for w in _WORD.findall(text.lower()) if len(w) > 1]
    words = [fold(w) for w in raw]
    stops = stop.exact if has_vietnamese_marks(text) else stop.exact | stop.folded
    stopped = [w in stops or f in stops for w, f in zip(raw, words, strict=True)]
    singles = {
        f.rstrip("s") for f, s in zip(words, stopped, strict=True) if not s and len(f) > 3
    }
    pairs = {
        f"{a} {b}"
        for (a, sa), (b, sb) in itertools.pairwise(zip(words, stopped, strict=True))
        if not (sa and sb)
    }
    return singles | pairs


def _next_seller(scans: Sequence[TurnScan], index: int) -> int | None:
    for j in range(index + 1, len(scans)):
        role = scans[j].turn.role
        if role == "seller":
            return j
        if role == "prospect" and j > index + 1:
            return None  # the prospect spoke again first: the cue was not left to the seller
    return None


def _quote(scan: TurnScan, pick: Callable[[list[Sentence]], Sentence]) -> tuple[int, int]:
    """A sentence of the turn as a quote, without the spaces around it (the whole turn if none)."""
    text = scan.turn.text
    if not scan.sentences:
        return 0, len(text)
    sentence = pick(scan.sentences)
    start, end = sentence.start, sentence.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _first_sentence(scan: TurnScan) -> tuple[int, int]:
    return _quote(scan, lambda sentences: sentences[0])


def _longest_sentence(scan: TurnScan) -> tuple[int, int]:
    """The turn's longest sentence: the most telling quote of a monologue."""
    return _quote(scan, lambda sentences: max(sentences, key=lambda s: s.end - s.start))


ByTurn = dict[int, list[Detection]]


def _behaviours(detections: ByTurn, turn: int) -> set[str]:
    return {d.behaviour for d in detections.get(turn, ())}


def _probes(
    scans: Sequence[TurnScan],
    cue_turn: int,
    reply: int,
    detections: ByTurn,
    stopwords: dict[str, _Stop],
) -> bool:
    if _behaviours(detections, reply) & _PROBING:
        return True
    cue = scans[cue_turn].turn
    stop = stopwords.get(cue.language, _NO_STOP)
    topic = _topic(cue.text, stop)
    for j in range(cue_turn - 1, -1, -1):  # the question that drew the cue sets its topic too
        if scans[j].turn.speaker != cue.speaker:
            topic |= _topic(scans[j].turn.text[-300:], stop)
            break
    reply_scan = scans[reply]
    pushes = [(d.start, d.end) for d in detections.get(reply, ()) if d.behaviour in _NOT_PROBING]
    for sentence in reply_scan.sentences:
        if any(s < sentence.end and sentence.start < e for s, e in pushes):
            continue  # a trial close or an offer that mentions the topic does not probe it
        if sentence.question:
            asked = _topic(reply_scan.turn.text[sentence.start : sentence.end], stop)
            if asked & topic:
                return True
    return False


def _turns_with(detections: ByTurn, behaviour: str) -> list[int]:
    return sorted(
        t for t, found in detections.items() if any(d.behaviour == behaviour for d in found)
    )


def _missed_cues(
    scans: Sequence[TurnScan], detections: ByTurn, stopwords: dict[str, frozenset[str]]
) -> list[Detection]:
    out = []
    stops = _stops(stopwords)
    cue_turns = _turns_with(detections, "dissatisfaction-cue")
    for cue_turn in cue_turns:
        reply = _next_seller(scans, cue_turn)
        if reply is None:
            continue
        if _probes(scans, cue_turn, reply, detections, stops):
            continue
        stated = "prospect-stated-gap" in _behaviours(detections, cue_turn)
        if stated and _behaviours(detections, reply) & _ADVANCING:
            continue  # a gap already stated and now being moved forward is not a missed cue
        start, end = _first_sentence(scans[reply])
        out.append(
            Detection(
                "missed-cue", reply, start, end, "sequence:missed-cue", data={"cue_turn": cue_turn}
            )
        )
    return out


def _accepted_stalls(scans: Sequence[TurnScan], detections: ByTurn) -> list[Detection]:
    out = []
    for stall_turn in _turns_with(detections, "stall"):
        reply = _next_seller(scans, stall_turn)
        if reply is None:
            continue
        found = _behaviours(detections, reply)
        if "dated-next-step" in found or found & _PROBING:
            continue
        asks = any(s.question for s in scans[reply].sentences)
        if asks and "agreement" not in found:
            continue  # the seller pushed back or asked: not a quiet acceptance
        agreement = [d for d in detections.get(reply, ()) if d.behaviour == "agreement"]
        start, end = (
            (agreement[0].start, agreement[0].end) if agreement else _first_sentence(scans[reply])
        )
        out.append(
            Detection(
                "accepted-stall",
                reply,
                start,
                end,
                "sequence:accepted-stall",
                data={"stall_turn": stall_turn},
            )
        )
    return out


def _premature_proposals(scans: Sequence[TurnScan], detections: list[Detection]) -> list[Detection]:
    by_turn: dict[int, list[Detection]] = {}
    for d in detections:
        by_turn.setdefault(d.turn, []).append(d)
    out = []
    for index in range(len(scans)):
        here = by_turn.get(index, [])
        if any(d.behaviour in _GAPS for d in here):
            break
        offers = [d for d in here if d.behaviour in _OFFERS]
        if offers and scans[index].turn.role in ("seller", "other"):
            first = min(offers, key=lambda d: d.start)
            out.append(
                Detection(
                    "premature-proposal",
                    index,
                    first.start,
                    first.end,
                    "sequence:premature-proposal",
                )
            )
    return out


def _dominance(
    scans: Sequence[TurnScan], metrics: Metrics, threshold: float, words: Sequence[int]
) -> list[Detection]:
    share = metrics.talk_share.get("seller", 0.0)
    if share <= threshold or sum(words) < _MIN_WORDS_FOR_DOMINANCE:
        return []
    seller = [(n, i) for i, n in enumerate(words) if scans[i].turn.role == "seller"]
    if not seller:
        return []
    _, longest = max(seller)
    start, end = _longest_sentence(scans[longest])
    return [
        Detection(
            "seller-dominates",
            longest,
            start,
            end,
            "sequence:seller-dominates",
            data={
                "share": round(share, 3),
                "threshold": threshold,
                "basis": metrics.talk_share_basis,
            },
        )
    ]


def sequence_detections(
    scans: Sequence[TurnScan],
    detections: list[Detection],
    metrics: Metrics,
    *,
    threshold: float,
    words: Sequence[int],
    stopwords: dict[str, frozenset[str]],
) -> list[Detection]:
    """The detections that come from the order of turns rather than from phrases."""
    by_turn: ByTurn = {}
    for d in detections:
        by_turn.setdefault(d.turn, []).append(d)
    return (
        _missed_cues(scans, by_turn, stopwords)
        + _accepted_stalls(scans, by_turn)
        + _premature_proposals(scans, detections)
        + _dominance(scans, metrics, threshold, words)
    )


# What a sequence behaviour answers, and the name its finding gives that turn in its data.
_ANTECEDENTS = {"missed-cue": ("dissatisfaction-cue", "cue_turn"),
                "accepted-stall": ("stall", "stall_turn")}


def anchored(scans: Sequence[TurnScan], detections: list[Detection],
             found: list[Detection]) -> list[Detection]:
    """`found` (the sequence behaviours' findings: the checks', the learned layer's, a team's)
    less a head's own missed cue or accepted stall that answers no cue or stall of the other
    side (the turns since its speaker last spoke), or that sits in a turn the check already
    named; the head's findings kept carry the turn they answer, as the checks' do."""
    by_turn: ByTurn = {}
    for d in detections:
        by_turn.setdefault(d.turn, []).append(d)
    checked = {(d.turn, d.behaviour) for d in found if d.rule.startswith("sequence:")}
    out = []
    for d in found:
        antecedent = _ANTECEDENTS.get(d.behaviour)
        if antecedent is None or not d.rule.startswith("model:"):
            out.append(d)
            continue
        behaviour, key = antecedent
        before = _answered(scans, by_turn, d.turn, behaviour)
        if before is None or (d.turn, d.behaviour) in checked:
            continue
        d.data = {**d.data, key: before}
        out.append(d)
    return out


def _answered(scans: Sequence[TurnScan], by_turn: ByTurn, turn: int, behaviour: str
              ) -> int | None:
    """The latest turn with `behaviour` since the speaker of `turn` last spoke, if any."""
    speaker = scans[turn].turn.speaker
    for j in range(turn - 1, -1, -1):
        if scans[j].turn.speaker == speaker:
            return None
        if behaviour in _behaviours(by_turn, j):
            return j
    return None
