"""Each behaviour in English: conversations that must draw it, and near misses that must not."""

from __future__ import annotations

import pytest

from tests.core.coach.conftest import analyse, found

POSITIVE = [
    ("parity-claim", "Rep: We've been around since 1972 and we're proud of it.\nBuyer: Okay."),
    (
        "parity-claim",
        "Rep: We have 40 offices nationwide, so we're always close by.\nBuyer: I see.",
    ),
    ("parity-claim", "Rep: We already work with three companies in your industry.\nBuyer: Right."),
    (
        "generic-satisfaction-question",
        "Rep: How happy are you with your current provider?\nBuyer: Fine.",
    ),
    ("generic-satisfaction-question", "Rep: Any issues with them lately?\nBuyer: Not really."),
    ("matchable-concession", "Rep: We can lower your rate by half a point.\nBuyer: Interesting."),
    ("matchable-concession", "Rep: We'll waive the setup fees for the first year.\nBuyer: Nice."),
    ("matchable-concession", "Rep: I can raise your credit limit to two million.\nBuyer: Good."),
    ("trial-close", "Rep: If we could beat their price, would you switch to us?\nBuyer: Maybe."),
    ("trial-close", "Rep: Is there any reason we couldn't do business together?\nBuyer: No."),
    ("badmouthing", "Rep: Honestly, your current vendor is incompetent.\nBuyer: Hmm."),
    ("badmouthing", "Rep: Those guys are known for poor service.\nBuyer: Really?"),
    (
        "status-quo-signal",
        "Rep: How is your broker treating you?\nBuyer: They've served us well, no complaints.",
    ),
    ("status-quo-signal", "Rep: Is the service good?\nBuyer: Pretty good."),
    ("dissatisfaction-cue", "Rep: And the reporting?\nBuyer: It's a bit slow, to be honest."),
    ("dissatisfaction-cue", "Rep: What about support?\nBuyer: We have to chase them sometimes."),
    ("stall", "Rep: Here is the plan.\nBuyer: Let me think it over and get back to you."),
    ("stall", "Rep: So what do you think?\nBuyer: Send it over and we'll discuss it internally."),
    ("incumbent-counter", "Incumbent: We value your business and we can match any offer you got."),
    (
        "incumbent-counter",
        "Rep: Any news?\nBuyer: Our bank came back with a counter-offer on fees.",
    ),
    ("loss-signal", "Rep: Any news?\nBuyer: It's not a big enough reason to change right now."),
    ("loss-signal", "Rep: Any news?\nBuyer: We decided to stay with our current insurer."),
    (
        "gap-question",
        "Rep: When did your broker last walk you through a loss-control review of the plant?\nBuyer: Never.",
    ),
    (
        "gap-question",
        "Rep: How often does your account manager visit on site to review the backlog?\nBuyer: Hardly.",
    ),
    (
        "prospect-stated-gap",
        "Rep: When did they last review it?\nBuyer: They never reviewed our cover with us.",
    ),
    (
        "prospect-stated-gap",
        "Rep: What matters most?\nBuyer: What we need is someone who understands our seasonal cash flow.",
    ),
    ("impact-question", "Rep: How much did that outage cost you?\nBuyer: A lot."),
    ("impact-question", "Rep: Who feels it when the invoices go out late?\nBuyer: Finance."),
    ("vision-question", "Rep: Ideally, how would that review work for you?\nBuyer: Quarterly."),
    ("vision-question", "Rep: What would better look like for your team?\nBuyer: Faster answers."),
    ("decision-question", "Rep: Who else has a say in changing providers?\nBuyer: Our CFO."),
    (
        "decision-question",
        "Rep: Would you be willing to change banks if this were fixed?\nBuyer: Yes.",
    ),
    (
        "counter-rehearsal",
        "Rep: When you tell them you're leaving, they'll probably offer a discount. What will you say?\nBuyer: No thanks.",
    ),
    ("dated-next-step", "Rep: Let's meet on Thursday at 3pm with your CFO.\nBuyer: Fine."),
    ("dated-next-step", "Rep: Can I book a call for 12/03 at 9:30?\nBuyer: Yes."),
    (
        "incumbent-counter",
        "Rep: Any news?\nBuyer: Harbor rang me, and they'd match whatever you quote us.",
    ),
    ("badmouthing", "Rep: Between us, everybody knows Harbor is hopeless with claims.\nBuyer: Oh?"),
    (
        "prospect-stated-gap",
        "Rep: And reporting?\nBuyer: Nobody sends us a breakdown of claims by site, ever.",
    ),
    (
        "prospect-stated-gap",
        "Rep: What matters?\nBuyer: What I really want is a named contact who knows our plants.",
    ),
]

NEGATIVE = [
    ("parity-claim", "Rep: How many years have you been with them?\nBuyer: Ten."),
    ("parity-claim", "Rep: Our team will map your routes before the peak season.\nBuyer: Good."),
    (
        "generic-satisfaction-question",
        "Rep: How is their quarterly credit review going?\nBuyer: What review?",
    ),
    ("generic-satisfaction-question", "Rep: How are you today?\nBuyer: Good."),
    ("matchable-concession", "Rep: Do they charge you fees for wires?\nBuyer: Yes."),
    (
        "matchable-concession",
        "Rep: We run a quarterly cash-flow workshop with your finance team.\nBuyer: Oh.",
    ),
    (
        "trial-close",
        "Rep: If the review uncovered a gap, who would need to hear about it?\nBuyer: Our CFO.",
    ),
    (
        "badmouthing",
        "Rep: They're a respected firm; I'm not saying anything against them.\nBuyer: Sure.",
    ),
    ("status-quo-signal", "Rep: How are you?\nBuyer: Fine, thanks. And you?"),
    ("status-quo-signal", "Rep: Thanks for coming.\nBuyer: Happy to be here."),
    ("dissatisfaction-cue", "Rep: And support?\nBuyer: Support couldn't be better."),
    ("stall", "Rep: Next step?\nBuyer: Let's meet on Tuesday at 10am."),
    ("incumbent-counter", "Rep: We can extend your payment terms.\nBuyer: Good."),
    ("loss-signal", "Rep: Would it be worth switching if we fixed that?\nBuyer: Possibly."),
    ("gap-question", "Rep: How long have you worked with them?\nBuyer: Six years."),
    ("gap-question", "Rep: How is their service?\nBuyer: Fine."),
    (
        "prospect-stated-gap",
        "Rep: Do they review your plan?\nBuyer: Yes, they review it every quarter.",
    ),
    ("impact-question", "Rep: What was your revenue last year?\nBuyer: 30 million."),
    ("vision-question", "Rep: What would you like to drink?\nBuyer: Coffee."),
    ("decision-question", "Rep: If we lowered fees, would you switch?\nBuyer: Maybe."),
    ("counter-rehearsal", "Rep: What do you sell most of?\nBuyer: Pallets."),
    ("dated-next-step", "Rep: I'll call you in a few days.\nBuyer: Okay."),
    ("dated-next-step", "Rep: We met last Tuesday at 10am, right?\nBuyer: Yes."),
    ("incumbent-counter", "Rep: We can match any price you've seen.\nBuyer: Okay."),
    ("badmouthing", "Rep: Everyone knows how busy the renewal season is.\nBuyer: True."),
    (
        "prospect-stated-gap",
        "Rep: Does anyone review it?\nBuyer: No one had to; the account manager sends it monthly.",
    ),
    (
        "vision-question",
        "Rep: Who else would be involved in the decision to switch?\nBuyer: Our CFO.",
    ),
    (
        "dissatisfaction-cue",
        "Rep: Any news?\nBuyer: It's just not enough of a reason to change providers.",
    ),
]


@pytest.mark.parametrize(("behaviour", "text"), POSITIVE)
def test_it_flags_the_behaviour_in_english(behaviour: str, text: str) -> None:
    assert found(text, behaviour), f"{behaviour} not found in: {text!r}"


@pytest.mark.parametrize(("behaviour", "text"), NEGATIVE)
def test_it_does_not_flag_a_near_miss_in_english(behaviour: str, text: str) -> None:
    assert found(text, behaviour) == [], f"{behaviour} wrongly found in: {text!r}"


def test_it_flags_a_missed_cue_when_the_seller_changes_the_subject() -> None:
    text = (
        "Rep: How do they handle your claims?\nBuyer: Honestly, it's a bit slow.\n"
        "Rep: Okay. And how many trucks do you run?"
    )
    assert found(text, "missed-cue") == ["Okay."]


def test_it_does_not_flag_a_missed_cue_when_the_seller_probes() -> None:
    text = (
        "Rep: How do they handle your claims?\nBuyer: Honestly, it's a bit slow.\n"
        "Rep: What makes you say it's slow?"
    )
    assert found(text, "missed-cue") == []


def test_it_flags_an_accepted_stall_without_a_date() -> None:
    text = "Rep: That's our offer.\nBuyer: Let me think about it.\nRep: Sure, I'll be in touch."
    assert found(text, "accepted-stall")


def test_it_does_not_flag_a_stall_answered_with_a_dated_next_step() -> None:
    text = (
        "Rep: That's our offer.\nBuyer: Let me think about it.\n"
        "Rep: Sure. Can we talk again on Friday at 2pm with your partner?"
    )
    assert found(text, "accepted-stall") == []


def test_it_flags_a_proposal_before_any_stated_gap() -> None:
    text = "Rep: Hello.\nBuyer: Hi.\nRep: We can cut your fees by 20%.\nBuyer: Okay."
    assert found(text, "premature-proposal")


def test_it_does_not_call_a_proposal_premature_after_a_stated_gap() -> None:
    text = (
        "Rep: When did your bank last review your credit structure?\n"
        "Buyer: They never reviewed it with us.\nRep: We can cut your fees by 20%."
    )
    assert found(text, "premature-proposal") == []


def test_it_flags_a_seller_who_does_most_of_the_talking() -> None:
    long = " ".join(["We offer many services and products to firms like yours."] * 8)
    text = f"Rep: {long}\nBuyer: Okay.\nRep: {long}\nBuyer: I see."
    assert found(text, "seller-dominates")


def test_it_does_not_flag_a_seller_below_the_threshold() -> None:
    text = (
        "Rep: What changed this year?\n"
        "Buyer: We opened two sites, hired forty people and moved our warehouse to the port, "
        "which doubled our shipping volume and made invoicing much harder.\nRep: Why?"
    )
    assert found(text, "seller-dominates") == []


def test_the_dominance_threshold_is_configurable() -> None:
    from tests.core.coach.conftest import analyse

    text = (
        "Rep: We offer many services to companies in several regions of the country today.\n"
        "Buyer: I see that now, and we have been looking at a few of them over the last year "
        "with our finance team and our two site managers."
    )
    assert not analyse(text).by_behaviour("seller-dominates")
    assert analyse(text, dominance_threshold=0.2).by_behaviour("seller-dominates")


def test_no_to_a_trial_close_is_not_a_status_quo_signal() -> None:
    text = (
        "Rep: If we can cut your fees, is there any reason we couldn't work together?\n"
        "Buyer: No, not really."
    )
    assert found(text, "trial-close")
    assert found(text, "status-quo-signal") == []
    plain = "Rep: Any problems with your bank's fees?\nBuyer: No, not really."
    assert found(plain, "status-quo-signal") == ["No"]


def _rules(text: str) -> set[str]:
    return analyse(text, learned=None).behaviours()


def test_a_word_of_poor_service_is_a_cue_only_when_hedged_in_english() -> None:
    assert "dissatisfaction-cue" in _rules(
        "Rep: And deliveries?\nBuyer: They can be a bit late, now and then.")
    # said flatly it is a fact (here a gap), not a hint
    assert "dissatisfaction-cue" not in _rules(
        "Rep: And deliveries?\nBuyer: Our pension remittances were late three times last year.")


def test_sending_something_this_afternoon_is_no_dated_next_step_in_english() -> None:
    assert "dated-next-step" not in _rules(
        "Buyer: Send it over.\nRep: I'll email the deck this afternoon and follow up.")
    assert "dated-next-step" in _rules(
        "Buyer: Fine.\nRep: Let's meet on Thursday at 3pm with your CFO.")
