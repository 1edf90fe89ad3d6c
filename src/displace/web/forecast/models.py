"""A team's versions of the evidence model's weights, and the history of their use."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from displace.web.accounts.models import Team


def _empty_dict() -> dict[str, Any]:
    return {}


class WeightsVersion(models.Model):
    """One refit of the team's weights: a multiplier per family of the model's terms (applied
    to the shipped weights) and the held-out scores that argue for it. Proposed by a refit,
    in use once accepted, out of use once rolled back; the team uses the version accepted
    last that has not been rolled back, or the shipped weights (version 0) when there is none.
    """

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="weights_versions")
    number = models.PositiveIntegerField(_("version"))  # 1, 2, ... per team; 0 is shipped
    multipliers = models.JSONField(default=_empty_dict)
    # The refit's report (core.forecast.Refit.to_dict): folds, held-out scores, what moved.
    scores = models.JSONField(default=_empty_dict, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    rolled_back_at = models.DateTimeField(null=True, blank=True)
    rolled_back_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                       on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ("-number",)
        constraints = (
            models.UniqueConstraint(fields=["team", "number"], name="weights_version_per_team"),
            models.CheckConstraint(condition=Q(number__gte=1), name="weights_version_from_1"),
        )
        indexes = (models.Index(fields=["team", "accepted_at"], name="weights_in_use_idx"),)

    def __str__(self) -> str:
        return f"{self.team} v{self.number}"

    @property
    def in_use(self) -> bool:
        """Accepted and not rolled back (the newest such is the team's)."""
        return self.accepted_at is not None and self.rolled_back_at is None


class WeightsChange(models.Model):
    """The history of a team's weights: each proposal, acceptance and roll-back."""

    class Action(models.TextChoices):
        PROPOSED = "proposed", _("Refitted")
        ACCEPTED = "accepted", _("Accepted")
        ROLLED_BACK = "rolled_back", _("Rolled back")

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="weights_changes")
    version = models.ForeignKey(WeightsVersion, on_delete=models.CASCADE, related_name="changes")
    action = models.CharField(max_length=12, choices=Action.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                           on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-at", "-id")
        indexes = (models.Index(fields=["team", "at"], name="weights_history_idx"),)
