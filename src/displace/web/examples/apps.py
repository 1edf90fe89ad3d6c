from __future__ import annotations

from django.apps import AppConfig


class ExamplesConfig(AppConfig):
    name = "displace.web.examples"
    label = "examples"
    default_auto_field = "django.db.models.BigAutoField"
