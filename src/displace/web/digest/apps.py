from __future__ import annotations

from django.apps import AppConfig


class DigestConfig(AppConfig):
    name = "displace.web.digest"
    label = "digest"
    default_auto_field = "django.db.models.BigAutoField"
