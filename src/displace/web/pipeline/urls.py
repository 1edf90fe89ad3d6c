from __future__ import annotations

from django.urls import path

from displace.web.pipeline import views

urlpatterns = [
    path("", views.pipeline, name="pipeline"),
    path("manager/", views.manager_view, name="manager"),
]
