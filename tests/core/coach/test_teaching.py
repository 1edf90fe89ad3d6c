"""What a team can teach: the behaviours it may name, and its file of examples, checked."""

from __future__ import annotations

from pathlib import Path

import pytest

from displace.core.coach.teaching import (
    ExampleEntry,
    ExamplesFileError,
    behaviours_for_role,
    load_examples_file,
    parse_examples,
    teachable_behaviours,
)

GOOD = '''
[[example]]
text = "  the pallets keep going missing  "
behaviour = "prospect-stated-gap"

[[example]]
text = "Ngân hàng hiện tại cũng ổn"
behaviour = "status-quo-signal"
positive = false
'''


def test_it_reads_examples_positive_by_default_with_their_language() -> None:
    assert parse_examples(GOOD) == [
        ExampleEntry("the pallets keep going missing", "prospect-stated-gap", True, "en"),
        ExampleEntry("Ngân hàng hiện tại cũng ổn", "status-quo-signal", False, "vi"),
    ]


def test_it_offers_the_reported_behaviours_and_none_of_the_coachs_internal_ones() -> None:
    assert "offer" not in teachable_behaviours() and "probe" not in teachable_behaviours()
    assert "seller-dominates" not in teachable_behaviours()  # a share of the talk, no sentence
    assert {"missed-cue", "prospect-stated-gap", "parity-claim"} <= set(teachable_behaviours())
    assert "parity-claim" not in behaviours_for_role("prospect")
    assert "prospect-stated-gap" in behaviours_for_role("prospect")
    assert behaviours_for_role("other") == teachable_behaviours()


@pytest.mark.parametrize(("text", "message"), [
    ("[[example]]\ntext = 'x'\n", "example 1: behaviour: nothing is not a behaviour"),
    ("[[example]]\ntext = 'x'\nbehaviour = 'offer'\n", "example 1: behaviour: 'offer'"),
    ('[[example]]\ntext = "a"\nbehaviour = "stall"\n[[example]]\ntext = "   "\n'
     'behaviour = "stall"\n', "example 2: text: expected the sentence's words"),
    (f'[[example]]\ntext = "{"y" * 301}"\nbehaviour = "stall"\n',
     "example 1: text: at most 300 characters, found 301"),
    ('[[example]]\ntext = "a"\nbehaviour = "stall"\npositive = "yes"\n',
     "example 1: positive: expected true or false, found 'yes'"),
    ('[[example]]\ntext = "a"\nbehaviour = "stall"\nlanguage = "fr"\n',
     'example 1: language: expected "en" or "vi"'),
    ('[[example]]\ntext = "a"\nbehaviour = "stall"\nweight = 2\n',
     "example 1: unknown field 'weight'"),
    ('[[example]]\ntext = "a\\u0000b"\nbehaviour = "stall"\n', "example 1: text: holds a NUL"),
    ('title = "mine"\n', "unknown key 'title' at the top"),
    ("", "no examples"),
    ("example = 3\n", "no examples"),
    ("[[example]\n", "not valid TOML"),
])
def test_it_names_the_file_the_example_and_the_field_of_a_mistake(
    text: str, message: str
) -> None:
    with pytest.raises(ExamplesFileError) as caught:
        parse_examples(text, source="team.toml")
    assert str(caught.value).startswith("team.toml: ")
    assert message in str(caught.value)


def test_it_refuses_a_file_it_cannot_read(tmp_path: Path) -> None:
    with pytest.raises(ExamplesFileError, match="no such file"):
        load_examples_file(tmp_path / "missing.toml")
    with pytest.raises(ExamplesFileError, match="is a folder"):
        load_examples_file(tmp_path)
    latin = tmp_path / "latin.toml"
    latin.write_bytes(b'[[example]]\ntext = "caf\xe9"\n')
    with pytest.raises(ExamplesFileError, match="UTF-8"):
        load_examples_file(latin)
    big = tmp_path / "big.toml"
    big.write_bytes(b"#" * 1_000_001)
    with pytest.raises(ExamplesFileError, match="1,000,000-byte limit"):
        load_examples_file(big)


def test_it_reads_a_file_nested_thousands_deep_as_a_mistake_not_a_crash(tmp_path: Path) -> None:
    deep = tmp_path / "deep.toml"
    deep.write_text("example = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    with pytest.raises(ExamplesFileError):
        load_examples_file(deep)
