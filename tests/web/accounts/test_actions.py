"""The password rules apply wherever a password is set; deactivation ends every session."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AbstractUser, User
from django.contrib.sessions.models import Session
from django.test import Client

from displace.core.errors import DisplaceError
from displace.web.accounts import actions

People = dict[str, AbstractUser]


@pytest.mark.parametrize("password", ["", "a", "eleven char", "qwertyuiop123", "0123456789012"])
def test_it_refuses_a_weak_password_when_creating_a_user(db: None, password: str) -> None:
    with pytest.raises(DisplaceError, match=r"^Password: "):
        actions.create_user("weak", password)
    assert not User.objects.filter(username="weak").exists()


def test_it_refuses_a_password_like_the_persons_name(db: None) -> None:
    with pytest.raises(DisplaceError, match="too similar"):
        actions.create_user("nguyenlan", "nguyenlan2026", full_name="Nguyen Lan")


def test_it_refuses_a_weak_password_when_setting_one(people: People) -> None:
    bob = User.objects.get(username="bob")
    with pytest.raises(DisplaceError, match="too short"):
        actions.set_password(bob, "bob")


def test_deactivating_ends_the_persons_sessions_and_no_one_elses(people: People) -> None:
    for name in ("bob", "alice"):
        Client().force_login(people[name])
    actions.deactivate_user(User.objects.get(username="bob"))
    owners = {s.get_decoded()["_auth_user_id"] for s in Session.objects.all()}
    assert owners == {str(people["alice"].pk)}


def test_it_names_a_user_that_does_not_exist(db: None) -> None:
    with pytest.raises(DisplaceError, match=r"No user named nobody\."):
        actions.user_named("nobody")


def test_unlocking_needs_an_account_or_an_address(db: None) -> None:
    with pytest.raises(DisplaceError, match="Name an account or an address"):
        actions.unlock()
