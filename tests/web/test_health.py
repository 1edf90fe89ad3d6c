"""GET /healthz answers without signing in: 200 with the job queue's depth while the database and
the queue answer, 503 saying which one does not."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import DatabaseError
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from displace.web import health
from displace.web.conversations.actions import Upload, record_upload
from displace.web.deals.models import Deal
from tests.web.conftest import ENGLISH_CALL


def test_it_answers_healthz_with_200_ok_and_an_empty_queue(db: None) -> None:
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok", "jobs": {"waiting": 0, "running": 0, "oldest_waiting_seconds": 0}}


def test_healthz_counts_the_jobs_waiting_for_a_worker_and_the_oldest_ones_age(
    settings: Any, alices_deal: Deal,
) -> None:
    settings.JOBS_INLINE = False
    settings.TASK_BACKEND = "database"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    record_upload(alices_deal, Upload("one.txt", ENGLISH_CALL.encode()), by=alices_deal.owner)
    record_upload(alices_deal, Upload("two.txt", (ENGLISH_CALL + "\nLan: Bye.").encode()),
                  by=alices_deal.owner)
    DBTaskResult.objects.filter(pk=DBTaskResult.objects.order_by("enqueued_at")[0].pk).update(
        enqueued_at=timezone.now() - timedelta(minutes=5))
    jobs = Client().get("/healthz").json()["jobs"]
    assert jobs["waiting"] == 2 and jobs["running"] == 0
    assert 299 <= jobs["oldest_waiting_seconds"] <= 400
    DBTaskResult.objects.update(status="RUNNING")
    jobs = Client().get("/healthz").json()["jobs"]
    assert jobs == {"waiting": 0, "running": 2, "oldest_waiting_seconds": 0}


def test_healthz_answers_503_when_the_job_queue_cannot_be_read(
    db: None, monkeypatch: pytest.MonkeyPatch,
) -> None:
    def unreachable() -> dict[str, int]:
        raise health.QueueUnavailable("Connection refused")

    monkeypatch.setattr(health, "queue_depth", unreachable)
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "job queue unavailable"}


def test_healthz_answers_503_when_the_database_cannot_be_reached(db: None) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise DatabaseError("could not connect")

    with pytest.MonkeyPatch.context() as patch:  # undone before the test database's checks
        patch.setattr("django.db.backends.utils.CursorWrapper.execute", broken)
        response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "database unavailable"}
