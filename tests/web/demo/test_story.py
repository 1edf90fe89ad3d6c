"""The demo story's files: the shipped ones load; one that does not fit names its file, key and
what was expected (tests on copies of the story folder)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from displace.web.demo.story import STORY_DIR, DemoDataError, Story, load_story


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """A copy of the shipped story to spoil."""
    folder = tmp_path / "story"
    shutil.copytree(STORY_DIR, folder)
    return folder


def spoil(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_shipped_story_has_two_markets_their_incumbents_and_calls_in_both_languages(
    story: Story
) -> None:
    assert {m.currency for m in story.markets.values()} == {"USD", "VND"}
    for market in story.markets:
        assert len([i for i in story.incumbents if i.market == market]) >= 3
    assert {(c.language, c.quality) for c in story.calls} == {
        (lang, quality) for lang in ("en", "vi") for quality in ("good", "poor")}
    assert 6 <= len(story.calls) <= 10


def test_a_copy_of_the_story_loads_like_the_shipped_one(copy: Path, story: Story) -> None:
    assert load_story(copy).seed == story.seed


@pytest.mark.parametrize(("name", "old", "new", "said"), [
    ("story.toml", "seed = 5", 'seed = "x"', "story.toml: seed: expected a whole number"),
    ("story.toml", "open = 30", "open = -3", "story.toml: deals.open: expected a number from 0"),
    ("markets.toml", 'match_speed = "fast"', 'match_speed = "quick"',
     "markets.toml: incumbent[0].match_speed: expected one of fast, typical, slow"),
    ("outcomes.toml", 'reason = "relationship-won"', 'reason = "they-liked-us"',
     "outcomes.toml: rule[9].reason: expected a reason of data/outcomes/reasons.toml for lost"),
    ("evidence.toml", "nobody at {incumbent} ever", "nobody at {bank} ever",
     "evidence.toml: gap[0].quote.en: expected placeholders among {incumbent}, found '{bank}'"),
    ("calls/en-good-full.txt", "I'm {rep} from", "I'm {banker} from",
     "calls.toml: call[0].file: expected placeholders among"),
    ("calls.toml", 'file = "en-poor-pitch.txt"', 'file = "../story.toml"',
     "calls.toml: call[2].file: expected the name of a file in calls/"),
    ("markets.toml", "[[market]]\nid = \"us\"", "[market]\nid = \"us\"",
     "markets.toml: not valid TOML"),
])
def test_a_story_file_that_does_not_fit_names_the_file_the_key_and_what_was_expected(
    copy: Path, name: str, old: str, new: str, said: str
) -> None:
    spoil(copy, name, old, new)
    with pytest.raises(DemoDataError) as raised:
        load_story(copy)
    assert said in str(raised.value)
    assert str(copy) in str(raised.value)


def test_a_loss_after_a_counter_move_without_a_reason_for_any_deal_is_refused(
    copy: Path
) -> None:
    spoil(copy, "outcomes.toml", 'counter_move = "escalated_relationship"',
          'counter_move = "escalated_relationship"\nwhen = "owned_gap"')
    with pytest.raises(DemoDataError, match="a rule for lost after escalated_relationship"):
        load_story(copy)
