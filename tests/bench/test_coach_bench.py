from __future__ import annotations

import re

from bench.coach_bench import build_transcript


def test_it_builds_the_same_transcript_every_time() -> None:
    assert build_transcript("vi", 2_000) == build_transcript("vi", 2_000)
    assert build_transcript("en", 2_000) != build_transcript("en", 2_000, seed=1)


def test_it_builds_at_least_the_words_asked_for_and_barely_more() -> None:
    for lang in ("vi", "en"):
        words = len(re.findall(r"\w+", build_transcript(lang, 10_000)))
        assert 10_000 <= words < 10_050


def test_every_line_is_a_labelled_turn_in_the_right_language() -> None:
    vi = build_transcript("vi", 1_000).splitlines()
    en = build_transcript("en", 1_000).splitlines()
    assert all(line.startswith(("Người bán: ", "Khách hàng: ")) for line in vi)
    assert all(line.startswith(("Rep: ", "Customer: ")) for line in en)
