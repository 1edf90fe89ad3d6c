"""Language tools shared by the parser and the coach: normalising, folding, language detection."""

from __future__ import annotations

from displace.core.text.fold import fold, normalise, translate_each
from displace.core.text.language import (
    detect_language,
    has_vietnamese_marks,
    turn_language,
    turn_languages,
)
from displace.core.text.words import WORD_RE, count_words, count_words_each

__all__ = [
    "WORD_RE",
    "count_words",
    "count_words_each",
    "detect_language",
    "fold",
    "has_vietnamese_marks",
    "normalise",
    "translate_each",
    "turn_language",
    "turn_languages",
]
