"""What a finding gives a gap as evidence: which findings can, the sentence the gap keeps, the
title it starts with and who at the prospect said it. Pure: the page and the action share it.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from displace.core.coach.rulepack import QuestionWords
from displace.core.coach.sentences import split_sentences
from displace.core.limits import limit
from displace.core.text import fold
from displace.core.transcript.roles import names_a_role
from displace.web.conversations.models import Finding

__all__ = [
    "ACCEPTABLE",
    "TITLE_WORDS",
    "can_accept",
    "contact_named",
    "evidence_quote",
    "quote_in",
    "sentence_spans",
    "stated_by_for",
    "suggested_title",
    "whole_sentences",
]

# What the prospect says that can be a gap's evidence: a gap in their own words, or a hint of
# one. Not a status-quo signal ("Fine"), a stall ("Let me think"), the incumbent's name, nor
# anything the seller or the incumbent says.
ACCEPTABLE = frozenset({"prospect-stated-gap", "dissatisfaction-cue"})
TITLE_WORDS = 14  # a suggested gap title: the sentence's first words
_NO_WORDS = QuestionWords()  # splitting only: which sentences are questions does not matter


def can_accept(finding: Finding) -> bool:
    """Whether the finding is the prospect stating a gap or hinting at one."""
    return finding.role == "prospect" and finding.behaviour in ACCEPTABLE


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """The [start, end) of each sentence of a turn, as the coach splits them."""
    return list(_spans(text))


# A conversation's page splits each turn more than once (its reading, its chart, the evidence
# its cards offer), and is read again for each filter: the splits of a few calls' turns are kept.
@lru_cache(maxsize=512)
def _spans(text: str) -> tuple[tuple[int, int], ...]:
    spans = tuple((s.start, s.end) for s in split_sentences(text, _NO_WORDS, punctuated=True))
    return spans or ((0, len(text)),)


def whole_sentences(text: str, start: int, end: int) -> str:
    """The sentences of `text` that the span [start, end) touches, whole and stripped."""
    touched = [(s, e) for s, e in sentence_spans(text) if s < max(end, start + 1) and start < e]
    if not touched:
        return text[start:end].strip()
    return text[touched[0][0]:touched[-1][1]].strip()


def quote_in(text: str, finding: Finding) -> str:
    """The prospect's words a gap keeps: the whole sentence of `text` (the finding's turn) the
    coach found them in, or the words found alone when that sentence is longer than a quote
    may be."""
    quote = whole_sentences(text, finding.start, finding.end)
    return quote if 0 < len(quote) <= limit("deal.long_text") else finding.quote.strip()


def evidence_quote(finding: Finding) -> str:
    """`quote_in` the finding's own turn."""
    turns = finding.conversation.turns
    text = str(turns[finding.turn]["text"]) if finding.turn < len(turns) else finding.quote
    return quote_in(text, finding)


def suggested_title(quote: str) -> str:
    """A gap title to start from: the sentence, or its first words when it is long."""
    words = quote.strip().rstrip(".!?…").split()
    title = " ".join(words[:TITLE_WORDS]) + ("…" if len(words) > TITLE_WORDS else "")
    return title[: limit("deal.text")]


def contact_named(name: str, contacts: Sequence[str]) -> str | None:
    """The contact `name` means (case, diacritics and spacing aside), if any."""
    wanted = fold(" ".join(name.split()))
    return next((c for c in contacts if fold(" ".join(c.split())) == wanted), None)


def stated_by_for(speaker: str, contacts: Sequence[str]) -> str:
    """Who at the prospect said it: the contact the transcript's label names, or the label
    when it is a person's name; for a role's name ("Khách hàng", "Customer") the deal's only
    contact, or "" when it has several or none (a person must say who)."""
    label = " ".join(speaker.split())
    named = contact_named(label, contacts)
    if named is not None:
        return named
    if label and not names_a_role(label):
        return label
    return contacts[0] if len(contacts) == 1 else ""
