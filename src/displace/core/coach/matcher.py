"""Rule packs compiled into one Aho-Corasick automaton per language.

Every distinct phrase of every rule is folded (lower case, no diacritics) and put into one
automaton, so a turn is scanned once whatever the number of rules. A turn typed with Vietnamese
diacritics must match a phrase's exact letters (so "họp" and "hợp" stay different); a turn typed
without them matches on the folded form ("khong co gi" finds "không có gì").

Scanning yields, per phrase, where it occurs; rules are then evaluated only when a phrase of
their last group (what the rule is about) occurred, so most rules cost nothing on most turns.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import ahocorasick

from displace.core.coach.rulepack import Rule, RulePack
from displace.core.text import fold

__all__ = ["CompiledPack", "PhraseHits", "compile_pack"]

_LOWER = {cp: chr(cp).lower() for cp in range(0x41, 0x1F00) if len(chr(cp).lower()) == 1}

PhraseHits = dict[int, list[tuple[int, int]]]  # phrase id -> [(start, end)] in the turn


@dataclass
class _Entry:
    key_length: int
    prefix: bool
    exact: dict[str, list[int]] = field(default_factory=dict)  # lower-case form -> phrase ids
    every: list[int] = field(default_factory=list)  # all phrase ids of this folded key


@dataclass(frozen=True)
class CompiledPack:
    """A language's rules, ready to scan turns."""

    pack: RulePack
    rules: tuple[Rule, ...]
    automaton: Any
    tokens: re.Pattern[str] | None
    token_ids: dict[str, int]
    groups: tuple[tuple[frozenset[int], ...], ...]  # per rule, per group: phrase ids
    vetoes: tuple[frozenset[int], ...]
    contexts: tuple[frozenset[int], ...]
    triggers: dict[int, tuple[int, ...]]  # phrase id -> rules whose last group holds it
    context_ids: frozenset[int]
    context_behaviours: dict[int, frozenset[str]]  # context phrase id -> behaviours it serves

    def scan(self, text: str, accented: bool) -> PhraseHits:
        """Where each phrase and token of the pack occurs in one turn's text."""
        hits: PhraseHits = defaultdict(list)
        folded = fold(text)
        lower = text.translate(_LOWER) if accented else folded
        n = len(text)
        if self.automaton is not None:
            for end_index, entry in self.automaton.iter(folded):
                end = end_index + 1
                start = end - entry.key_length
                if start > 0 and folded[start - 1].isalnum():
                    continue
                if not entry.prefix and end < n and folded[end].isalnum():
                    continue
                ids = entry.exact.get(lower[start:end], ()) if accented else entry.every
                for pid in ids:
                    hits[pid].append((start, end))
        if self.tokens is not None:
            for m in self.tokens.finditer(folded):
                if m.lastgroup is not None:
                    hits[self.token_ids[m.lastgroup]].append((m.start(), m.end()))
        return hits


class _Phrases:
    """Numbers each distinct phrase and files it in the automaton's entries."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.entries: dict[str, _Entry] = {}
        self.token_ids: dict[str, int] = {}

    def id(self, phrase: str) -> int:
        if phrase in self.ids:
            return self.ids[phrase]
        pid = self.ids[phrase] = len(self.ids)
        if phrase.startswith("#"):
            self.token_ids[phrase[1:]] = pid
            return pid
        prefix = phrase.endswith("*")
        lower = phrase.rstrip("*").strip().translate(_LOWER)
        key = fold(lower)
        entry = self.entries.setdefault(key, _Entry(len(key), prefix))
        entry.prefix = entry.prefix or prefix
        entry.exact.setdefault(lower, []).append(pid)
        entry.every.append(pid)
        return pid


def compile_pack(pack: RulePack) -> CompiledPack:
    """Build the automaton, the token pattern and the rule index for one language's pack."""
    phrases = _Phrases()
    groups = tuple(
        tuple(frozenset(phrases.id(p) for p in group) for group in rule.groups)
        for rule in pack.rules
    )
    vetoes = tuple(frozenset(phrases.id(p) for p in rule.none) for rule in pack.rules)
    contexts = tuple(frozenset(phrases.id(p) for p in rule.context) for rule in pack.rules)
    triggers: dict[int, list[int]] = defaultdict(list)
    for index, rule_groups in enumerate(groups):
        for pid in rule_groups[-1]:
            triggers[pid].append(index)
    automaton = None
    if phrases.entries:
        automaton = ahocorasick.Automaton()
        for key, entry in phrases.entries.items():
            automaton.add_word(key, entry)
        automaton.make_automaton()
    used = {name: pattern for name, pattern in pack.tokens.items() if name in phrases.token_ids}
    tokens = (
        re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in used.items()))
        if used
        else None
    )
    return CompiledPack(
        pack=pack,
        rules=pack.rules,
        automaton=automaton,
        tokens=tokens,
        token_ids=phrases.token_ids,
        groups=groups,
        vetoes=vetoes,
        contexts=contexts,
        triggers={pid: tuple(rules) for pid, rules in triggers.items()},
        context_ids=frozenset().union(*contexts) if contexts else frozenset(),
        context_behaviours=_context_behaviours(pack.rules, contexts),
    )


def _context_behaviours(
    rules: tuple[Rule, ...], contexts: tuple[frozenset[int], ...]
) -> dict[int, frozenset[str]]:
    out: dict[int, set[str]] = defaultdict(set)
    for rule, ids in zip(rules, contexts, strict=True):
        for pid in ids:
            out[pid].add(rule.behaviour)
    return {pid: frozenset(b) for pid, b in out.items()}
