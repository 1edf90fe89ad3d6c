from __future__ import annotations

from django.urls import path

from displace.web.crm import views

urlpatterns = [
    path("import/", views.upload, name="crm-upload"),
    path("imports/<int:import_id>/", views.import_page, name="crm-import"),
    path("imports/<int:import_id>/choices/", views.choose, name="crm-choose"),
    path("imports/<int:import_id>/start/", views.start, name="crm-start"),
    path("imports/<int:import_id>/state/", views.import_state, name="crm-state"),
    path("export/", views.export, name="crm-export"),
]
