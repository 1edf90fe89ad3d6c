"""Incumbent suppliers, each a team's own profile shared across that team's deals."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


def _empty_list() -> list[Any]:
    return []


class Competitor(models.Model):
    # What a team learns about an incumbent is the team's: another team fighting the same
    # supplier keeps a profile of its own under the same name. No team: deals of people
    # without a team, seen by an admin only.
    team = models.ForeignKey(
        "accounts.Team", null=True, blank=True, on_delete=models.PROTECT,
        related_name="competitors",
    )
    name = models.CharField(_("name"), max_length=160)
    industry = models.CharField(_("industry"), max_length=80, blank=True, default="")
    delivers = models.JSONField(_("what it delivers"), default=_empty_list, blank=True)
    counter_moves = models.JSONField(_("observed counter-moves"), default=_empty_list, blank=True)
    notes = models.TextField(_("notes"), blank=True, default="")

    class Meta:
        ordering = ("name",)
        constraints = (
            models.UniqueConstraint(fields=["team", "name"], name="competitor_name_per_team"),
            models.UniqueConstraint(fields=["name"], condition=models.Q(team__isnull=True),
                                    name="competitor_name_without_team"),
        )

    def __str__(self) -> str:
        return self.name
