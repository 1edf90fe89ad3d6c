"""Inline dialogue: turns that follow each other inside a paragraph, with narration around them.

The reference case is a book page exported from a PDF: numbered pages ("  4. ") that break
mid-sentence, labels inline (`… rất tốt Người bán: Vâng, …`), narration running on after a
turn. Pages are joined, labels found (known role labels, or capitalised names that recur),
and each turn is cut where narration takes over (see narration.py).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass

from displace.core.messages import Count
from displace.core.transcript.labels import plausible_label
from displace.core.transcript.messages import notice
from displace.core.transcript.narration import narration_start, participant_names
from displace.core.transcript.parsed import Narration, Parsed, Utterance
from displace.core.transcript.roles import label_key, table_role

__all__ = ["find_labels", "paragraphs", "parse_inline"]

_PAGE = re.compile(r"^\s*(\d{1,3})\.\s+(?=\S)")
_COLON = re.compile(r"[ \t]*[:：](?=\s|$)")
_TOKEN = re.compile(r"\S+")
_MAX_LABEL_WORDS = 8
_MAX_INTRO = 600  # longer text before the first label is the document, not the scene


@dataclass
class Paragraph:
    """Text read as one stream, with where each of its source lines starts."""

    text: str
    offsets: list[int]
    lines: list[int]

    def line_at(self, offset: int) -> int:
        """The 1-based source line holding `offset`."""
        return self.lines[max(0, bisect.bisect_right(self.offsets, offset) - 1)]


@dataclass
class Label:
    """A speaker label found inside a paragraph: text[start:colon_end] is `label:`."""

    label: str
    start: int
    end: int  # just after the colon


def paragraphs(text: str) -> list[Paragraph]:
    """Blocks of consecutive lines; runs of numbered PDF pages are joined without their numbers."""
    result: list[Paragraph] = []
    current: Paragraph | None = None
    last_page: int | None = None
    for number, raw in enumerate(text.split("\n"), 1):
        if not raw.strip():
            current, last_page = None, None
            continue
        page = _PAGE.match(raw)
        page_number = int(page.group(1)) if page else None
        continues = current is not None and (
            (page_number is None and last_page is None)
            or (page_number is not None and last_page is not None and page_number == last_page + 1)
        )
        body = raw[page.end() :] if page is not None else raw
        if continues and current is not None:
            current.offsets.append(len(current.text) + 1)
            current.lines.append(number)
            current.text += " " + body.strip()
        else:
            current = Paragraph(body.strip(), [0], [number])
            result.append(current)
        last_page = page_number
    return result


def find_labels(paragraph: str, accepted: set[str] | None = None) -> list[tuple[Label, bool]]:
    """Label candidates before each colon: (label, known role label?). Longest wins."""
    found: list[tuple[Label, bool]] = []
    for colon in _COLON.finditer(paragraph):
        window_start = max(0, colon.start() - 160)
        tokens = list(_TOKEN.finditer(paragraph, window_start, colon.start()))[-_MAX_LABEL_WORDS:]
        for first in range(len(tokens)):
            candidate = paragraph[tokens[first].start() : colon.start()]
            if not candidate[0].isupper() or not plausible_label(candidate):
                continue
            known = table_role(candidate) is not None
            if known or (
                _is_name(candidate) and (accepted is None or label_key(candidate) in accepted)
            ):
                found.append((Label(candidate, tokens[first].start(), colon.end()), known))
                if known or accepted is not None:
                    break
    return found


def _is_name(candidate: str) -> bool:
    words = candidate.split()
    return len(words) <= 3 and all(w[0].isupper() or w.isdigit() for w in words)


def parse_inline(text: str) -> Parsed:
    """Utterances and narration from inline multi-speaker text."""
    blocks = paragraphs(text)
    counts = Counter(
        label_key(label.label)
        for block in blocks
        for label, known in find_labels(block.text)
        if not known
    )
    accepted = {key for key, n in counts.items() if n >= 2}
    labelled = [(block, find_labels(block.text, accepted)) for block in blocks]
    return _Reader(labelled).read()


class _Reader:
    def __init__(self, labelled: list[tuple[Paragraph, list[tuple[Label, bool]]]]) -> None:
        self.labelled = [(b, [label for label, _ in found]) for b, found in labelled]
        self.parsed = Parsed()

    def read(self) -> Parsed:
        dialogue = [i for i, (_, labels) in enumerate(self.labelled) if labels]
        if not dialogue:
            return self.parsed
        first, last = dialogue[0], dialogue[-1]
        names = self._names(first, last)
        self._intro(first)
        for block, labels in self.labelled[first : last + 1]:
            if not labels:
                after = len(self.parsed.utterances) - 1
                self.parsed.narration.append(Narration(block.lines[0], block.text, after))
                continue
            ends = [label.start for label in labels[1:]] + [len(block.text)]
            for label, end in zip(labels, ends, strict=True):
                self._turn(block, label, end, names)
        self._note_outside(first, last)
        return self.parsed

    def _names(self, first: int, last: int) -> frozenset[str]:
        speech: list[str] = []
        labels: list[str] = []
        for block, found in self.labelled[first : last + 1]:
            if not found:  # a paragraph of narration between turns
                continue
            ends = [label.start for label in found[1:]] + [len(block.text)]
            speech.extend(
                block.text[label.end : end] for label, end in zip(found, ends, strict=True)
            )
            labels.extend(label.label for label in found if table_role(label.label) is None)
        return participant_names(speech, labels)

    def _turn(self, block: Paragraph, label: Label, end: int, names: frozenset[str]) -> None:
        body = block.text[label.end : end]
        cut = narration_start(body, names)
        speech = body[:cut].strip() if cut is not None else body.strip()
        line = block.line_at(label.start)
        if not speech:
            self.parsed.warnings.append(notice("warn.label_without_speech", line=line,
                                               label=repr(label.label)))
            return
        self.parsed.utterances.append(Utterance(label.label.strip(), speech, line))
        if cut is not None and body[cut:].strip():
            after = len(self.parsed.utterances) - 1
            start = label.end + cut
            self.parsed.narration.append(Narration(block.line_at(start), body[cut:].strip(), after))

    def _intro(self, first: int) -> None:
        block, labels = self.labelled[first]
        intro = block.text[: labels[0].start].strip()
        if intro and len(intro) <= _MAX_INTRO:
            self.parsed.narration.append(Narration(block.lines[0], intro, None))
        elif intro:
            self.parsed.warnings.append(notice("warn.skipped_intro", count=Count(len(intro)),
                                               line=block.line_at(labels[0].start)))

    def _note_outside(self, first: int, last: int) -> None:
        outside = sum(1 for i in range(len(self.labelled)) if i < first or i > last)
        if outside:
            lines = f"{self.labelled[first][0].lines[0]}–{self.labelled[last][0].lines[-1]}"
            self.parsed.warnings.append(notice("warn.outside_dialogue", lines=lines,
                                               outside=outside))
