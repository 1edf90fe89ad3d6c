"""`read_conversation`: from a file, bytes or text to a Conversation with turns, roles and notes."""

from __future__ import annotations

import re
import stat
from collections.abc import Callable, Mapping
from pathlib import Path

from displace.core.collector import cycle_collector_paused
from displace.core.limits import limit
from displace.core.messages import Count, Message, Size
from displace.core.model import Conversation, NarrationSpan, Role, Turn
from displace.core.text import detect_language, normalise, turn_languages
from displace.core.transcript.decode import MAX_BYTES, decode
from displace.core.transcript.detect import FORMATS, resolve_format
from displace.core.transcript.docx import docx_text, is_docx
from displace.core.transcript.inline import parse_inline
from displace.core.transcript.jsonfmt import parse_json
from displace.core.transcript.messages import at_line, unreadable
from displace.core.transcript.parsed import Parsed, Utterance
from displace.core.transcript.plain import parse_plain
from displace.core.transcript.quoted import parse_quoted
from displace.core.transcript.roles import assign_roles, label_key
from displace.core.transcript.subtitles import parse_srt, parse_vtt

__all__ = ["read_conversation", "transcript_text"]

_PARSERS: dict[str, Callable[[str, str], Parsed]] = {
    "plain": lambda text, _name: parse_plain(text),
    "inline": lambda text, _name: parse_inline(text),
    "quoted": lambda text, _name: parse_quoted(text),
    "vtt": parse_vtt,
    "srt": parse_srt,
    "json": parse_json,
}
_SPACES = re.compile(r"\s+")


@cycle_collector_paused
def read_conversation(
    source: str | Path | bytes,
    *,
    input_format: str | None = None,
    role_hints: Mapping[str, Role] | None = None,
    name: str | None = None,
) -> Conversation:
    """Read a conversation from a file (Path), bytes or text (str); InputError if unreadable."""
    label, text, encoding, suffix = _load(source, name)
    fmt = resolve_format(input_format, text, suffix, label)
    try:
        parsed = _PARSERS[fmt](text, label)
    except RecursionError:
        raise unreadable("format.too_deep", name=label, format=_format_name(fmt)) from None
    except (OverflowError, ValueError) as exc:
        # A number out of any sane range (a 2,000-digit hour) must not end in a traceback.
        raise unreadable("format.out_of_range", name=label, format=_format_name(fmt),
                         detail=str(exc)[:120]) from None
    except (TypeError, AttributeError, KeyError, IndexError) as exc:
        # A JSON document with a known service's keys but other types inside: a user's file,
        # so a clear error rather than a traceback (the fuzz tests found the cases we know).
        raise unreadable("format.structure", name=label, format=_format_name(fmt),
                         detail=f"{type(exc).__name__}: {str(exc)[:80]}") from None
    utterances, after = _merge(_canonical_speakers(parsed.utterances), parsed)
    if not utterances:
        raise unreadable("no_conversation", name=label, format=_format_name(fmt), tried=_tried(fmt),
                         works=Message("reader", "what_works"))
    speakers = list(dict.fromkeys(u.speaker for u in utterances))
    _check_speakers(utterances, label)
    texts: dict[str, list[str]] = {}
    for u in utterances:
        texts.setdefault(u.speaker, []).append(u.text)
    roles, sources, role_warnings = assign_roles(speakers, texts, role_hints,
                                                  stated=parsed.roles)
    languages = turn_languages([u.text for u in utterances])
    turns = tuple(
        Turn(i, u.speaker, u.text, roles[u.speaker], u.start, u.end, lang, u.line)
        for i, (u, lang) in enumerate(zip(utterances, languages, strict=True))
    )
    narration = tuple(
        NarrationSpan(n.line, n.text, _turn_index(after, n.after)) for n in parsed.narration
    )
    return Conversation(
        turns=turns,
        source=label,
        input_format=fmt,
        encoding=encoding,
        language=detect_language(t.language for t in turns),
        narration=narration,
        role_sources=sources,
        warnings=tuple(parsed.warnings + role_warnings),
    )


def _tried(fmt: str) -> Message:
    """What the reader looked for in a `fmt` file (data/i18n/reader.toml, `tried.*`)."""
    if fmt in ("plain", "inline", "quoted"):
        return Message("reader", f"tried.{fmt}")
    return Message("reader", "tried.other", {"format": _format_name(fmt)})


def _format_name(fmt: str) -> Message | str:
    """An input format as a message names it: the id `--input-format` takes in English, words
    in Vietnamese ("plain" is no Vietnamese word)."""
    return Message("reader", f"format_name.{fmt}") if fmt in FORMATS else fmt


def _load(source: str | Path | bytes, name: str | None) -> tuple[str, str, str, str]:
    """(name for messages, NFC text, encoding, file extension)."""
    if isinstance(source, Path):
        label = name or str(source)
        return label, *_text_of(_read_file(source, label), label), source.suffix
    if isinstance(source, bytes | bytearray):
        label = name or "<bytes>"
        return label, *_text_of(bytes(source), label), Path(label).suffix
    label = name or "<text>"
    if len(source) > MAX_BYTES:
        raise unreadable("text.too_long", name=label, limit=Count(MAX_BYTES))
    return label, normalise(source), "utf-8", Path(label).suffix


def transcript_text(data: bytes, label: str) -> tuple[str, str]:
    """The NFC text of a transcript file's bytes and how it was read (`docx`, `utf-8`,
    `windows-1258`...): a Word document's paragraphs, or decoded text; InputError if neither."""
    return _text_of(data, label)


def _text_of(data: bytes, label: str) -> tuple[str, str]:
    """The text and how it was read: a Word document's paragraphs, or decoded bytes."""
    if is_docx(data):
        return normalise(docx_text(data, label)), "docx"
    return decode(data, label)


def _read_file(path: Path, label: str) -> bytes:
    try:
        if not path.exists():
            raise unreadable("file.missing", name=label)
        if path.is_dir():
            raise unreadable("file.folder", name=label)
        if not stat.S_ISREG(path.stat().st_mode):
            # /dev/zero never ends and a FIFO blocks until someone writes: neither is a file.
            raise unreadable("file.not_regular", name=label)
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)  # bounded, even if the file grows meanwhile
        if len(data) > MAX_BYTES:
            raise unreadable("file.over_limit", name=label, limit=Size(MAX_BYTES))
        return data
    except OSError as exc:
        raise unreadable("file.unreadable", name=label, reason=exc.strerror or exc) from None


def _canonical_speakers(utterances: list[Utterance]) -> list[Utterance]:
    # "Ngân hàng hiện tại" and "Ngân hàng hiện tại " or "REP" and "Rep" are one speaker:
    # the first spelling met names them.
    first_spelling: dict[str, str] = {}
    named: dict[str, str] = {}  # a label as written -> the speaker it names
    for u in utterances:
        speaker = named.get(u.speaker)
        if speaker is None:
            spelled = _SPACES.sub(" ", u.speaker).strip() or "Speaker"
            key = label_key(spelled) or spelled
            speaker = named[u.speaker] = first_spelling.setdefault(key, spelled)
        u.speaker = speaker
        u.text = u.text.strip()
    return utterances


def _check_speakers(utterances: list[Utterance], label: str) -> None:
    most = limit("transcript.speaker")
    for u in utterances:
        if len(u.speaker) > most:
            raise unreadable("speaker.too_long", where=at_line(label, u.line) if u.line else label,
                             length=Count(len(u.speaker)), most=most)


def _merge(utterances: list[Utterance], parsed: Parsed) -> tuple[list[Utterance], dict[int, int]]:
    """Consecutive utterances of one speaker with no narration between them become one turn."""
    narrated = {n.after for n in parsed.narration if n.after is not None}
    merged: list[Utterance] = []
    turn_of: dict[int, int] = {}
    for index, u in enumerate(utterances):
        if not u.text:
            turn_of[index] = len(merged) - 1
            continue
        previous = merged[-1] if merged else None
        if previous is not None and previous.speaker == u.speaker and index - 1 not in narrated:
            previous.text = f"{previous.text} {u.text}"
            previous.end = u.end if u.end is not None else previous.end
        else:
            merged.append(Utterance(u.speaker, u.text, u.line, u.start, u.end))
        turn_of[index] = len(merged) - 1
    return merged, turn_of


def _turn_index(turn_of: Mapping[int, int], utterance: int | None) -> int | None:
    turn = turn_of.get(utterance, -1) if utterance is not None else -1
    return turn if turn >= 0 else None
