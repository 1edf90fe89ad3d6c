"""The shipped corpus holds what issue #9 asks of it, and every file validates."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from displace.core.corpus import LABELLED, load_corpus

CORPUS = Path(__file__).resolve().parents[3] / "corpus"


def test_every_conversation_validates_and_there_are_enough_in_each_language() -> None:
    conversations = load_corpus(CORPUS)
    languages = Counter(c.language for c in conversations)
    assert len(conversations) >= 160
    assert languages["en"] >= 80 and languages["vi"] >= 80


def test_it_spans_ten_trades_and_the_channels_people_use() -> None:
    conversations = load_corpus(CORPUS)
    assert len({c.industry for c in conversations}) >= 10
    assert {"phone", "video", "asr", "chat"} <= {c.channel for c in conversations}


def test_every_labelled_behaviour_is_there_in_both_languages_in_both_splits() -> None:
    conversations = load_corpus(CORPUS)
    for language in ("en", "vi"):
        for split in ("train", "test"):
            seen = set().union(*(c.behaviours() for c in conversations
                                 if c.language == language and c.split == split))
            assert LABELLED - seen == set(), (language, split)
