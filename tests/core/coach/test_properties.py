"""Properties of the coach that must hold for any input text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from displace import InputError, analyze_conversation

LABELS = st.sampled_from(["Rep", "Customer", "Người bán", "Khách hàng", "KH", "Speaker 1"])
WORDS = st.sampled_from([
    "we", "can", "cut", "your", "fees", "if", "any reason", "work together", "họ", "không",
    "có gì", "đáng kể", "chúng tôi", "giảm", "phí", "300.000 đô", "$25K", "since 1998", "?", ".",
    "thứ Ba lúc 9 giờ", "let me think", "Giant National", "gần 6 năm", "<script>", "đ", "\u0301",
])
LINE = st.builds(
    lambda label, words: f"{label}: {' '.join(words)}",
    LABELS,
    st.lists(WORDS | st.text(max_size=12), min_size=1, max_size=12),
)


def _check(text: str) -> None:
    try:
        report = analyze_conversation(text, input_format="plain")
    except InputError:
        return
    turns = report.conversation.turns
    for finding in report.findings:
        turn = turns[finding.turn_index]
        assert 0 <= finding.start <= finding.end <= len(turn.text)
        assert finding.quote == turn.text[finding.start : finding.end]
        assert finding.role == turn.role
    report.to_dict()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(LINE, min_size=1, max_size=8))
def test_every_finding_quotes_exactly_the_span_it_points_at(lines: list[str]) -> None:
    _check("\n".join(lines))


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_no_text_makes_the_coach_crash(text: str) -> None:
    _check(text)
