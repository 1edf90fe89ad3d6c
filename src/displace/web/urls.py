"""Every URL of the web app, grouped by noun."""

from __future__ import annotations

from django.urls import include, path

from displace.web.api.site import api
from displace.web.followups.urls import feed_urlpatterns
from displace.web.health import healthz

urlpatterns = [
    path("", include("displace.web.pipeline.urls")),
    path("", include("displace.web.accounts.urls")),
    path("deals/", include("displace.web.deals.urls")),
    path("deals/crm/", include("displace.web.crm.urls")),
    path("", include("displace.web.conversations.urls")),
    path("competitors/", include("displace.web.competitors.urls")),
    path("follow-ups/", include("displace.web.followups.urls")),
    path("library/", include("displace.web.library.urls")),
    path("", include("displace.web.examples.urls")),
    path("", include(feed_urlpatterns)),
    path("", include("displace.web.archive.urls")),
    path("forecast/", include("displace.web.forecast.urls")),
    path("api/", api.urls),
    path("healthz", healthz, name="healthz"),
]
