"""Teams, each person's role and language, and their private calendar token."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    REP = "rep", _("Rep")
    MANAGER = "manager", _("Manager")
    ADMIN = "admin", _("Admin")


class Team(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)

    def __str__(self) -> str:
        return self.name


class Profile(models.Model):
    """What Displace knows about a user beyond Django's: team, role, language."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="profiles"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.REP)
    language = models.CharField(_("language"), max_length=5, blank=True, default="")
    # The daily digest e-mail (displace.web.digest); the person can turn it off.
    digest = models.BooleanField(_("daily digest"), default=True)

    def __str__(self) -> str:
        return f"{self.user} ({self.role})"


def new_calendar_secret() -> str:
    """A URL-safe secret long enough that guessing it is hopeless."""
    return secrets.token_urlsafe(32)


class CalendarToken(models.Model):
    """The secret in a person's iCalendar feed URL; replacing it revokes old subscriptions."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token"
    )
    secret = models.CharField(max_length=64, unique=True, default=new_calendar_secret)
    created_at = models.DateTimeField(auto_now_add=True)


class ApiToken(models.Model):
    """A person's key to the JSON API; only its hash is kept, so a leaked database leaks no key."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_token"
    )
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=12)  # shown so that people can tell keys apart
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
