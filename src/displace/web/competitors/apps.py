from __future__ import annotations

from django.apps import AppConfig


class CompetitorsConfig(AppConfig):
    name = "displace.web.competitors"
    label = "competitors"
    default_auto_field = "django.db.models.BigAutoField"
