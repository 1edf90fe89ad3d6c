"""Regular expressions from rule packs: the shipped ones run as written, a user's run guarded.

A pattern in a user's pack (`--rules FILE`, a team pack in the web library) could backtrack
for hours on one line of text — `(a+)+$` is enough — and pin a CPU for everyone. Two defences:

- on load, `check_user_pattern` refuses the shapes known to explode (a repeated group holding an
  unbounded repeat, back-references) and any pattern that takes longer than the limit on a few
  hostile texts;
- at run time, `Guarded` runs a user's pattern on the `regex` engine, whose matching stops at a
  time limit, and turns a timeout into a RulePackError naming the pattern.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Sequence
from typing import Any, Protocol

import regex

from displace.core.errors import RulePackError
from displace.core.limits import limit
from displace.core.messages import Count, messages_of

__all__ = ["Guarded", "MatchLike", "PatternLike", "check_user_pattern", "compile_pattern"]

_SRE: Any = importlib.import_module("re._parser")
_REPEATS = frozenset({"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"})
_HOSTILE_LENGTH = 5000
# Texts that make backtracking patterns explode: long runs of one kind of character with
# a mismatch at the end.
_HOSTILE = tuple(
    run * (_HOSTILE_LENGTH // len(run)) + end
    for run, end in (("a", "!"), ("1", "x"), (" ", "!"), ("a ", "!"), ("ab", "\n"),
                     ("aa1", "!"), (".", "a"), ("ă", "!"))
)


class MatchLike(Protocol):
    """What the coach reads of a match, from `re` or from `regex`."""

    lastgroup: str | None

    def start(self, group: int | str = ...) -> int: ...
    def end(self, group: int | str = ...) -> int: ...
    def span(self, group: int | str = ...) -> tuple[int, int]: ...


class PatternLike(Protocol):
    """A compiled pattern the coach can search: a shipped `re.Pattern` or a `Guarded` one."""

    def finditer(self, text: str) -> Any: ...


def _seconds() -> float:
    return limit("rule_pack.pattern_ms") / 1000


class Guarded:
    """A user's pattern on the `regex` engine, stopped at the time limit on any one text."""

    def __init__(self, pattern: str, source: str) -> None:
        self.pattern = pattern
        self.source = source
        self._compiled = regex.compile(pattern, flags=regex.VERSION0)

    def finditer(self, text: str) -> list[Any]:
        """Every match in `text`; RulePackError when the pattern runs out of time."""
        try:
            return list(self._compiled.finditer(text, timeout=_seconds()))
        except TimeoutError:
            raise RulePackError(
                f"{self.source}: the pattern {_shown(self.pattern)} took more than "
                f"{limit('rule_pack.pattern_ms')} ms on one turn, so the analysis was stopped; "
                "simplify the pattern (no repeated group that holds a repeat)"
            ) from None


def compile_pattern(pattern: str, *, user: bool, source: str) -> PatternLike:
    """A shipped pattern compiled by `re`; a user's wrapped in `Guarded`."""
    return Guarded(pattern, source) if user else re.compile(pattern)


def check_user_pattern(pattern: str, where: object) -> None:
    """Refuse a user's pattern that could run for ever; RulePackError says why and what to do
    (in the reader's language on a page: `where` may be a `Message`)."""
    try:
        tree = _SRE.parse(pattern)
        Guarded(pattern, str(where))
    except (re.error, regex.error) as exc:
        raise RulePackError(_say("pattern.invalid", where=where, pattern=_shown(pattern),
                                 reason=exc)) from None
    problem = _explosive(tree, inside_repeat=False)
    if problem:
        raise RulePackError(_say("pattern.explosive", where=where, pattern=_shown(pattern),
                                 problem=_say(problem)))
    guarded = Guarded(pattern, str(where))
    for text in _HOSTILE:
        try:
            guarded.finditer(text)
        except RulePackError:
            raise RulePackError(_say("pattern.slow", where=where, pattern=_shown(pattern),
                                     ms=limit("rule_pack.pattern_ms"),
                                     length=Count(_HOSTILE_LENGTH))) from None


_say = messages_of("rulepack")  # the messages of data/i18n/rulepack.toml


def _explosive(items: Sequence[Any], *, inside_repeat: bool) -> str:
    """Why a parsed pattern is dangerous, as the key of its words ('' when it is not)."""
    for op, av in items:
        name = str(op)
        if name == "GROUPREF" or name == "GROUPREF_EXISTS":
            return "pattern.backref"
        if name in _REPEATS:
            unbounded = av[1] == _SRE.MAXREPEAT
            if inside_repeat and unbounded:
                return "pattern.nested_repeat"
            found = _explosive(av[2], inside_repeat=inside_repeat or unbounded)
            if found:
                return found
        elif name == "SUBPATTERN":
            found = _explosive(av[-1], inside_repeat=inside_repeat)
            if found:
                return found
        elif name == "BRANCH":
            for branch in av[1]:
                found = _explosive(branch, inside_repeat=inside_repeat)
                if found:
                    return found
        elif name in {"ASSERT", "ASSERT_NOT"}:
            found = _explosive(av[1], inside_repeat=inside_repeat)
            if found:
                return found
        elif name == "ATOMIC_GROUP":
            found = _explosive(av, inside_repeat=inside_repeat)
            if found:
                return found
    return ""


def _shown(pattern: str) -> str:
    return repr(pattern if len(pattern) <= 60 else pattern[:60] + "…")
