"""The seed page, read in place: the reference case of inline dialogue with narration."""

from __future__ import annotations

from pathlib import Path

import pytest

from displace.core.model import Conversation
from displace.core.transcript import read_conversation

pytestmark = pytest.mark.seed


@pytest.fixture(scope="module")
def seed(seed_path: Path) -> Conversation:
    return read_conversation(seed_path)


def _turn_starting(seed: Conversation, speaker_role: str, opening: str) -> str:
    for turn in seed.turns:
        if turn.role == speaker_role and turn.text.startswith(opening):
            return turn.text
    raise AssertionError(f"no {speaker_role} turn starts with {opening!r}")


def test_it_reads_the_seed_as_inline_vietnamese(seed: Conversation) -> None:
    assert seed.input_format == "inline"
    assert seed.language == "vi"
    assert 26 <= len(seed.turns) <= 34


def test_it_finds_exactly_the_four_labels_with_their_roles(seed: Conversation) -> None:
    assert seed.speakers == {
        "Người bán": "seller",
        "Khách hàng tiềm năng": "prospect",
        "Ngân hàng hiện tại": "incumbent",
        "Khách hàng tiềm năng của Bill": "prospect",
    }
    assert set(seed.role_sources.values()) == {"table"}


def test_the_first_seller_turn_greets_ray(seed: Conversation) -> None:
    first = seed.turns[0]
    assert first.role == "seller"
    assert first.text.startswith("Chào Ray")
    assert first.line == 25


def test_the_trial_close_ends_before_the_prospects_answer(seed: Conversation) -> None:
    close = next(t for t in seed.turns if "lý do nào khác" in t.text)
    assert close.role == "seller"
    assert close.text.endswith("không?")
    answer = seed.turns[close.index + 1]
    assert answer.role == "prospect"
    assert answer.text.startswith("Không, tất nhiên")


def test_narration_after_the_prospects_answer_is_cut(seed: Conversation) -> None:
    answer = _turn_starting(seed, "prospect", "Không, tất nhiên")
    assert "Bill mang" not in answer
    assert answer.endswith("đề nghị trên.")
    span = next(n for n in seed.narration if n.text.startswith("Bill mang"))
    assert seed.turns[span.after_turn or 0].text == answer


def test_narration_after_the_sellers_promise_to_call_is_cut(seed: Conversation) -> None:
    promise = _turn_starting(seed, "seller", "Như vậy cũng tốt.")
    assert "Bill quay trở lại" not in promise
    assert any(n.text.startswith("Bill quay trở lại") for n in seed.narration)


def test_the_incumbents_turn_is_joined_across_the_page_break(seed: Conversation) -> None:
    counter = next(t for t in seed.turns if t.role == "incumbent")
    assert "Nếu như chúng tôi có thể" in counter.text
    assert " 7. " not in counter.text
    assert counter.text.endswith("lo lắng.")


def test_no_turn_holds_page_numbers_or_the_sites_chrome(seed: Conversation) -> None:
    for turn in seed.turns:
        assert "ADSENSE" not in turn.text
        assert "Giai đoạn" not in turn.text
        assert turn.text.strip() == turn.text and turn.text


def test_it_reports_narration_between_turns_and_says_what_it_skipped(
    seed: Conversation,
) -> None:
    assert 3 <= len(seed.narration) <= 8
    assert any(n.text.startswith("Một vài ngày sau") for n in seed.narration)
    assert any("before the first speaker label" in w for w in seed.warnings)
