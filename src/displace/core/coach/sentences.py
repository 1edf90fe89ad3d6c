"""Sentences of a turn, and whether each is a question (open or closed)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from displace.core.coach.rulepack import QuestionWords
from displace.core.text import fold, has_vietnamese_marks

__all__ = ["Sentence", "classify_question", "split_sentences"]

# A sentence ends at . ! ? … (plus closing quotes) before a space or the end, or at a line break.
# "300.000" and "3.5" do not end a sentence: the dot is followed by a digit.
# Written to start with a character class, so the regex engine skips straight to the next
# candidate character: the same matches as `[.!?…]+[\"”’')\]]*(?=\s|$)|\n+`, three times faster.
_END = re.compile(r"[.!?…\n](?:(?<=\n)\n*|(?<=[.!?…])[.!?…]*[\"”’')\]]*(?=\s|$))")
_LEAD = re.compile(r"^[\s\-–—\"“”'‘’(]+")
_WORD = re.compile(r"[\w']+")


class Sentence(NamedTuple):  # a named tuple: made thousands of times per conversation
    """A span [start, end) of a turn's text."""

    start: int
    end: int
    question: bool
    open: bool
    words: int


def _spans(text: str) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for m in _END.finditer(text):
        end = m.end()
        if not text[start:end].isspace():
            spans.append((start, end))
        start = end
    if start < len(text) and not text[start:].isspace():
        spans.append((start, len(text)))
    return spans


@dataclass(frozen=True)
class _QuestionPatterns:
    fillers: frozenset[str]
    trailing: frozenset[str]  # fillers that are not question particles: "ạ", "anh", "chị"
    open_start: re.Pattern[str]
    closed_start: re.Pattern[str]
    closed_end: re.Pattern[str]
    particle_end: re.Pattern[str]
    open_marker: re.Pattern[str]
    statement_start: re.Pattern[str]
    negated_any: re.Pattern[str]  # a negation, then an indefinite at the end


def _alternation(words: tuple[str, ...], template: str, exact: bool) -> re.Pattern[str]:
    if not words:
        return re.compile(r"(?!x)x")  # matches nothing
    forms = dict.fromkeys(w.lower() if exact else fold(w) for w in words)
    body = "|".join(re.escape(w) for w in sorted(forms, key=len, reverse=True))
    return re.compile(template.format(body))


@lru_cache(maxsize=16)
def _patterns(words: QuestionWords, exact: bool) -> _QuestionPatterns:
    """The question words as patterns: folded, or as written (lower case) for text typed with
    diacritics, where the polite "ạ" must not read as the question particle "à"."""
    def forms(phrases: tuple[str, ...]) -> frozenset[str]:
        return frozenset(w.lower() if exact else fold(w) for w in phrases)

    fillers = forms(words.fillers)
    return _QuestionPatterns(
        fillers=fillers,
        trailing=fillers - forms(words.endings) - forms(words.closed_endings),
        open_start=_alternation(words.open_starts, r"^(?:{})(?: |$)", exact),
        closed_start=_alternation(words.closed_starts, r"^(?:{})(?: |$)", exact),
        closed_end=_alternation(words.closed_endings, r"(?:^| )(?:{})$", exact),
        particle_end=_alternation(words.endings, r"(?:^| )(?:{})$", exact),
        open_marker=_alternation(words.open_markers, r"(?:^| )(?:{})(?= |$)", exact),
        statement_start=_alternation(words.statement_starts, r"^(?:{})(?: |$)", exact),
        negated_any=_negated_any(words, exact),
    )


def _negated_any(words: QuestionWords, exact: bool) -> re.Pattern[str]:
    if not words.negators or not words.indefinites:
        return re.compile(r"(?!x)x")  # matches nothing
    negators = _alternation(words.negators, "{}", exact).pattern
    indefinites = _alternation(words.indefinites, "{}", exact).pattern
    return re.compile(rf"(?:^| )(?:{negators}) .* (?:{indefinites})$")


def classify_question(
    text: str, words: QuestionWords, punctuated: bool, *, exact: bool = False
) -> tuple[bool, bool]:
    """(is it a question, is it open) for one sentence, folded or (`exact`) in lower case.

    With punctuation, a question ends in '?'. Transcripts from speech recognition often have
    none, so then the language's question words decide.
    """
    body = text.rstrip()
    ends_with_mark = body.rstrip("\"”’')]").endswith("?")
    if punctuated and not ends_with_mark:
        return False, False
    p = _patterns(words, exact)
    tokens = _WORD.findall(_LEAD.sub("", body))
    while tokens and tokens[0] in p.fillers:
        tokens = tokens[1:]
    while tokens and tokens[-1] in p.trailing:  # "… không anh ạ": the particle comes before
        tokens = tokens[:-1]
    sentence = " ".join(tokens)
    starts_open = p.open_start.search(sentence) is not None
    starts_closed = p.closed_start.search(sentence) is not None
    ends_closed = p.closed_end.search(sentence) is not None
    if punctuated:
        question = ends_with_mark
    elif p.statement_start.search(sentence) or p.negated_any.search(sentence):
        question = False
    else:
        question = (
            starts_open
            or starts_closed
            or ends_closed
            or (p.particle_end.search(sentence) is not None)
        )
    if not question:
        return False, False
    if ends_closed:
        return True, False
    is_open = starts_open or (not starts_closed and p.open_marker.search(sentence) is not None)
    return True, is_open


def split_sentences(text: str, words: QuestionWords, punctuated: bool) -> list[Sentence]:
    """The sentences of a turn with their question class; offsets index `text`."""
    out = []
    for start, end in _spans(text):
        piece = text[start:end]
        if punctuated and "?" not in piece:
            question, is_open = False, False  # the common case, without tokenising
        else:
            question, is_open = (
                classify_question(piece.lower(), words, punctuated, exact=True)
                if has_vietnamese_marks(piece)
                else classify_question(fold(piece), words, punctuated)
            )
        # words by spaces: exact enough for "short answer" rules, and cheap
        out.append(Sentence(start, end, question, is_open, len(piece.split())))
    return out
