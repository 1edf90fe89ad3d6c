"""The deal page's "Close deal" form and a closed deal's banner with "Reopen" (deals.closing):
who may, errors per field in the reader's language, with and without HTMX."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from displace.web.deals import actions
from displace.web.deals.models import Closing, Deal
from tests.web.conftest import queries_for_page

Login = Callable[[str], Client]
HTMX = {"HTTP_HX_REQUEST": "true"}


def _close(client: Client, deal: Deal, **fields: str) -> object:
    return client.post(reverse("deal-close", args=[deal.pk]), fields)


def _page(client: Client, deal: Deal) -> str:
    return client.get(reverse("deal", args=[deal.pk])).content.decode()


def test_the_owner_closes_a_deal_from_its_page_without_javascript(
    login: Login, alices_deal: Deal
) -> None:
    client = login("alice")
    assert f'action="/deals/{alices_deal.pk}/close/"' in _page(client, alices_deal)
    response = _close(client, alices_deal, outcome="lost", reason="incumbent-matched-price",
                      note="They called Northern Bank.", countered="yes",
                      counter_move="matched_price", lost_to="incumbent")
    assert response.status_code == 302  # type: ignore[attr-defined]
    alices_deal.refresh_from_db()
    assert alices_deal.stage == "lost"
    page = _page(client, alices_deal)
    assert "Closed: Lost" in page and "The incumbent matched our price" in page
    assert "matched the price" in page and "They called Northern Bank." in page
    assert f'action="/deals/{alices_deal.pk}/reopen/"' in page
    assert 'name="stage"><option value="discovery"' not in page.split('id="closing"')[0]


def test_the_banner_speaks_the_readers_language(login: Login, alices_deal: Deal) -> None:
    actions.close_deal(alices_deal, "won", reason="gap-incumbent-could-not-close",
                       by=alices_deal.owner)
    client = login("alice")
    client.cookies["django_language"] = "vi"
    page = client.get(reverse("deal", args=[alices_deal.pk]),
                      HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Đã kết thúc: Thắng" in page
    assert "Một khoảng trống mà nhà cung cấp hiện tại không thể lấp" in page


@pytest.mark.parametrize(("who", "status"), [
    ("alice", 302), ("maria", 302), ("ada", 302), ("bob", 404), ("charlie", 404), ("sam", 404),
])
def test_the_owner_a_manager_of_the_team_or_an_admin_may_close(
    login: Login, alices_deal: Deal, who: str, status: int
) -> None:
    response = _close(login(who), alices_deal, outcome="won", reason="other")
    assert response.status_code == status  # type: ignore[attr-defined]
    assert Closing.objects.filter(deal=alices_deal).exists() is (status == 302)


def test_the_team_s_manager_sees_the_form_on_a_rep_s_deal(login: Login, alices_deal: Deal) -> None:
    page = _page(login("maria"), alices_deal)
    assert f'action="/deals/{alices_deal.pk}/close/"' in page


def test_a_refused_closing_shows_each_error_beside_its_field(
    login: Login, alices_deal: Deal
) -> None:
    response = _close(login("alice"), alices_deal, outcome="won",
                      reason="incumbent-matched-price", lost_to="nobody")
    assert response.status_code == 400  # type: ignore[attr-defined]
    page = response.content.decode()  # type: ignore[attr-defined]
    assert "is not a reason for a deal closed as Won" in page
    assert "only for a lost deal." in page
    alices_deal.refresh_from_db()
    assert alices_deal.stage == "discovery" and not Closing.objects.exists()


def test_a_refused_closing_is_explained_in_vietnamese(login: Login, alices_deal: Deal) -> None:
    client = login("alice")
    response = client.post(reverse("deal-close", args=[alices_deal.pk]),
                           {"outcome": "won", "reason": "incumbent-matched-price"},
                           HTTP_ACCEPT_LANGUAGE="vi")
    assert "không phải là lý do cho một thương vụ kết thúc với kết quả Thắng" in (
        response.content.decode())


def test_choosing_the_outcome_narrows_the_reasons_with_htmx(
    login: Login, alices_deal: Deal
) -> None:
    url = reverse("deal-close", args=[alices_deal.pk])
    won = login("alice").get(url + "?outcome=won", **HTMX).content.decode()
    assert "A gap the incumbent could not close" in won
    assert "The incumbent matched our price" not in won
    assert 'id="close-loss"' not in won  # the loss's questions only for a loss
    lost = login("alice").get(url + "?outcome=lost", **HTMX).content.decode()
    assert 'id="close-loss"' in lost and "A gap the incumbent could not close" not in lost


def test_without_javascript_every_outcome_s_reasons_are_offered_in_groups(
    login: Login, alices_deal: Deal
) -> None:
    page = _page(login("alice"), alices_deal)
    assert '<optgroup label="Won">' in page and '<optgroup label="No decision">' in page


def test_an_htmx_closing_answers_with_the_deal_or_with_the_form_and_its_errors(
    login: Login, alices_deal: Deal
) -> None:
    client = login("alice")
    url = reverse("deal-close", args=[alices_deal.pk])
    refused = client.post(url, {"outcome": "no_decision", "reason": "other",
                                "countered": "yes"}, **HTMX)
    assert refused.status_code == 200 and 'id="close-form"' in refused.content.decode()
    assert "only for a lost deal." in refused.content.decode()
    closed = client.post(url, {"outcome": "no_decision", "reason": "status-quo-no-budget"},
                         **HTMX)
    assert closed["HX-Retarget"] == "#workspace"
    assert "Closed: No decision" in closed.content.decode()


def test_reopening_puts_the_deal_back_at_the_stage_chosen(
    login: Login, alices_deal: Deal
) -> None:
    actions.close_deal(alices_deal, "lost", reason="other", by=alices_deal.owner)
    client = login("maria")
    response = client.post(reverse("deal-reopen", args=[alices_deal.pk]), {"stage": "vision"})
    assert response.status_code == 302
    alices_deal.refresh_from_db()
    assert (alices_deal.stage, alices_deal.closed_at) == ("vision", None)
    history = _page(client, alices_deal)
    assert "maria reopened the deal at Vision" in history
    assert "alice closed the deal as Lost: Another reason (see the note)" in history


def test_reopening_at_a_closed_stage_is_refused_with_a_message(
    login: Login, alices_deal: Deal
) -> None:
    actions.close_deal(alices_deal, "won", reason="other", by=alices_deal.owner)
    client = login("alice")
    response = client.post(reverse("deal-reopen", args=[alices_deal.pk]), {"stage": "lost"},
                           follow=True)
    assert "expected one of: discovery" in response.content.decode()
    alices_deal.refresh_from_db()
    assert alices_deal.stage == "won"


@pytest.mark.parametrize("who", ["bob", "sam"])
def test_nobody_outside_the_deal_s_scope_may_reopen(
    login: Login, alices_deal: Deal, who: str
) -> None:
    actions.close_deal(alices_deal, "won", reason="other", by=alices_deal.owner)
    response = login(who).post(reverse("deal-reopen", args=[alices_deal.pk]), {"stage": "gap"})
    assert response.status_code == 404
    alices_deal.refresh_from_db()
    assert alices_deal.stage == "won"


def test_a_closed_deal_s_page_costs_the_same_queries_however_often_it_closed(
    login: Login, alices_deal: Deal
) -> None:
    owner = alices_deal.owner
    actions.close_deal(alices_deal, "won", reason="other", by=owner)
    client = login("alice")
    url = reverse("deal", args=[alices_deal.pk])
    once = queries_for_page(client, url)
    for _ in range(4):
        actions.reopen_deal(alices_deal, stage="gap", by=owner)
        actions.close_deal(alices_deal, "lost", reason="other", by=owner)
    assert queries_for_page(client, url) == once


def test_choosing_the_outcome_keeps_what_was_typed_and_the_choice(
    login: Login, alices_deal: Deal
) -> None:
    url = reverse("deal-close", args=[alices_deal.pk])
    page = login("alice").get(url + "?outcome=lost&note=Rate+matched&lost_to=incumbent",
                              **HTMX).content.decode()
    assert 'value="lost" id="id_outcome_1" checked' in page.replace('required ', '')
    assert ">\nRate matched</textarea>" in page
    assert '<option value="incumbent" selected>' in page
