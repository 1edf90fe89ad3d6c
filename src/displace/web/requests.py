"""Typed helpers over Django's request: who is signed in, and whether HTMX asked."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

__all__ = ["is_htmx", "signed_in"]


def signed_in(request: HttpRequest) -> User:
    """The signed-in user; views call it behind @login_required."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied("Sign in first.")
    return user


def is_htmx(request: HttpRequest) -> bool:
    """Whether HTMX sent the request, so the view answers with a fragment."""
    return bool(getattr(request, "htmx", False))
