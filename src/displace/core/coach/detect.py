"""Phrase rules applied to turns: which rules fire, on which span of which sentence."""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from displace.core.coach.behaviours import behaviour_table
from displace.core.coach.matcher import CompiledPack, PhraseHits
from displace.core.coach.rulepack import Rule
from displace.core.coach.sentences import Sentence
from displace.core.model import Turn

__all__ = ["RuleMatch", "TurnScan", "match_turn"]

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


def _span(groups: list[list[Span]]) -> Span:
    # Anchor on the last group (the object of the rule: the fee, the service, the reason) and
    # take, from every other group, the hit nearest before it (or else the first after it),
    # widened to the hits of that group it overlaps ("chúng tôi" + "tôi có thể").
    anchor = groups[-1][0]
    start, end = anchor
    for hits in groups[:-1]:
        before = [h for h in hits if h[1] <= anchor[0]]
        chosen = before[-1] if before else hits[0]
        lo = min(h[0] for h in hits if h[0] < chosen[1] and h[1] > chosen[0])
        start, end = min(start, lo), max(end, chosen[1])
    return start, end


def _fires(rule: Rule, sentence: Sentence | None) -> bool:
    if rule.question is not None and (sentence is None or sentence.question != rule.question):
        return False
    return rule.max_words is None or (sentence is not None and sentence.words <= rule.max_words)


def _positions(hits: PhraseHits, ids: frozenset[int]) -> list[Span]:
    return sorted(span for pid in ids.intersection(hits) for span in hits[pid])


class _Locator(dict[int, int]):
    """Sentence index of an offset, computed when first asked."""

    def __init__(self, starts: list[int]) -> None:
        super().__init__()
        self.starts = starts

    def __missing__(self, offset: int) -> int:
        index = self[offset] = max(0, bisect.bisect_right(self.starts, offset) - 1)
        return index


def _by_scope(spans: Iterable[Span], rule: Rule, locate: dict[int, int]) -> dict[int, list[Span]]:
    out: dict[int, list[Span]] = defaultdict(list)
    for span in spans:
        out[-1 if rule.scope == "turn" else locate[span[0]]].append(span)
    return out


def match_turn(
    compiled: CompiledPack,
    turn: Turn,
    sentences: list[Sentence],
    hits: PhraseHits,
    previous: TurnScan | None,
) -> TurnScan:
    """Apply every rule of the turn's language to one turn, given what its scan found."""
    if not hits:
        return TurnScan(turn, sentences, [], set())
    starts = [s.start for s in sentences]
    # one sentence (most turns): everything is in sentence 0, no need to look offsets up
    locate: dict[int, int] = _Locator(starts) if len(starts) > 1 else defaultdict(int)
    triggers = compiled.triggers_by_role.get(turn.role, compiled.triggers)
    present: set[int] = set()
    for pid in hits:
        present.update(compiled.group_ids.get(pid, ()))
    candidates = sorted(
        r
        for r in {r for pid in hits for r in triggers.get(pid, ())}
        if compiled.rule_group_ids[r] <= present
    )
    matches: list[RuleMatch] = []
    single = len(starts) <= 1
    for index in candidates:
        rule = compiled.rules[index]
        if single:
            _match_whole(compiled, index, turn, sentences, hits, previous, matches)
            continue
        per_group = [_by_scope(_positions(hits, g), rule, locate) for g in compiled.groups[index]]
        scopes = set.intersection(*(set(g) for g in per_group))
        if not scopes:
            continue
        vetoes, contexts = compiled.vetoes[index], compiled.contexts[index]
        vetoed = set(_by_scope(_positions(hits, vetoes), rule, locate)) if vetoes else set()
        near = set(_by_scope(_positions(hits, contexts), rule, locate)) if contexts else set()
        for scope in sorted(scopes - vetoed):
            sentence = sentences[scope] if scope >= 0 and sentences else None
            if (
                compiled.contexts[index]
                and scope not in near
                and not (previous is not None and rule.behaviour in previous.context_behaviours)
            ):
                continue
            if not _fires(rule, sentence):
                continue
            groups = [g[scope] for g in per_group]
            start, end = _span(groups)
            matches.append(RuleMatch(rule, start, end, max(scope, 0), groups[-1][0]))
    matches.sort(key=lambda m: (m.start, m.end))
    return TurnScan(turn, sentences, matches, _closing_context(compiled, hits, sentences, matches))


def _match_whole(
    compiled: CompiledPack,
    index: int,
    turn: Turn,
    sentences: list[Sentence],
    hits: PhraseHits,
    previous: TurnScan | None,
    matches: list[RuleMatch],
) -> None:
    """`match_turn` for a turn of one sentence (most turns): no need to group hits by sentence."""
    rule = compiled.rules[index]
    if not compiled.vetoes[index].isdisjoint(hits):
        return
    contexts = compiled.contexts[index]
    if (
        contexts
        and contexts.isdisjoint(hits)
        and not (previous is not None and rule.behaviour in previous.context_behaviours)
    ):
        return
    sentence = sentences[0] if sentences and rule.scope != "turn" else None
    if not _fires(rule, sentence):
        return
    groups = [_positions(hits, g) for g in compiled.groups[index]]
    start, end = _span(groups)
    matches.append(RuleMatch(rule, start, end, 0, groups[-1][0]))


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
