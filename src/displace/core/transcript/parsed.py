"""What every format's parser hands to the reader: utterances and narration, before roles."""

from __future__ import annotations

from dataclasses import dataclass, field

from displace.core.model import Role

__all__ = ["Narration", "Parsed", "Utterance"]


@dataclass
class Utterance:
    """One labelled piece of speech as found in the source, before merging and roles."""

    speaker: str
    text: str
    line: int | None = None
    start: float | None = None
    end: float | None = None


@dataclass
class Narration:
    """Source text read as narration; `after` is the index of the utterance it followed."""

    line: int
    text: str
    after: int | None


@dataclass
class Parsed:
    """A parser's result: speech, narration and what it noticed on the way."""

    utterances: list[Utterance] = field(default_factory=list)
    narration: list[Narration] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # roles the format itself states (Gong's Internal/External, Connect's AGENT/CUSTOMER)
    roles: dict[str, Role] = field(default_factory=dict)
