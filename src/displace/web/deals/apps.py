from __future__ import annotations

from django.apps import AppConfig


class DealsConfig(AppConfig):
    name = "displace.web.deals"
    label = "deals"
    default_auto_field = "django.db.models.BigAutoField"
