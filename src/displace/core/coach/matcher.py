"""Rule packs compiled into Aho-Corasick automata, two per language.

Every distinct phrase of every rule goes into two automata: one of the phrases folded (lower
case, no diacritics), one of the phrases as written (lower case). A turn is then scanned once
whatever the number of rules. A turn typed with Vietnamese diacritics is scanned on the second,
so it must match a phrase's exact letters ("họp" and "hợp" stay different); a turn typed without
them is scanned on the first and matches the folded form ("khong co gi" finds "không có gì").

Scanning yields, per phrase, where it occurs; rules are then evaluated only when a phrase of
their last group (what the rule is about) occurred, so most rules cost nothing on most turns.
"""

from __future__ import annotations

import importlib
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import ahocorasick

from displace.core.coach.patterns import PatternLike, compile_pattern
from displace.core.coach.rulepack import Rule, RulePack
from displace.core.model import ROLES
from displace.core.text import fold, translate_each

__all__ = ["CompiledPack", "PhraseHits", "compile_pack"]


def _word_table(folding: bool) -> dict[int, str]:
    # Lower-case (and fold, when asked), and turn every other non-alphanumeric character into a
    # space, one for one: phrases are then found between spaces, so a match is always on word
    # boundaries and offsets stay those of the turn's text.
    table: dict[int, str] = {}
    for cp in list(range(0x20, 0x2500)) + list(range(0x2E00, 0x2E80)) + list(range(0x3000, 0x3040)):
        ch = chr(cp)
        if not ch.isalnum():
            table[cp] = " "
        else:
            out = fold(ch) if folding else ch.lower()
            if len(out) == 1 and out != ch:
                table[cp] = out
    table[ord("\n")] = " "
    table[ord("\t")] = " "
    return table


_MATCH = _word_table(folding=True)
_EXACT = _word_table(folding=False)


def _ranges(codepoints: list[int]) -> str:
    """A regular-expression character class body for a sorted list of code points."""
    parts: list[str] = []
    start = previous = codepoints[0]
    for cp in [*codepoints[1:], -1]:
        if cp == previous + 1:
            previous = cp
            continue
        parts.append(re.escape(chr(start)) if start == previous
                     else f"{re.escape(chr(start))}-{re.escape(chr(previous))}")
        start = previous = cp
    return "".join(parts)


# The characters _EXACT turns into spaces. Text with diacritics is lower-cased with lower() and
# spaced with this pattern: the same result as translating it with _EXACT for every character
# that table covers, and faster, since translating non-ASCII text looks each character up.
_SPACED = re.compile(f"[{_ranges(sorted(cp for cp, out in _EXACT.items() if out == ' '))}]")


def _key(phrase: str, table: dict[int, str]) -> str:
    return " ".join(phrase.translate(table).split())


_DIGIT = re.compile(r"\d")

PhraseHits = dict[int, list[tuple[int, int]]]  # phrase id -> [(start, end)] in the turn


@dataclass
class _Entry:
    key_length: int  # without the surrounding spaces
    prefix: bool
    exact: dict[str, list[int]] = field(default_factory=dict)  # lower-case form -> phrase ids
    # phrase ids that text typed without diacritics may match: not a single accented syllable,
    # which folded is too ambiguous ("dở", bad, and "đó", that, are both "do")
    loose: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class CompiledPack:
    """A language's rules, ready to scan turns."""

    pack: RulePack
    rules: tuple[Rule, ...]
    automaton: Any  # folded phrases, for text typed without diacritics
    exact_automaton: Any  # phrases as written (lower case), for text typed with them
    tokens: PatternLike | None
    token_ids: dict[str, int]
    digit_tokens: bool  # no token can match text without a digit
    groups: tuple[tuple[frozenset[int], ...], ...]  # per rule, per group: phrase ids
    vetoes: tuple[frozenset[int], ...]
    contexts: tuple[frozenset[int], ...]
    # phrase id -> rules whose last group holds it, by the speaker's role and by whether the
    # sentence is a question (None: no sentence): only the rules that can fire there ("other"
    # speakers fire any role's rules)
    triggers: dict[tuple[str, bool | None], dict[int, tuple[int, ...]]]
    context_ids: frozenset[int]
    context_behaviours: dict[int, frozenset[str]]  # context phrase id -> behaviours it serves
    # every (rule, group) is numbered: a rule can fire only when all its group numbers are
    # present, which a set inclusion checks at once
    group_ids: dict[int, frozenset[int]]  # phrase id -> the groups it belongs to (maybe none)
    rule_group_ids: tuple[frozenset[int], ...]
    turn_scoped: bool  # some rule is of turn scope: its groups may be in different sentences
    incumbent_id: int | None  # the "@incumbent" placeholder's phrase id, when a rule uses it
    naming_rules: frozenset[int]  # the rules with "@incumbent" in a group
    # per such rule, its other groups: a turn that misses one of them cannot fire it by name
    naming_needs: tuple[tuple[frozenset[int], ...], ...]

    def scan(self, text: str, accented: bool, words: str | None = None) -> PhraseHits:
        """Where each phrase and token of the pack occurs in one turn's text.

        `words` is the text through the matching table, when the caller has it already.
        """
        hits: PhraseHits = defaultdict(list)
        # Text typed with diacritics is matched letter for letter on the exact automaton, text
        # typed without them on the folded one. One space before and after, so phrases at the
        # edges are between spaces too; an offset in the spaced text is one more than in `text`.
        if accented:
            automaton = self.exact_automaton
            lower = text.lower()
            if len(lower) == len(text):
                spaced = f" {_SPACED.sub(' ', lower)} "
            else:  # a letter whose lower case is two ("İ"): the table keeps one for one
                spaced = f" {text.translate(_EXACT)} "
        else:
            automaton = self.automaton
            spaced = f" {text.translate(_MATCH) if words is None else words} "
        if automaton is not None:
            for end_index, (back, length, ids) in automaton.iter(spaced):
                start = end_index - back
                span = (start, start + length)
                for pid in ids:
                    hits[pid].append(span)
        # When every token needs a digit (the shipped ones do), turns without one skip the regex.
        if self.tokens is not None and (not self.digit_tokens or _DIGIT.search(text)):
            for m in self.tokens.finditer(fold(text)):
                if m.lastgroup is not None:
                    hits[self.token_ids[m.lastgroup]].append((m.start(), m.end()))
        return hits

    def scan_many(self, texts: Sequence[str], accented: Sequence[bool]) -> list[PhraseHits]:
        """`scan` for many turns.

        Turn by turn: measured faster than one automaton pass over the joined turns, whose every
        match then has to be placed in its turn. The texts are translated together, though.
        """
        plain = [i for i, flag in enumerate(accented) if not flag]
        words: list[str | None] = [None] * len(texts)
        for i, translated in zip(plain, translate_each([texts[i] for i in plain], _MATCH),
                                 strict=True):
            words[i] = translated
        return [
            self.scan(text, flag, translated)
            for text, flag, translated in zip(texts, accented, words, strict=True)
        ]


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
        if phrase.startswith("@"):  # a placeholder: hit only when the caller adds it
            return pid
        prefix = phrase.endswith("*")
        core = phrase.rstrip("*")
        folded = _key(core, _MATCH)
        key = f" {folded}" if prefix else f" {folded} "
        entry = self.entries.setdefault(key, _Entry(len(folded), prefix))
        written = _key(core, _EXACT)
        entry.exact.setdefault(written, []).append(pid)
        if " " in written or written == folded:
            entry.loose.append(pid)
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
    automaton, exact_automaton = _automata(phrases.entries)
    naming = [
        r for r, rule in enumerate(pack.rules) if any("@incumbent" in g for g in rule.groups)
    ]
    used = {name: pattern for name, pattern in pack.tokens.items() if name in phrases.token_ids}
    union = "|".join(f"(?P<{name}>{pattern})" for name, pattern in used.items())
    first = _first_characters(union) if used else None
    guarded = any(pattern in pack.user_patterns for pattern in used.values())
    tokens = compile_pattern(f"(?={first})(?:{union})" if first else union, user=guarded,
                             source=pack.source) if used else None
    return CompiledPack(
        pack=pack,
        rules=pack.rules,
        automaton=automaton,
        exact_automaton=exact_automaton,
        tokens=tokens,
        token_ids=phrases.token_ids,
        digit_tokens=all(_needs_digit(pattern) for pattern in used.values()),
        groups=groups,
        vetoes=vetoes,
        contexts=contexts,
        triggers={
            (role, question): {
                pid: kept
                for pid, rules in triggers.items()
                if (kept := tuple(r for r in rules if _may_fire(pack.rules[r], role, question)))
            }
            for role in ROLES
            for question in (True, False, None)
        },
        context_ids=frozenset().union(*contexts) if contexts else frozenset(),
        context_behaviours=_context_behaviours(pack.rules, contexts),
        group_ids=_group_ids(groups, len(phrases.ids)),
        rule_group_ids=tuple(
            frozenset(range(_first_group(groups, r), _first_group(groups, r) + len(g)))
            for r, g in enumerate(groups)
        ),
        turn_scoped=any(rule.scope == "turn" for rule in pack.rules),
        incumbent_id=phrases.ids.get("@incumbent"),
        naming_rules=frozenset(naming),
        naming_needs=tuple(
            tuple(g for g in groups[r] if phrases.ids["@incumbent"] not in g) for r in naming
        ),
    )


def _automata(entries: dict[str, _Entry]) -> tuple[Any, Any]:
    """The folded and the exact automata, or None for a pack without phrases.

    A value is a tuple unpacked at each match: how far back the phrase starts from the match's
    last character (a key is " phrase " or, for a prefix, " phrase"), its length, and the ids of
    the phrases it stands for.
    """
    if not entries:
        return None, None
    folded, exact = ahocorasick.Automaton(), ahocorasick.Automaton()
    for key, entry in entries.items():
        back = entry.key_length + (0 if entry.prefix else 1)
        if entry.loose:
            folded.add_word(key, (back, entry.key_length, tuple(entry.loose)))
        for written, ids in entry.exact.items():
            exact_key = f" {written}" if entry.prefix else f" {written} "
            exact.add_word(exact_key, (back, entry.key_length, tuple(ids)))
    built = []
    for automaton in (folded, exact):
        automaton.make_automaton()
        # an automaton without keys cannot scan: a pack of lone accented words has no
        # folded phrases
        built.append(automaton if len(automaton) else None)
    return built[0], built[1]


def _may_fire(rule: Rule, role: str, question: bool | None) -> bool:
    """Whether `rule` can fire for a speaker of `role` in a sentence that is a question or not.

    A rule of turn scope sees no sentence, so it is kept whatever the sentence: the rule's own
    check then decides.
    """
    if role != "other" and role not in rule.roles:
        return False
    if rule.question is None or rule.scope == "turn":
        return True
    return question is not None and rule.question == question


def _first_group(groups: tuple[tuple[frozenset[int], ...], ...], rule: int) -> int:
    return sum(len(g) for g in groups[:rule])


def _group_ids(
    groups: tuple[tuple[frozenset[int], ...], ...], phrase_count: int
) -> dict[int, frozenset[int]]:
    # every phrase id has an entry, empty for phrases that are only vetoes or context
    out: dict[int, set[int]] = {pid: set() for pid in range(phrase_count)}
    number = 0
    for rule_groups in groups:
        for group in rule_groups:
            for pid in group:
                out[pid].add(number)
            number += 1
    return {pid: frozenset(ids) for pid, ids in out.items()}


_SRE: Any = importlib.import_module("re._parser")  # the regex parser, to read a pattern's tree
_DIGITS = frozenset(range(ord("0"), ord("9") + 1))
_REPEATS = frozenset({"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"})


def _item_needs_digit(op: Any, av: Any) -> bool:
    name = str(op)
    if name == "LITERAL":
        return int(av) in _DIGITS
    if name == "IN":
        return all(
            (str(kind) == "CATEGORY" and str(arg) == "CATEGORY_DIGIT")
            or (str(kind) == "LITERAL" and int(arg) in _DIGITS)
            or (str(kind) == "RANGE" and arg[0] >= ord("0") and arg[1] <= ord("9"))
            for kind, arg in av
        )
    if name == "BRANCH":
        return all(_sequence_needs_digit(branch) for branch in av[1])
    if name == "SUBPATTERN":
        return _sequence_needs_digit(av[-1])
    if name in _REPEATS:
        return int(av[0]) >= 1 and _sequence_needs_digit(av[2])
    return False


def _sequence_needs_digit(items: Any) -> bool:
    return any(_item_needs_digit(op, av) for op, av in items)


def _needs_digit(pattern: str) -> bool:
    """Whether every match of `pattern` must contain a digit (read from its parse tree)."""
    return _sequence_needs_digit(_SRE.parse(pattern))


_CATEGORY_ESCAPES = {
    "CATEGORY_DIGIT": r"\d", "CATEGORY_NOT_DIGIT": r"\D", "CATEGORY_SPACE": r"\s",
    "CATEGORY_NOT_SPACE": r"\S", "CATEGORY_WORD": r"\w", "CATEGORY_NOT_WORD": r"\W",
}
_ZERO_WIDTH = frozenset({"AT", "ASSERT", "ASSERT_NOT"})


class _Unknown(Exception):
    """A construct whose first character is not worked out: no shortcut for that pattern."""


def _set_items(items: Any) -> list[str]:
    out = []
    for kind, arg in items:
        name = str(kind)
        if name == "LITERAL":
            out.append(re.escape(chr(arg)))
        elif name == "RANGE":
            out.append(f"{re.escape(chr(arg[0]))}-{re.escape(chr(arg[1]))}")
        elif name == "CATEGORY" and str(arg) in _CATEGORY_ESCAPES:
            out.append(_CATEGORY_ESCAPES[str(arg)])
        else:  # a negated set, or a category of another kind
            raise _Unknown
    return out


def _first(items: Any) -> tuple[list[str], bool]:
    """Class items covering every first character of a sequence, and whether it can be empty."""
    out: list[str] = []
    for op, av in items:
        name = str(op)
        if name == "LITERAL":
            return [*out, re.escape(chr(av))], False
        if name == "IN":
            return [*out, *_set_items(av)], False
        if name in _ZERO_WIDTH:  # consumes nothing: the next item is first
            continue
        if name == "SUBPATTERN":
            if av[1] & re.IGNORECASE:
                raise _Unknown
            found, empty = _first(av[-1])
        elif name == "ATOMIC_GROUP":
            found, empty = _first(av)
        elif name == "BRANCH":
            parts = [_first(branch) for branch in av[1]]
            found = [item for part, _ in parts for item in part]
            empty = any(e for _, e in parts)
        elif name in _REPEATS:
            found, empty = _first(av[2])
            empty = empty or int(av[0]) == 0
        else:  # any character, a back-reference, a conditional: too open to bound
            raise _Unknown
        out += found
        if not empty:
            return out, False
    return out, True


def _first_characters(pattern: str) -> str | None:
    """A character class every match of `pattern` starts with, when one can be worked out.

    The regex engine skips quickly to the characters of a class a pattern starts with, but not
    past a word boundary (`\\b`) or an alternation of named groups: a look-ahead of that class
    in front of the token pattern lets it skip without changing any match.
    """
    try:
        parsed = _SRE.parse(pattern)
        if parsed.state.flags & re.IGNORECASE:
            return None
        items, empty = _first(parsed)
    except _Unknown:
        return None
    return None if empty or not items else f"[{''.join(dict.fromkeys(items))}]"


def _context_behaviours(
    rules: tuple[Rule, ...], contexts: tuple[frozenset[int], ...]
) -> dict[int, frozenset[str]]:
    out: dict[int, set[str]] = defaultdict(set)
    for rule, ids in zip(rules, contexts, strict=True):
        for pid in ids:
            out[pid].add(rule.behaviour)
    return {pid: frozenset(b) for pid, b in out.items()}
