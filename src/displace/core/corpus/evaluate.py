"""Measure a coach against the labelled corpus: per behaviour and language, and per file.

Two views of the same run:
- **sentences**: a finding is right when a label of the same behaviour covers words of the same
  turn (precision), and a label is found when such a finding exists (recall);
- **files**: per conversation and behaviour, present when any label says so, found when any
  finding does — what a user sees ("did it notice the trial close in this call?"). Recall is
  found-and-present over present, the false-alarm rate found-and-absent over absent.

The transcript is given to the coach as a user would paste it (`render_transcript`), roles
untold, so the reader's work is measured with the coach's.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from displace.core.corpus.load import LABELLED, CorpusConversation, CorpusTurn
from displace.core.corpus.render import render_transcript
from displace.core.errors import DisplaceError
from displace.core.model import Finding, Report

__all__ = ["Evaluation", "Tally", "evaluate"]

Analyser = Callable[[str], Report]


@dataclass
class Tally:
    """Counts for one behaviour (or for all): hits, misses and false alarms."""

    true_positive: int = 0
    false_positive: int = 0
    false_negative: int = 0
    true_negative: int = 0

    def add(self, other: Tally) -> None:
        """Add another tally's counts to this one."""
        self.true_positive += other.true_positive
        self.false_positive += other.false_positive
        self.false_negative += other.false_negative
        self.true_negative += other.true_negative

    @property
    def precision(self) -> float | None:
        found = self.true_positive + self.false_positive
        return self.true_positive / found if found else None

    @property
    def recall(self) -> float | None:
        present = self.true_positive + self.false_negative
        return self.true_positive / present if present else None

    @property
    def false_alarm_rate(self) -> float | None:
        absent = self.false_positive + self.true_negative
        return self.false_positive / absent if absent else None


@dataclass
class Evaluation:
    """The result of one coach on a set of conversations."""

    sentences: dict[tuple[str, str], Tally] = field(default_factory=dict)  # (lang, behaviour)
    files: dict[tuple[str, str], Tally] = field(default_factory=dict)
    unreadable: list[str] = field(default_factory=list)  # ids the reader refused
    conversations: int = 0

    def total(self, view: str, language: str | None = None) -> Tally:
        """All behaviours (of one language, or both) summed, for `view` 'sentences' or 'files'."""
        table = self.sentences if view == "sentences" else self.files
        out = Tally()
        for (lang, _), tally in table.items():
            if language is None or lang == language:
                out.add(tally)
        return out


def evaluate(conversations: Iterable[CorpusConversation], analyse: Analyser) -> Evaluation:
    """Run `analyse` on each conversation's transcript and count against its labels."""
    result = Evaluation()
    for conversation in conversations:
        result.conversations += 1
        try:
            report = analyse(render_transcript(conversation))
        except DisplaceError:
            result.unreadable.append(conversation.id)
            report = None
        findings = [f for f in report.findings if f.behaviour in LABELLED] if report else []
        _count_files(result, conversation, findings)
        _count_sentences(result, conversation, findings)
    return result


def _tally(table: dict[tuple[str, str], Tally], language: str, behaviour: str) -> Tally:
    return table.setdefault((language, behaviour), Tally())


def _count_files(result: Evaluation, conversation: CorpusConversation,
                 findings: Sequence[Finding]) -> None:
    present = conversation.behaviours()
    found = {f.behaviour for f in findings}
    for behaviour in sorted(LABELLED):
        tally = _tally(result.files, conversation.language, behaviour)
        if behaviour in present:
            if behaviour in found:
                tally.true_positive += 1
            else:
                tally.false_negative += 1
        elif behaviour in found:
            tally.false_positive += 1
        else:
            tally.true_negative += 1


def _count_sentences(result: Evaluation, conversation: CorpusConversation,
                     findings: Sequence[Finding]) -> None:
    placed = [(f, _place(conversation.turns, f)) for f in findings]
    matched: Counter[tuple[int, int, str]] = Counter()
    for finding, where in placed:
        tally = _tally(result.sentences, conversation.language, finding.behaviour)
        key = _covering_label(conversation.turns, finding, where)
        if key is None:
            tally.false_positive += 1
        else:
            tally.true_positive += 1 if not matched[key] else 0
            matched[key] += 1
    for turn, label in conversation.labels():
        if not matched[(turn.index, label.start, label.behaviour)]:
            _tally(result.sentences, conversation.language, label.behaviour).false_negative += 1


def _place(turns: Sequence[CorpusTurn], finding: Finding) -> tuple[int, int, int] | None:
    """(corpus turn, start, end) of a finding's quote: the reader's turns may not be the
    corpus's one for one, so the quote is looked for near the turn the reader gave it."""
    quote = " ".join(finding.quote.split())
    if not quote:
        return None
    order = sorted(range(len(turns)), key=lambda i: abs(i - finding.turn_index))
    for index in order:
        start = turns[index].text.find(quote)
        if start >= 0:
            return index, start, start + len(quote)
    return None


def _covering_label(turns: Sequence[CorpusTurn], finding: Finding,
                    where: tuple[int, int, int] | None) -> tuple[int, int, str] | None:
    if where is None:
        return None
    index, start, end = where
    for label in turns[index].labels:
        if label.behaviour == finding.behaviour and label.start < end and start < label.end:
            return index, label.start, label.behaviour
    return None
