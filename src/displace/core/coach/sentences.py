"""Sentences of a turn, and whether each is a question (open or closed)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from displace.core.coach.rulepack import QuestionWords

__all__ = ["Sentence", "classify_question", "split_sentences"]

# A sentence ends at . ! ? … (plus closing quotes) before a space or the end, or at a line break.
# "300.000" and "3.5" do not end a sentence: the dot is followed by a digit.
_END = re.compile(r"[.!?…]+[\"”’')\]]*(?=\s|$)|\n+")
_LEAD = re.compile(r"^[\s\-–—\"“”'‘’(]+")
_WORD = re.compile(r"[\w']+")


@dataclass(frozen=True)
class Sentence:
    """A span [start, end) of a turn's text."""

    start: int
    end: int
    question: bool
    open: bool
    words: int


def _spans(text: str) -> list[tuple[int, int]]:
    spans = []
    pos = 0
    for m in _END.finditer(text):
        if m.end() > pos:
            spans.append((pos, m.end()))
        pos = m.end()
    if pos < len(text):
        spans.append((pos, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def classify_question(folded: str, words: QuestionWords, punctuated: bool) -> tuple[bool, bool]:
    """(is it a question, is it open) for one folded sentence.

    With punctuation, a question ends in '?'. Transcripts from speech recognition often have
    none, so then the language's question words decide.
    """
    body = folded.rstrip()
    ends_with_mark = body.rstrip("\"”’')]").endswith("?")
    if punctuated and not ends_with_mark:
        return False, False
    body = _LEAD.sub("", body)
    tokens = _WORD.findall(body)
    while tokens and tokens[0] in words.fillers:
        tokens = tokens[1:]
    head = " ".join(tokens[:3])
    tail = " ".join(tokens[-3:])
    starts_open = any(head == w or head.startswith(w + " ") for w in words.open_starts)
    starts_closed = any(head == w or head.startswith(w + " ") for w in words.closed_starts)
    ends_closed = any(tail == w or tail.endswith(" " + w) for w in words.closed_endings)
    ends_particle = any(tail == w or tail.endswith(" " + w) for w in words.endings)
    if punctuated:
        question = ends_with_mark
    else:
        question = starts_open or starts_closed or ends_closed or ends_particle
    if not question:
        return False, False
    if ends_closed:
        return True, False
    padded = " " + " ".join(tokens) + " "
    is_open = starts_open or (
        not starts_closed and any(f" {m} " in padded for m in words.open_markers)
    )
    return True, is_open


def split_sentences(text: str, folded: str, words: QuestionWords, punctuated: bool) -> list[Sentence]:
    """The sentences of a turn with their question class; offsets index `text`."""
    out = []
    for start, end in _spans(text):
        if punctuated and "?" not in text[start:end]:
            question, is_open = False, False  # the common case, without tokenising
        else:
            question, is_open = classify_question(folded[start:end], words, punctuated)
        # words by spaces: exact enough for "short answer" rules, and cheap
        count = len(text[start:end].split())
        out.append(Sentence(start, end, question, is_open, count))
    return out
