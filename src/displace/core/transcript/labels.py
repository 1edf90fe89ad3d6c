"""Speaker labels and timestamps as people write them: `Rep:`, `**Brian:**`, `[00:01:15] KH:`."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from displace.core.transcript.roles import is_not_speaker, label_key, table_role, without_title

__all__ = [
    "LABEL_LINE",
    "TIMESTAMP",
    "TIMESTAMP_LINE",
    "accepted_labels",
    "parse_timestamp",
    "plausible_label",
]

_TS = r"(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?"
TIMESTAMP = re.compile(rf"[\[(]?(?P<ts>{_TS})[\])]?")
TIMESTAMP_LINE = re.compile(rf"^\s*[\[(]?(?P<ts>{_TS})[\])]?\s*$")
_EMPHASIS = r"(?:\*\*|__|\*|_)"
LABEL_LINE = re.compile(
    r"^\s*(?:[-–—•>]\s*|\*\s+)?"  # a bullet or quote mark
    rf"(?:[\[(]?(?P<ts1>{_TS})[\])]?\s*[-–—|]?\s*)?"
    rf"{_EMPHASIS}?"
    r"(?P<label>[^\W\d_][^:：\n*_\[\]]{0,39}?)"
    rf"{_EMPHASIS}?"
    rf"(?:\s*[\[(]?(?P<ts2>{_TS})[\])]?)?"
    rf"\s*[:：]{_EMPHASIS}?"
    r"(?=\s|$)\s*(?P<text>.*)$"
)
# "Speaker 1   0:03" on its own line, as Otter and similar tools export.
HEADER_LINE = re.compile(
    rf"^\s*(?P<label>[^\W\d_][\w .'’-]{{0,39}}?)\s+[\[(]?(?P<ts>{_TS})[\])]?\s*$"
)
_SENTENCE_PUNCTUATION = re.compile(r"[.,!?;\"“”…=/\\|]")
_MAX_WORDS = 4


def parse_timestamp(value: str) -> float:
    """Seconds in `[hh:]mm:ss[.mmm]` (a comma also separates milliseconds)."""
    clock, _, fraction = value.replace(",", ".").partition(".")
    seconds = 0.0
    for part in clock.split(":"):
        seconds = seconds * 60 + int(part)
    return seconds + (float("0." + fraction) if fraction else 0.0)


@lru_cache(maxsize=16384)
def plausible_label(label: str) -> bool:
    """Could `label` be a speaker's name or role: short, no sentence punctuation, not a heading."""
    label = label.strip()
    if not label or _SENTENCE_PUNCTUATION.search(label) or is_not_speaker(label):
        return False
    if table_role(label) is not None:
        return len(label) <= 40
    words = without_title(label).split()  # "Chị Hương (Giám đốc tài chính)": a name, a title
    return len(words) <= _MAX_WORDS and len(label) <= 40 and (label[0].isupper() or label.isupper())


def accepted_labels(candidates: Iterable[str]) -> set[str]:
    """The label keys to treat as speakers: known roles, recurring labels, or a cast of names."""
    names = [c for c in candidates if plausible_label(c)]
    counts = Counter(label_key(c) for c in names)
    known = {k for k in counts if table_role(k) is not None}
    recurring = {k for k, n in counts.items() if n >= 2}
    accepted = known | recurring
    # "Speaker 2" speaking once is still a speaker when "Speaker 1" is one.
    firsts = {k.split(" ")[0] for k in accepted}
    accepted |= {k for k in counts if " " in k and k.split(" ")[0] in firsts}
    if not accepted and len(counts) >= 2 and all(_looks_like_a_name(c) for c in names):
        # Two or more names each speaking once ("Brian: …", "Anna: …") is still a dialogue.
        accepted = set(counts)
    return accepted


def _looks_like_a_name(label: str) -> bool:
    words = label.split()
    return len(words) <= 3 and all(w[0].isupper() or w.isdigit() for w in words)
