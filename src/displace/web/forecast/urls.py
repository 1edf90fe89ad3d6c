from __future__ import annotations

from django.urls import path

from displace.web.forecast import views

urlpatterns = [
    path("calibration/", views.calibration, name="calibration"),
    path("weights/", views.weights, name="forecast-weights"),
    path("weights/refit/", views.refit, name="forecast-refit"),
    path("weights/roll-back/", views.roll_back, name="forecast-roll-back"),
    path("weights/<int:version_id>/", views.version, name="forecast-version"),
    path("weights/<int:version_id>/accept/", views.accept, name="forecast-accept"),
]
