from __future__ import annotations

from django.urls import path

from displace.web.competitors import views

urlpatterns = [
    path("", views.competitor_list, name="competitors"),
    path("<int:competitor_id>/", views.competitor_page, name="competitor"),
    path("<int:competitor_id>/edit/", views.edit_competitor, name="competitor-edit"),
]
