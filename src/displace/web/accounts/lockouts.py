"""Who is locked out of signing in (django-axes keeps the failed attempts), and from where.

An account is locked after `AXES_FAILURE_LIMIT` wrong passwords within the lock-out time, and
so is an address, whatever accounts it tried; the lock lifts by itself when that time has
passed since the last failure, or sooner when an admin unlocks it (`actions.unlock`).
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from datetime import datetime

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Sum
from django.http import HttpRequest
from django.utils import timezone

__all__ = ["Lockout", "client_address", "locked_addresses", "locked_usernames"]


@dataclass(frozen=True)
class Lockout:
    """An account (by username) or an address that may not sign in until `until`."""

    who: str
    failures: int
    until: datetime


def client_address(request: HttpRequest) -> str | None:
    """The client's address: the connection's own, or the one the trusted proxies recorded.

    With N proxies in front (DISPLACE_TRUSTED_PROXIES), the N-th address from the right of
    X-Forwarded-For is the one the outermost proxy saw; anything left of it is the client's
    own claim and could be forged.
    """
    remote: str | None = request.META.get("REMOTE_ADDR")
    proxies: int = settings.TRUSTED_PROXIES
    if proxies == 0:
        return remote
    forwarded = [part.strip() for part in request.headers.get("X-Forwarded-For", "").split(",")]
    if len(forwarded) < proxies:
        return remote
    candidate = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def _locked(field: str) -> list[Lockout]:
    window = settings.AXES_COOLOFF_TIME
    rows = (
        AccessAttempt.objects.filter(attempt_time__gte=timezone.now() - window)
        .exclude(**{f"{field}__isnull": True})
        .values(field)
        .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
        .order_by(field)
    )
    return [Lockout(str(row[field]), row["failures"], row["last"] + window) for row in rows]


def locked_usernames() -> list[Lockout]:
    """Accounts locked out now (the usernames typed, whether or not such an account exists)."""
    return _locked("username")


def locked_addresses() -> list[Lockout]:
    """Addresses locked out now."""
    return _locked("ip_address")
