"""JSON from speech services and meeting bots whose turns are not `{speaker, text}`.

- Amazon Transcribe: `results.items` (words and punctuation) with speakers from
  `results.speaker_labels.segments` or channels from `results.channel_labels.channels`, or the
  newer `results.audio_segments`;
- Amazon Connect Contact Lens: `Participants` (with their role) and `Transcript` lines;
- word lists with a speaker on each word: Deepgram (`results.channels[].alternatives[].words`,
  or its `results.utterances`), AssemblyAI (`utterances`, or `words` in milliseconds), Rev.ai
  (`monologues[].elements`), and Recall-style participant lists (`[{participant, words}]`).

Words become turns by speaker: a new turn starts where the speaker changes. Where the format
says who is who (Connect's AGENT and CUSTOMER), the role comes with the turn (Parsed.roles).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from displace.core.model import Role
from displace.core.transcript.jsonparts import seconds
from displace.core.transcript.messages import unreadable
from displace.core.transcript.parsed import Parsed, Utterance

__all__ = ["parse_dialect"]

# Contact-centre roles: the agent sells, the customer is the prospect.
_CONNECT_ROLES: dict[str, Role] = {"AGENT": "seller", "CUSTOMER": "prospect"}
_NO_SPACE_BEFORE = frozenset(".,!?;:%)…")


@dataclass
class _Word:
    speaker: str
    text: str
    start: float | None
    end: float | None
    punctuation: bool = False


def parse_dialect(document: Any, name: str) -> Parsed | None:
    """The transcript when `document` is one of these services' shapes; None otherwise."""
    if isinstance(document, dict):
        results = document.get("results")
        if isinstance(results, dict) and isinstance(results.get("items"), list):
            return _transcribe(results, name)
        if isinstance(results, dict) and isinstance(results.get("audio_segments"), list):
            return _segments(results["audio_segments"], name)
        if isinstance(document.get("Transcript"), list) and "Participants" in document:
            return _connect(document, name)
        if isinstance(results, dict) and isinstance(results.get("channels"), list):
            return _deepgram(results, name)
        if isinstance(document.get("monologues"), list) and _has(document["monologues"],
                                                                  "elements"):
            return _rev(document["monologues"], name)
        if _has(document.get("utterances"), "words") or _has(document.get("words"), "text"):
            return _assembly(document, name)
    if isinstance(document, list) and _has(document, "participant") and _has(document, "words"):
        return _recall(document, name)
    return None


def _list(value: Any) -> list[Any]:
    """`value` when it is a list, else nothing to read: every shape below is untrusted."""
    return value if isinstance(value, list) else []


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _has(items: Any, key: str) -> bool:
    return isinstance(items, list) and bool(items) and all(
        isinstance(item, dict) and key in item for item in items)


def _turns(words: Iterable[_Word]) -> Parsed:
    """Consecutive words of one speaker joined into one utterance, punctuation attached."""
    parsed = Parsed()
    current: Utterance | None = None
    for word in words:
        if not word.text:
            continue
        if current is None or word.speaker != current.speaker:
            if word.punctuation and current is not None:
                current.text += word.text  # punctuation ends the previous speaker's words
                continue
            current = Utterance(word.speaker, word.text, None, word.start, word.end)
            parsed.utterances.append(current)
            continue
        glue = "" if word.punctuation or word.text[0] in _NO_SPACE_BEFORE else " "
        current.text += glue + word.text
        current.end = word.end if word.end is not None else current.end
    return parsed


def _transcribe(results: Mapping[str, Any], name: str) -> Parsed:
    speaker_at = _transcribe_speakers(results)
    words: list[_Word] = []
    last = "Speaker"
    for index, item in enumerate(results["items"]):
        where = f"{name}: results.items[{index}]"
        if not isinstance(item, dict):
            raise unreadable("json.not_object", where=where)
        alternatives = item.get("alternatives")
        if not isinstance(alternatives, list) or not alternatives or not isinstance(
                alternatives[0], dict):
            raise unreadable("json.no_alternatives", where=where)
        text = str(alternatives[0].get("content", "")).strip()
        start = seconds(item, ("start_time",), where, 1)
        label = item.get("speaker_label") or item.get("channel_label")
        speaker = _label(label) if label else speaker_at(start) or last
        punctuation = item.get("type") == "punctuation"
        last = speaker
        words.append(_Word(speaker, text, start, seconds(item, ("end_time",), where, 1),
                           punctuation))
    return _turns(words)


def _transcribe_speakers(results: Mapping[str, Any]) -> Any:
    """A function from a time to the speaker (or channel) talking then, from the labels."""
    spans: list[tuple[float, float, str]] = []
    labels = results.get("speaker_labels")
    if isinstance(labels, dict):
        for segment in _list(labels.get("segments")):
            if isinstance(segment, dict):
                spans.append((_float(segment.get("start_time")), _float(segment.get("end_time")),
                              _label(segment.get("speaker_label"))))
    channels = results.get("channel_labels")
    if isinstance(channels, dict):
        for channel in _list(channels.get("channels")):
            if isinstance(channel, dict):
                for item in _list(channel.get("items")):
                    if isinstance(item, dict) and "start_time" in item:
                        spans.append((_float(item.get("start_time")),
                                      _float(item.get("end_time")),
                                      _label(channel.get("channel_label"))))

    def speaker_at(time: float | None) -> str | None:
        if time is None:
            return None
        return next((who for start, end, who in spans if start <= time <= end), None)

    return speaker_at


def _float(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return -1.0


def _label(value: Any) -> str:
    """'spk_0' as Speaker 1, 'ch_1' as Channel 2; anything else as written."""
    text = str(value or "").strip()
    for prefix, word in (("spk_", "Speaker"), ("ch_", "Channel")):
        if text.startswith(prefix) and text[len(prefix):].isdigit():
            return f"{word} {int(text[len(prefix):]) + 1}"
    return text or "Speaker"


def _segments(segments: list[Any], name: str) -> Parsed:
    parsed = Parsed()
    for index, segment in enumerate(segments):
        where = f"{name}: results.audio_segments[{index}]"
        if not isinstance(segment, dict):
            raise unreadable("json.not_object", where=where)
        text = " ".join(str(segment.get("transcript", "")).split())
        if text:
            label = _label(segment.get("speaker_label") or segment.get("channel_label"))
            parsed.utterances.append(Utterance(label, text, None,
                                               seconds(segment, ("start_time",), where, 1),
                                               seconds(segment, ("end_time",), where, 1)))
    return parsed


def _connect(document: Mapping[str, Any], name: str) -> Parsed:
    parsed = Parsed()
    roles: dict[str, str] = {}
    for participant in _list(document.get("Participants")):
        if isinstance(participant, dict):
            ident = str(participant.get("ParticipantId", ""))
            roles[ident] = str(participant.get("ParticipantRole", ident)).upper()
    for index, line in enumerate(document["Transcript"]):
        where = f"{name}: Transcript[{index}]"
        if not isinstance(line, dict):
            raise unreadable("json.not_object", where=where)
        text = " ".join(str(line.get("Content", "")).split())
        if not text:
            continue
        ident = str(line.get("ParticipantId", "Speaker"))
        role = roles.get(ident, ident.upper())
        speaker = role.title() if role in _CONNECT_ROLES else ident
        if role in _CONNECT_ROLES:
            parsed.roles[speaker] = _CONNECT_ROLES[role]
        parsed.utterances.append(Utterance(
            speaker, text, None, seconds(line, ("BeginOffsetMillis",), where, 1000),
            seconds(line, ("EndOffsetMillis",), where, 1000)))
    return parsed


def _speaker_of(value: Any, prefix: str = "Speaker") -> str:
    if value is None or value == "":
        return prefix
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{prefix} {value + 1}"
    return str(value).strip() if not str(value).strip().isdigit() else f"{prefix} {value}"


def _utterance_list(items: list[Any], where: str, text_key: str, per_second: int) -> Parsed:
    """A service's own turns (Deepgram's and AssemblyAI's `utterances`): speaker, text, times
    in seconds (`per_second` 1) or milliseconds (1000)."""
    parsed = Parsed()
    for index, item in enumerate(items):
        if isinstance(item, dict):
            text = " ".join(str(item.get(text_key, "")).split())
            if text:
                at = f"{where}[{index}]"
                parsed.utterances.append(Utterance(
                    _speaker_of(item.get("speaker")), text, None,
                    seconds(item, ("start",), at, per_second),
                    seconds(item, ("end",), at, per_second)))
    return parsed


def _deepgram(results: Mapping[str, Any], name: str) -> Parsed:
    utterances = results.get("utterances")
    if isinstance(utterances, list) and utterances:
        return _utterance_list(utterances, f"{name}: results.utterances", "transcript", 1)
    words: list[_Word] = []
    for c, channel in enumerate(results["channels"]):
        alternatives = _list(_dict(channel).get("alternatives"))
        if not alternatives:
            continue
        for index, word in enumerate(_list(_dict(alternatives[0]).get("words"))):
            where = f"{name}: results.channels[{c}].alternatives[0].words[{index}]"
            if not isinstance(word, dict):
                raise unreadable("json.not_object", where=where)
            speaker = word.get("speaker", c if len(results["channels"]) > 1 else None)
            words.append(_Word(_speaker_of(speaker),
                               str(word.get("punctuated_word") or word.get("word") or ""),
                               seconds(word, ("start",), where, 1),
                               seconds(word, ("end",), where, 1)))
    words.sort(key=lambda w: w.start if w.start is not None else 0.0)
    return _turns(words)


def _assembly(document: Mapping[str, Any], name: str) -> Parsed:
    utterances = document.get("utterances")
    if isinstance(utterances, list) and utterances:
        return _utterance_list(utterances, f"{name}: utterances", "text", 1000)
    words = []
    for index, word in enumerate(document["words"]):
        where = f"{name}: words[{index}]"
        words.append(_Word(_speaker_of(word.get("speaker")), str(word.get("text", "")),
                           seconds(word, ("start",), where, 1000),
                           seconds(word, ("end",), where, 1000)))
    return _turns(words)


def _rev(monologues: list[Any], name: str) -> Parsed:
    words: list[_Word] = []
    for m, monologue in enumerate(monologues):
        speaker = (str(monologue.get("speaker_name") or "").strip()
                   or _speaker_of(monologue.get("speaker")))
        for index, element in enumerate(_list(monologue.get("elements"))):
            if not isinstance(element, dict):
                continue
            where = f"{name}: monologues[{m}].elements[{index}]"
            value = str(element.get("value", ""))
            if element.get("type") == "punct":
                if value.strip():
                    words.append(_Word(speaker, value.strip(), None, None, True))
                continue
            words.append(_Word(speaker, value.strip(), seconds(element, ("ts",), where, 1),
                               seconds(element, ("end_ts",), where, 1)))
    return _turns(words)


def _recall(segments: list[Any], name: str) -> Parsed:
    words: list[_Word] = []
    for s, segment in enumerate(segments):
        participant = _dict(segment.get("participant"))
        speaker = (str(participant.get("name") or "").strip()
                   or _speaker_of(participant.get("id")))
        for index, word in enumerate(_list(segment.get("words"))):
            where = f"{name}: [{s}].words[{index}]"
            if not isinstance(word, dict):
                raise unreadable("json.not_object", where=where)
            start, end = (word.get(k) for k in ("start_timestamp", "end_timestamp"))
            words.append(_Word(speaker, str(word.get("text", "")).strip(),
                               _relative(start, where), _relative(end, where)))
    return _turns(words)


def _relative(stamp: Any, where: str) -> float | None:
    if isinstance(stamp, dict):
        return seconds(stamp, ("relative",), where, 1)
    return seconds({"t": stamp}, ("t",), where, 1) if stamp is not None else None
