from __future__ import annotations

from django.apps import AppConfig


class PipelineConfig(AppConfig):
    name = "displace.web.pipeline"
    label = "pipeline"
    default_auto_field = "django.db.models.BigAutoField"
