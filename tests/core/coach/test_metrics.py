"""The scorecard: talk share, questions, monologue, switches."""

from __future__ import annotations

import json

from displace import analyze_conversation
from tests.core.coach.conftest import analyse


def test_it_counts_talk_share_and_questions_by_role() -> None:
    report = analyse(
        "Rep: What changed this year? Do you have a plan?\n"
        "Buyer: We grew a lot and hired twenty people in two new sites.\n"
        "Rep: How did that go?"
    )
    m = report.metrics
    assert m.talk_share_basis == "words"
    assert m.words_by_role == {"seller": 13, "prospect": 12, "incumbent": 0, "other": 0}
    assert abs(m.talk_share["seller"] - 13 / 25) < 1e-9
    assert m.questions["seller"] == {"open": 2, "closed": 1}
    assert m.questions["prospect"] == {"open": 0, "closed": 0}
    assert m.longest_seller_monologue_words == 9
    assert m.switches_per_100_words == 2 * 100 / 25


def test_it_measures_talk_share_by_time_when_the_transcript_is_timed() -> None:
    transcript = json.dumps(
        [
            {"speaker": "Rep", "text": "Short question?", "start": 0, "end": 30},
            {
                "speaker": "Customer",
                "text": "A long answer with many many words in it.",
                "start": 30,
                "end": 40,
            },
        ]
    )
    report = analyze_conversation(transcript, input_format="json")
    m = report.metrics
    assert m.talk_share_basis == "time"
    assert abs(m.talk_share["seller"] - 0.75) < 1e-9
    assert m.longest_seller_monologue_seconds == 30


def test_vietnamese_questions_without_question_marks_are_still_counted() -> None:
    report = analyse(
        "Nhân viên: Anh thấy dịch vụ bên đó thế nào\nKhách hàng: Cũng ổn\n"
        "Nhân viên: Họ có gọi cho anh hằng quý không"
    )
    assert report.metrics.questions["seller"] == {"open": 1, "closed": 1}
