"""A corpus conversation as the transcript a user would paste: one labelled turn per line."""

from __future__ import annotations

from displace.core.corpus.load import CorpusConversation

__all__ = ["render_transcript"]


def render_transcript(conversation: CorpusConversation) -> str:
    """`Speaker: text` lines, in order; the coach reads them as any pasted transcript."""
    return "\n".join(f"{turn.speaker}: {' '.join(turn.text.split())}"
                     for turn in conversation.turns) + "\n"
