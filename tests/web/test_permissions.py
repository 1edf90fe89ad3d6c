"""The permission matrix: who sees and who changes Alice's deal, through every page."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import AbstractUser
from django.test import Client
from django.urls import reverse

from displace.web.conversations.actions import Upload, record_conversation
from displace.web.conversations.models import Conversation
from displace.web.deals.models import Deal, EvidenceChange
from displace.web.permissions import person, role_of, visible_conversations, visible_deals
from tests.web.conftest import VIETNAMESE_CALL

SEES = {"alice": 200, "bob": 404, "maria": 200, "charlie": 404, "sam": 404, "ada": 200}
EDITS = {"alice": 302, "bob": 404, "maria": 403, "charlie": 404, "sam": 404, "ada": 403}


@pytest.mark.parametrize(("who", "status"), SEES.items())
def test_it_shows_a_deal_only_to_its_owner_the_team_manager_and_the_admin(
    login: Callable[[str], Client], alices_deal: Deal, who: str, status: int
) -> None:
    response = login(who).get(reverse("deal", args=[alices_deal.pk]))
    assert response.status_code == status


@pytest.mark.parametrize(("who", "status"), SEES.items())
def test_it_exports_a_deal_file_only_within_scope(
    login: Callable[[str], Client], alices_deal: Deal, who: str, status: int
) -> None:
    response = login(who).get(reverse("deal-export", args=[alices_deal.pk]))
    assert response.status_code == status


@pytest.mark.parametrize(("who", "status"), EDITS.items())
def test_it_lets_only_the_owner_change_a_gaps_evidence(
    login: Callable[[str], Client], alices_deal: Deal, who: str, status: int
) -> None:
    url = reverse("gap-edit", args=[alices_deal.pk, "cash-forecast"])
    response = login(who).post(url, {"summary": "Changed by " + who})
    assert response.status_code == status
    changed = alices_deal.gaps.get(key="cash-forecast").title == "Changed by " + who
    assert changed is (who == "alice")


@pytest.mark.parametrize(
    "route", ["deal-edit", "deal-decision", "gap-add", "conversation-upload", "follow-up-add"]
)
@pytest.mark.parametrize("who", ["bob", "charlie", "sam", "maria"])
def test_it_refuses_every_edit_to_someone_elses_deal(
    login: Callable[[str], Client], alices_deal: Deal, route: str, who: str
) -> None:
    before = EvidenceChange.objects.count()
    response = login(who).post(reverse(route, args=[alices_deal.pk]),
                               {"stage": "won", "summary": "x", "maker": "Mrs Lan",
                                "title": "x", "due": "2030-01-01", "text": "A: hi"})
    assert response.status_code in (403, 404)
    assert EvidenceChange.objects.count() == before
    assert Deal.objects.get(pk=alices_deal.pk).stage == "discovery"
    assert not alices_deal.follow_ups.exists()
    assert not alices_deal.conversations.exists()


def test_it_lets_the_manager_comment_without_touching_the_evidence(
    login: Callable[[str], Client], alices_deal: Deal
) -> None:
    before = EvidenceChange.objects.count()
    login("maria").post(reverse("deal-comment", args=[alices_deal.pk]),
                        {"text": "Who owns the cash forecast?"})
    assert alices_deal.comments.get().text == "Who owns the cash forecast?"
    assert EvidenceChange.objects.count() == before


@pytest.mark.parametrize("who", ["bob", "charlie", "sam"])
def test_it_refuses_comments_out_of_scope(
    login: Callable[[str], Client], alices_deal: Deal, who: str
) -> None:
    response = login(who).post(reverse("deal-comment", args=[alices_deal.pk]), {"text": "hi"})
    assert response.status_code == 404
    assert not alices_deal.comments.exists()


@pytest.mark.parametrize(("who", "listed"), [("alice", True), ("bob", False), ("maria", True),
                                              ("sam", False), ("charlie", False), ("ada", True)])
def test_it_lists_a_deal_in_the_pipeline_only_within_scope(
    login: Callable[[str], Client], alices_deal: Deal, who: str, listed: bool
) -> None:
    page = login(who).get(reverse("pipeline")).content.decode()
    assert (alices_deal.title in page) is listed


@pytest.mark.parametrize(("who", "status"), [("alice", 403), ("bob", 403), ("maria", 200),
                                              ("ada", 200)])
def test_it_opens_the_manager_view_to_managers_and_admins(
    login: Callable[[str], Client], alices_deal: Deal, who: str, status: int
) -> None:
    assert login(who).get(reverse("manager")).status_code == status


def test_it_keeps_the_south_manager_out_of_the_north_teams_manager_view(
    login: Callable[[str], Client], alices_deal: Deal
) -> None:
    page = login("sam").get(reverse("manager")).content.decode()
    assert alices_deal.title not in page


def test_it_sends_anonymous_visitors_to_sign_in(client: Client, alices_deal: Deal) -> None:
    response = client.get(reverse("deal", args=[alices_deal.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_each_person_sees_the_conversations_of_the_deals_in_their_scope_only(
    alices_call: Conversation, make_deal: Callable[..., Deal],
    people: dict[str, AbstractUser],
) -> None:
    charlies_deal = make_deal("charlie")
    charlies_call = record_conversation(
        charlies_deal, Upload("c.txt", VIETNAMESE_CALL.encode()), by=charlies_deal.owner)
    seen = {name: set(visible_conversations(person)) for name, person in people.items()}
    assert seen == {"alice": {alices_call}, "bob": set(), "maria": {alices_call},
                    "charlie": {charlies_call}, "sam": {charlies_call},
                    "ada": {alices_call, charlies_call}}


def test_a_person_read_by_id_sees_their_scope_and_a_gone_one_sees_nothing(
    people: dict[str, AbstractUser], alices_deal: Deal,
) -> None:
    maria = person(people["maria"].pk)
    assert role_of(maria) == "manager"
    assert list(visible_deals(maria)) == [alices_deal]
    gone = person(max(p.pk for p in people.values()) + 1)
    assert not visible_deals(gone).exists() and role_of(gone) != "manager"
