"""What each digest said, so that the next one can tell which deals' evidence fell since."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


def _empty_dict() -> dict[str, Any]:
    return {}


class DigestRecord(models.Model):
    """One person's digest of one day: sent (or found empty), and the win probabilities of
    their open deals as they stood then ({deal id: probability})."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="digests")
    day = models.DateField()
    sent = models.BooleanField(default=False)
    probabilities = models.JSONField(default=_empty_dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-day", "-id")
        constraints = (models.UniqueConstraint(fields=["user", "day"],
                                               name="one_digest_per_user_and_day"),)
