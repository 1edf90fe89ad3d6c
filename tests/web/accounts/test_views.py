"""A person changes their own password on their account page, under the password rules."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from tests.web.conftest import PASSWORD

Login = Callable[[str], Client]
NEW_PASSWORD = "plum orchard at dusk"


def change(client: Client, new: str, old: str = PASSWORD) -> str:
    response = client.post(reverse("password"), {"old_password": old, "new_password1": new,
                                                 "new_password2": new}, follow=True)
    return response.content.decode()


def test_a_person_changes_their_password_and_stays_signed_in(login: Login) -> None:
    client = login("alice")
    page = change(client, NEW_PASSWORD)
    assert "Your password has been changed." in page
    assert User.objects.get(username="alice").check_password(NEW_PASSWORD)
    assert client.get(reverse("pipeline")).status_code == 200


@pytest.mark.parametrize(("new", "reason"), [
    ("short pass", "too short"),
    ("password1234", "too common"),
    ("123456789012345", "entirely numeric"),
])
def test_it_refuses_a_weak_new_password(login: Login, new: str, reason: str) -> None:
    page = change(login("alice"), new)
    assert reason in page
    assert User.objects.get(username="alice").check_password(PASSWORD)


def test_it_asks_for_the_current_password(login: Login) -> None:
    page = change(login("alice"), NEW_PASSWORD, old="not my password")
    assert "Your old password was entered incorrectly" in page
    assert User.objects.get(username="alice").check_password(PASSWORD)
