"""The admin's People page: lock-outs with an unlock button, password resets, deactivation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import AbstractUser, User
from django.test import Client
from django.urls import reverse

from displace.web.accounts.models import ApiToken
from tests.web.conftest import PASSWORD, ApiClient

Login = Callable[[str], Client]
People = dict[str, AbstractUser]
NEW_PASSWORD = "a brand new passphrase"


def lock_out(username: str, limit: int) -> None:
    stranger = Client()
    for _ in range(limit):
        stranger.post(reverse("login"), {"username": username, "password": "wrong"},
                      REMOTE_ADDR="198.51.100.23")


@pytest.mark.parametrize(("who", "status"), [("alice", 403), ("maria", 403), ("ada", 200)])
def test_only_an_admin_sees_the_people_page(login: Login, who: str, status: int) -> None:
    assert login(who).get(reverse("people")).status_code == status


def test_it_lists_locked_accounts_and_addresses_and_unlocks_them(
    login: Login, people: People, settings: Any
) -> None:
    lock_out("alice", settings.AXES_FAILURE_LIMIT)
    admin = login("ada")
    page = admin.get(reverse("people")).content.decode()
    assert 'name="username" value="alice"' in page
    assert 'name="address" value="198.51.100.23"' in page
    admin.post(reverse("people-unlock"), {"username": "alice"})
    admin.post(reverse("people-unlock"), {"address": "198.51.100.23"})
    assert "Nobody is locked out." in admin.get(reverse("people")).content.decode()
    signed = Client().post(reverse("login"), {"username": "alice", "password": PASSWORD},
                           REMOTE_ADDR="198.51.100.23")
    assert signed.status_code == 302


def test_it_refuses_to_unlock_something_that_is_not_an_address(login: Login) -> None:
    response = login("ada").post(reverse("people-unlock"), {"address": "nowhere"}, follow=True)
    assert "nowhere is not an IP address." in response.content.decode()


def test_an_admin_resets_a_password_under_the_same_rules(login: Login, people: People) -> None:
    admin = login("ada")
    url = reverse("people-password", args=[people["bob"].pk])
    weak = admin.post(url, {"new_password1": "bob", "new_password2": "bob"}, follow=True)
    assert "not changed" in weak.content.decode()
    assert User.objects.get(username="bob").check_password(PASSWORD)
    admin.post(url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert User.objects.get(username="bob").check_password(NEW_PASSWORD)


def test_a_manager_cannot_reset_a_password(login: Login, people: People) -> None:
    url = reverse("people-password", args=[people["bob"].pk])
    response = login("maria").post(url, {"new_password1": NEW_PASSWORD,
                                         "new_password2": NEW_PASSWORD})
    assert response.status_code == 403
    assert User.objects.get(username="bob").check_password(PASSWORD)


def test_deactivating_signs_the_person_out_and_stops_their_api_key(
    people: People, api: ApiClient
) -> None:
    bobs_browser = Client()
    bobs_browser.force_login(people["bob"])
    bobs_program = api("bob")
    assert bobs_program.get("/api/deals").status_code == 200
    admin = Client()
    admin.force_login(people["ada"])
    admin.post(reverse("people-active", args=[people["bob"].pk]), {"active": "0"})
    assert bobs_browser.get(reverse("pipeline")).status_code == 302  # to the sign-in page
    assert bobs_program.get("/api/deals").status_code == 401
    assert not ApiToken.objects.filter(user=people["bob"]).exists()
    refused = Client().post(reverse("login"), {"username": "bob", "password": PASSWORD})
    assert refused.status_code == 200  # the sign-in form again, with its error


def test_a_deactivated_person_can_be_let_back_in(login: Login, people: People) -> None:
    admin = login("ada")
    url = reverse("people-active", args=[people["bob"].pk])
    admin.post(url, {"active": "0"})
    admin.post(url, {"active": "1"})
    assert User.objects.get(username="bob").is_active


def test_an_admin_cannot_deactivate_themself(login: Login, people: People) -> None:
    admin = login("ada")
    response = admin.post(reverse("people-active", args=[people["ada"].pk]), {"active": "0"},
                          follow=True)
    assert "You cannot deactivate your own account." in response.content.decode()
    assert User.objects.get(username="ada").is_active
