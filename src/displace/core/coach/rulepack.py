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
from displace.core.messages import Message, messages_of
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


_say = messages_of("rulepack")  # the messages of data/i18n/rulepack.toml


def _at(where: object, table: str) -> Message:
    """A table of the pack (`[tokens].name`) at `where`."""
    return _say("where.table", where=where, table=table)


def _rule_lines(text: str) -> list[int]:
    return [n for n, line in enumerate(text.splitlines(), 1) if line.strip() == "[[rule]]"]


def _strings(value: object, where: object, *, allow_empty: bool = False) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise RulePackError(_say("phrases.not_list", where=where))
    if not value and not allow_empty:
        raise RulePackError(_say("phrases.empty", where=where))
    return tuple(v.strip().lower() for v in value)


def _expand(
    phrases: Sequence[str], sets: Mapping[str, tuple[str, ...]], where: object
) -> tuple[str, ...]:
    """The phrases with every `$name` replaced by the phrases of set `name`, each once."""
    out: dict[str, None] = {}
    for phrase in phrases:
        if not phrase.startswith("$"):
            out[phrase] = None
            continue
        found = sets.get(phrase[1:])
        if found is None:
            known = ", ".join("$" + name for name in sorted(sets)) or _say("none")
            raise RulePackError(_say("phrases.unknown_set", where=where, phrase=repr(phrase),
                                     known=known))
        out.update(dict.fromkeys(found))
    return tuple(out)


def _check_phrases(phrases: Iterable[str], tokens: Mapping[str, str], where: object) -> None:
    for phrase in phrases:
        if phrase.startswith("#") and phrase[1:] not in tokens:
            known = ", ".join("#" + t for t in sorted(tokens)) or _say("none")
            raise RulePackError(_say("phrases.unknown_token", where=where, phrase=repr(phrase),
                                     known=known))
        if phrase.startswith("@") and phrase not in PLACEHOLDERS:
            raise RulePackError(_say("phrases.unknown_placeholder", where=where,
                                     phrase=repr(phrase), known=", ".join(PLACEHOLDERS)))
        if phrase in ("*",) or phrase.startswith("*"):
            raise RulePackError(_say("phrases.star", where=where, phrase=repr(phrase)))


def _parse_rule(
    raw: Mapping[str, Any],
    where: object,
    tokens: Mapping[str, str],
    line: int,
    sets: Mapping[str, tuple[str, ...]],
) -> Rule:
    unknown = set(raw) - _RULE_KEYS
    if unknown:
        raise RulePackError(_say("rule.unknown_keys", where=where,
                                 keys=", ".join(sorted(unknown))))
    rule_id = raw.get("id")
    if not isinstance(rule_id, str) or not rule_id:
        raise RulePackError(_say("rule.id", where=where))
    here = _say("where.rule_id", where=where, rule=rule_id)
    behaviours = behaviour_table()
    behaviour = raw.get("behaviour")
    if behaviour not in behaviours:
        raise RulePackError(_say("rule.behaviour", where=here, behaviour=repr(behaviour),
                                 known=", ".join(sorted(b for b, v in behaviours.items()
                                                        if not v.internal))))
    groups_raw = raw.get("all")
    if not isinstance(groups_raw, list) or not groups_raw:
        raise RulePackError(_say("rule.all", where=here))
    groups = tuple(
        _expand(_strings(g, _say("where.part", where=here, part=f"all[{i}]")), sets, here)
        for i, g in enumerate(groups_raw)
    )
    none = _expand(_strings(raw.get("none", []), _say("where.part", where=here, part="none"),
                            allow_empty=True), sets, here)
    context = _expand(
        _strings(raw.get("context", []), _say("where.part", where=here, part="context"),
                 allow_empty=True),
        sets, here,
    )
    for name, phrases in [("all", [p for g in groups for p in g]), ("none", none)]:
        _check_phrases(phrases, tokens, _say("where.part", where=here, part=name))
    roles = raw.get("roles", sorted(behaviours[str(behaviour)].roles))
    if not isinstance(roles, list) or any(r not in ROLES for r in roles):
        raise RulePackError(_say("rule.roles", where=here, roles=ROLES))
    scope = raw.get("scope", "sentence")
    if scope not in ("sentence", "turn"):
        raise RulePackError(_say("rule.scope", where=here))
    question = raw.get("question")
    if question is not None and not isinstance(question, bool):
        raise RulePackError(_say("rule.question", where=here))
    severity = raw.get("severity")
    if severity is not None and severity not in _SEVERITIES:
        raise RulePackError(_say("rule.severity", where=here, severities=_SEVERITIES))
    max_words = raw.get("max_words")
    if max_words is not None and (not isinstance(max_words, int) or max_words < 1):
        raise RulePackError(_say("rule.max_words", where=here))
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


def _parse_tokens(raw: object, where: object, *, user: bool) -> dict[str, str]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise RulePackError(_say("tokens.table", where=where))
    for name, pattern in raw.items():
        if not str(name).isidentifier():
            raise RulePackError(_say("tokens.name", where=where, name=name))
        try:
            compiled = re.compile(str(pattern))
        except re.error as exc:
            raise RulePackError(_say("tokens.pattern", where=where, name=name,
                                     reason=exc)) from exc
        if compiled.search("") is not None:
            raise RulePackError(_say("tokens.empty", where=where, name=name))
        if user:
            check_user_pattern(str(pattern), _at(where, f"[tokens].{name}"))
    return {str(k): str(v) for k, v in raw.items()}


def _parse_questions(raw: object, where: object) -> QuestionWords:
    if raw is None:
        return QuestionWords()
    if not isinstance(raw, dict):
        raise RulePackError(_say("questions.table", where=where))
    names = QuestionWords.__dataclass_fields__
    values = {
        k: _strings(v, _at(where, f"[questions].{k}"), allow_empty=True)
        for k, v in raw.items()
        if k in names
    }
    unknown = set(raw) - set(names)
    if unknown:
        raise RulePackError(_say("questions.unknown", where=where,
                                 keys=", ".join(sorted(unknown))))
    return QuestionWords(**values)


def _parse_facts(raw: object, where: object, *, user: bool) -> dict[str, tuple[str, ...]]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise RulePackError(_say("facts.table", where=where))
    out: dict[str, tuple[str, ...]] = {}
    for key, patterns in raw.items():
        if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
            raise RulePackError(_say("facts.list", where=where, name=key))
        for p in patterns:
            try:
                re.compile(p)
            except re.error as exc:
                raise RulePackError(_say("facts.pattern", where=where, name=key,
                                         pattern=repr(p), reason=exc)) from exc
            if user:
                check_user_pattern(p, _at(where, f"[facts].{key}"))
        out[str(key)] = tuple(patterns)
    return out


def _parse_lexicon(raw: object, where: object) -> dict[str, dict[str, str | float]]:
    if raw is None:
        return {}
    if not isinstance(raw, dict) or not all(isinstance(v, dict) for v in raw.values()):
        raise RulePackError(_say("lexicon.table", where=where))
    out: dict[str, dict[str, str | float]] = {}
    for name, table in raw.items():
        entries: dict[str, str | float] = {}
        for word, value in table.items():
            if isinstance(value, bool) or not isinstance(value, str | int | float):
                raise RulePackError(_say("lexicon.value", where=where, name=name, word=word))
            entries[fold(str(word))] = value if isinstance(value, str) else float(value)
        out[str(name)] = entries
    return out


def _parse_sets(
    raw: object, where: object, inherited: Mapping[str, tuple[str, ...]]
) -> dict[str, tuple[str, ...]]:
    """The pack's named phrase lists, after those it inherits (a set of the same name extends
    the inherited one); a set may use sets defined before it."""
    sets = dict(inherited)
    if raw is None:
        return sets
    if not isinstance(raw, dict):
        raise RulePackError(_say("sets.table", where=where))
    for name, phrases in raw.items():
        if not str(name).isidentifier():
            raise RulePackError(_say("sets.name", where=where, name=name))
        here = _at(where, f"[sets].{name}")
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
        raise RulePackError(_say("pack.toml", source=source, reason=exc)) from exc
    language = raw.get("language")
    if language not in ("vi", "en"):
        raise RulePackError(_say("pack.language", source=source, got=repr(language)))
    tokens = _parse_tokens(raw.get("tokens"), source, user=user)
    sets = _parse_sets(raw.get("sets"), source, (inherited or {}).get(str(language), {}))
    lines = _rule_lines(text)
    rules_raw = raw.get("rule", [])
    if not isinstance(rules_raw, list):
        raise RulePackError(_say("pack.rules", source=source))
    rules = []
    seen: set[str] = set()
    for i, rule_raw in enumerate(rules_raw):
        line = lines[i] if i < len(lines) else 0
        where = (_say("where.line", source=source, line=line) if line
                 else _say("where.rule", source=source, number=i + 1))
        rule = _parse_rule(rule_raw, where, tokens, line, sets)
        if rule.id in seen:
            raise RulePackError(_say("rule.duplicate", where=where, rule=repr(rule.id)))
        seen.add(rule.id)
        rules.append(rule)
    stop = raw.get("stopwords", {})
    stopwords = _strings(stop.get("words", []), _at(source, "[stopwords].words"),
                         allow_empty=True)
    clauses = raw.get("clauses", {})
    if not isinstance(clauses, dict) or set(clauses) - {"joiners"}:
        raise RulePackError(_say("pack.clauses", source=source))
    joiners = _strings(clauses.get("joiners", []), _at(source, "[clauses].joiners"),
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
        raise RulePackError(_say("pack.not_found", source=path)) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise RulePackError(_say("pack.unreadable", source=path, reason=exc)) from exc
    return parse_pack(text, str(path), inherited, user=True)
