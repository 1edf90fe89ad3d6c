"""The deal engine's sentences: a number's noun agrees with it in English, and percentages
are written as each language writes them."""

from __future__ import annotations

from displace.core.deal.wording import TEXTS, say


def test_it_says_one_claim_and_two_claims_rather_than_claims_in_brackets() -> None:
    assert say("risk.parity_claims", "en", n=1) == ("1 claim is parity (credentials every "
                                                    "competitor has).")
    assert say("risk.parity_claims", "en", n=2).startswith("2 claims are parity")
    assert say("prob.finding", "en", behaviour="Stalls", n=1) == ("Stalls in the conversations: "
                                                                  "1 time.")
    assert say("prob.finding", "en", behaviour="Stalls", n=3).endswith("3 times.")
    assert say("prob.gaps", "en", n=1, survive=40).startswith(
        "1 gap stated by the prospect; it survives the counter-move in about 40% of the runs.")


def test_vietnamese_needs_no_plural_and_keeps_its_spaced_percent() -> None:
    assert say("prob.finding", "vi", behaviour="Trì hoãn", n=3) == ("Trì hoãn trong các cuộc "
                                                                    "trò chuyện: 3 lần.")
    assert say("confidence.over", "vi", rep=80, evidence=30) == (
        "Tự tin quá mức: người bán nói 80 %, bằng chứng cho thấy 30 %.")
    assert say("confidence.over", "en", rep=80, evidence=30) == (
        "Over-confident: the rep says 80%, the evidence says 30%.")


def test_no_sentence_has_an_s_in_brackets_or_a_spaced_english_percent() -> None:
    for key, (english, _vietnamese) in TEXTS.items():
        assert "(s)" not in english, key
        assert " %" not in english, key
