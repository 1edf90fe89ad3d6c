"""Rule packs compiled into one Aho-Corasick automaton per language.

Every phrase of every rule is folded (lower case, no diacritics) and put into one automaton, so
a turn is scanned once whatever the number of rules. A turn typed with Vietnamese diacritics must
match a phrase's exact letters (so "họp" and "hợp" stay different); a turn typed without them
matches on the folded form ("khong co gi" finds "không có gì").
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import ahocorasick

from displace.core.coach.rulepack import Rule, RulePack
from displace.core.text import fold

__all__ = ["GROUP", "NONE", "CONTEXT", "CompiledPack", "Hit", "compile_pack"]

GROUP, NONE, CONTEXT = 0, 1, 2
_LOWER = {cp: chr(cp).lower() for cp in range(0x41, 0x1F00) if len(chr(cp).lower()) == 1}


@dataclass(frozen=True)
class Hit:
    """A phrase (or token) found in a turn, for one part of one rule."""

    start: int
    end: int
    rule: int  # index into CompiledPack.rules
    kind: int  # GROUP, NONE or CONTEXT
    group: int


@dataclass
class _Entry:
    exact: dict[str, list[tuple[int, int, int]]]  # lower-case form -> refs
    prefix: bool


@dataclass(frozen=True)
class CompiledPack:
    """A language's rules, ready to scan turns."""

    pack: RulePack
    rules: tuple[Rule, ...]
    automaton: Any
    tokens: re.Pattern[str] | None
    token_refs: dict[str, list[tuple[int, int, int]]]

    def scan(self, text: str, accented: bool) -> Iterator[Hit]:
        """Every hit of every rule's phrases and tokens in one turn's text."""
        lower = text.translate(_LOWER)
        folded = fold(text)
        n = len(text)
        matches = self.automaton.iter(folded) if self.automaton is not None else ()
        for end_index, (key, entry) in matches:
            start = end_index - len(key) + 1
            end = end_index + 1
            if start > 0 and folded[start - 1].isalnum():
                continue
            if not entry.prefix and end < n and folded[end].isalnum():
                continue
            if accented:
                refs = entry.exact.get(lower[start:end], ())
            else:
                refs = [r for rs in entry.exact.values() for r in rs]
            for rule, kind, group in refs:
                yield Hit(start, end, rule, kind, group)
        if self.tokens is not None:
            for m in self.tokens.finditer(folded):
                name = m.lastgroup
                if name is None:
                    continue
                for rule, kind, group in self.token_refs[name]:
                    yield Hit(m.start(), m.end(), rule, kind, group)


def _add(
    entries: dict[str, _Entry],
    token_refs: dict[str, list[tuple[int, int, int]]],
    phrase: str,
    ref: tuple[int, int, int],
) -> None:
    if phrase.startswith("#"):
        token_refs[phrase[1:]].append(ref)
        return
    prefix = phrase.endswith("*")
    lower = phrase.rstrip("*").strip().translate(_LOWER)
    key = fold(lower)
    entry = entries.setdefault(key, _Entry(exact={}, prefix=prefix))
    entry.prefix = entry.prefix or prefix
    entry.exact.setdefault(lower, []).append(ref)


def compile_pack(pack: RulePack) -> CompiledPack:
    """Build the automaton and the token pattern for one language's pack."""
    entries: dict[str, _Entry] = {}
    token_refs: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    for index, rule in enumerate(pack.rules):
        for group_index, group in enumerate(rule.groups):
            for phrase in group:
                _add(entries, token_refs, phrase, (index, GROUP, group_index))
        for phrase in rule.none:
            _add(entries, token_refs, phrase, (index, NONE, 0))
        for phrase in rule.context:
            _add(entries, token_refs, phrase, (index, CONTEXT, 0))
    automaton = None
    if entries:
        automaton = ahocorasick.Automaton()
        for key, entry in entries.items():
            automaton.add_word(key, (key, entry))
        automaton.make_automaton()
    used = {name: pattern for name, pattern in pack.tokens.items() if name in token_refs}
    tokens = (
        re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in used.items()))
        if used
        else None
    )
    return CompiledPack(pack, pack.rules, automaton, tokens, dict(token_refs))
