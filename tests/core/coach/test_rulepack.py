"""Rule packs: a user's own pack adds rules; a broken pack names the file, line and reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from displace import RulePackError
from displace.core.coach.packs import builtin_pack
from displace.core.coach.rulepack import load_pack
from tests.core.coach.conftest import analyse

TEXT = "Rep: Our loyalty points programme is great.\nBuyer: Okay."


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "pack.toml"
    path.write_text(body, encoding="utf-8")
    return path


def test_it_ships_a_pack_with_rules_for_every_behaviour_in_both_languages() -> None:
    phrase_behaviours = {
        "parity-claim", "generic-satisfaction-question", "matchable-concession", "trial-close",
        "badmouthing", "status-quo-signal", "dissatisfaction-cue", "stall", "incumbent-counter",
        "loss-signal", "gap-question", "prospect-stated-gap", "impact-question",
        "vision-question", "decision-question", "counter-rehearsal", "dated-next-step",
    }
    for language in ("en", "vi"):
        covered = {rule.behaviour for rule in builtin_pack(language).rules}
        assert phrase_behaviours <= covered, language


def test_a_users_pack_adds_a_rule_that_fires(tmp_path: Path) -> None:
    pack = write(tmp_path, '''
language = "en"
[[rule]]
id = "my.loyalty"
behaviour = "matchable-concession"
all = [["loyalty points"]]
''')
    assert not analyse(TEXT).by_behaviour("matchable-concession")
    found = analyse(TEXT, rules=[pack]).by_behaviour("matchable-concession")
    assert [f.quote for f in found] == ["loyalty points"]
    assert found[0].rule == "en:my.loyalty"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('language = "en"\n[[rule]\nid = "x"', "not valid TOML"),
        ('language = "fr"', "'language' must be"),
        ('language = "en"\n\n[[rule]]\nid = "x"\nbehaviour = "flattery"\nall = [["a"]]',
         "line 3 (x): unknown behaviour 'flattery'"),
        ('language = "en"\n[[rule]]\nid = "x"\nbehaviour = "stall"\nall = []', "'all' must be"),
        ('language = "en"\n[[rule]]\nid = "x"\nbehaviour = "stall"\nall = [["#nope"]]',
         "unknown token '#nope'"),
        ('language = "en"\n[[rule]]\nid = "x"\nbehaviour = "stall"\nall = [["a"]]\ncolour = 1',
         "unknown key(s) colour"),
        ('language = "en"\n[tokens]\nbad = "("', "[tokens].bad is not a valid pattern"),
        ('language = "en"\n[tokens]\nnothing = "x?"', "[tokens].nothing matches empty text"),
        ('language = "en"\n[[rule]]\nid = "parity.footprint"\nbehaviour = "stall"\nall = [["a"]]',
         "already exists"),
        ('language = "en"\n[clauses]\nwords = ["and"]', "[clauses] must be a table with one key"),
        ('language = "en"\n[[rule]]\nid = "x"\nbehaviour = "stall"\nall = [["$nope"]]',
         "unknown set '$nope' (known: $"),
        ('language = "en"\n[sets]\nbad-name = ["a"]', "a set name must be a plain word"),
        ('language = "en"\n[clauses]\njoiners = "and"', "[clauses].joiners: expected a list"),
    ],
)
def test_a_broken_pack_says_which_file_where_and_why(
    tmp_path: Path, body: str, expected: str
) -> None:
    pack = write(tmp_path, body)
    with pytest.raises(RulePackError) as error:
        analyse(TEXT, rules=[pack])
    message = str(error.value)
    assert str(pack) in message
    assert expected in message


def test_a_users_rule_may_use_a_shipped_set_and_its_own(tmp_path: Path) -> None:
    text = "Rep: Honestly, your insurer are penny-pinchers.\nBuyer: Hm."
    assert not analyse(text).by_behaviour("badmouthing")
    pack = write(tmp_path, """
language = "en"
[sets]
insults = ["penny-pinchers", "skinflints"]
[[rule]]
id = "my.stingy"
behaviour = "badmouthing"
all = [["$their_side"], ["$insults"]]
""")
    found = analyse(text, rules=[pack]).by_behaviour("badmouthing")
    assert [f.quote for f in found] == ["your insurer are penny-pinchers"]


def test_a_set_in_the_shipped_packs_stands_for_its_phrases() -> None:
    pack = builtin_pack("en")
    badmouthing = next(r for r in pack.rules if r.id == "badmouthing.about-them")
    assert set(pack.sets["their_side"]) <= set(badmouthing.groups[0])
    assert not any(p.startswith("$") for r in pack.rules for g in r.groups for p in g)


def test_a_users_joiner_splits_one_sentence_into_two_offers(tmp_path: Path) -> None:
    text = "Rep: We can knock 10% off the fee besides a higher credit limit.\nBuyer: Okay."
    assert len(analyse(text).by_behaviour("matchable-concession")) == 1
    pack = write(tmp_path, 'language = "en"\n[clauses]\njoiners = ["besides"]\n')
    assert len(analyse(text, rules=[pack]).by_behaviour("matchable-concession")) == 2


def test_a_token_without_digits_still_matches_in_turns_without_digits(tmp_path: Path) -> None:
    pack = write(tmp_path, '''
language = "en"
[tokens]
loyalty = 'loyalty points'
[[rule]]
id = "my.loyalty-token"
behaviour = "matchable-concession"
all = [["#loyalty"]]
''')
    found = analyse(TEXT, rules=[pack]).by_behaviour("matchable-concession")
    assert [f.quote for f in found] == ["loyalty points"]


def test_a_missing_pack_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(RulePackError, match="rule pack not found"):
        load_pack(tmp_path / "missing.toml")
