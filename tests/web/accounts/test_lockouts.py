"""Signing in is throttled: wrong passwords lock an account, and an address, out for a while."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AbstractUser
from django.test import Client, RequestFactory
from django.urls import reverse

from displace.web.accounts.lockouts import client_address, locked_addresses, locked_usernames
from tests.web.conftest import PASSWORD

People = dict[str, AbstractUser]


def sign_in(client: Client, username: str, password: str, address: str = "10.0.0.1") -> Any:
    return client.post(reverse("login"), {"username": username, "password": password},
                       REMOTE_ADDR=address)


def fail_until_locked(client: Client, username: str, limit: int) -> None:
    for _ in range(limit):
        assert sign_in(client, username, "not the password").status_code in (200, 429)


def test_it_refuses_the_right_password_after_too_many_wrong_ones(
    client: Client, people: People, settings: Any
) -> None:
    fail_until_locked(client, "alice", settings.AXES_FAILURE_LIMIT)
    response = sign_in(client, "alice", PASSWORD)
    assert response.status_code == 429
    assert b"Signing in is locked" in response.content
    assert "_auth_user_id" not in client.session


def test_it_answers_each_wrong_password_until_the_limit_and_then_locks(
    client: Client, people: People, settings: Any
) -> None:
    answers = [sign_in(client, "alice", "wrong").status_code
               for _ in range(settings.AXES_FAILURE_LIMIT + 5)]
    assert answers[: settings.AXES_FAILURE_LIMIT - 1] == [200] * (settings.AXES_FAILURE_LIMIT - 1)
    assert set(answers[settings.AXES_FAILURE_LIMIT:]) == {429}


def test_it_locks_the_account_from_every_address(
    client: Client, people: People, settings: Any
) -> None:
    fail_until_locked(client, "alice", settings.AXES_FAILURE_LIMIT)
    assert sign_in(client, "alice", PASSWORD, address="192.0.2.7").status_code == 429
    assert [lockout.who for lockout in locked_usernames()] == ["alice"]


def test_it_locks_an_address_that_tries_many_accounts_but_not_other_addresses(
    client: Client, people: People, settings: Any
) -> None:
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, f"guess{n}", "wrong", address="203.0.113.9")
    assert sign_in(client, "bob", PASSWORD, address="203.0.113.9").status_code == 429
    assert sign_in(client, "bob", PASSWORD, address="10.0.0.1").status_code == 302
    assert [lockout.who for lockout in locked_addresses()] == ["203.0.113.9"]


def test_a_right_password_before_the_limit_clears_the_count(
    client: Client, people: People, settings: Any
) -> None:
    fail_until_locked(client, "alice", settings.AXES_FAILURE_LIMIT - 1)
    assert sign_in(client, "alice", PASSWORD).status_code == 302
    client.logout()
    fail_until_locked(client, "alice", settings.AXES_FAILURE_LIMIT - 1)
    assert sign_in(client, "alice", PASSWORD).status_code == 302


@pytest.mark.parametrize(("proxies", "forwarded", "expected"), [
    (0, "198.51.100.1", "10.0.0.1"),
    (1, "198.51.100.1, 192.0.2.44", "192.0.2.44"),
    (2, "198.51.100.1, 192.0.2.44, 10.0.0.2", "192.0.2.44"),
    (1, "", "10.0.0.1"),
    (1, "not-an-address", "10.0.0.1"),
])
def test_it_reads_the_client_address_through_the_trusted_proxies_only(
    settings: Any, proxies: int, forwarded: str, expected: str
) -> None:
    settings.TRUSTED_PROXIES = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected
