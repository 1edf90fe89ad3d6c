"""JSON transcripts: a list of `{speaker, text, start, end}` or Gong-style speakers + sentences."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from displace.core.limits import limit, nesting_depth
from displace.core.messages import Count
from displace.core.model import Role
from displace.core.transcript.jsonparts import first, seconds
from displace.core.transcript.jsonwords import parse_dialect
from displace.core.transcript.messages import at_item, notice, unreadable
from displace.core.transcript.parsed import Parsed, Utterance

__all__ = ["parse_json"]

_SPEAKER_KEYS = ("speaker", "speaker_name", "speakerName", "name", "participant", "role")
_TEXT_KEYS = ("text", "content", "transcript", "utterance", "words")
_START_KEYS = ("start", "start_time", "startTime", "begin")
_END_KEYS = ("end", "end_time", "endTime", "stop")
_LIST_KEYS = ("turns", "utterances", "segments", "transcript", "monologues", "items")


def parse_json(text: str, name: str) -> Parsed:
    """Utterances from a JSON transcript; malformed JSON names the line and column."""
    try:
        document = json.loads(text, parse_int=_Number(name), parse_constant=_refuse_constant(name))
    except json.JSONDecodeError as exc:
        raise unreadable("json.malformed", name=name, line=exc.lineno, column=exc.colno,
                         reason=exc.msg) from None
    except RecursionError:
        raise unreadable("json.too_deep", name=name) from None
    most = limit("transcript.nesting")
    if nesting_depth(document, stop_at=most + 1) > most:
        raise unreadable("json.nested", name=name, most=most)
    dialect = parse_dialect(document, name)
    if dialect is not None:
        return dialect
    if isinstance(document, dict) and isinstance(document.get("callTranscripts"), list):
        return _gong_calls(document, name)
    if isinstance(document, dict) and isinstance(document.get("sentences"), list):
        return _gong_sentences(document, name)
    items = _item_list(document)
    if items is None:
        raise unreadable("json.shape", name=name)
    parsed = Parsed()
    for index, item in enumerate(items):
        where = at_item(name, index)
        if not isinstance(item, dict):
            raise unreadable("json.item", where=where)
        words = _text(item, where)
        if words:
            speaker = first(item, _SPEAKER_KEYS)
            label = str(speaker).strip() if speaker not in (None, "") else "Speaker"
            start, end = seconds(item, _START_KEYS, where, 1), seconds(item, _END_KEYS, where, 1)
            parsed.utterances.append(Utterance(label, words, None, start, end))
    return parsed


def _item_list(document: Any) -> list[Any] | None:
    if isinstance(document, list):
        return document
    if isinstance(document, dict):
        for key in _LIST_KEYS:
            if isinstance(document.get(key), list):
                return list(document[key])
    return None


def _gong_sentences(document: Mapping[str, Any], name: str) -> Parsed:
    names = _speaker_names(document)
    parsed = Parsed(roles=_affiliations(document, names))
    for index, sentence in enumerate(document["sentences"]):
        where = f"{name}: sentences[{index}]"
        if not isinstance(sentence, dict):
            raise unreadable("json.sentence", where=where)
        words = _text(sentence, where)
        if words:
            speaker = _speaker(sentence.get("speakerId"), names)
            start = seconds(sentence, _START_KEYS, where, 1000)
            end = seconds(sentence, _END_KEYS, where, 1000)
            parsed.utterances.append(Utterance(speaker, words, None, start, end))
    return parsed


class _Number:
    """json's parse_int: whole numbers of at most `transcript.number_digits` digits."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __call__(self, digits: str) -> int:
        most = limit("transcript.number_digits")
        if len(digits.lstrip("-")) > most:
            raise unreadable("json.long_number", name=self.name,
                             digits=Count(len(digits.lstrip("-"))), start=digits[:12], most=most)
        return int(digits)


def _refuse_constant(name: str) -> Any:
    def refuse(constant: str) -> float:
        raise unreadable("json.constant", name=name, constant=constant)

    return refuse


def _gong_calls(document: Mapping[str, Any], name: str) -> Parsed:
    calls = document["callTranscripts"]
    if not calls or not isinstance(calls[0], dict):
        raise unreadable("json.no_call", name=name)
    names = _speaker_names(document)
    parsed = Parsed(roles=_affiliations(document, names))
    if len(calls) > 1:
        parsed.warnings.append(notice("warn.many_calls", name=name, count=Count(len(calls))))
    monologues = calls[0].get("transcript")
    if not isinstance(monologues, list):
        raise unreadable("json.no_transcript", name=name)
    for index, monologue in enumerate(monologues):
        where = f"{name}: callTranscripts[0].transcript[{index}]"
        sentences = monologue.get("sentences") if isinstance(monologue, dict) else None
        if not isinstance(sentences, list):
            raise unreadable("json.no_sentences", where=where)
        speaker = _speaker(monologue.get("speakerId"), names)
        for number, sentence in enumerate(sentences):
            spot = f"{where}.sentences[{number}]"
            if not isinstance(sentence, dict):
                raise unreadable("json.with_text", where=spot)
            words = _text(sentence, spot)
            if words:
                start = seconds(sentence, _START_KEYS, spot, 1000)
                end = seconds(sentence, _END_KEYS, spot, 1000)
                parsed.utterances.append(Utterance(speaker, words, None, start, end))
    return parsed


# Gong marks each party Internal (our company: the seller) or External (the prospect's side).
_AFFILIATIONS: dict[str, Role] = {"internal": "seller", "external": "prospect"}


def _affiliations(document: Mapping[str, Any], names: Mapping[str, str]) -> dict[str, Role]:
    """Speaker label -> role, where the parties say whose side each one is on."""
    roles: dict[str, Role] = {}
    entries = document.get("parties") or document.get("speakers") or []
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, dict):
            continue
        role = _AFFILIATIONS.get(str(entry.get("affiliation", "")).strip().lower())
        ident = entry.get("speakerId", entry.get("id"))
        if role is not None and ident is not None:
            roles[_speaker(ident, names)] = role
    return roles


def _speaker_names(document: Mapping[str, Any]) -> dict[str, str]:
    names: dict[str, str] = {}
    for key in ("speakers", "parties"):
        entries = document.get(key)
        if not isinstance(entries, list):
            continue
        for entry in entries:
            if isinstance(entry, dict):
                ident = entry.get("id", entry.get("speakerId"))
                label = entry.get("name") or entry.get("emailAddress")
                if ident is not None and isinstance(label, str) and label.strip():
                    names[str(ident)] = label.strip()
    return names


def _speaker(ident: Any, names: Mapping[str, str]) -> str:
    if ident is None:
        return "Speaker"
    return names.get(str(ident), f"Speaker {ident}")


def _text(item: Mapping[str, Any], where: object) -> str:
    value = first(item, _TEXT_KEYS)
    if value is None:
        raise unreadable("json.no_text", where=where)
    if not isinstance(value, str):
        raise unreadable("json.text_type", where=where, type=type(value).__name__)
    return " ".join(value.split())
