"""The coach follows a team's negative examples on what it finds once the incumbent is named."""

from __future__ import annotations

from typing import Any

import pytest

from displace import analyze_conversation
from displace.core.semantic import Example

CALL = ("Rep: Who do you bank with today?\n"
        "Buyer: We have been with Northgate Bank for years.\n"
        "Rep: Northgate Bank is hopeless, everyone knows their service is awful.\n")
NOT_BADMOUTHING = Example(1, "Northgate Bank is hopeless, everyone knows their service is awful.",
                          "badmouthing", False)


def _badmouthing(learned: Any, examples: list[Example]) -> list[str]:
    report = analyze_conversation(CALL.encode(), learned=learned, input_format="plain",
                                  examples=examples)
    return [f.quote for f in report.by_behaviour("badmouthing")]


def test_a_negative_example_quiets_badmouthing_that_names_the_incumbent() -> None:
    assert _badmouthing(None, [])  # fired because the incumbent is named
    assert _badmouthing(None, [NOT_BADMOUTHING]) == []


def test_a_negative_example_of_another_behaviour_leaves_it_alone() -> None:
    other = Example(2, NOT_BADMOUTHING.text, "parity-claim", False)
    assert _badmouthing(None, [other]) == _badmouthing(None, [])


@pytest.mark.parametrize("positive", [True, False])
def test_the_learned_layer_follows_the_same_negative_example(learned: Any, positive: bool) -> None:
    example = Example(3, NOT_BADMOUTHING.text, "badmouthing", positive)
    assert bool(_badmouthing(learned, [example])) is positive
