"""The library's front door: one call from a transcript to a coaching report."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Literal

from displace.core.coach import analyze
from displace.core.model import Report, Role
from displace.core.semantic import Example, LearnedLayer
from displace.core.transcript import read_conversation

__all__ = ["analyze_conversation"]


def analyze_conversation(
    source: str | Path | bytes,
    *,
    roles: Mapping[str, Role] | None = None,
    input_format: str | None = None,
    lang: str | None = None,
    rules: Iterable[str | Path] = (),
    dominance_threshold: float = 0.65,
    learned: LearnedLayer | Literal["auto"] | None = "auto",
    examples: Sequence[Example] = (),
) -> Report:
    """Read a conversation (text, bytes or a file path) and return the coach's report.

    `roles` maps speaker labels to `seller`, `prospect`, `incumbent` or `other`
    (case-insensitive); `lang` picks the language of messages (default: the conversation's);
    `rules` adds rule-pack files of your own; `learned` is the learned layer ("auto": when the
    `semantic` extra can run here, None: rules alone); `examples` are a team's confirmed
    examples (`displace.core.semantic.Example`).
    """
    conversation = read_conversation(
        _as_path_if_file(source), input_format=input_format, role_hints=roles
    )
    return analyze(
        conversation,
        lang=lang,
        extra_rule_packs=[Path(p) for p in rules],
        dominance_threshold=dominance_threshold,
        learned=learned,
        examples=examples,
    )


_TRANSCRIPT_EXTENSIONS = frozenset({".txt", ".md", ".vtt", ".srt", ".json"})


def _as_path_if_file(source: str | Path | bytes) -> str | Path | bytes:
    # A str is the conversation's text, except a one-line str naming an existing transcript
    # file: callers write analyze_conversation("call.vtt") and mean the file.
    if isinstance(source, str) and "\n" not in source and len(source) < 4096:
        candidate = Path(source)
        try:
            if candidate.suffix.lower() in _TRANSCRIPT_EXTENSIONS and candidate.is_file():
                return candidate
        except (OSError, ValueError):
            return source
    return source
