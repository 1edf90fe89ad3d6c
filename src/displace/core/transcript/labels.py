"""Speaker labels and timestamps as people write them: `Rep:`, `**Brian:**`, `[00:01:15] KH:`."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from displace.core.transcript.roles import (
    is_not_speaker,
    label_key,
    role_table,
    table_role,
    without_title,
)

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
    # a name, a role, or a chat handle whose underscores sit between letters ("funmi_admin")
    r"(?P<label>[^\W\d_](?:[^:：\n*_\[\]]|(?<=[^\W_])_(?=\w)){0,39}?)"
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
_MAX_WORDS = 5


def parse_timestamp(value: str) -> float:
    """Seconds in `[hh:]mm:ss[.mmm]` (a comma also separates milliseconds)."""
    clock, _, fraction = value.replace(",", ".").partition(".")
    seconds = 0.0
    for part in clock.split(":"):
        seconds = seconds * 60 + int(part)
    return seconds + (float("0." + fraction) if fraction else 0.0)


@lru_cache(maxsize=16384)
def plausible_label(label: str) -> bool:
    """Could `label` be a speaker's name or role: short, no sentence punctuation, not a heading.

    Full stops are allowed where names have them: after a title or an initial ("Ms. K.",
    "Dr. Nam", "KS. Tuấn") and inside a chat handle ("tuan.nguyen89", "lan@acme.vn").
    """
    label = label.strip()
    if not label or len(label) > 40 or is_not_speaker(label):
        return False
    handle = _HANDLE.match(label) is not None
    shape = label if handle else _TITLE_STOP.sub(_drop_title_stop, without_title(label))
    if not handle and _SENTENCE_PUNCTUATION.search(shape):
        return False
    if table_role(label) is not None or handle:
        return True
    words = without_title(label).split()  # "Chị Hương (Giám đốc tài chính)": a name, a title
    addressed = (len(words) > 1 and label_key(words[0]) in role_table().address
                 and words[1][:1].isupper())  # "chị Thoa", written in lower case by a tool
    return len(words) <= _MAX_WORDS and (label[0].isupper() or label.isupper() or addressed
                                         or _NUMBERED.match(label) is not None)


# A chat or meeting tool's user name: one token of letters and digits, with . _ @ - + inside,
# at least one of them or a digit (so that a lone lower-case word is not a handle).
_HANDLE = re.compile(r"^(?=[^\W_])(?=.*[._@+\d])[\w.@+-]*[^\W_]$")
# "speaker 1", "spk 0", "người nói 2": a lower-case role word and a number, as ASR tools write.
_NUMBERED = re.compile(r"^[^\W\d_]{2,12}(?: [^\W\d_]{2,12})? \d{1,3}$")
_TITLE_STOP = re.compile(r"(?<![\w.])([^\W\d_]{1,5})\.(?=\s|$)")


def _drop_title_stop(match: re.Match[str]) -> str:
    word = match.group(1)
    if len(word) == 1 or label_key(word) in role_table().titles:
        return word  # an initial or a title: its full stop is part of a name
    return match.group(0)


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
    elif len(accepted) >= 2:
        # Beside a cast that speaks often, a name that speaks once is one more person ("Lộc",
        # the warehouse hand called over for one answer).
        accepted |= {label_key(c) for c in names if _looks_like_a_name(c)}
    return accepted


def _looks_like_a_name(label: str) -> bool:
    words = label.split()
    return len(words) <= 3 and all(w[0].isupper() or w.isdigit() for w in words)
