"""Rule packs: detection rules as data (TOML), one pack per language, validated on load.

A rule names a behaviour and lists phrase groups; it matches a sentence (or a whole turn) in
which every group has a hit. Phrases are lower-case words matched on word boundaries, with or
without diacritics; a trailing `*` matches any word ending ("frustrat*"); `#name` stands for a
token pattern from the pack's [tokens] table (numbers, years, times, dates); `$name` stands for
every phrase of the pack's [sets] table `name` (one list of, say, ways to refer to the incumbent,
shared by the rules that need it). See docs/rule-packs.md for the full format.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, cast

from displace.core.coach.behaviours import behaviour_table
from displace.core.coach.patterns import check_user_pattern
from displace.core.errors import RulePackError
from displace.core.model import ROLES, Role, Severity
from displace.core.text import fold

__all__ = ["PLACEHOLDERS", "QuestionWords", "Rule", "RulePack", "load_pack", "parse_pack"]

_RULE_KEYS = {
    "id",
    "behaviour",
    "all",
    "none",
    "context",
    "roles",
    "scope",
    "question",
    "severity",
    "note",
    "max_words",
}
_SEVERITIES = ("high", "medium", "low", "info")
# phrases that stand for words known only once the conversation is read: the incumbent's name
PLACEHOLDERS = ("@incumbent",)


@dataclass(frozen=True)
class Rule:
    """One detection rule, as written in a pack."""

    id: str
    behaviour: str
    groups: tuple[tuple[str, ...], ...]
    none: tuple[str, ...] = ()
    context: tuple[str, ...] = ()
    roles: frozenset[Role] = frozenset()
    scope: Literal["sentence", "turn"] = "sentence"
    question: bool | None = None
    severity: Severity | None = None
    max_words: int | None = None  # only sentences this short (answers like "Fine.")
    line: int = 0


@dataclass(frozen=True)
class QuestionWords:
    """How a language marks questions and tells open ones from closed ones."""

    open_starts: tuple[str, ...] = ()
    closed_starts: tuple[str, ...] = ()
    open_markers: tuple[str, ...] = ()
    closed_endings: tuple[str, ...] = ()
    endings: tuple[str, ...] = ()
    fillers: tuple[str, ...] = ()
    # Without punctuation: starts that make a statement though they begin with a question word
    # ("what we need is…", "ai cũng…"), and negations that turn a final "nào"/"gì" into "any"
    # ("chưa mất khách hàng nào": not one customer lost).
    statement_starts: tuple[str, ...] = ()
    negators: tuple[str, ...] = ()
    indefinites: tuple[str, ...] = ()


@dataclass(frozen=True)
class RulePack:
    """The rules, token patterns, question words and stop words of one language."""

    language: str
    source: str
    rules: tuple[Rule, ...]
    tokens: dict[str, str] = field(default_factory=dict)
    questions: QuestionWords = QuestionWords()
    stopwords: frozenset[str] = frozenset()
    # words that join two clauses ("and", "và"): two concessions they separate are two offers
    joiners: frozenset[str] = frozenset()
    facts: dict[str, tuple[str, ...]] = field(default_factory=dict)
    lexicon: dict[str, dict[str, str | float]] = field(default_factory=dict)  # keys folded
    sets: dict[str, tuple[str, ...]] = field(default_factory=dict)  # named phrase lists
    # patterns ([tokens], [facts]) that came from a user's pack: they run guarded (patterns.py)
    user_patterns: frozenset[str] = frozenset()


def _rule_lines(text: str) -> list[int]:
    return [n for n, line in enumerate(text.splitlines(), 1) if line.strip() == "[[rule]]"]


def _strings(value: object, where: str, *, allow_empty: bool = False) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise RulePackError(f"{where}: expected a list of non-empty strings")
    if not value and not allow_empty:
        raise RulePackError(f"{where}: expected at least one phrase")
    return tuple(v.strip().lower() for v in value)


def _expand(
    phrases: Sequence[str], sets: Mapping[str, tuple[str, ...]], where: str
) -> tuple[str, ...]:
    """The phrases with every `$name` replaced by the phrases of set `name`, each once."""
    out: dict[str, None] = {}
    for phrase in phrases:
        if not phrase.startswith("$"):
            out[phrase] = None
            continue
        found = sets.get(phrase[1:])
        if found is None:
            known = ", ".join("$" + name for name in sorted(sets)) or "none"
            raise RulePackError(f"{where}: unknown set {phrase!r} (known: {known})")
        out.update(dict.fromkeys(found))
    return tuple(out)


def _check_phrases(phrases: Iterable[str], tokens: Mapping[str, str], where: str) -> None:
    for phrase in phrases:
        if phrase.startswith("#") and phrase[1:] not in tokens:
            known = ", ".join("#" + t for t in sorted(tokens)) or "none"
            raise RulePackError(f"{where}: unknown token {phrase!r} (known: {known})")
        if phrase.startswith("@") and phrase not in PLACEHOLDERS:
            raise RulePackError(
                f"{where}: unknown placeholder {phrase!r} (known: {', '.join(PLACEHOLDERS)})"
            )
        if phrase in ("*",) or phrase.startswith("*"):
            raise RulePackError(f"{where}: a phrase cannot start with '*' ({phrase!r})")


def _parse_rule(
    raw: Mapping[str, Any],
    where: str,
    tokens: Mapping[str, str],
    line: int,
    sets: Mapping[str, tuple[str, ...]],
) -> Rule:
    unknown = set(raw) - _RULE_KEYS
    if unknown:
        raise RulePackError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    rule_id = raw.get("id")
    if not isinstance(rule_id, str) or not rule_id:
        raise RulePackError(f"{where}: 'id' must be a non-empty string")
    behaviours = behaviour_table()
    behaviour = raw.get("behaviour")
    if behaviour not in behaviours:
        raise RulePackError(
            f"{where} ({rule_id}): unknown behaviour {behaviour!r}; expected one of "
            + ", ".join(sorted(b for b, v in behaviours.items() if not v.internal))
        )
    groups_raw = raw.get("all")
    if not isinstance(groups_raw, list) or not groups_raw:
        raise RulePackError(f"{where} ({rule_id}): 'all' must be a list of phrase lists")
    groups = tuple(
        _expand(_strings(g, f"{where} ({rule_id}) all[{i}]"), sets, f"{where} ({rule_id})")
        for i, g in enumerate(groups_raw)
    )
    none = _expand(_strings(raw.get("none", []), f"{where} ({rule_id}) none", allow_empty=True),
                   sets, f"{where} ({rule_id})")
    context = _expand(
        _strings(raw.get("context", []), f"{where} ({rule_id}) context", allow_empty=True),
        sets, f"{where} ({rule_id})",
    )
    for name, phrases in [("all", [p for g in groups for p in g]), ("none", none)]:
        _check_phrases(phrases, tokens, f"{where} ({rule_id}) {name}")
    roles = raw.get("roles", sorted(behaviours[str(behaviour)].roles))
    if not isinstance(roles, list) or any(r not in ROLES for r in roles):
        raise RulePackError(f"{where} ({rule_id}): 'roles' must list roles from {ROLES}")
    scope = raw.get("scope", "sentence")
    if scope not in ("sentence", "turn"):
        raise RulePackError(f"{where} ({rule_id}): 'scope' must be 'sentence' or 'turn'")
    question = raw.get("question")
    if question is not None and not isinstance(question, bool):
        raise RulePackError(f"{where} ({rule_id}): 'question' must be true or false")
    severity = raw.get("severity")
    if severity is not None and severity not in _SEVERITIES:
        raise RulePackError(f"{where} ({rule_id}): 'severity' must be one of {_SEVERITIES}")
    max_words = raw.get("max_words")
    if max_words is not None and (not isinstance(max_words, int) or max_words < 1):
        raise RulePackError(f"{where} ({rule_id}): 'max_words' must be a positive whole number")
    return Rule(
        id=rule_id,
        behaviour=str(behaviour),
        groups=groups,
        none=none,
        context=context,
        roles=frozenset(cast(list[Role], roles)),
        scope=cast(Literal["sentence", "turn"], scope),
        question=question,
        severity=cast(Severity | None, severity),
        max_words=max_words,
        line=line,
    )


def _parse_tokens(raw: object, where: str, *, user: bool) -> dict[str, str]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise RulePackError(f"{where}: [tokens] must be a table of name = regular expression")
    for name, pattern in raw.items():
        if not str(name).isidentifier():
            raise RulePackError(f"{where}: [tokens].{name}: a token name must be a plain word")
        try:
            compiled = re.compile(str(pattern))
        except re.error as exc:
            raise RulePackError(f"{where}: [tokens].{name} is not a valid pattern: {exc}") from exc
        if compiled.search("") is not None:
            raise RulePackError(f"{where}: [tokens].{name} matches empty text")
        if user:
            check_user_pattern(str(pattern), f"{where}: [tokens].{name}")
    return {str(k): str(v) for k, v in raw.items()}


def _parse_questions(raw: object, where: str) -> QuestionWords:
    if raw is None:
        return QuestionWords()
    if not isinstance(raw, dict):
        raise RulePackError(f"{where}: [questions] must be a table")
    names = QuestionWords.__dataclass_fields__
    values = {
        k: _strings(v, f"{where}: [questions].{k}", allow_empty=True)
        for k, v in raw.items()
        if k in names
    }
    unknown = set(raw) - set(names)
    if unknown:
        raise RulePackError(f"{where}: unknown key(s) in [questions]: {', '.join(sorted(unknown))}")
    return QuestionWords(**values)


def _parse_facts(raw: object, where: str, *, user: bool) -> dict[str, tuple[str, ...]]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise RulePackError(f"{where}: [facts] must be a table of pattern lists")
    out: dict[str, tuple[str, ...]] = {}
    for key, patterns in raw.items():
        if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
            raise RulePackError(f"{where}: [facts].{key} must be a list of patterns")
        for p in patterns:
            try:
                re.compile(p)
            except re.error as exc:
                raise RulePackError(f"{where}: [facts].{key} pattern {p!r}: {exc}") from exc
            if user:
                check_user_pattern(p, f"{where}: [facts].{key}")
        out[str(key)] = tuple(patterns)
    return out


def _parse_lexicon(raw: object, where: str) -> dict[str, dict[str, str | float]]:
    if raw is None:
        return {}
    if not isinstance(raw, dict) or not all(isinstance(v, dict) for v in raw.values()):
        raise RulePackError(f"{where}: [lexicon] must hold tables of word = value")
    out: dict[str, dict[str, str | float]] = {}
    for name, table in raw.items():
        entries: dict[str, str | float] = {}
        for word, value in table.items():
            if isinstance(value, bool) or not isinstance(value, str | int | float):
                raise RulePackError(f"{where}: [lexicon.{name}].{word} must be a word or a number")
            entries[fold(str(word))] = value if isinstance(value, str) else float(value)
        out[str(name)] = entries
    return out


def _parse_sets(
    raw: object, where: str, inherited: Mapping[str, tuple[str, ...]]
) -> dict[str, tuple[str, ...]]:
    """The pack's named phrase lists, after those it inherits (a set of the same name extends
    the inherited one); a set may use sets defined before it."""
    sets = dict(inherited)
    if raw is None:
        return sets
    if not isinstance(raw, dict):
        raise RulePackError(f"{where}: [sets] must be a table of name = phrase list")
    for name, phrases in raw.items():
        if not str(name).isidentifier():
            raise RulePackError(f"{where}: [sets].{name}: a set name must be a plain word")
        here = f"{where}: [sets].{name}"
        listed = _expand(_strings(phrases, here), sets, here)
        sets[str(name)] = tuple(dict.fromkeys(sets.get(str(name), ()) + listed))
    return sets


def parse_pack(
    text: str,
    source: str,
    inherited: Mapping[str, Mapping[str, tuple[str, ...]]] | None = None,
    *,
    user: bool = False,
) -> RulePack:
    """Parse and validate a rule pack's TOML text; errors name `source`, the line and the reason.

    `inherited` gives, per language, the sets a pack may use without defining them (a user's
    pack uses the shipped pack's). A `user` pack's patterns are checked and later run guarded.
    """
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RulePackError(f"{source}: not valid TOML: {exc}") from exc
    language = raw.get("language")
    if language not in ("vi", "en"):
        raise RulePackError(f'{source}: \'language\' must be "vi" or "en", got {language!r}')
    tokens = _parse_tokens(raw.get("tokens"), source, user=user)
    sets = _parse_sets(raw.get("sets"), source, (inherited or {}).get(str(language), {}))
    lines = _rule_lines(text)
    rules_raw = raw.get("rule", [])
    if not isinstance(rules_raw, list):
        raise RulePackError(f"{source}: rules must be written as [[rule]] tables")
    rules = []
    seen: set[str] = set()
    for i, rule_raw in enumerate(rules_raw):
        line = lines[i] if i < len(lines) else 0
        where = f"{source}, line {line}" if line else f"{source}, rule {i + 1}"
        rule = _parse_rule(rule_raw, where, tokens, line, sets)
        if rule.id in seen:
            raise RulePackError(f"{where}: duplicate rule id {rule.id!r}")
        seen.add(rule.id)
        rules.append(rule)
    stop = raw.get("stopwords", {})
    stopwords = _strings(stop.get("words", []), f"{source}: [stopwords].words", allow_empty=True)
    clauses = raw.get("clauses", {})
    if not isinstance(clauses, dict) or set(clauses) - {"joiners"}:
        raise RulePackError(f"{source}: [clauses] must be a table with one key, joiners")
    joiners = _strings(clauses.get("joiners", []), f"{source}: [clauses].joiners",
                       allow_empty=True)
    facts = _parse_facts(raw.get("facts"), source, user=user)
    return RulePack(
        language=str(language),
        source=source,
        rules=tuple(rules),
        tokens=tokens,
        questions=_parse_questions(raw.get("questions"), source),
        stopwords=frozenset(stopwords),
        joiners=frozenset(joiners),
        facts=facts,
        lexicon=_parse_lexicon(raw.get("lexicon"), source),
        sets=sets,
        user_patterns=frozenset(
            [*tokens.values(), *(p for ps in facts.values() for p in ps)] if user else ()),
    )


def load_pack(
    path: Path, inherited: Mapping[str, Mapping[str, tuple[str, ...]]] | None = None
) -> RulePack:
    """Read a rule pack file; a missing or unreadable file is a RulePackError too."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise RulePackError(f"{path}: rule pack not found") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise RulePackError(f"{path}: cannot read rule pack ({exc})") from exc
    return parse_pack(text, str(path), inherited, user=True)
