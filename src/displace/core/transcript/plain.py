"""Plain text with speaker labels: one turn per line or paragraph, continuation lines allowed."""

from __future__ import annotations

import re
from typing import NamedTuple

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

_LEFTOVER_MARKUP = re.compile(r"^(?:\*\*|__|\*|_)\s*|\s*(?:\*\*|__|\*|_)$")
# A line that is only a note in brackets, maybe in italics: "*(She takes another call)*",
# "[inaudible]". It is what happened, not what was said.
_NOTE_LINE = re.compile(r"^\s*[*_]*\s*(?:\([^()]*\)|\[[^\[\]]*\])\s*[*_]*\s*$")


class _Labelled(NamedTuple):
    label: str
    text: str
    start: float | None


def parse_plain(text: str) -> Parsed:
    """Utterances from lines like `Rep: …`, `**Brian:** …` or `Speaker 1:` then the text below."""
    lines = text.split("\n")
    labelled = [_labelled(raw) for raw in lines]
    accepted = accepted_labels(found.label for found in labelled if found is not None)
    parsed = Parsed()
    speaker: str | None = None  # the utterance being read: its speaker, parts, line and time
    parts: list[str] = []
    first_line = 0
    start: float | None = None
    pending_start: float | None = None  # a timestamp on its own line, for the next label
    preamble: list[tuple[int, str]] = []

    def flush() -> None:
        joined = " ".join(parts).strip()
        if speaker is not None and joined:
            parsed.utterances.append(Utterance(speaker, joined, first_line, start))

    for number, (raw, found) in enumerate(zip(lines, labelled, strict=True), 1):
        if found is not None and label_key(found.label) in accepted:
            flush()
            speaker, parts, first_line = found.label, [], number
            start = found.start if found.start is not None else pending_start
            pending_start = None
            if body := _clean(found.text):
                parts.append(body)
        elif (stamp := TIMESTAMP_LINE.match(raw)) is not None:
            if speaker is not None and not parts and start is None:
                start = parse_timestamp(stamp.group("ts"))
            else:
                pending_start = parse_timestamp(stamp.group("ts"))
        elif raw.strip():
            body = _clean(raw)
            if speaker is None:
                preamble.append((number, body))
            elif _NOTE_LINE.match(raw):
                # after the utterance being read, which is the next one stored
                note = body.strip("()[] ")
                parsed.narration.append(Narration(number, note, len(parsed.utterances)))
            elif body:
                parts.append(body)
    flush()
    if preamble and parsed.utterances:
        joined = " ".join(t for _, t in preamble if t)
        parsed.narration.append(Narration(preamble[0][0], joined, None))
    parsed.narration.sort(key=lambda n: n.line)
    return parsed


def _labelled(raw: str) -> _Labelled | None:
    match = LABEL_LINE.match(raw)
    if match is not None:
        label, stamp1, stamp2, body = match.group("label", "ts1", "ts2", "text")
        stamp = stamp1 or stamp2
        # a timestamp starts with a digit or a bracket: most lines need no regex to tell
        first = body[:1]
        leading = TIMESTAMP.match(body) if first and (first in "[(" or first.isdigit()) else None
        if stamp is None and leading is not None and leading.group(0) != body:
            stamp, body = leading.group("ts"), body[leading.end() :]
        return _Labelled(label.strip(), body, parse_timestamp(stamp) if stamp else None)
    header = HEADER_LINE.match(raw)
    if header is not None:
        return _Labelled(header.group("label").strip(), "", parse_timestamp(header.group("ts")))
    return None


def _clean(text: str) -> str:
    text = text.strip()
    if not text.startswith(("*", "_")) and not text.endswith(("**", "__")):
        return text  # no markup left over: the common case, without a regex
    while (cleaned := _LEFTOVER_MARKUP.sub("", text).strip()) != text:
        text = cleaned
    return text
