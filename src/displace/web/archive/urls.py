from __future__ import annotations

from django.urls import path

from displace.web.archive import views

urlpatterns = [
    path("teams/export/", views.team_exports, name="team-exports"),
    path("teams/<int:team_id>/export.zip", views.download_team_export, name="team-export"),
]
