from __future__ import annotations

from django.apps import AppConfig


class PipelineConfig(AppConfig):
    name = "displace.web.pipeline"
    label = "pipeline"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from displace.web.pipeline.search import register_fold

        connection_created.connect(register_fold, dispatch_uid="displace-fold")
