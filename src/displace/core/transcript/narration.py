"""Telling a storyteller's sentences from a speaker's inside inline dialogue.

Narration runs on after a turn without a label ("… trên. Bill mang những thông tin …"). A
sentence opens narration when it starts with a narrative time marker ("Một vài ngày sau,",
"The next day"), a section heading ("Giai đoạn 2", a line in CAPITALS), reported speech
("Bill trả lời: “…”"), or a participant's name used as a subject rather than as a form of
address: a name the speakers call each other by ("Chào Ray", "Bill à") followed by a verb.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from displace.core.text import fold

__all__ = ["NarrationCues", "narration_cues", "narration_start", "participant_names"]

_SENTENCE_START = re.compile(r"(?:(?<=[.!?…])[\"”’)\]]*\s+|(?<=[^\W\d_][.!?])(?=[^\W\d_]))(?=\S)")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")


@dataclass(frozen=True)
class NarrationCues:
    """The phrase lists of displace/data/narration.toml, folded."""

    time_markers: tuple[str, ...]
    section_words: tuple[str, ...]
    vocative_particles: frozenset[str]
    greetings: tuple[str, ...]
    reporting_verbs: tuple[str, ...]


@lru_cache(maxsize=1)
def narration_cues() -> NarrationCues:
    """The narration cues loaded from displace/data/narration.toml."""
    source = resources.files("displace") / "data" / "narration.toml"
    data = tomllib.loads(source.read_text(encoding="utf-8"))

    def folded(key: str) -> tuple[str, ...]:
        return tuple(sorted((fold(str(v)) for v in data.get(key, [])), key=len, reverse=True))

    return NarrationCues(
        time_markers=folded("time_markers"),
        section_words=folded("section_words"),
        vocative_particles=frozenset(folded("vocative_particles")),
        greetings=folded("greetings"),
        reporting_verbs=folded("reporting_verbs"),
    )


def participant_names(speech: Iterable[str], labels: Iterable[str]) -> frozenset[str]:
    """Names the speakers address each other by, plus labels that are names (folded)."""
    cues = narration_cues()
    particles = "|".join(re.escape(p) for p in cues.vocative_particles)
    greetings = "|".join(re.escape(g) for g in cues.greetings)
    name = r"([^\W\d_][\w'’-]*)"
    # Matched on folded text (same length as the original) so that "Chao Ray" counts like
    # "Chào Ray"; the original decides whether the name is capitalised.
    patterns = (
        re.compile(rf"(?:^|\s)(?:{greetings})\s+{name}"),
        re.compile(rf",\s*{name}\s*(?:[.!?,]|$)"),
        re.compile(rf"(?<=\w)\s+{name}\s+(?:{particles})(?:\W|$)"),
    )
    found: set[str] = set()
    for text in speech:
        folded = fold(text)
        for pattern in patterns:
            for match in pattern.finditer(folded):
                if text[match.start(1)].isupper():
                    found.add(match.group(1))
    found.update(
        fold(label) for label in labels if " " not in label.strip() and label[:1].isupper()
    )
    return frozenset(found)


def narration_start(segment: str, names: frozenset[str]) -> int | None:
    """Offset in a turn's text where narration takes over, or None if it is all speech."""
    starts = [m.end() for m in _SENTENCE_START.finditer(segment)]
    for start, end in zip(starts, [*starts[1:], len(segment)], strict=False):
        if _opens_narration(segment[start:end], names):
            return start
    return None


def _opens_narration(sentence: str, names: frozenset[str]) -> bool:
    head = fold(sentence)
    cues = narration_cues()
    if any(_starts_with_phrase(head, m) for m in cues.time_markers):
        return True
    if any(re.match(rf"{re.escape(w)}\s+(?:\d+|[ivx]+)\b", head) for w in cues.section_words):
        return True
    if _starts_with_capitals(sentence):
        return True
    if _reports_speech(head, cues.reporting_verbs):
        return True
    return _names_a_participant(sentence, names, cues.vocative_particles)


def _starts_with_phrase(head: str, phrase: str) -> bool:
    return head.startswith(phrase) and (len(head) == len(phrase) or not head[len(phrase)].isalnum())


def _starts_with_capitals(sentence: str) -> bool:
    words = _WORD.findall(sentence[:80])[:2]
    return len(words) == 2 and all(len(w) >= 2 and w.isupper() for w in words)


def _reports_speech(head: str, verbs: tuple[str, ...]) -> bool:
    first_clause = re.split(r"[“\"]", head, maxsplit=1)
    if len(first_clause) < 2:
        return False
    before_quote = first_clause[0].rstrip(" :,")
    return any(before_quote.endswith(" " + v) for v in verbs)


def _names_a_participant(sentence: str, names: frozenset[str], particles: frozenset[str]) -> bool:
    match = re.match(r"([^\W\d_][\w'’-]*)(\s*)(\S*)", sentence)
    if match is None or fold(match.group(1)) not in names:
        return False
    separator, following = match.group(2), fold(match.group(3))
    if not separator or not following:
        return False  # "Ray," or "Ray!": a form of address
    return following.strip(",.!?") not in particles and following[:1].isalpha()
