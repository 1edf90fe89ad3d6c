from __future__ import annotations

from django.urls import path

from displace.web.library import views

urlpatterns = [
    path("", views.library, name="library"),
    path("edit/", views.edit, name="library-edit"),
]
