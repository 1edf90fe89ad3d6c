"""GET /healthz: 200 when the app answers and its database and job queue do, for load balancers,
uptime checks and monitoring (the queue's depth is in the answer)."""

from __future__ import annotations

from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from displace.web.jobs import QueueUnavailable, queue_depth


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """{"status": "ok", "jobs": {"waiting", "running", "oldest_waiting_seconds"}} with 200, or
    503 when the database or the job queue cannot be reached."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"status": "database unavailable"}, status=503)
    try:
        jobs = queue_depth()
    except QueueUnavailable:
        return JsonResponse({"status": "job queue unavailable"}, status=503)
    except DatabaseError:
        return JsonResponse({"status": "database unavailable"}, status=503)
    return JsonResponse({"status": "ok", "jobs": jobs})
