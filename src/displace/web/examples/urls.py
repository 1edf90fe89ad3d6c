from __future__ import annotations

from django.urls import path

from displace.web.examples import views

urlpatterns = [
    path("findings/<int:finding_id>/wrong/", views.mark_wrong, name="finding-wrong"),
    path("conversations/<int:conversation_id>/turns/<int:turn>/teach/", views.teach,
         name="turn-teach"),
    path("examples/<int:example_id>/confirm/", views.confirm, name="example-confirm"),
    path("examples/<int:example_id>/remove/", views.remove, name="example-remove"),
]
