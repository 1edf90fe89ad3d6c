"""Writes for people: create a user with a team and role, change language, calendar secret."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction

from displace.core.errors import DisplaceError
from displace.web.accounts.models import CalendarToken, Profile, Role, Team, new_calendar_secret

__all__ = ["calendar_secret", "create_user", "set_language", "team_named"]


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
