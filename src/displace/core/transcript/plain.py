"""Plain text with speaker labels: one turn per line or paragraph, continuation lines allowed."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from displace.core.transcript.labels import (
    HEADER_LINE,
    LABEL_LINE,
    TIMESTAMP,
    TIMESTAMP_LINE,
    accepted_labels,
    parse_timestamp,
)
from displace.core.transcript.parsed import Narration, Parsed, Utterance
from displace.core.transcript.roles import label_key

__all__ = ["parse_plain"]

_TIMESTAMP_FIRST = frozenset("[(0123456789")
_LEFTOVER_MARKUP = re.compile(r"^(?:\*\*|__|\*|_)\s*|\s*(?:\*\*|__)$")


@dataclass
class _LabelledLine:
    label: str
    text: str
    start: float | None


@dataclass
class _Builder:
    parsed: Parsed = field(default_factory=Parsed)
    speaker: str | None = None
    parts: list[str] = field(default_factory=list)
    line: int = 0
    start: float | None = None
    preamble: list[tuple[int, str]] = field(default_factory=list)

    def begin(self, speaker: str, line: int, start: float | None) -> None:
        self.flush()
        self.speaker, self.parts, self.line, self.start = speaker, [], line, start

    def add(self, line: int, text: str) -> None:
        if self.speaker is None:
            self.preamble.append((line, text))
        elif text:
            self.parts.append(text)

    def flush(self) -> None:
        text = " ".join(self.parts).strip()
        if self.speaker is not None and text:
            self.parsed.utterances.append(Utterance(self.speaker, text, self.line, self.start))
        self.speaker, self.parts = None, []


def parse_plain(text: str) -> Parsed:
    """Utterances from lines like `Rep: …`, `**Brian:** …` or `Speaker 1:` then the text below."""
    lines = text.split("\n")
    labelled = {n: m for n, raw in enumerate(lines, 1) if (m := _labelled(raw)) is not None}
    accepted = accepted_labels(m.label for m in labelled.values())
    builder = _Builder()
    pending_start: float | None = None
    for number, raw in enumerate(lines, 1):
        found = labelled.get(number)
        if found is not None and label_key(found.label) in accepted:
            start = found.start if found.start is not None else pending_start
            builder.begin(found.label, number, start)
            builder.add(number, _clean(found.text))
            pending_start = None
        elif (stamp := TIMESTAMP_LINE.match(raw)) is not None:
            if builder.speaker is not None and not builder.parts and builder.start is None:
                builder.start = parse_timestamp(stamp.group("ts"))
            else:
                pending_start = parse_timestamp(stamp.group("ts"))
        elif raw.strip():
            builder.add(number, _clean(raw))
    builder.flush()
    parsed = builder.parsed
    if builder.preamble and parsed.utterances:
        first_line, _ = builder.preamble[0]
        joined = " ".join(t for _, t in builder.preamble if t)
        parsed.narration.append(Narration(first_line, joined, None))
    return parsed


def _labelled(raw: str) -> _LabelledLine | None:
    match = LABEL_LINE.match(raw)
    if match is not None:
        stamp = match.group("ts1") or match.group("ts2")
        body = match.group("text")
        # a timestamp starts with a digit or a bracket: most lines need no regex to tell
        leading = TIMESTAMP.match(body) if body[:1] in _TIMESTAMP_FIRST else None
        if stamp is None and leading is not None and leading.group(0) != body:
            stamp, body = leading.group("ts"), body[leading.end() :]
        start = parse_timestamp(stamp) if stamp else None
        return _LabelledLine(match.group("label").strip(), body, start)
    header = HEADER_LINE.match(raw)
    if header is not None:
        return _LabelledLine(header.group("label").strip(), "", parse_timestamp(header.group("ts")))
    return None


def _clean(text: str) -> str:
    text = text.strip()
    if not text.startswith(("*", "_")) and not text.endswith(("**", "__")):
        return text  # no markup left over: the common case, without a regex
    while (cleaned := _LEFTOVER_MARKUP.sub("", text).strip()) != text:
        text = cleaned
    return text
