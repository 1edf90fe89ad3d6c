"""Phrase rules applied to turns: which rules fire, on which span of which sentence."""

from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass

from displace.core.coach.matcher import CONTEXT, GROUP, NONE, CompiledPack, Hit
from displace.core.coach.rulepack import Rule
from displace.core.coach.sentences import Sentence
from displace.core.model import Turn

__all__ = ["RuleMatch", "TurnScan", "match_turn"]


@dataclass(frozen=True)
class RuleMatch:
    """A rule that fired on [start, end) of a turn."""

    rule: Rule
    start: int
    end: int
    sentence: int
    anchor: tuple[int, int]  # the hit of the rule's last group: what the rule is about


@dataclass
class TurnScan:
    """What one turn's scan found, kept for the sequence checks of the following turns."""

    turn: Turn
    sentences: list[Sentence]
    matches: list[RuleMatch]
    context_rules: set[int]  # rules whose context phrases occur anywhere in this turn


def _span(groups: dict[int, list[Hit]], size: int) -> tuple[int, int]:
    # Anchor on the last group (the object of the rule: the fee, the service, the reason) and
    # take, from every other group, the hit nearest before it (or else the first after it).
    anchor = groups[size - 1][0]
    start, end = anchor.start, anchor.end
    for index in range(size - 1):
        hits = groups[index]
        before = [h for h in hits if h.end <= anchor.start]
        chosen = before[-1] if before else hits[0]
        lo = min(h.start for h in hits if h.start < chosen.end and h.end > chosen.start)
        start, end = min(start, lo, chosen.start), max(end, chosen.end)
    return start, end


def _fires(rule: Rule, turn: Turn, sentence: Sentence | None) -> bool:
    if turn.role != "other" and turn.role not in rule.roles:
        return False
    if rule.question is not None and (sentence is None or sentence.question != rule.question):
        return False
    return rule.max_words is None or (sentence is not None and sentence.words <= rule.max_words)


def match_turn(
    compiled: CompiledPack, turn: Turn, sentences: list[Sentence], accented: bool,
    previous: TurnScan | None,
) -> TurnScan:
    """Apply every rule of the turn's language to one turn."""
    starts = [s.start for s in sentences]
    # scope key: sentence index, or -1 for the whole turn
    found: dict[tuple[int, int], dict[int, list[Hit]]] = defaultdict(lambda: defaultdict(list))
    vetoed: set[tuple[int, int]] = set()
    context: dict[int, set[int]] = defaultdict(set)  # rule -> sentences with a context hit
    for hit in compiled.scan(turn.text, accented):
        rule = compiled.rules[hit.rule]
        sentence = max(0, bisect.bisect_right(starts, hit.start) - 1) if starts else 0
        key = (hit.rule, -1 if rule.scope == "turn" else sentence)
        if hit.kind == GROUP:
            found[key][hit.group].append(hit)
        elif hit.kind == NONE:
            vetoed.add(key)
        elif hit.kind == CONTEXT:
            context[hit.rule].add(sentence)
    matches = []
    for (rule_index, scope), groups in found.items():
        rule = compiled.rules[rule_index]
        if len(groups) < len(rule.groups) or (rule_index, scope) in vetoed:
            continue
        sentence = sentences[scope] if scope >= 0 and sentences else None
        if rule.context:
            hits = context.get(rule_index, set())
            near = scope in hits if scope >= 0 else bool(hits)
            prev = (
                previous is not None
                and previous.turn.language == turn.language
                and rule_index in previous.context_rules
            )
            if not (near or prev):
                continue
        if not _fires(rule, turn, sentence):
            continue
        for hits in groups.values():
            hits.sort(key=lambda h: h.start)
        start, end = _span(groups, len(rule.groups))
        anchor = groups[len(rule.groups) - 1][0]
        matches.append(RuleMatch(rule, start, end, max(scope, 0), (anchor.start, anchor.end)))
    matches.sort(key=lambda m: (m.start, m.end))
    return TurnScan(turn, sentences, matches, _closing_context(context, sentences))


def _closing_context(context: dict[int, set[int]], sentences: list[Sentence]) -> set[int]:
    """Rules whose context words are in the question the next speaker answers (the last one)."""
    questions = [i for i, s in enumerate(sentences) if s.question]
    if not questions:
        return set()
    return {rule for rule, where in context.items() if questions[-1] in where}
