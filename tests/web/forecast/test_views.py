"""The calibration page (managers, admins) and the team's weights (admins): who may see and do
what, both languages, and query counts that stay flat with the number of deals."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from django.contrib.auth.models import AbstractUser
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from displace.web.accounts.models import Team
from displace.web.figures import stored
from displace.web.forecast import actions
from displace.web.forecast.models import WeightsVersion
from displace.web.forecast.reports import CALIBRATION_SECONDS
from displace.web.forecast.weights import in_use
from tests.web.conftest import queries_for_page
from tests.web.forecast.conftest import CloseDeals
from tests.web.test_content_security import assert_no_inline_code

Login = Callable[[str], Client]
People = dict[str, AbstractUser]


def _north() -> Team:
    return Team.objects.get(name="North")


def _in_vietnamese(client: Client) -> Client:
    client.post(reverse("language"), {"language": "vi", "next": "/"})
    return client


def test_a_rep_sees_neither_the_calibration_nor_the_weights(login: Login) -> None:
    client = login("alice")
    assert client.get(reverse("calibration")).status_code == 403
    assert client.get(reverse("forecast-weights")).status_code == 403
    assert client.post(reverse("forecast-refit"), {"team": _north().pk}).status_code == 403
    assert client.post(reverse("forecast-roll-back"), {"team": _north().pk}).status_code == 403


def test_a_rep_cannot_accept_a_version(login: Login, close_deals: CloseDeals) -> None:
    close_deals("alice", 40)
    version = actions.propose_refit(_north(), by=None)
    assert login("alice").post(reverse("forecast-accept", args=[version.pk])).status_code == 403
    assert in_use(_north().pk) is None


def test_a_manager_sees_the_calibration_of_their_own_team_only(
    login: Login, close_deals: CloseDeals,
) -> None:
    close_deals("alice", 25, seed=1)
    close_deals("charlie", 5, seed=2)
    client = login("maria")
    page = client.get(reverse("calibration")).content.decode()
    assert "Calibration: North" in page and "alice" in page and "charlie" not in page
    assert 'id="reliability"' in page and "Show the figures" in page
    south = Team.objects.get(name="South")
    assert client.get(reverse("calibration") + f"?team={south.pk}").status_code == 404
    assert client.get(reverse("calibration") + "?team=x").status_code == 404


def test_a_manager_cannot_refit(login: Login) -> None:
    client = login("maria")
    assert client.get(reverse("forecast-weights")).status_code == 403
    assert client.post(reverse("forecast-refit"), {"team": _north().pk}).status_code == 403


def test_the_manager_view_links_to_the_calibration(login: Login) -> None:
    page = login("maria").get(reverse("manager")).content.decode()
    assert reverse("calibration") in page
    assert reverse("forecast-weights") not in page  # refitting is an admin's


def test_the_calibration_page_warns_when_there_are_too_few_deals(
    login: Login, close_deals: CloseDeals,
) -> None:
    close_deals("alice", 5)
    close_deals("bob", 3, recorded=False)
    page = login("maria").get(reverse("calibration")).content.decode()
    assert "too few to judge" in page
    assert "3 closed deals left out: no forecast was recorded before they closed." in page


def test_the_calibration_page_speaks_vietnamese(login: Login, close_deals: CloseDeals) -> None:
    close_deals("alice", 5)
    page = _in_vietnamese(login("maria")).get(reverse("calibration")).content.decode()
    assert "Hiệu chỉnh: North" in page
    assert "quá ít để đánh giá" in page
    assert "Độ tin cậy của dự báo" in page


def test_an_admin_chooses_the_team(login: Login, close_deals: CloseDeals) -> None:
    close_deals("charlie", 4)
    south = Team.objects.get(name="South")
    page = login("ada").get(reverse("calibration") + f"?team={south.pk}").content.decode()
    assert "Calibration: South" in page and "charlie" in page
    assert reverse("forecast-weights") in page


def test_the_calibration_page_costs_the_same_queries_with_few_or_many_deals(
    login: Login, close_deals: CloseDeals,
) -> None:
    client = login("maria")
    close_deals("alice", 3, seed=1)
    few = queries_for_page(client, reverse("calibration"))
    close_deals("bob", 40, seed=2)
    cache.clear()  # the report is kept a minute: compute it again
    assert queries_for_page(client, reverse("calibration")) == few


def test_an_admin_refits_sees_old_against_new_and_accepts(
    login: Login, close_deals: CloseDeals,
) -> None:
    close_deals("alice", 60)
    client = login("ada")
    north = _north()
    weights = client.get(reverse("forecast-weights") + f"?team={north.pk}").content.decode()
    assert "Refit on our results" in weights and "the shipped weights" in weights
    answer = client.post(reverse("forecast-refit"), {"team": north.pk})
    version = WeightsVersion.objects.get(team=north)
    assert answer.status_code == 302
    assert answer["Location"] == reverse("forecast-version", args=[version.pk])
    page = client.get(answer["Location"]).content.decode()
    assert "Old against new, on held-out deals" in page and "All folds" in page
    assert "Gaps: more weight" in page and "Proposed: not in use until accepted." in page
    accepted = client.post(reverse("forecast-accept", args=[version.pk]), follow=True)
    assert "Version 1 is in use for North" in accepted.content.decode()
    assert in_use(north.pk) == version


def test_an_admin_rolls_back_and_the_list_shows_every_version(
    login: Login, close_deals: CloseDeals,
) -> None:
    close_deals("alice", 60)
    north = _north()
    actions.accept_version(actions.propose_refit(north, by=None), by=None)
    client = login("ada")
    page = client.post(reverse("forecast-roll-back"), {"team": north.pk},
                       follow=True).content.decode()
    assert "Version 1 is rolled back; North now uses the shipped weights" in page
    assert "rolled back" in page and "Rolled back: version 1" in page
    again = client.post(reverse("forecast-roll-back"), {"team": north.pk},
                        follow=True).content.decode()
    assert "there is nothing to roll back" in again


def test_a_refit_with_too_few_deals_says_why_in_the_readers_language(
    login: Login, close_deals: CloseDeals,
) -> None:
    close_deals("alice", 10)
    client = login("ada")
    page = client.post(reverse("forecast-refit"), {"team": _north().pk},
                       follow=True).content.decode()
    assert "Only 10 closed deals have a forecast recorded before they closed" in page
    page = _in_vietnamese(client).post(reverse("forecast-refit"), {"team": _north().pk},
                                       follow=True).content.decode()
    assert "Chỉ có 10 thương vụ đã đóng" in page
    assert not WeightsVersion.objects.exists()


def test_the_version_page_explains_in_vietnamese(login: Login, close_deals: CloseDeals) -> None:
    close_deals("alice", 60)
    version = actions.propose_refit(_north(), by=None)
    page = _in_vietnamese(login("ada")).get(
        reverse("forecast-version", args=[version.pk])).content.decode()
    assert "Khoảng trống: trọng số cao hơn" in page


@pytest.mark.parametrize("name", ["forecast-weights", "calibration"])
def test_signed_out_visitors_are_sent_to_sign_in(client: Client, name: str) -> None:
    answer = client.get(reverse(name))
    assert answer.status_code == 302 and "login" in answer["Location"]


def _reads_deals(client: Client, url: str) -> bool:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return any('"deals_deal"' in query["sql"] for query in captured)


def test_the_report_is_computed_once_then_again_in_the_background_once_out_of_date(
    login: Login, close_deals: CloseDeals, monkeypatch: pytest.MonkeyPatch,
) -> None:
    client = login("maria")
    close_deals("alice", 3)
    assert _reads_deals(client, reverse("calibration"))
    assert not _reads_deals(client, reverse("calibration"))  # the stored report
    later = time.time() + CALIBRATION_SECONDS + 1
    monkeypatch.setattr(stored.time, "time", lambda: later)
    close_deals("bob", 2, seed=2)  # written directly: only the page queues a refresh
    shown = client.get(reverse("calibration")).context["report"]
    assert shown.team.n == 3  # the page never waits: the report as it was ...
    refreshed = client.get(reverse("calibration")).context["report"]
    assert refreshed.team.n == 5  # ... refreshed in the background (inline in tests)


def test_the_forecast_pages_carry_no_inline_code(login: Login, close_deals: CloseDeals) -> None:
    close_deals("alice", 40)
    version = actions.propose_refit(_north(), by=None)
    for persona, url in (("maria", reverse("calibration")), ("ada", reverse("forecast-weights")),
                         ("ada", reverse("forecast-version", args=[version.pk]))):
        response = login(persona).get(url)
        assert response.status_code == 200, url
        assert "unsafe-inline" not in response["Content-Security-Policy"]
        assert_no_inline_code(response.content.decode(), url)
