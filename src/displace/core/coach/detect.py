"""Phrase rules applied to turns: which rules fire, on which span of which sentence."""

from __future__ import annotations

import bisect
from collections.abc import Set
from dataclasses import dataclass
from typing import NamedTuple

from displace.core.coach.behaviours import behaviour_table
from displace.core.coach.matcher import CompiledPack, PhraseHits
from displace.core.coach.raw import Detection
from displace.core.coach.rulepack import Rule
from displace.core.coach.sentences import Sentence
from displace.core.model import Turn

__all__ = ["RuleMatch", "TurnScan", "detection", "match_rules", "match_turn"]

Span = tuple[int, int]


class RuleMatch(NamedTuple):
    """A rule that fired on [start, end) of a turn."""

    rule: Rule
    start: int
    end: int
    sentence: int
    anchor: Span  # the hit of the rule's last group: what the rule is about


@dataclass
class TurnScan:
    """What one turn's scan found, kept for the sequence checks of the following turns."""

    turn: Turn
    sentences: list[Sentence]
    matches: list[RuleMatch]
    # behaviours whose context words are in the turn's last question: the next speaker's short
    # answer ("Fine.") is then read as an answer about that (works across languages too)
    context_behaviours: set[str]
    hits: PhraseHits  # what the phrase scan found, for a second look once the incumbent is known


def _span(hits: PhraseHits, groups: tuple[frozenset[int], ...]) -> tuple[int, int, Span]:
    """Where a rule that fired is found: (start, end) over the words it needs, and its anchor.

    Anchor on the last group (the object of the rule: the fee, the service, the reason) and
    take, from every other group, the hit nearest before it (or else the first after it),
    widened to the hits of that group it overlaps ("chúng tôi" + "tôi có thể").
    """
    positions = [_positions(hits, ids) for ids in groups]
    last = positions[-1]
    anchor = last[0] if len(last) == 1 else _longest_first(last)
    start, end = anchor
    for spans in positions[:-1]:
        if len(spans) == 1:  # the common case
            lo, hi = spans[0]
        else:
            before = [h for h in spans if h[1] <= anchor[0]]
            chosen = before[-1] if before else spans[0]
            lo = min(h[0] for h in spans if h[0] < chosen[1] and h[1] > chosen[0])
            hi = chosen[1]
        start, end = min(start, lo), max(end, hi)
    return start, end, anchor


def _longest_first(spans: list[Span]) -> Span:
    """The first hit, or the longest of the hits that start there ("chưa bao giờ", not "chưa")."""
    first = spans[0]
    for span in spans[1:]:  # in order of (start, end): same-start hits come next, longer
        if span[0] != first[0]:
            break
        first = span
    return first


def _fires(rule: Rule, sentence: Sentence | None) -> bool:
    if rule.question is not None and (sentence is None or sentence.question != rule.question):
        return False
    return rule.max_words is None or (sentence is not None and sentence.words <= rule.max_words)


def _positions(hits: PhraseHits, ids: frozenset[int]) -> list[Span]:
    found = [hits[pid] for pid in ids.intersection(hits)]
    if len(found) == 1:
        return found[0]  # already in order of position
    return sorted(span for spans in found for span in spans)


def _by_sentence(hits: PhraseHits, sentences: list[Sentence]) -> list[PhraseHits]:
    """The turn's hits split by the sentence each starts in (before the first: the first)."""
    starts = [s.start for s in sentences]
    parts: list[PhraseHits] = [{} for _ in sentences]
    for pid, spans in hits.items():
        for span in spans:
            index = bisect.bisect_right(starts, span[0]) - 1
            if index < 0:
                index = 0
            got = parts[index].get(pid)
            if got is None:
                parts[index][pid] = [span]
            else:
                got.append(span)
    return parts


def match_turn(
    compiled: CompiledPack,
    turn: Turn,
    sentences: list[Sentence],
    hits: PhraseHits,
    previous: TurnScan | None,
) -> TurnScan:
    """Apply every rule of the turn's language to one turn, given what its scan found.

    A rule of sentence scope needs all its groups in one sentence, so each sentence's hits are
    matched on their own; a rule of turn scope is matched on the turn's hits, with no sentence.
    """
    if not hits:
        return TurnScan(turn, sentences, [], set(), hits)
    matches = match_rules(compiled, turn, sentences, hits, previous)
    return TurnScan(
        turn, sentences, matches, _closing_context(compiled, hits, sentences, matches), hits
    )


def match_rules(
    compiled: CompiledPack,
    turn: Turn,
    sentences: list[Sentence],
    hits: PhraseHits,
    previous: TurnScan | None,
    only: frozenset[int] | None = None,
) -> list[RuleMatch]:
    """The rules that fire on one turn, in order of position; `only`: just these rules."""
    context = previous.context_behaviours if previous is not None else frozenset()
    matches: list[RuleMatch] = []
    if len(sentences) <= 1:
        sentence = sentences[0] if sentences else None
        _match_part(compiled, turn.role, hits, sentence, 0, context, None, matches, only)
    else:
        for index, part in enumerate(_by_sentence(hits, sentences)):
            if part:
                _match_part(compiled, turn.role, part, sentences[index], index, context, False,
                            matches, only)
        if compiled.turn_scoped:
            _match_part(compiled, turn.role, hits, None, 0, context, True, matches, only)
    matches.sort(key=lambda m: (m.start, m.end))
    return matches


def _match_part(
    compiled: CompiledPack,
    role: str,
    hits: PhraseHits,
    sentence: Sentence | None,
    index: int,
    context: Set[str],
    turn_scope: bool | None,
    matches: list[RuleMatch],
    only: frozenset[int] | None = None,
) -> None:
    """Fire the rules whose every group has a hit in `hits`: one sentence's, or a turn's.

    `turn_scope` keeps only the rules of that scope (None: both, for a turn of one sentence).
    """
    triggers = compiled.triggers[role, sentence.question if sentence is not None else None]
    candidates = {r for pid in hits for r in triggers.get(pid, ())}
    if only is not None:
        candidates &= only
    if not candidates:
        return
    present = set().union(*map(compiled.group_ids.__getitem__, hits))
    for rule_index in sorted(candidates):
        if not compiled.rule_group_ids[rule_index] <= present:
            continue
        rule = compiled.rules[rule_index]
        if turn_scope is not None and (rule.scope == "turn") != turn_scope:
            continue
        if not compiled.vetoes[rule_index].isdisjoint(hits):
            continue
        contexts = compiled.contexts[rule_index]
        if contexts and contexts.isdisjoint(hits) and rule.behaviour not in context:
            continue
        if not _fires(rule, None if rule.scope == "turn" else sentence):
            continue
        start, end, anchor = _span(hits, compiled.groups[rule_index])
        matches.append(RuleMatch(rule, start, end, index, anchor))


def _closing_context(
    compiled: CompiledPack, hits: PhraseHits, sentences: list[Sentence], matches: list[RuleMatch]
) -> set[str]:
    """Behaviours whose context words are in the question the next speaker answers."""
    table = behaviour_table()
    questions = [s for s in sentences if s.question]
    if not questions or not compiled.context_ids:
        return set()
    last = questions[-1]
    if any(
        table[m.rule.behaviour].closes_context and m.start < last.end and last.start < m.end
        for m in matches
    ):
        return set()
    return {
        behaviour
        for pid in compiled.context_ids.intersection(hits)
        if any(last.start <= s < last.end for s, _ in hits[pid])
        for behaviour in compiled.context_behaviours[pid]
    }


def detection(turn: Turn, m: RuleMatch) -> Detection:
    """A rule's match as a detection of its behaviour, named by language and rule id."""
    return Detection(
        m.rule.behaviour,
        turn.index,
        m.start,
        m.end,
        f"{turn.language}:{m.rule.id}",
        severity=m.rule.severity,
        anchor=m.anchor,
        sentence=m.sentence,
    )
