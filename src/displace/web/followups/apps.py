from __future__ import annotations

from django.apps import AppConfig


class FollowupsConfig(AppConfig):
    name = "displace.web.followups"
    label = "followups"
    default_auto_field = "django.db.models.BigAutoField"
