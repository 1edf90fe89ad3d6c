"""Word counting, the unit of talk share when a conversation has no times."""

from __future__ import annotations

import re

__all__ = ["WORD_RE", "count_words"]

WORD_RE = re.compile(r"\w+")


def count_words(text: str) -> int:
    """Number of words (runs of letters and digits) in `text`."""
    return len(WORD_RE.findall(text))
