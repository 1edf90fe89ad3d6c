from __future__ import annotations

from django.apps import AppConfig


class FiguresConfig(AppConfig):
    name = "displace.web.figures"
    label = "figures"
