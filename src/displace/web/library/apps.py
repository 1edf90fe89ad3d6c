from __future__ import annotations

from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "displace.web.library"
    label = "library"
    default_auto_field = "django.db.models.BigAutoField"
