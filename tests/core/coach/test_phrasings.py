"""Other wordings of each behaviour, written after the packs, in both languages.

The coach is judged on conversations it has not seen: `phrasings/<behaviour>.toml` holds
everyday ways of saying each thing (`found_en`, `found_vi`) and near misses that must stay quiet
(`quiet_en`, `quiet_vi`), kept so that a change to a pack that loses one of them shows. Each
round was written before the packs were changed for it; the share it found then is in
docs/coach-accuracy.md.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from displace.core.coach.behaviours import behaviour_table
from tests.core.coach.conftest import found

PHRASINGS = Path(__file__).parent / "phrasings"
KEYS = {"found_en", "found_vi", "quiet_en", "quiet_vi"}


def _tables() -> dict[str, dict[str, list[str]]]:
    return {
        path.stem: tomllib.loads(path.read_text(encoding="utf-8"))
        for path in sorted(PHRASINGS.glob("*.toml"))
    }


def _cases(kind: str) -> list[tuple[str, str]]:
    return [
        (behaviour, text)
        for behaviour, table in _tables().items()
        for key in (f"{kind}_en", f"{kind}_vi")
        for text in table.get(key, [])
    ]


def test_each_file_is_about_a_behaviour_and_holds_only_known_lists() -> None:
    tables = _tables()
    assert len(tables) >= 17
    for behaviour, table in tables.items():
        assert behaviour in behaviour_table(), behaviour
        assert set(table) <= KEYS, (behaviour, set(table) - KEYS)


@pytest.mark.parametrize(("behaviour", "text"), _cases("found"))
def test_it_finds_the_behaviour_in_other_words(behaviour: str, text: str) -> None:
    assert found(text, behaviour), f"{behaviour} not found in: {text!r}"


@pytest.mark.parametrize(("behaviour", "text"), _cases("quiet"))
def test_it_stays_quiet_on_a_near_miss_in_other_words(behaviour: str, text: str) -> None:
    assert found(text, behaviour) == [], f"{behaviour} wrongly found in: {text!r}"
