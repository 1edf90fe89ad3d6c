from __future__ import annotations

from django.urls import path

from displace.web.followups import views

urlpatterns = [
    path("", views.follow_up_list, name="follow-ups"),
    path("deal/<int:deal_id>/", views.add, name="follow-up-add"),
    path("<int:follow_up_id>/done/", views.done, name="follow-up-done"),
]

# Mounted at the site's root: calendar apps subscribe to /calendar/<secret>.ics
feed_urlpatterns = [
    path("calendar/<str:secret>.ics", views.calendar_feed, name="calendar-feed"),
]
