from __future__ import annotations

from django.apps import AppConfig


class ConversationsConfig(AppConfig):
    name = "displace.web.conversations"
    label = "conversations"
    default_auto_field = "django.db.models.BigAutoField"
