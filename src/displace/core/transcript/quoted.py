"""Dialogue in quotation marks inside prose: a blog post, a training handout, a book page.

No speaker labels: what people say is in quotation marks, and the writer's own sentences run
between the quotes. The typographic convention does the work — a new speaker gets a new
paragraph — so each paragraph with quoted speech is one turn, and the turns alternate between
two speakers. A name the narration gives the speech ("…," Maria said / anh Minh hỏi) names the
speaker; without one the speakers are "Speaker 1" and "Speaker 2", whose roles come from the
evidence or from the caller's flags. Everything outside the quotes is kept as narration.
"""

from __future__ import annotations

import re

from displace.core.text import fold
from displace.core.transcript.messages import notice
from displace.core.transcript.narration import narration_cues
from displace.core.transcript.parsed import Narration, Parsed, Utterance

__all__ = ["parse_quoted", "quoted_passages"]

# “…”, «…», "…" (straight quotes paired on one line)
_QUOTE = re.compile(r"“([^“”]+)”|«([^«»]+)»|\"([^\"\n]+)\"")
_ENDS_SENTENCE = re.compile(r"[.!?…:\"”»)]\s*$")
_MIN_WORDS = 3
_UNNAMED = ("Speaker 1", "Speaker 2")
_OPENERS = frozenset({"the", "a", "an", "and", "but", "so", "then", "when", "after", "as",
                      "this", "that", "there", "it", "in", "on", "at", "later", "still"})
_PRONOUNS = frozenset({"he", "she", "i", "we", "they", "you", "it", "anh ay", "chi ay", "ong ay",
                       "ba ay", "co ay", "ho", "toi", "em", "minh"})


def quoted_passages(text: str) -> int:
    """How many passages in quotation marks read as speech rather than scare quotes."""
    return sum(1 for m in _QUOTE.finditer(text) if _is_speech(m))


def _is_speech(match: re.Match[str]) -> bool:
    """Three words or more, or a shorter line closed by its own punctuation ("Fine.",
    "That's nice,"): a scare-quoted "partner" is neither."""
    words = next(g for g in match.groups() if g is not None).strip()
    return len(words.split()) >= _MIN_WORDS or words[-1:] in ".,!?…"


def parse_quoted(text: str) -> Parsed:
    """Turns from the quoted speech of each paragraph; the rest as narration."""
    parsed = Parsed()
    blocks: list[tuple[int, str, str]] = []  # line, speech ("" for narration only), narration
    for line, paragraph in _paragraphs(text):
        quotes = [m for m in _QUOTE.finditer(paragraph) if _is_speech(m)]
        speech = _joined([_speech(m) for m in quotes])
        blocks.append((line, speech, _outside(paragraph, quotes) if quotes else paragraph))
    speakers = iter(_speakers([narration for _, speech, narration in blocks if speech]))
    for line, speech, narration in blocks:
        if speech:
            parsed.utterances.append(Utterance(next(speakers), speech, line))
        if narration:
            parsed.narration.append(Narration(line, narration, _last(parsed)))
    if parsed.utterances:
        parsed.warnings.append(notice("warn.quoted_dialogue"))
    return parsed


def _speakers(narrations: list[str]) -> list[str]:
    """Who speaks in each paragraph of speech, from the narration around it.

    A name the narration gives ("Tom said", or a name that acts in two paragraphs: "Maria
    nodded") anchors its paragraph; the others alternate from the nearest anchor.
    """
    said = [_attributed(n) for n in narrations]
    beats = [_acting(n) for n in narrations]
    recurring = {name for name in beats if name and beats.count(name) >= 2}
    recurring |= {name for name in said if name}
    anchors = [s or (b if b in recurring else None) for s, b in zip(said, beats, strict=True)]
    names = list(dict.fromkeys(a for a in anchors if a))[:2]
    cast = (names + [n for n in _UNNAMED if n not in names])[:2]
    out: list[str] = []
    for index, anchor in enumerate(anchors):
        if anchor in cast:
            out.append(anchor)
            continue
        known = [(abs(index - j), j, a) for j, a in enumerate(anchors) if a in cast]
        if not known:
            out.append(cast[index % 2])
            continue
        _, j, name = min(known)
        out.append(name if (index - j) % 2 == 0 else cast[1 - cast.index(name)])
    return out


def _acting(narration: str) -> str | None:
    """A capitalised name that opens the narration as its subject: "Maria nodded …"."""
    m = re.match(r"([^\W\d_][\w'’-]*)\s+[^\W\d_]", narration)
    if m is None or not m.group(1)[:1].isupper():
        return None
    word = m.group(1)
    return None if fold(word).casefold() in _PRONOUNS | _OPENERS else word


def _paragraphs(text: str) -> list[tuple[int, str]]:
    """(first line, text): a line that stops mid-sentence runs on into the next one."""
    out: list[tuple[int, str]] = []
    joining = False
    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.strip()
        if not line:
            joining = False
            continue
        if joining and out:
            out[-1] = (out[-1][0], f"{out[-1][1]} {line}")
        else:
            out.append((number, line))
        joining = _ENDS_SENTENCE.search(line) is None
    return out


def _speech(match: re.Match[str]) -> str:
    return " ".join(next(g for g in match.groups() if g is not None).split()).rstrip(",")


def _joined(parts: list[str]) -> str:
    """Quotes of one paragraph as one turn: '"That's nice," Tom said. "We've…"' reads as two
    sentences, '"We can," she said, "and we will."' as one."""
    out = ""
    for part in parts:
        if out and part[:1].isupper() and out[-1] not in ".!?…":
            out += "."
        out = f"{out} {part}" if out else part
    return out


def _outside(paragraph: str, quotes: list[re.Match[str]]) -> str:
    parts, at = [], 0
    for m in quotes:
        parts.append(paragraph[at:m.start()])
        at = m.end()
    parts.append(paragraph[at:])
    return " ".join(" ".join(parts).split()).strip(" ,")


def _attributed(narration: str) -> str | None:
    """The name in "Maria said" / "said Maria" / "chị Lan hỏi", if the narration has one."""
    verbs = "|".join(re.escape(v) for v in narration_cues().reporting_verbs)
    name = r"((?:[^\W\d_][\w'’-]*\s+)?[^\W\d_][\w'’-]*)"
    folded = fold(narration)
    for pattern in (rf"{name}\s+(?:{verbs})\b", rf"\b(?:{verbs})\s+{name}"):
        for m in re.finditer(pattern, folded):
            words = narration[m.start(1):m.end(1)].split()
            capitalised = [w for w in words if w[:1].isupper()]
            if capitalised and fold(" ".join(words)).casefold() not in _PRONOUNS:
                return " ".join(words[-2:] if len(capitalised) == 2 else capitalised[-1:])
    return None


def _last(parsed: Parsed) -> int | None:
    return len(parsed.utterances) - 1 if parsed.utterances else None
