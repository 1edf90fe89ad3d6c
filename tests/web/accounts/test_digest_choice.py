"""On the account page a person turns the daily digest on or off and sets its address."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from displace.web.accounts.models import Profile

Login = Callable[[str], Client]


def test_a_person_turns_the_digest_off_and_on_with_an_address(login: Login) -> None:
    client = login("alice")
    page = client.get(reverse("account")).content.decode()
    assert 'id="digest-on" name="digest" checked' in page
    off = client.post(reverse("account"), {"digest_form": "1", "email": "a@example.com"},
                      follow=True)
    assert "The daily digest is off." in off.content.decode()
    assert not Profile.objects.get(user__username="alice").digest
    assert User.objects.get(username="alice").email == "a@example.com"
    client.post(reverse("account"), {"digest_form": "1", "email": "a@example.com",
                                     "digest": "on"})
    assert Profile.objects.get(user__username="alice").digest


def test_a_malformed_address_is_refused_in_the_persons_language_and_nothing_changes(
        login: Login) -> None:
    client = login("alice")
    client.post(reverse("language"), {"language": "vi", "next": "/"})
    page = client.post(reverse("account"), {"digest_form": "1", "email": "not an address"},
                       follow=True).content.decode()
    assert "Địa chỉ e-mail: cần một địa chỉ dạng lan@example.com." in page
    assert User.objects.get(username="alice").email == ""
    assert Profile.objects.get(user__username="alice").digest
