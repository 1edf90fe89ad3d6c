"""Evidence accepted with care: only what the prospect said about a gap or a cue, the whole
sentence, a title the rep can change, no contact made of a role's name, and the risks the new
evidence answers gone."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from displace.web.conversations.actions import (
    EvidenceError,
    Upload,
    accept_finding_as_evidence,
    record_conversation,
)
from displace.web.conversations.evidence import (
    sentence_spans,
    stated_by_for,
    suggested_title,
    whole_sentences,
)
from displace.web.conversations.models import Conversation, Finding
from displace.web.deals.actions import update_gap
from displace.web.deals.models import Deal, EvidenceChange
from tests.web.conftest import ApiClient

Login = Callable[[str], Client]

# A Vietnamese call: the prospect hints at a gap ("hơi chậm"), the rep lets it pass.
CUE_CALL_VI = "\n".join([
    "Người bán: Anh thấy dịch vụ của Ngân hàng Phương Bắc thế nào ạ?",
    "Khách hàng: Nói chung là ổn. Chỉ là giải ngân hơi chậm, họ có thể làm nhanh hơn.",
    "Người bán: Dạ vâng. Bên em có thể giảm phí cho anh.",
    "Khách hàng: Để anh xem lại đã.",
    "Người bán: Dạ vâng ạ.",
])
CUE_SENTENCE_VI = "Chỉ là giải ngân hơi chậm, họ có thể làm nhanh hơn."
CUE_CALL_EN = "\n".join([
    "Rep: How is Northern Bank treating you?",
    "Customer: Fine. Honestly, I think they could be quicker with loan approvals.",
    "Rep: I see. We can waive the account fees for the first year.",
    "Customer: Let me think about it.",
    "Rep: Sure.",
])


def _call(deal: Deal, text: str, title: str = "Call") -> Conversation:
    return record_conversation(deal, Upload(f"{title}.txt", text.encode()), by=deal.owner,
                               title=title)


def _finding(call: Conversation, behaviour: str) -> Finding:
    return call.findings.get(behaviour=behaviour)


def _contacts(deal: Deal) -> list[str]:
    deal.refresh_from_db()
    return [c["name"] for c in deal.core["prospect"].get("contacts", [])]


def _risk_ids(deal: Deal) -> list[str]:
    deal.refresh_from_db()
    return [r["id"] for r in deal.assessment["risks"]]


def _written(deal: Deal) -> tuple[int, int, list[str]]:
    """What accepting writes: gaps, history entries and contacts."""
    return deal.gaps.count(), EvidenceChange.objects.filter(deal=deal).count(), _contacts(deal)


# ---- the pure parts --------------------------------------------------------------------------

@pytest.mark.parametrize(("speaker", "contacts", "expected"), [
    ("Khách hàng", ["Mrs Lan"], "Mrs Lan"),  # a role's name: the deal's only contact
    ("Customer", ["Mrs Lan", "Mr Tuan"], ""),  # several: nobody guessed
    ("KH 2", [], ""),
    ("Prospect", [], ""),
    ("mrs  LAN", ["Mrs Lan"], "Mrs Lan"),  # the contact, however the label writes the name
    ("Mr Hoang", ["Mrs Lan"], "Mr Hoang"),  # a person's name stays theirs
])
def test_who_said_it_is_a_person_never_a_roles_name(
    speaker: str, contacts: list[str], expected: str
) -> None:
    assert stated_by_for(speaker, contacts) == expected


def test_a_suggested_title_is_the_sentence_not_one_word() -> None:
    assert suggested_title(CUE_SENTENCE_VI) == "Chỉ là giải ngân hơi chậm, họ có thể làm nhanh hơn"
    long = " ".join(f"word{n}" for n in range(30)) + "."
    assert suggested_title(long) == " ".join(f"word{n}" for n in range(14)) + "…"


def test_the_gap_takes_every_sentence_the_words_run_over() -> None:
    text = "Fine. Honestly, I think they could be quicker. Anyway."
    start = text.index("they")
    assert whole_sentences(text, start, start + 4) == "Honestly, I think they could be quicker."
    end = text.index("Anyway") + 3
    assert whole_sentences(text, start, end) == "Honestly, I think they could be quicker. Anyway."


# ---- the action -----------------------------------------------------------------------------

def test_accepting_a_vietnamese_cue_makes_a_gap_of_its_whole_sentence_and_answers_the_missed_cue(
    alices_deal: Deal,
) -> None:
    call = _call(alices_deal, CUE_CALL_VI)
    assert "missed-cue" in _risk_ids(alices_deal)
    cue = _finding(call, "dissatisfaction-cue")
    assert cue.quote != CUE_SENTENCE_VI  # the coach found a few words of it
    accept_finding_as_evidence(cue, by=alices_deal.owner)
    gap = alices_deal.gaps.get(source_finding=cue)
    assert gap.quote == CUE_SENTENCE_VI
    assert gap.title == "Chỉ là giải ngân hơi chậm, họ có thể làm nhanh hơn"
    assert gap.stated_by == "Mrs Lan" and gap.evidence == "stated"
    assert _contacts(alices_deal) == ["Mrs Lan"], "no contact made of “Khách hàng”"
    assert "missed-cue" not in _risk_ids(alices_deal)
    assert "no-stated-gap" not in _risk_ids(alices_deal)


def test_a_gap_that_does_not_hold_the_cue_leaves_the_missed_cue_risk(
    alices_deal: Deal,
) -> None:
    _call(alices_deal, CUE_CALL_VI)
    # Evidence that says something else (typed on the deal page) does not answer the cue.
    update_gap(alices_deal, "cash-forecast",
               {"stated_by": "Mrs Lan", "quote": "We never see a cash forecast."},
               by=alices_deal.owner)
    assert "missed-cue" in _risk_ids(alices_deal)


def test_the_title_typed_before_saving_names_the_new_gap(alices_deal: Deal) -> None:
    call = _call(alices_deal, CUE_CALL_VI)
    accept_finding_as_evidence(_finding(call, "dissatisfaction-cue"), by=alices_deal.owner,
                               title="  Slow loan disbursement ")
    assert alices_deal.gaps.filter(title="Slow loan disbursement").exists()


def test_evidence_for_an_existing_gap_keeps_its_title(alices_deal: Deal) -> None:
    call = _call(alices_deal, CUE_CALL_VI)
    accept_finding_as_evidence(_finding(call, "dissatisfaction-cue"), by=alices_deal.owner,
                               gap_key="cash-forecast", title="ignored for an existing gap")
    gap = alices_deal.gaps.get(key="cash-forecast")
    assert gap.title == "No one reviews their cash forecast" and gap.quote == CUE_SENTENCE_VI
    assert alices_deal.gaps.count() == 1


@pytest.mark.parametrize("behaviour", [
    "status-quo-signal",  # "Fine"
    "stall",  # "Let me think"
    "incumbent-mention",  # the incumbent's name
    "missed-cue", "matchable-concession", "generic-satisfaction-question",  # the seller's words
])
def test_nothing_else_can_be_a_gaps_evidence(alices_deal: Deal, behaviour: str) -> None:
    call = _call(alices_deal, CUE_CALL_EN + ("\nCustomer: We bank with Northern Bank."
                                            if behaviour == "incumbent-mention" else ""))
    finding = call.findings.filter(behaviour=behaviour).first()
    assert finding is not None, f"the call should show {behaviour}"
    before = _written(alices_deal)
    with pytest.raises(EvidenceError):
        accept_finding_as_evidence(finding, by=alices_deal.owner)
    assert _written(alices_deal) == before


def test_a_roles_name_needs_a_person_when_the_deal_has_several_contacts(
    make_deal: Callable[..., Deal],
) -> None:
    deal = make_deal(prospect={
        "name": "Lan Anh Logistics", "industry": "sme-banking",
        "contacts": [{"name": "Mrs Lan", "decision_role": "decision-maker"},
                     {"name": "Mr Tuan", "decision_role": "influencer"}]})
    cue = _finding(_call(deal, CUE_CALL_VI), "dissatisfaction-cue")
    before = _written(deal)
    with translation.override("en"), pytest.raises(EvidenceError, match="“Khách hàng”, a role"):
        accept_finding_as_evidence(cue, by=deal.owner)
    with translation.override("en"), pytest.raises(EvidenceError, match="“KH” is a role"):
        accept_finding_as_evidence(cue, by=deal.owner, said_by="KH")
    assert _written(deal) == before, "nothing written when it is refused"
    accept_finding_as_evidence(cue, by=deal.owner, said_by="mr tuan")
    assert deal.gaps.get(source_finding=cue).stated_by == "Mr Tuan"
    assert _contacts(deal) == ["Mrs Lan", "Mr Tuan"]


def test_a_person_the_deal_does_not_know_yet_becomes_a_contact(alices_deal: Deal) -> None:
    call = _call(alices_deal, CUE_CALL_EN.replace("Customer:", "Ray Alvarez:"))
    accept_finding_as_evidence(_finding(call, "dissatisfaction-cue"), by=alices_deal.owner)
    assert _contacts(alices_deal) == ["Mrs Lan", "Ray Alvarez"]
    assert alices_deal.gaps.filter(stated_by="Ray Alvarez").exists()


# ---- the form -------------------------------------------------------------------------------

def _accept_url(finding: Finding) -> str:
    return reverse("finding-accept", args=[finding.pk])


def test_the_form_saves_the_title_and_the_person_typed_and_opens_the_gap(
    login: Login, alices_deal: Deal
) -> None:
    cue = _finding(_call(alices_deal, CUE_CALL_EN), "dissatisfaction-cue")
    response = login("alice").post(_accept_url(cue), {
        "gap": "", "title": "Loan approvals are slow", "said_by": "Mrs Lan"})
    gap = alices_deal.gaps.get(source_finding=cue)
    assert response["Location"] == reverse("deal", args=[alices_deal.pk]) + f"#gap-{gap.key}"
    assert gap.title == "Loan approvals are slow"
    assert gap.quote == "Honestly, I think they could be quicker with loan approvals."


@pytest.mark.parametrize(("lang", "words"), [
    ("en", "Only the prospect&#x27;s own words about a gap"),
    ("vi", "Chỉ lời chính khách hàng nói về một khoảng trống"),
])
def test_the_form_refuses_a_stall_in_the_readers_language_and_goes_back_to_its_card(
    login: Login, alices_deal: Deal, lang: str, words: str
) -> None:
    call = _call(alices_deal, CUE_CALL_EN)
    stall = _finding(call, "stall")
    client = login("alice")
    client.post(reverse("language"), {"language": lang, "next": "/"})
    response = client.post(_accept_url(stall), {"gap": ""}, follow=True)
    assert response.redirect_chain[0][0].startswith(reverse("conversation", args=[call.pk]))
    assert "#f-" in response.redirect_chain[0][0]
    assert words in response.content.decode()
    assert alices_deal.gaps.count() == 1


def test_only_the_deals_owner_may_accept(login: Login, alices_deal: Deal) -> None:
    cue = _finding(_call(alices_deal, CUE_CALL_EN), "dissatisfaction-cue")
    for who in ("bob", "maria"):
        response = login(who).post(_accept_url(cue), {"gap": ""})
        assert response.status_code in (403, 404)
    assert alices_deal.gaps.count() == 1


def _page(client: Client, call: Conversation, **query: Any) -> str:
    return str(client.get(reverse("conversation", args=[call.pk]), query).content.decode())


def test_the_page_offers_accept_only_on_the_prospects_gaps_and_cues(
    login: Login, alices_deal: Deal
) -> None:
    call = _call(alices_deal, CUE_CALL_EN + "\nCustomer: Nobody there has called us in two years.")
    page = _page(login("alice"), call)
    acceptable = call.findings.filter(role="prospect",
                                      behaviour__in=["dissatisfaction-cue", "prospect-stated-gap"])
    assert acceptable.count() == 2
    offered = {f.pk for f in call.findings.all() if _accept_url(f) in page}
    assert offered == {f.pk for f in acceptable}
    # prefilled: a title from the whole sentence and the deal's only contact
    assert 'value="Honestly, I think they could be quicker with loan approvals"' in page
    assert 'name="said_by" value="Mrs Lan"' in page


def test_a_manager_reads_the_cards_without_the_accept_form(
    login: Login, alices_deal: Deal
) -> None:
    call = _call(alices_deal, CUE_CALL_EN)
    page = _page(login("maria"), call)
    assert "finding-card" in page and "/accept/" not in page


def test_the_api_takes_the_title_and_the_person_and_refuses_a_roles_name(
    api: ApiClient, make_deal: Callable[..., Deal]
) -> None:
    deal = make_deal(prospect={
        "name": "Lan Anh Logistics", "industry": "sme-banking",
        "contacts": [{"name": "Mrs Lan", "decision_role": "decision-maker"},
                     {"name": "Mr Tuan", "decision_role": "influencer"}]})
    cue = _finding(_call(deal, CUE_CALL_VI), "dissatisfaction-cue")
    url = f"/api/findings/{cue.pk}/accept"
    refused = api("alice").post(url, {"said_by": "KH"}, content_type="application/json")
    assert refused.status_code == 400 and "KH" in refused.json()["detail"]
    assert deal.gaps.count() == 1
    taken = api("alice").post(url, {"title": "Slow disbursement", "said_by": "Mr Tuan"},
                              content_type="application/json")
    assert taken.status_code == 200
    gap = deal.gaps.get(source_finding=cue)
    assert (gap.title, gap.stated_by, gap.quote) == ("Slow disbursement", "Mr Tuan",
                                                     CUE_SENTENCE_VI)


def test_a_turns_sentences_are_split_the_same_each_time_and_a_caller_cannot_change_them() -> None:
    text = "Fine. Honestly, they could be quicker! Could they?"
    first = sentence_spans(text)
    assert first == [(0, 5), (5, 38), (38, 50)]
    first.append((99, 100))  # what one caller does with its list stays its own
    assert sentence_spans(text) == [(0, 5), (5, 38), (38, 50)]
    assert sentence_spans("") == [(0, 0)]
