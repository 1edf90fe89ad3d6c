"""Whose side the speaker taken for the seller is on: ours, or the incumbent's.

Some calls have nobody selling for us: a customer telling its current supplier that it is
looking elsewhere, a renewal meeting. The reader, finding a speaker who asks the questions and
makes the offers, takes them for the seller, and the supplier's retention offers then read as
our concessions, its "okay" after "let me think" as an accepted stall. Two logistic regressions
over each sentence's vector and the previous speaker's (`make train`, on the corpus) read it:
whether the speakers the reader only guessed to be the seller talk like the corpus's
incumbents rather than its sellers, and whether the prospect talks to them as to its current
supplier ("I'd rather you heard it from me: we've been talking to another courier"). The sum
of their mean log-odds decides: at or above the threshold (chosen on the train split, where a
wrong turn costs several right ones), those speakers are read as the incumbent's people.

Only a guess is overruled: a seller named by the caller, the label table or the file stays.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from displace.core.messages import Message, Notice
from displace.core.model import Conversation
from displace.core.semantic.units import Unit

__all__ = ["GUESSED", "SideModel", "as_incumbent", "guessed_sellers"]

GUESSED = "evidence"  # the reader's role source for a guess from what a speaker says
# Fewer sentences than this from the guessed seller are too few to overrule the reader: in a
# three-line paste, "we can give you a free month if you switch" read as a supplier's (+0.33).
MIN_SENTENCES = 6


@dataclass(frozen=True)
class SideModel:
    """Two logistic regressions over [sentence vector, context vector] — is this sentence's
    speaker the incumbent (on a seller's or an incumbent's sentences), is this prospect talking
    to its current supplier (on the prospect's) — and the threshold on the sum of their mean
    log-odds."""

    weights: Any  # (2, 2 * dimensions) float32: the supplier's row, then the prospect's
    bias: Any  # (2,) float32
    threshold: float

    def log_odds(self, sentence: Any, context: Any) -> Any:
        """Per sentence, both models' log-odds: (sentences, 2)."""
        import numpy as np

        matrix = np.hstack([sentence, context]).astype(np.float32)
        return matrix @ self.weights.T + self.bias

    def incumbent_score(self, units: Sequence[Unit], sentence: Any, context: Any,
                        guessed: set[int]) -> float | None:
        """The supplier model's mean over the sentences of the turns in `guessed`, plus the
        prospect model's mean over the prospect's sentences (None with fewer than
        MIN_SENTENCES of the former)."""
        mine = [i for i, unit in enumerate(units) if unit.turn in guessed]
        if len(mine) < MIN_SENTENCES:
            return None
        theirs = [i for i, unit in enumerate(units) if unit.role == "prospect"]
        score = float(self.log_odds(sentence[mine], context[mine])[:, 0].mean())
        if theirs:
            score += float(self.log_odds(sentence[theirs], context[theirs])[:, 1].mean())
        return score


def guessed_sellers(conversation: Conversation) -> set[str]:
    """The speakers read as the seller only from what they say."""
    return {speaker for speaker, role in conversation.speakers.items()
            if role == "seller" and conversation.role_sources.get(speaker) == GUESSED}


def as_incumbent(conversation: Conversation, speakers: set[str], score: float) -> Conversation:
    """The conversation with `speakers` read as the incumbent's people, and a warning saying so."""
    turns = tuple(replace(t, role="incumbent") if t.speaker in speakers else t
                  for t in conversation.turns)
    names = ", ".join(repr(s) for s in sorted(speakers))
    warning = Notice(Message("reader", "warn.incumbent_side",
                             {"names": names, "score": f"{score:+.2f}"}))
    return replace(conversation, turns=turns, warnings=(*conversation.warnings, warning))
