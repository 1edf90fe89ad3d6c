"""The admins' page for each team's reasons for closing deals (deals.reasons)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from displace.web.accounts.models import Team
from displace.web.deals.models import OutcomeReasons
from tests.web.deals.test_closing_actions import TEAM_REASONS

Login = Callable[[str], Client]


def _url(team: Team | None = None) -> str:
    return reverse("outcome-reasons") + (f"?team={team.pk}" if team else "")


@pytest.mark.parametrize("who", ["alice", "maria"])
def test_only_an_admin_opens_the_page(login: Login, who: str) -> None:
    assert login(who).get(_url()).status_code == 403


def test_an_admin_sees_each_team_and_the_shipped_reasons(login: Login) -> None:
    page = login("ada").get(_url()).content.decode()
    assert "North" in page and "South" in page
    assert "The incumbent matched our price" in page and "Status quo / no budget" in page


def test_a_team_s_list_starts_as_the_shipped_file_and_is_saved_for_that_team(
    login: Login,
) -> None:
    north = Team.objects.get(name="North")
    client = login("ada")
    assert 'schema = &quot;displace.reasons/1&quot;' in client.get(_url(north)).content.decode()
    response = client.post(_url(north), {"content": TEAM_REASONS})
    assert response.status_code == 302
    assert OutcomeReasons.objects.get(team=north).content == TEAM_REASONS
    page = client.get(_url(north)).content.decode()
    assert "The bank matched our rate" in page and "The incumbent matched our price" not in page


def test_a_broken_list_is_refused_with_its_line_in_the_admins_language(login: Login) -> None:
    north = Team.objects.get(name="North")
    broken = TEAM_REASONS.replace('vi = "Hội đồng quản trị ngừng chi tiêu"\n', "")
    client = login("ada")
    response = client.post(_url(north), {"content": broken}, HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 400
    page = response.content.decode()
    assert "dòng 10: [[no_decision]] thứ 1: thiếu &quot;vi&quot;." in page
    assert "Hội đồng quản trị" not in page.split("<textarea")[0]  # the text is kept below
    assert "board-froze-spending" in page
    assert not OutcomeReasons.objects.exists()


def test_an_unknown_team_is_not_found(login: Login) -> None:
    assert login("ada").get(reverse("outcome-reasons") + "?team=999").status_code == 404
