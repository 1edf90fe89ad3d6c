"""Whose side the speaker taken for the seller is on: the side model, alone and in the coach."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from displace import analyze_conversation
from displace.core.model import Conversation, Turn
from displace.core.semantic import LearnedLayer
from displace.core.semantic.side import MIN_SENTENCES, SideModel, as_incumbent, guessed_sellers
from displace.core.semantic.units import Unit

RETENTION = """Dev: Leanne! Long time. What can I do for you?
Leanne: I'll be straight with you, because I'd rather you heard it from me. We've been talking \
to another courier, and we are seriously looking.
Dev: Oh. Right. Can I ask what's brought it on?
Leanne: Last July our parcels sat in your vans for two days and nobody told us. We lost \
customers over it.
Dev: I hear you, and I'm sorry. We don't want to lose you. I can knock thirty pence a parcel \
off your rate from next month and waive the fuel surcharge.
Leanne: That's generous, but it isn't really about price.
Dev: Understood. Can we get the renewal signed before the end of the month if I put that in \
writing?
Leanne: Let me think about it and talk to my director.
"""
CHALLENGER = """Dev: Hi Leanne, this is Dev from Brightway Couriers, thanks for taking the call.
Leanne: Sure, we've been with Parcelfast for about five years now.
Dev: How is Parcelfast treating you these days?
Leanne: Generally fine. Last July some parcels sat in their vans for two days, but they \
sorted it.
Dev: When did Parcelfast last sit down with you to review delays by route?
Leanne: They never have, to be honest.
Dev: We can knock thirty pence a parcel off your rate and waive the fuel surcharge.
Leanne: Let me think about it and talk to my director.
"""


def _units(roles: list[str]) -> list[Unit]:
    return [Unit(i, 0, 1, "x", role, False, "") for i, role in enumerate(roles)]  # type: ignore[arg-type]


def test_the_score_adds_the_suppliers_mean_and_the_prospects_mean() -> None:
    # two dimensions of sentence and two of context; row 0 reads the supplier, row 1 the prospect
    model = SideModel(np.array([[1.0, 0, 0, 0], [0, 1.0, 0, 0]], np.float32),
                      np.array([0.5, -0.5], np.float32), threshold=0.0)
    sentence = np.array([[2.0, 0], [4.0, 0]] * 3 + [[0, 3.0]], np.float32)
    context = np.zeros((7, 2), np.float32)
    units = _units(["seller"] * 6 + ["prospect"])
    mine = set(range(6))
    # supplier: mean(2, 4, ...) + 0.5 = 3.5; prospect: 3 - 0.5 = 2.5
    assert model.incumbent_score(units, sentence, context, mine) == 6.0
    # without the prospect's sentences only the supplier's part counts
    assert model.incumbent_score(units[:6], sentence[:6], context[:6], mine) == 3.5


def test_too_few_sentences_of_the_guessed_seller_give_no_score() -> None:
    model = SideModel(np.array([[1.0, 0, 0, 0], [0, 1.0, 0, 0]], np.float32),
                      np.array([0.5, -0.5], np.float32), threshold=0.0)
    units = _units(["seller"] * MIN_SENTENCES)
    sentence, context = np.ones((MIN_SENTENCES, 2), np.float32), np.zeros((MIN_SENTENCES, 2))
    assert model.incumbent_score(units, sentence, context, set(range(MIN_SENTENCES))) == 1.5
    fewer = set(range(MIN_SENTENCES - 1))
    assert model.incumbent_score(units, sentence, context, fewer) is None


def test_a_short_paste_keeps_the_seller_the_reader_guessed(learned: LearnedLayer) -> None:
    paste = ("Minh: Dạo này bên chị giao hàng thế nào ạ?\nHoa: Cũng ổn em.\n"
             "Minh: Bên em có thể tặng chị một tháng miễn phí nếu chị chuyển qua.\n")
    report = analyze_conversation(paste, learned=learned, input_format="plain")
    assert report.conversation.speakers["Minh"] == "seller"
    assert not any("incumbent's side" in w for w in report.conversation.warnings)


def test_without_a_guessed_sellers_sentence_there_is_no_score() -> None:
    model = SideModel(np.zeros((2, 4), np.float32), np.zeros(2, np.float32), threshold=0.0)
    units = _units(["prospect"])
    assert model.incumbent_score(units, np.zeros((1, 2)), np.zeros((1, 2)), {5}) is None


def _conversation(sources: dict[str, str]) -> Conversation:
    turns = (Turn(0, "Dev", "Hello.", "seller"), Turn(1, "Leanne", "Hi.", "prospect"),
             Turn(2, "Sales", "Hi.", "seller"))
    return Conversation(turns=turns, role_sources=sources)


def test_only_a_seller_guessed_from_what_they_say_can_be_turned() -> None:
    conversation = _conversation({"Dev": "evidence", "Leanne": "evidence", "Sales": "table"})
    assert guessed_sellers(conversation) == {"Dev"}
    assert guessed_sellers(replace(conversation, role_sources={"Dev": "hint"})) == set()


def test_turning_a_speaker_changes_their_turns_and_says_so() -> None:
    conversation = _conversation({"Dev": "evidence"})
    turned = as_incumbent(conversation, {"Dev"}, 1.25)
    assert [t.role for t in turned.turns] == ["incumbent", "prospect", "seller"]
    assert "read speaker 'Dev' as the incumbent's side" in turned.warnings[-1]
    assert "+1.25" in turned.warnings[-1]


def test_a_call_of_the_incumbents_own_people_is_read_as_theirs(learned: LearnedLayer) -> None:
    report = analyze_conversation(RETENTION, learned=learned, input_format="plain")
    assert report.conversation.speakers == {"Dev": "incumbent", "Leanne": "prospect"}
    found = report.behaviours()
    # their retention offer is a counter, not our concession made too early
    assert "incumbent-counter" in found
    assert not found & {"matchable-concession", "premature-proposal", "accepted-stall"}


def test_rules_alone_still_read_that_call_as_a_sellers() -> None:
    report = analyze_conversation(RETENTION, learned=None, input_format="plain")
    assert report.conversation.speakers["Dev"] == "seller"


def test_a_challengers_call_keeps_its_seller(learned: LearnedLayer) -> None:
    report = analyze_conversation(CHALLENGER, learned=learned, input_format="plain")
    assert report.conversation.speakers["Dev"] == "seller"
    assert "matchable-concession" in report.behaviours()
    assert not any("incumbent's side" in w for w in report.conversation.warnings)


def test_a_seller_named_by_the_caller_is_never_turned(learned: LearnedLayer) -> None:
    report = analyze_conversation(RETENTION, learned=learned, input_format="plain",
                                  roles={"Dev": "seller"})
    assert report.conversation.speakers["Dev"] == "seller"
