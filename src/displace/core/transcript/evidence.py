"""Evidence of who is selling, read from what each speaker says."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from displace.core.text import fold

__all__ = ["seller_scores"]

# Compared on folded text (no case, no diacritics), so "chung toi" counts like "chúng tôi".
_OFFERS = re.compile(
    r"\b(?:chung toi|ben (?:em|minh|toi)|we|our (?:team|company|product|service|solution)s?)"
    r"\s+(?:\w+\s+){0,3}?"
    r"(?:cung cap|de nghi|de xuat|ho tro|giup|mo rong|giam|hoan tra|uu dai|tang|"
    r"offer|provide|help|give|reduce|extend|save|waive|refund|include|propose|deliver)\b"
)
_OWN_COMPANY = re.compile(
    r"\b(?:i(?:'m| am)? (?:calling|ringing) from|i work (?:for|at)|this is \w+ (?:from|at)|"
    r"(?:toi|em) (?:dang )?(?:lam viec|lam) (?:cho|tai|o)|(?:toi|em) goi tu|"
    r"(?:toi|em) (?:la|ten la) \w+ (?:tu|ben|cua))\b"
)


def seller_scores(texts: Mapping[str, Sequence[str]]) -> dict[str, float]:
    """How much each speaker sounds like the seller: questions, offers, naming their firm."""
    scores: dict[str, float] = {}
    for speaker, turns in texts.items():
        folded = fold(" ".join(turns))
        questions = folded.count("?")
        offers = len(_OFFERS.findall(folded))
        own_company = len(_OWN_COMPANY.findall(folded))
        scores[speaker] = questions + 2.0 * offers + 3.0 * own_company
    return scores
