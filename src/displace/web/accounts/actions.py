"""Writes for people: create a user with a team and role, their password, language, calendar
secret and API token; deactivate and reactivate them; lift a sign-in lock-out."""

from __future__ import annotations

import hashlib
import ipaddress
import secrets

from axes.utils import reset as reset_failed_sign_ins
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

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
    "activate_user",
    "calendar_secret",
    "check_password",
    "create_user",
    "deactivate_user",
    "hash_api_token",
    "issue_api_token",
    "mark_api_token_used",
    "revoke_api_token",
    "set_language",
    "set_password",
    "team_named",
    "unlock",
    "user_named",
]

# Every key starts with this, so that a key pasted somewhere it should not be is recognisable.
API_TOKEN_PREFIX = "dsp_"


def team_named(name: str) -> Team:
    """The team with this name, created on first use."""
    team, _ = Team.objects.get_or_create(name=name.strip())
    return team


def create_user(
    username: str, password: str, *, role: str = Role.REP, team: str = "",
    language: str = "", full_name: str = "", email: str = "",
) -> User:
    """Create a person who can sign in, with a role, an optional team and a language; their
    e-mail address is how a CRM import recognises the owner of a deal."""
    if role not in Role.values:
        raise DisplaceError(f"role {role!r}: expected one of {', '.join(Role.values)}")
    if User.objects.filter(username=username).exists():
        raise DisplaceError(f"user {username!r} already exists")
    first, _space, last = full_name.partition(" ")
    check_password(password, User(username=username, first_name=first, last_name=last))
    with transaction.atomic():
        user = User.objects.create_user(username=username, password=password,
                                         first_name=first, last_name=last,
                                         email=email.strip().lower())
        Profile.objects.create(user=user, role=role, language=language,
                               team=team_named(team) if team else None)
    return user


def user_named(username: str) -> User:
    """The user with this username, or an error that names it."""
    user = User.objects.filter(username=username).first()
    if user is None:
        raise DisplaceError(_("No user named %(name)s.") % {"name": username})
    return user


def check_password(password: str, user: User) -> None:
    """Apply the password rules (length, common passwords, likeness to the person's names)."""
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise DisplaceError(_("Password: %(reasons)s") % {"reasons": " ".join(exc.messages)}
                            ) from None


def set_password(user: User, password: str) -> None:
    """Give the person a new password (their own change or an admin's reset), rules applied.

    Their other signed-in sessions end: Django ties each session to the password.
    """
    check_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])


def deactivate_user(user: User, *, by: User | None = None) -> None:
    """Stop the person signing in: their sessions end and their API key is withdrawn."""
    if by is not None and by.pk == user.pk:
        raise DisplaceError(_("You cannot deactivate your own account."))
    with transaction.atomic():
        user.is_active = False
        user.save(update_fields=["is_active"])
        ApiToken.objects.filter(user=user).delete()
        _end_sessions(user)


def activate_user(user: User) -> None:
    """Let a deactivated person sign in again (with a new API key, if they need one)."""
    user.is_active = True
    user.save(update_fields=["is_active"])


def _end_sessions(user: User) -> None:
    # Sessions are stored by key, not by user: read the live ones (a team's handful).
    live = Session.objects.filter(expire_date__gt=timezone.now())
    ended = [s.session_key for s in live.iterator()
             if s.get_decoded().get("_auth_user_id") == str(user.pk)]
    Session.objects.filter(session_key__in=ended).delete()


def unlock(*, username: str = "", address: str = "") -> int:
    """Lift a sign-in lock-out on an account or an address; the number of records cleared."""
    if not username and not address:
        raise DisplaceError(_("Name an account or an address to unlock."))
    if address:
        try:
            address = str(ipaddress.ip_address(address.strip()))
        except ValueError:
            raise DisplaceError(_("%(address)s is not an IP address.") % {"address": address}
                                ) from None
    cleared: int = reset_failed_sign_ins(username=username or None, ip=address or None)
    return cleared


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


def set_digest(user: User, *, wanted: bool, email: str | None = None) -> None:
    """The person's choice: the daily digest e-mail or none, and (optionally) its address."""
    profile = Profile.objects.filter(user=user).first()
    if profile is not None and profile.digest != wanted:
        profile.digest = wanted
        profile.save(update_fields=["digest"])
    if email is not None and email != user.email:
        user.email = email
        user.save(update_fields=["email"])
