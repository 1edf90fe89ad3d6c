"""Incumbent suppliers, shared across the deals fought against them."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


def _empty_list() -> list[Any]:
    return []


class Competitor(models.Model):
    name = models.CharField(_("name"), max_length=160, unique=True)
    industry = models.CharField(_("industry"), max_length=80, blank=True, default="")
    delivers = models.JSONField(_("what it delivers"), default=_empty_list, blank=True)
    counter_moves = models.JSONField(_("observed counter-moves"), default=_empty_list, blank=True)
    notes = models.TextField(_("notes"), blank=True, default="")

    class Meta:
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name
