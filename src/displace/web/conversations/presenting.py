"""What the conversation page shows: the transcript in sentences with the findings marked, and
one card per sentence with every behaviour found in it, in the reader's language. Reads only.

A sentence `s-<n>` (n counts the transcript's sentences from 0) links to its card `f-<n>`, and
the card back to it; a finding belongs to the sentence where it starts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from html import escape
from typing import Any

from django.utils.safestring import SafeString, mark_safe

from displace.core.coach.behaviours import behaviour_table
from displace.core.report.labels import Labels, labels_for
from displace.web.conversations.evidence import (
    can_accept,
    quote_in,
    sentence_spans,
    stated_by_for,
    suggested_title,
)
from displace.web.conversations.models import Finding

__all__ = [
    "LEVELS",
    "Card",
    "Choice",
    "Note",
    "Reading",
    "Segment",
    "SentenceView",
    "TurnView",
    "card_index",
    "choices",
    "level_name",
    "level_of",
    "reading",
    "warning_text",
]

# What a finding's severity filter offers, most serious first: a risk's severity, or good.
LEVELS = ("high", "medium", "low", "info", "good")
_POLARITY_ORDER = {"risk": 0, "info": 1, "good": 2}
_LEVEL_ORDER = {level: n for n, level in enumerate(LEVELS)}


def level_of(finding: Finding) -> str:
    """How serious a finding is, as the page filters and words it: good practice is "good"."""
    if finding.polarity == "good":
        return "good"
    return finding.severity if finding.severity in ("high", "medium", "low") else "info"


def level_name(level: str, labels: Labels) -> str:
    """A level in words ("High risk", "What went well") in the labels' language."""
    return labels("what_went_well") if level == "good" else labels(f"severity.{level}")


@dataclass(frozen=True)
class Segment:
    """A run of a sentence's text; `finding` is set when the run is highlighted."""

    text: str
    finding: Finding | None = None


@dataclass(frozen=True)
class SentenceView:
    """A sentence of a turn; `card` is the index of the card it links to (None: no finding)."""

    index: int
    segments: list[Segment]
    card: int | None = None
    polarity: str = ""


@dataclass(frozen=True)
class TurnView:
    index: int
    speaker: str
    role: str
    sentences: list[SentenceView]
    text: str = ""  # the whole turn, for the form that teaches the coach its words

    @property
    def text_html(self) -> SafeString:
        """The turn's sentences as escaped HTML: each finding's run marked, each sentence with a
        card a link to it. An hour's call has thousands of runs, and a template loop over them
        took most of its page's time."""
        return mark_safe("".join(_sentence_html(s) for s in self.sentences))  # all escaped


def _sentence_html(sentence: SentenceView) -> str:
    if sentence.card is None:
        runs = "".join(escape(seg.text) for seg in sentence.segments)
        return f'<span class="sentence" id="s-{sentence.index}" tabindex="-1">{runs}</span>'
    runs = "".join(escape(seg.text) if seg.finding is None else
                   f'<mark class="finding {escape(seg.finding.polarity)}">{escape(seg.text)}</mark>'
                   for seg in sentence.segments)
    return (f'<a class="sentence marked {escape(sentence.polarity)}" id="s-{sentence.index}" '
            f'href="#f-{sentence.card}" data-jump="card">{runs}</a>')


@dataclass(frozen=True)
class Note:
    """One behaviour on a card: its name, how serious, what it means and what to do instead."""

    behaviour: str
    name: str
    polarity: str
    level: str
    level_name: str
    message: str
    advice: str
    findings: list[Finding]

    @property
    def finding(self) -> Finding:
        """The finding a "Not right" answer is about: the longest of this behaviour here."""
        return max(self.findings, key=lambda f: (f.end - f.start, -f.pk))

    @property
    def sources(self) -> list[dict[str, Any]]:
        """Where its findings came from, each once."""
        seen: list[dict[str, Any]] = []
        for f in self.findings:
            if f.source not in seen:
                seen.append(f.source)
        return seen

    @property
    def taught(self) -> bool:
        """Whether a team's example found it."""
        return any(f.data.get("source") == "team" for f in self.findings)


@dataclass(frozen=True)
class Card:
    """Everything found in one sentence (or the sentences a finding runs over)."""

    sentence: int
    turn: int
    speaker: str
    role: str
    quote: str
    polarity: str
    notes: list[Note]
    evidence: Finding | None = None  # what the prospect said that can become a gap's evidence
    title: str = ""  # the gap title the form suggests for it
    said_by: str = ""  # who at the prospect the form says said it ("": the rep must say)


@dataclass(frozen=True)
class Reading:
    turns: list[TurnView]
    cards: list[Card] = field(default_factory=list)


@dataclass(frozen=True)
class Choice:
    """A filter's option: its value, its name in the reader's language, how many it shows."""

    value: str
    name: str
    count: int


def reading(
    turns: Sequence[Mapping[str, Any]],
    findings: Iterable[Finding],
    lang: str,
    *,
    contacts: Sequence[str] | None = None,
) -> Reading:
    """The transcript in sentences and the cards of `findings`, words in `lang`; with the
    prospect's `contacts`, each card holding what can be a gap's evidence says so (None: the
    reader cannot accept evidence)."""
    labels = labels_for(lang)
    by_turn: dict[int, list[Finding]] = {}
    for finding in findings:
        by_turn.setdefault(finding.turn, []).append(finding)
    views: list[TurnView] = []
    cards: list[Card] = []
    first = 0  # the index of the turn's first sentence in the whole transcript
    for turn in turns:
        text = str(turn["text"])
        spans = sentence_spans(text)
        found = sorted(by_turn.get(turn["index"], []), key=lambda f: (f.start, -f.end))
        home = {id(f): first + _sentence_at(spans, f.start) for f in found}
        views.append(TurnView(
            index=turn["index"], speaker=turn["speaker"], role=turn["role"], text=text,
            sentences=[_sentence(text, first + n, span, found, home)
                       for n, span in enumerate(spans)],
        ))
        cards += _cards(turn, text, spans, first, found, home, labels, lang, contacts)
        first += len(spans)
    return Reading(views, cards)


def card_index(turns: Sequence[Mapping[str, Any]], finding: Finding) -> int:
    """The index of a finding's card: its sentence counted over the whole transcript."""
    before = sum(len(sentence_spans(str(t["text"]))) for t in turns[: finding.turn])
    text = str(turns[finding.turn]["text"]) if finding.turn < len(turns) else ""
    return before + _sentence_at(sentence_spans(text), finding.start)


def _sentence_at(spans: Sequence[tuple[int, int]], position: int) -> int:
    """The index in `spans` of the sentence holding `position` (the last one past the end)."""
    return next((n for n, (s, e) in enumerate(spans) if s <= position < e), len(spans) - 1)


def _sentence(text: str, index: int, span: tuple[int, int], found: Sequence[Finding],
              home: Mapping[int, int]) -> SentenceView:
    start, end = span
    inside = [f for f in found if f.start < end and start < max(f.end, f.start + 1)]
    segments: list[Segment] = []
    position = start
    for f in inside:  # the earliest span first; one inside another is not marked twice
        s, e = max(f.start, position), min(f.end, end)
        if s >= e:
            continue
        if s > position:
            segments.append(Segment(text[position:s]))
        segments.append(Segment(text[s:e], f))
        position = e
    if position < end or not segments:
        segments.append(Segment(text[position:end]))
    if not inside:
        return SentenceView(index, segments)
    own = [f for f in inside if home[id(f)] == index]
    card = index if own else home[id(inside[0])]
    return SentenceView(index, segments, card, _polarity(own or inside))


def _polarity(findings: Iterable[Finding]) -> str:
    """A card's colour: risk when anything is, else good practice, else information."""
    kinds = {f.polarity for f in findings}
    return next((k for k in ("risk", "good", "info") if k in kinds), "info")


def _cards(turn: Mapping[str, Any], text: str, spans: Sequence[tuple[int, int]], first: int,
           found: Sequence[Finding], home: Mapping[int, int], labels: Labels, lang: str,
           contacts: Sequence[str] | None) -> list[Card]:
    grouped: dict[int, list[Finding]] = {}
    for f in found:
        grouped.setdefault(home[id(f)], []).append(f)
    cards = []
    for index, group in grouped.items():
        start = spans[index - first][0]
        end = max(spans[_sentence_at(spans, max(f.end - 1, f.start))][1] for f in group)
        evidence = next((f for f in sorted(group, key=_evidence_order) if can_accept(f)), None)
        if contacts is None:
            evidence = None
        cards.append(Card(
            sentence=index, turn=turn["index"], speaker=turn["speaker"], role=turn["role"],
            quote=text[start:end].strip(), polarity=_polarity(group),
            notes=_notes(group, labels, lang), evidence=evidence,
            title=suggested_title(quote_in(text, evidence)) if evidence else "",
            said_by=stated_by_for(evidence.speaker, contacts or ()) if evidence else "",
        ))
    return cards


def _evidence_order(finding: Finding) -> int:
    return 0 if finding.behaviour == "prospect-stated-gap" else 1


def _notes(findings: Sequence[Finding], labels: Labels, lang: str) -> list[Note]:
    by_behaviour: dict[str, list[Finding]] = {}
    for f in findings:
        by_behaviour.setdefault(f.behaviour, []).append(f)
    notes = []
    for behaviour, group in by_behaviour.items():
        level = min((level_of(f) for f in group), key=_LEVEL_ORDER.__getitem__)
        message, advice = _words_of(behaviour, lang, group[0])
        notes.append(Note(
            behaviour=behaviour, name=labels.behaviour(behaviour), polarity=group[0].polarity,
            level=level, level_name=level_name(level, labels), message=message, advice=advice,
            findings=group,
        ))
    return sorted(notes, key=lambda n: (_POLARITY_ORDER.get(n.polarity, 1),
                                        _LEVEL_ORDER[n.level]))


def _words_of(behaviour: str, lang: str, finding: Finding) -> tuple[str, str]:
    """What the coach says about a behaviour, and its advice, in the reader's language; what
    the analysis stored when the behaviour is no longer in the table."""
    known = behaviour_table().get(behaviour)
    if known is None:
        return finding.message, finding.advice
    return known.message.get(lang, finding.message), known.advice.get(lang, finding.advice)


def choices(findings: Sequence[Finding], lang: str) -> tuple[list[Choice], list[Choice]]:
    """The severity and behaviour filters' options: what the conversation holds, with counts."""
    labels = labels_for(lang)
    levels: dict[str, int] = {}
    behaviours: dict[str, int] = {}
    for f in findings:
        levels[level_of(f)] = levels.get(level_of(f), 0) + 1
        behaviours[f.behaviour] = behaviours.get(f.behaviour, 0) + 1
    by_level = [Choice(level, level_name(level, labels), levels[level])
                for level in LEVELS if level in levels]
    by_behaviour = sorted((Choice(b, labels.behaviour(b), n) for b, n in behaviours.items()),
                          key=lambda c: c.name.casefold())
    return by_level, by_behaviour


def warning_text(stored: object, lang: str) -> str:
    """A stored warning in `lang`: the reader's warnings are kept in every language
    ({"en": ..., "vi": ...}); one stored before they were is shown as it was written."""
    if isinstance(stored, Mapping):
        text = stored.get(lang, stored.get("en", ""))
        return str(text)
    return str(stored)
