from __future__ import annotations

from django.urls import path

from displace.web.conversations import views

urlpatterns = [
    path("deals/<int:deal_id>/conversations/new/", views.upload, name="conversation-upload"),
    path("conversations/<int:conversation_id>/", views.conversation_page, name="conversation"),
    path("conversations/<int:conversation_id>/roles/", views.set_roles, name="conversation-roles"),
    path("conversations/<int:conversation_id>/state/", views.analysis_state,
         name="conversation-state"),
    path("conversations/<int:conversation_id>/retry/", views.retry, name="conversation-retry"),
    path("findings/<int:finding_id>/accept/", views.accept_finding, name="finding-accept"),
]
