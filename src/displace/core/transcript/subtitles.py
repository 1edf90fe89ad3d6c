"""WebVTT (Zoom `Name: text` cues, Teams `<v Name>` voice tags) and SRT subtitles."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass

from displace.core.messages import Message
from displace.core.transcript.labels import LABEL_LINE, plausible_label
from displace.core.transcript.messages import at_line, notice, unreadable
from displace.core.transcript.parsed import Parsed, Utterance

__all__ = ["parse_srt", "parse_vtt"]

_TIMING = re.compile(r"^\s*(?P<start>\S+)\s+-->\s+(?P<end>\S+)(?:\s.*)?$")
# hh:mm:ss.ttt as the specs write it, and as tools do: no hours, one-digit fields, no fraction
_CUE_TIME = re.compile(r"^(?:(\d{1,3}):)?(\d{1,2}):(\d{1,2})(?:[.,](\d{1,3}))?$")  # hours < 1,000
_VOICE = re.compile(r"<v(?:\.[\w.-]+)*(?:\s+(?P<name>[^>]*))?>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_BRACKET_LABEL = re.compile(r"^\s*\[(?P<label>[^\]]{1,40})\]\s*(?P<text>.+)$")
_UNNAMED = "Speaker"


@dataclass
class _Cue:
    line: int  # 1-based line of the timing
    start: float
    end: float
    text_lines: list[str]


def parse_vtt(text: str, name: str) -> Parsed:
    """Utterances from a WebVTT file; a block that is no cue and follows none is an InputError."""
    blocks = list(_blocks(text))
    if not blocks or not blocks[0][1][0].startswith("WEBVTT"):
        raise unreadable("vtt.header", name=name)
    kept = [(line, lines) for line, lines in blocks[1:]
            if lines[0].split(" ")[0] not in ("NOTE", "STYLE", "REGION")]
    return _utterances(*_cues(kept, name, "00:00:01.000 --> 00:00:04.000"), name)


def parse_srt(text: str, name: str) -> Parsed:
    """Utterances from an SRT file; a block that is no cue and follows none is an InputError."""
    return _utterances(*_cues(list(_blocks(text)), name, "00:00:01,000 --> 00:00:04,000"),
                       name)


def _cues(blocks: list[tuple[int, list[str]]], name: str,
          example: str) -> tuple[list[_Cue], list[str]]:
    """Cues as real tools write them: a block without a timing continues the cue before it
    (a speaker talking in two paragraphs); a cue without text is skipped with a warning."""
    cues: list[_Cue] = []
    for line, lines in blocks:
        cue = _cue(line, lines, name)
        if cue is not None:
            cues.append(cue)
        elif cues:
            cues[-1].text_lines.extend(lines)
        else:
            raise unreadable("cue.timing", where=at_line(name, line), example=example)
    warnings: list[str] = [notice("warn.cue_without_text", name=name, line=c.line)
                for c in cues if not any(_TAG.sub("", t).strip() for t in c.text_lines)]
    return [c for c in cues if any(_TAG.sub("", t).strip() for t in c.text_lines)], warnings


def _blocks(text: str) -> Iterator[tuple[int, list[str]]]:
    block: list[str] = []
    first = 0
    for number, raw in enumerate(text.split("\n"), 1):
        if raw.strip():
            if not block:
                first = number
            block.append(raw.strip())
        elif block:
            yield first, block
            block = []
    if block:
        yield first, block


def _cue(first: int, lines: list[str], name: str) -> _Cue | None:
    """The cue a block holds (its timing on its first or second line), or None."""
    for offset, raw in enumerate(lines[:2]):
        timing = _TIMING.match(raw)
        if timing is None:
            continue
        where = at_line(name, first + offset)
        start = _seconds(timing.group("start"), where)
        end = _seconds(timing.group("end"), where)
        return _Cue(first + offset, start, end, lines[offset + 1 :])
    return None


def _seconds(value: str, where: Message) -> float:
    match = _CUE_TIME.match(value)
    if match is None:
        shown = value if len(value) <= 32 else value[:32] + "…"
        raise unreadable("cue.time", where=where, value=repr(shown))
    hours, minutes, seconds, millis = match.groups()
    return (int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds)
            + int((millis or "0").ljust(3, "0")) / 1000)


def _utterances(cues: list[_Cue], warnings: list[str], name: str) -> Parsed:
    parsed = Parsed(warnings=list(warnings))
    speaker = _UNNAMED
    for cue in cues:
        for voice, words in _voices(" ".join(cue.text_lines)):
            speaker = voice or speaker
            if words:
                parsed.utterances.append(Utterance(speaker, words, cue.line, cue.start, cue.end))
    if parsed.utterances and all(u.speaker == _UNNAMED for u in parsed.utterances):
        parsed.warnings.append(notice("warn.cues_without_speakers", name=name))
    return parsed


def _voices(text: str) -> Iterator[tuple[str | None, str]]:
    """(speaker or None, plain text) for each voice in a cue's text."""
    marks = list(_VOICE.finditer(text))
    if not marks:
        yield _labelled(_plain(text))
        return
    head = _plain(text[: marks[0].start()])
    if head:
        yield None, head
    for mark, following in zip(marks, [*marks[1:], None], strict=True):
        body = text[mark.end() : following.start() if following else len(text)]
        voice = html.unescape(mark.group("name") or "").strip() or None
        yield voice, _plain(body)


def _labelled(text: str) -> tuple[str | None, str]:
    for pattern in (LABEL_LINE, _BRACKET_LABEL):
        match = pattern.match(text)
        if match is not None and plausible_label(match.group("label")):
            return match.group("label").strip(), match.group("text").strip()
    return None, text


def _plain(text: str) -> str:
    return " ".join(html.unescape(_TAG.sub("", text)).split())
