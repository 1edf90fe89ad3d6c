"""Which format a transcript is in, from its file extension and its content."""

from __future__ import annotations

import re

from displace.core.transcript.inline import find_labels, paragraphs
from displace.core.transcript.labels import LABEL_LINE, TIMESTAMP_LINE, accepted_labels
from displace.core.transcript.messages import unreadable
from displace.core.transcript.quoted import quoted_passages
from displace.core.transcript.roles import label_key

__all__ = ["FORMATS", "detect_format", "resolve_format"]

FORMATS = ("plain", "inline", "quoted", "vtt", "srt", "json")
_BY_EXTENSION = {".vtt": "vtt", ".srt": "srt", ".json": "json"}
_SRT_START = re.compile(r"^(?:\d+[ \t]*\n)?[ \t]*\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}[ \t]*-->")
_JSON_START = re.compile(r"^(?:\{|\[\s*(?:[{\]\[\"]|$))")


def resolve_format(requested: str | None, text: str, suffix: str, name: str) -> str:
    """The format to parse with: the one asked for (checked), or the one detected."""
    if requested is None:
        return detect_format(text, suffix)
    wanted = requested.strip().lower()
    if wanted not in FORMATS:
        raise unreadable("format.unknown", name=name, requested=repr(requested),
                         formats=", ".join(FORMATS))
    return wanted


def detect_format(text: str, suffix: str = "") -> str:
    """The likely format of `text`: vtt, srt, json, plain, inline or quoted."""
    head = text.lstrip()[:200]
    if head.startswith("WEBVTT"):
        return "vtt"
    by_extension = _BY_EXTENSION.get(suffix.lower())
    if by_extension is not None:
        return by_extension
    if _JSON_START.match(head):
        return "json"
    if _SRT_START.match(head):
        return "srt"
    return _prose_layout(text)


# The layout shows in a file's first lines: a long transcript is not matched line by line twice.
SNIFF_LINES = 200


def _head(text: str, lines: int) -> str:
    """`text` up to the end of its `lines`-th non-empty line."""
    seen = offset = 0
    for line in text.split("\n"):
        offset += len(line) + 1
        if line.strip():
            seen += 1
            if seen == lines:
                return text[:offset]
    return text


def _prose_layout(text: str) -> str:
    """plain (labels at line starts), inline (labels inside paragraphs) or quoted (no labels,
    the dialogue in quotation marks)."""
    text = _head(text, SNIFF_LINES)
    # a timestamp on its own line (Google Meet, Zoom notes) belongs to the turn below it
    lines = [line for line in text.split("\n")
             if line.strip() and not TIMESTAMP_LINE.match(line)]
    candidates = [m.group("label") for line in lines if (m := LABEL_LINE.match(line))]
    accepted = accepted_labels(candidates)
    at_line_start = sum(1 for c in candidates if label_key(c) in accepted)
    if at_line_start >= 2 and at_line_start * 2 >= len(lines):
        return "plain"  # most lines start with a label: the common, cheap case
    mid_paragraph = sum(
        1
        for block in paragraphs(text)
        for label, _ in find_labels(block.text)
        if label.start > 0 and block.text[label.start - 1] != "\n"
    )
    if mid_paragraph >= 2 and mid_paragraph > at_line_start:
        return "inline"
    if at_line_start < 2 and mid_paragraph < 2 and quoted_passages(text) >= 3:
        return "quoted"
    return "plain"
