"""Template context every page needs: the signed-in person's role."""

from __future__ import annotations

from django.http import HttpRequest

from displace.web.permissions import role_of


def membership(request: HttpRequest) -> dict[str, str]:
    """Context processor: `role` is rep, manager, admin or empty when signed out."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"role": ""}
    return {"role": role_of(user)}
