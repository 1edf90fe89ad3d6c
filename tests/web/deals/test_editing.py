"""A deal made and edited with forms (displace.web.deals.editing): a new deal, each part of it,
the live classification of an offer item; with HTMX and as plain forms."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import AbstractUser
from django.test import Client
from django.urls import reverse

from displace.web.competitors.models import Competitor
from displace.web.deals.models import Deal, EvidenceChange

HTMX = {"HTTP_HX_REQUEST": "true"}


def _new(client: Client, **fields: Any) -> Any:
    data = {"title": "Kestrel vs Giant National", "prospect": "Kestrel Supply",
            "industry": "sme-banking", "new_incumbent": "Giant National", "tenure_years": "6",
            "value": "250,000", "currency": "USD", "expected_close": "2030-06-30",
            "stage": "discovery", **fields}
    return client.post(reverse("deal-new"), data)


def _vietnamese(client: Client) -> Client:
    client.post(reverse("language"), {"language": "vi", "next": "/"})
    return client


def _export(client: Client, deal: Deal) -> str:
    return client.get(reverse("deal-export", args=[deal.pk])).content.decode()


# ---------------------------------------------------------------- a new deal


def test_it_creates_a_valid_deal_from_the_form_and_records_it(
    login: Callable[[str], Client], people: dict[str, AbstractUser]
) -> None:
    response = _new(login("alice"))
    deal = Deal.objects.get(title="Kestrel vs Giant National")
    assert response.status_code == 302
    assert response["Location"] == reverse("deal", args=[deal.pk])
    assert deal.owner_id == people["alice"].pk and deal.team is not None
    assert deal.core["our_side"] == {"organisation": "North", "rep": "alice"}
    assert deal.core["incumbent"] == {"name": "Giant National", "tenure_years": 6.0}
    assert str(deal.value) == "250000.00" and str(deal.expected_close) == "2030-06-30"
    assert deal.changes.get().what == "create"
    assert deal.assessment  # assessed at once


def test_a_new_incumbent_becomes_a_competitor_of_the_team(
    login: Callable[[str], Client]
) -> None:
    _new(login("alice"), new_incumbent="Eastern Trust")
    competitor = Competitor.objects.get(name="Eastern Trust")
    assert competitor.team is not None and competitor.team.name == "North"
    assert Deal.objects.get().incumbent == competitor


def test_a_rep_picks_a_competitor_of_the_team(
    login: Callable[[str], Client], alices_deal: Deal
) -> None:
    northern = Competitor.objects.get(name="Northern Bank")
    _new(login("bob"), incumbent=str(northern.pk), new_incumbent="")
    assert Deal.objects.get(owner__username="bob").incumbent == northern


def test_someone_of_another_team_cannot_pick_our_competitor(
    login: Callable[[str], Client], alices_deal: Deal
) -> None:
    northern = Competitor.objects.get(name="Northern Bank")
    response = _new(login("charlie"), incumbent=str(northern.pk), new_incumbent="")
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Deal.objects.filter(owner__username="charlie").exists()
    page = login("charlie").get(reverse("deal-new")).content.decode()
    assert "Northern Bank" not in page


def test_it_puts_each_error_on_its_field_and_stores_nothing(
    login: Callable[[str], Client]
) -> None:
    response = _new(login("alice"), title="", prospect="p" * 201, new_incumbent="",
                    tenure_years="250", value="-5", expected_close="2030-02-31")
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('class="errorlist"') >= 5
    assert "This field is required." in page
    assert "At most 200 characters (found 201)." in page
    assert "Expected a number of at most 200." in page
    assert "Pick the incumbent or type its name." in page
    assert "Expected a date such as 2026-12-31." in page
    assert not Deal.objects.exists()


def test_it_says_the_errors_in_vietnamese(login: Callable[[str], Client]) -> None:
    client = _vietnamese(login("alice"))
    page = _new(client, title="", prospect="p" * 201, new_incumbent="").content.decode()
    assert "Trường này là bắt buộc." in page
    assert "Tối đa 200 ký tự (đang có 201)." in page
    assert "Hãy chọn bên cung cấp hiện tại hoặc nhập tên của họ." in page


def test_the_schema_refusal_lands_on_the_field_in_the_readers_language(
    people: dict[str, AbstractUser]
) -> None:
    from django.contrib.auth.models import User
    from django.utils import translation

    from displace.core.errors import DealFileError
    from displace.web.deals.actions import create_deal
    from displace.web.deals.forms import NewDealForm, put_core_error

    alice = User.objects.get(pk=people["alice"].pk)
    with pytest.raises(DealFileError) as caught:
        create_deal(owner=alice, title="x", prospect="y", industry="Not An Id", incumbent="z")
    assert caught.value.key_path == "prospect.industry"
    with translation.override("vi"):
        form = NewDealForm({}, team_id=None)
        form.is_valid()
        put_core_error(form, caught.value, {"prospect.industry": "industry"})
        assert "Cần một mã viết thường" in str(form.errors["industry"])


def _industry_options(page: str) -> list[tuple[str, str]]:
    select = re.search(r'<select name="industry"[^>]*>(.*?)</select>', page, re.S)
    assert select is not None
    return re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select.group(1))


def test_the_industry_list_offers_other_once_as_the_last_choice(
    login: Callable[[str], Client]
) -> None:
    client = login("alice")
    options = _industry_options(client.get(reverse("deal-new")).content.decode())
    assert [value for value, _ in options].count("other") == 1
    assert options[-1] == ("other", "Other industries (general B2B)")
    assert ("sme-banking", "SME commercial banking") in options
    options = _industry_options(_vietnamese(client).get(reverse("deal-new")).content.decode())
    assert options[-1] == ("other", "Ngành khác (B2B chung)")


def test_a_new_deal_in_another_industry_gets_the_general_catalogue_and_no_error(
    login: Callable[[str], Client]
) -> None:
    client = login("alice")
    response = _new(client, industry="other")
    deal = Deal.objects.get(title="Kestrel vs Giant National")
    assert response.status_code == 302 and deal.industry == "other"
    assert "error" not in deal.assessment and deal.win_probability is not None
    page = client.get(reverse("deal", args=[deal.pk])).content.decode()
    assert 'class="error"' not in page and "expected one of" not in page
    assert "Kestrel Supply</strong> — Other industries (general B2B)" in page
    incumbent = client.get(_section(deal, "incumbent")).content.decode()
    assert 'value="business-reviews"' in incumbent  # the capabilities can be picked
    assert 'value="price-discount"' in client.get(_section(deal, "offer")).content.decode()
    assert 'class="verdict-matchable"' in _classify(client, deal, "We give a 10 % discount")
    assert 'class="verdict-parity"' in _classify(client, deal, "ISO 9001 certified")
    fragment = _classify(_vietnamese(client), deal, "Rà soát quy trình đóng gói mỗi quý")
    assert 'class="verdict-differentiator"' in fragment


def test_the_new_deal_is_linked_from_the_navigation_and_the_import_page(
    login: Callable[[str], Client]
) -> None:
    client = login("alice")
    assert reverse("deal-new") in client.get(reverse("pipeline")).content.decode()
    assert reverse("deal-new") in client.get(reverse("deal-import")).content.decode()


# ---------------------------------------------------------------- the parts of a deal


def _section(deal: Deal, name: str) -> str:
    return reverse("deal-section", args=[deal.pk, name])


SINGLE_EDITS = [
    ("prospect", {"name": "Lan Anh Logistics JSC", "industry": "sme-banking",
                  "size": "120 staff", "revenue_last_year": "30000000", "currency": "$"},
     'name = "Lan Anh Logistics JSC"'),
    ("incumbent", {"new_name": "Northern Bank", "tenure_years": "7", "match_speed": "fast",
                   "delivers": ["online-banking"], "delivers_text": "a line of credit",
                   "counter_history": "Cut the rate by 0.25% last year"},
     'delivers = [\n    "online-banking",\n    "credit-line-increase",\n]'),
    ("vision", {"what": "A cash forecast every Monday", "who": "Mrs Lan and her team",
                "when": "Before the March payroll"},
     'what = "A cash forecast every Monday"'),
]


@pytest.mark.parametrize(("section", "data", "exported"), SINGLE_EDITS,
                         ids=[s for s, _, _ in SINGLE_EDITS])
def test_it_edits_a_part_records_history_reassesses_and_exports_it(
    login: Callable[[str], Client], alices_deal: Deal, section: str, data: dict[str, Any],
    exported: str,
) -> None:
    client = login("alice")
    Deal.objects.filter(pk=alices_deal.pk).update(assessment={})
    response = client.post(_section(alices_deal, section), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("deal", args=[alices_deal.pk])
    alices_deal.refresh_from_db()
    change = alices_deal.changes.first()
    assert change is not None and change.what == section and change.by_id == alices_deal.owner_id
    assert alices_deal.assessment  # re-assessed
    assert exported in _export(client, alices_deal)


def test_the_incumbent_says_which_free_text_it_does_not_know(
    login: Callable[[str], Client], alices_deal: Deal
) -> None:
    response = login("alice").post(_section(alices_deal, "incumbent"), {
        "new_name": "Northern Bank", "match_speed": "typical",
        "delivers_text": "weekly pastry deliveries"})
    assert response.status_code == 400
    assert "is not in the catalogue of this industry" in response.content.decode()
    assert EvidenceChange.objects.filter(deal=alices_deal, what="incumbent").count() == 0


def test_another_incumbent_is_a_new_competitor_of_the_team(
    login: Callable[[str], Client], alices_deal: Deal
) -> None:
    login("alice").post(_section(alices_deal, "incumbent"),
                        {"new_name": "Eastern Trust", "match_speed": "typical"})
    alices_deal.refresh_from_db()
    assert alices_deal.incumbent is not None and alices_deal.incumbent.name == "Eastern Trust"
    assert alices_deal.incumbent.team_id == alices_deal.team_id


def test_a_part_opens_in_place_with_htmx_and_saves_into_the_workspace(
    login: Callable[[str], Client], alices_deal: Deal
) -> None:
    client = login("alice")
    fragment = client.get(_section(alices_deal, "vision"), **HTMX).content.decode()  # type: ignore[arg-type]
    assert fragment.lstrip().startswith('<div class="section-editor" id="edit-vision">')
    assert "<html" not in fragment
    saved = client.post(_section(alices_deal, "vision"), {"what": "Forecast"}, **HTMX)  # type: ignore[arg-type]
    assert saved.status_code == 200 and saved["HX-Retarget"] == "#workspace"
    assert 'id="workspace"' in saved.content.decode()


def test_a_refused_part_comes_back_with_its_errors_in_place(
    login: Callable[[str], Client], alices_deal: Deal
) -> None:
    response = login("alice").post(_section(alices_deal, "vision"), {"what": "w" * 301}, **HTMX)  # type: ignore[arg-type]
    page = response.content.decode()
    assert response.status_code == 200 and "HX-Retarget" not in response
    assert 'id="edit-vision"' in page and "At most 300 characters (found 301)." in page


def test_the_plain_page_of_each_part_works_without_javascript(
    login: Callable[[str], Client], alices_deal: Deal
) -> None:
    client = login("alice")
    for section in ("prospect", "incumbent", "vision", "contacts", "offer", "claims"):
        page = client.get(_section(alices_deal, section)).content.decode()
        assert "<html" in page and f'id="edit-{section}"' in page, section
    deal_page = client.get(reverse("deal", args=[alices_deal.pk])).content.decode()
    assert _section(alices_deal, "offer") in deal_page


@pytest.mark.parametrize("who", ["bob", "maria"])
@pytest.mark.parametrize("section", ["prospect", "incumbent", "vision", "contacts", "offer",
                                     "claims"])
def test_only_the_owner_edits_a_part(
    login: Callable[[str], Client], alices_deal: Deal, who: str, section: str
) -> None:
    client = login(who)
    data = {"name": "X", "text": "X", "what": "X", "new_name": "X", "industry": "sme-banking",
            "match_speed": "typical", "decision_role": "unknown"}
    before = EvidenceChange.objects.count()
    assert client.post(_section(alices_deal, section), data).status_code in (403, 404)
    if section in ("contacts", "offer", "claims"):
        url = reverse("deal-entry-remove", args=[alices_deal.pk, section, 0])
        assert client.post(url).status_code in (403, 404)
    assert EvidenceChange.objects.count() == before


def test_a_manager_gets_403_on_the_form_of_a_reps_deal(
    login: Callable[[str], Client], alices_deal: Deal
) -> None:
    assert login("maria").get(_section(alices_deal, "offer")).status_code == 403
    assert login("charlie").get(_section(alices_deal, "offer")).status_code == 404


def test_an_unknown_part_is_404(login: Callable[[str], Client], alices_deal: Deal) -> None:
    assert login("alice").get(_section(alices_deal, "nothing")).status_code == 404


# ---------------------------------------------------------------- lists: contacts, offer, claims


def test_it_adds_edits_and_removes_an_offer_item(
    login: Callable[[str], Client], alices_deal: Deal
) -> None:
    client = login("alice")
    added = client.post(_section(alices_deal, "offer"),
                        {"text": "A cash-flow forecast reviewed with you every month"})
    assert added.status_code == 302 and added["Location"] == _section(alices_deal, "offer")
    alices_deal.refresh_from_db()
    assert [i["id"] for i in alices_deal.core["offer"]] == [
        "rate", "a-cash-flow-forecast-reviewed-with-you"]
    assert alices_deal.changes.first().what == "offer.a-cash-flow-forecast-reviewed-with-you"  # type: ignore[union-attr]
    assert "A cash-flow forecast reviewed" in _export(client, alices_deal)
    page = client.get(_section(alices_deal, "offer")).content.decode()
    assert "verdict-differentiator" in page and "verdict-matchable" in page  # classified on save

    client.post(reverse("deal-entry", args=[alices_deal.pk, "offer", 0]),
                {"e0-text": "0.75% lower loan rate", "e0-capability": "lending-rate-discount"})
    alices_deal.refresh_from_db()
    assert alices_deal.core["offer"][0] == {"id": "rate", "text": "0.75% lower loan rate",
                                            "capability": "lending-rate-discount"}
    client.post(reverse("deal-entry-remove", args=[alices_deal.pk, "offer", 0]))
    alices_deal.refresh_from_db()
    assert [i["id"] for i in alices_deal.core["offer"]] == [
        "a-cash-flow-forecast-reviewed-with-you"]
    assert list(alices_deal.offer_items.values_list("key", flat=True)) == [
        "a-cash-flow-forecast-reviewed-with-you"]


def test_it_adds_and_removes_a_claim(login: Callable[[str], Client], alices_deal: Deal) -> None:
    client = login("alice")
    client.post(_section(alices_deal, "claims"), {"text": "In business since 1953"})
    alices_deal.refresh_from_db()
    assert alices_deal.core["our_side"]["claims"] == [{"text": "In business since 1953"}]
    assert alices_deal.changes.first().what == "our_side.claims"  # type: ignore[union-attr]
    assert "In business since 1953" in _export(client, alices_deal)
    client.post(reverse("deal-entry-remove", args=[alices_deal.pk, "claims", 0]))
    alices_deal.refresh_from_db()
    assert "claims" not in alices_deal.core["our_side"]


def test_a_contact_renamed_stays_the_decision_maker(
    login: Callable[[str], Client], alices_deal: Deal
) -> None:
    client = login("alice")
    client.post(reverse("deal-decision", args=[alices_deal.pk]),
                {"maker": "Mrs Lan", "willing": "yes", "quote": ""})
    client.post(reverse("deal-entry", args=[alices_deal.pk, "contacts", 0]),
                {"e0-name": "Mrs Lan Nguyen", "e0-title": "CFO",
                 "e0-decision_role": "decision-maker"})
    alices_deal.refresh_from_db()
    assert alices_deal.core["prospect"]["contacts"][0]["name"] == "Mrs Lan Nguyen"
    assert alices_deal.core["decision"]["maker"] == "Mrs Lan Nguyen"
    assert alices_deal.decision_maker == "Mrs Lan Nguyen"


def test_a_contact_the_decision_names_is_not_removed_and_it_says_why(
    login: Callable[[str], Client], alices_deal: Deal
) -> None:
    client = login("alice")
    client.post(reverse("deal-decision", args=[alices_deal.pk]), {"maker": "Mrs Lan"})
    response = client.post(reverse("deal-entry-remove", args=[alices_deal.pk, "contacts", 0]))
    assert "A gap or the decision names someone" in response.content.decode()
    alices_deal.refresh_from_db()
    assert alices_deal.core["prospect"]["contacts"][0]["name"] == "Mrs Lan"


def test_it_adds_a_contact_with_a_role(login: Callable[[str], Client], alices_deal: Deal) -> None:
    client = login("alice")
    response = client.post(_section(alices_deal, "contacts"),
                           {"name": "Mr Binh", "title": "COO", "decision_role": "influencer"},
                           **HTMX)  # type: ignore[arg-type]
    assert response.status_code == 200 and 'id="edit-contacts"' in response.content.decode()
    alices_deal.refresh_from_db()
    assert alices_deal.core["prospect"]["contacts"][1] == {
        "name": "Mr Binh", "title": "COO", "decision_role": "influencer"}
    assert alices_deal.changes.first().what == "prospect.contacts"  # type: ignore[union-attr]


def test_an_entry_that_no_longer_exists_is_an_error_not_a_crash(
    login: Callable[[str], Client], alices_deal: Deal
) -> None:
    response = login("alice").post(reverse("deal-entry-remove", args=[alices_deal.pk, "offer", 9]))
    assert response.status_code == 400
    assert "This entry no longer exists" in response.content.decode()


# ---------------------------------------------------------------- live classification


def _classify(client: Client, deal: Deal, text: str | None, **more: str) -> str:
    url = reverse("deal-classify", args=[deal.pk])
    params = {**({"text": text} if text is not None else {}), **more}
    response = client.get(url, params, **HTMX)  # type: ignore[arg-type]
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(("text", "verdict", "reason"), [
    ("In business since 1953", "parity", "claim it"),
    ("Raise your credit line by 300,000 $", "matchable", "Northern Bank"),
    ("A cash-flow forecast reviewed with you every month", "differentiator", "days"),
])
def test_it_classifies_what_the_rep_types(
    login: Callable[[str], Client], alices_deal: Deal, text: str, verdict: str, reason: str
) -> None:
    fragment = _classify(login("alice"), alices_deal, text)
    assert f'class="verdict-{verdict}"' in fragment
    assert reason in fragment


def test_it_classifies_in_vietnamese_for_a_vietnamese_reader(
    login: Callable[[str], Client], alices_deal: Deal
) -> None:
    fragment = _classify(_vietnamese(login("alice")), alices_deal, "Nâng hạn mức tín dụng")
    assert 'class="verdict-matchable"' in fragment
    assert "Northern Bank chỉ cần một cuộc gọi" in fragment


def test_it_reads_the_prefixed_field_of_an_entry_form(
    login: Callable[[str], Client], alices_deal: Deal
) -> None:
    fragment = _classify(login("alice"), alices_deal, None, **{"e0-text": "lower interest rate"})
    assert 'class="verdict-matchable"' in fragment


def test_an_empty_or_oversized_text_is_answered_without_a_verdict(
    login: Callable[[str], Client], alices_deal: Deal
) -> None:
    client = login("alice")
    assert "verdict-" not in _classify(client, alices_deal, "   ")
    assert "Type an offer item" in _classify(client, alices_deal, "")
    oversized = _classify(client, alices_deal, "x" * 301)
    assert "verdict-" not in oversized and "At most 300 characters." in oversized


def test_only_who_sees_the_deal_may_classify_on_it(
    login: Callable[[str], Client], alices_deal: Deal
) -> None:
    url = reverse("deal-classify", args=[alices_deal.pk])
    assert login("charlie").get(url, {"text": "credit line"}).status_code == 404


# ---------------------------------------------------------------- the decision


def test_the_decision_records_that_the_prospect_rehearsed_the_counter_move(
    login: Callable[[str], Client], alices_deal: Deal
) -> None:
    client = login("alice")
    url = reverse("deal-decision", args=[alices_deal.pk])
    client.post(url, {"maker": "Mrs Lan", "willing": "yes", "counter_rehearsed": "yes"})
    alices_deal.refresh_from_db()
    assert alices_deal.core["decision"]["counter_rehearsed"] is True
    assert "counter_rehearsed = true" in _export(client, alices_deal)
    client.post(url, {"maker": "Mrs Lan", "willing": "yes"})  # unticked
    alices_deal.refresh_from_db()
    assert "counter_rehearsed" not in alices_deal.core["decision"]
