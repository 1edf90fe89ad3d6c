"""Writes for people: create a user with a team and role, language, calendar secret, API token."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from displace.core.errors import DisplaceError
from displace.web.accounts.models import (
    ApiToken,
    CalendarToken,
    Profile,
    Role,
    Team,
    new_calendar_secret,
)

__all__ = [
    "API_TOKEN_PREFIX",
    "calendar_secret",
    "create_user",
    "hash_api_token",
    "issue_api_token",
    "mark_api_token_used",
    "revoke_api_token",
    "set_language",
    "team_named",
]

# Every key starts with this, so that a key pasted somewhere it should not be is recognisable.
API_TOKEN_PREFIX = "dsp_"


def team_named(name: str) -> Team:
    """The team with this name, created on first use."""
    team, _ = Team.objects.get_or_create(name=name.strip())
    return team


def create_user(
    username: str, password: str, *, role: str = Role.REP, team: str = "",
    language: str = "", full_name: str = "",
) -> User:
    """Create a person who can sign in, with a role, an optional team and a language."""
    if role not in Role.values:
        raise DisplaceError(f"role {role!r}: expected one of {', '.join(Role.values)}")
    if User.objects.filter(username=username).exists():
        raise DisplaceError(f"user {username!r} already exists")
    first, _, last = full_name.partition(" ")
    with transaction.atomic():
        user = User.objects.create_user(username=username, password=password,
                                         first_name=first, last_name=last)
        Profile.objects.create(user=user, role=role, language=language,
                               team=team_named(team) if team else None)
    return user


def set_language(user: User, language: str) -> None:
    """Remember the interface language the person picked."""
    Profile.objects.update_or_create(user=user, defaults={"language": language})


def calendar_secret(user: User, *, renew: bool = False) -> str:
    """The secret of the person's calendar feed URL; `renew` revokes the old one."""
    token, created = CalendarToken.objects.get_or_create(user=user)
    if renew and not created:
        token.secret = new_calendar_secret()
        token.save(update_fields=["secret"])
    return token.secret


def hash_api_token(key: str) -> str:
    """The stored form of an API key (the key itself is random enough for a plain hash)."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def issue_api_token(user: User) -> str:
    """A new API key for the person, replacing (revoking) any earlier one; shown only once."""
    key = API_TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        ApiToken.objects.filter(user=user).delete()
        ApiToken.objects.create(user=user, key_hash=hash_api_token(key),
                                prefix=key[: len(API_TOKEN_PREFIX) + 4])
    return key


def revoke_api_token(user: User) -> None:
    """Withdraw the person's API key; requests with it are refused from now on."""
    ApiToken.objects.filter(user=user).delete()


def mark_api_token_used(token: ApiToken) -> None:
    """Record when a key was last used, at most once a minute to spare the database."""
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
