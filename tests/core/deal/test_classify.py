"""Classifying offer items and claims as parity, matchable or differentiator."""

from __future__ import annotations

from dataclasses import replace

from displace.core.deal import Claim, assess_deal, load_deal
from displace.core.deal.catalogue import load_catalogue
from displace.core.deal.classify import classify_claim
from displace.core.deal.weights import load_weights
from displace.core.model import Report
from tests.core.deal.builders import BILL, READY


def test_every_item_of_bills_proposal_is_matchable() -> None:
    a = assess_deal(load_deal(BILL))
    assert [i.classification for i in a.offer_items] == ["matchable"] * 5
    assert "one phone call" in a.offer_items[0].reason


def test_bills_credentials_are_parity() -> None:
    a = assess_deal(load_deal(BILL))
    assert {c.classification for c in a.claims} == {"parity"}
    assert "cost of admission" in a.claims[0].reason


def test_a_proactive_service_the_incumbent_lacks_is_a_differentiator() -> None:
    a = assess_deal(load_deal(READY))
    assert [i.classification for i in a.offer_items] == ["differentiator", "differentiator"]


def test_a_service_the_incumbent_already_delivers_is_parity() -> None:
    deal = load_deal(READY)
    deal = replace(deal, incumbent=replace(deal.incumbent, delivers=("credit-structure-review",)))
    item = classify_claim(
        deal.offer[0],
        ident="x",
        source="offer",
        deal=deal,
        catalogue=load_catalogue("sme-banking"),
        weights=load_weights(),
        lang="en",
    )
    assert item.classification == "parity"


def test_an_item_is_recognised_from_its_words_when_it_names_no_capability() -> None:
    deal = load_deal(BILL)
    item = classify_claim(
        Claim(text="We will raise your credit line"),
        ident="x",
        source="offer",
        deal=deal,
        catalogue=load_catalogue("sme-banking"),
        weights=load_weights(),
        lang="en",
    )
    assert item.capability.id == "credit-line-increase"
    assert item.classification == "matchable"


def test_an_unrecognised_item_is_assumed_matchable() -> None:
    deal = load_deal(BILL)
    item = classify_claim(
        Claim(text="A bottle of wine at Christmas"),
        ident="x",
        source="offer",
        deal=deal,
        catalogue=load_catalogue("sme-banking"),
        weights=load_weights(),
        lang="vi",
    )
    assert item.classification == "matchable"
    assert "danh mục" in item.reason


def test_the_sellers_claims_in_a_conversation_are_classified(bill_call: Report) -> None:
    a = assess_deal(load_deal(BILL), reports=[bill_call])
    spoken = [c for c in a.claims if c.source == "conversation"]
    assert [c.classification for c in spoken] == ["parity"]
    assert spoken[0].quote_turn == 0
