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
    r"(?:cung cap|de nghi|de xuat|ho tro|giup|mo rong|giam|hoan tra|uu dai|tang|mien phi|"
    r"chiet khau|offer|provide|help|give|reduce|extend|save|waive|refund|include|propose|"
    r"deliver|beat|match|cut|lower|guarantee|throw in)\b"
)
_OWN_COMPANY = re.compile(
    r"\b(?:i(?:'m| am)? (?:calling|ringing) from|i work (?:for|at)|this is \w+,? (?:from|at)|"
    r"(?:toi|em) (?:dang )?(?:lam viec|lam) (?:cho|tai|o)|(?:toi|em) goi tu|"
    r"(?:toi|em|con|chau|minh) (?:la|ten la) \w+,? (?:tu|ben|cua|o))\b"
)
# A pitch to "firms like you": what a seller says, not a buyer.
_LIKE_YOU = re.compile(
    r"\b(?:(?:companies|firms|businesses|clients|customers|distributors|people) like (?:you|yours)|"
    r"like yours|in your industry|doanh nghiep nhu (?:anh|chi|ben anh|ben chi)|"
    r"cung nganh voi (?:anh|chi|ben anh|ben chi))\b"
)
# Speech recognition often writes no question marks: a question is then told by how it starts
# (after a filler) or, in Vietnamese, by the particle it ends with.
_ASKS = re.compile(
    r"(?:^|[.!,]\s+|\b(?:so|and|okay|ok|well|right|got it|alright)\s+)"
    r"(?:who|what|how|when|why|where|which|what's|how's|do you|did you|are you|have you|"
    r"can you|could you|would you|is there|are there|is it)\b"
)
_ASKS_VI = re.compile(
    r"\b(?:khong|chua|the nao|ra sao|bao nhieu|khi nao|bao gio|nao|gi)(?:\s+(?:a|nhi|vay|the))?"
    r"[\s.]*$"
)


def _questions(turns: Sequence[str], punctuated: bool) -> int:
    if punctuated:
        return sum(turn.count("?") for turn in turns)
    return sum(len(_ASKS.findall(turn)) + (_ASKS_VI.search(turn) is not None) for turn in turns)


def seller_scores(texts: Mapping[str, Sequence[str]]) -> dict[str, float]:
    """How much each speaker sounds like the seller: questions, offers, naming their firm."""
    punctuated = any("?" in turn for turns in texts.values() for turn in turns)
    scores: dict[str, float] = {}
    for speaker, turns in texts.items():
        folded_turns = [fold(turn) for turn in turns]
        folded = " ".join(folded_turns)
        offers = len(_OFFERS.findall(folded)) + len(_LIKE_YOU.findall(folded))
        own_company = len(_OWN_COMPANY.findall(folded))
        scores[speaker] = _questions(folded_turns, punctuated) + 2.0 * offers + 3.0 * own_company
    return scores
