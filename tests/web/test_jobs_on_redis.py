"""The jobs on RQ + Redis (DISPLACE_TASK_BACKEND=rq), as a team whose workers run on other
machines has them: needs a Redis server at DISPLACE_REDIS_URL (CI starts one from Debian's
packages and sets DISPLACE_REQUIRE_REDIS=1, so that these cannot be skipped there)."""

from __future__ import annotations

import os
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from displace.web.conversations.actions import Upload, record_upload, retry_analysis
from displace.web.conversations.models import AnalysisState
from displace.web.deals.models import Deal
from tests.requirements import unavailable
from tests.web.conftest import ENGLISH_CALL

REDIS_URL = os.environ.get("DISPLACE_REDIS_URL", "")


@pytest.fixture
def on_redis(settings: Any) -> Any:
    """Jobs go to Redis once the transaction commits; `run_jobs()` works through them."""
    if not REDIS_URL:
        unavailable("no Redis server (set DISPLACE_REDIS_URL=redis://127.0.0.1:6379/0)",
                    "DISPLACE_REQUIRE_REDIS")
    settings.JOBS_INLINE = False
    settings.TASK_BACKEND = "rq"
    settings.RQ_QUEUES = {"default": {"URL": REDIS_URL}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}
    import django_rq
    from rq import SimpleWorker

    queue = django_rq.get_queue("default")
    queue.connection.ping()  # a Redis that does not answer fails here, saying so
    queue.empty()

    def run_jobs() -> None:
        worker = django_rq.get_worker("default", job_class="django_tasks_rq.backend.Job",
                                      worker_class=SimpleWorker)
        worker.work(burst=True)  # in this process, until the queue is empty

    yield run_jobs
    queue.empty()


@pytest.mark.django_db(transaction=True)
def test_an_rq_worker_analyses_an_upload_then_reassesses_its_deal(
    on_redis: Any, alices_deal: Deal
) -> None:
    conversation = record_upload(alices_deal, Upload("call.txt", ENGLISH_CALL.encode()),
                                 by=alices_deal.owner).conversation
    conversation.refresh_from_db()
    assert conversation.analysis_state == AnalysisState.QUEUED
    assert conversation.analysis_task  # the job's id in Redis
    on_redis()
    conversation.refresh_from_db()
    assert conversation.analysis_state == AnalysisState.DONE
    assert conversation.findings.exists()
    alices_deal.refresh_from_db()
    assert alices_deal.assessment["conversations"] == [conversation.title]


@pytest.mark.django_db(transaction=True)
def test_a_failed_job_on_rq_keeps_its_reason_and_is_retried(
    on_redis: Any, alices_deal: Deal, monkeypatch: pytest.MonkeyPatch,
    login: Any,
) -> None:
    from displace.web.conversations import actions

    def broken(*args: Any) -> Any:
        raise RuntimeError("the coach's model file is unreadable")

    conversation = record_upload(alices_deal, Upload("call.txt", ENGLISH_CALL.encode()),
                                 by=alices_deal.owner).conversation
    monkeypatch.setattr(actions, "_analyse", broken)
    on_redis()
    conversation.refresh_from_db()
    assert conversation.analysis_state == AnalysisState.FAILED
    assert not conversation.findings.exists()
    monkeypatch.undo()
    retry_analysis(conversation, by=alices_deal.owner)
    on_redis()
    conversation.refresh_from_db()
    assert conversation.analysis_state == AnalysisState.DONE
    client: Client = login("alice")
    page = client.get(reverse("conversation", args=[conversation.pk])).content.decode()
    assert "waiting for the coach" not in page and "<mark" in page


@pytest.mark.django_db(transaction=True)
def test_healthz_counts_the_jobs_waiting_in_redis(on_redis: Any, alices_deal: Deal) -> None:
    record_upload(alices_deal, Upload("call.txt", ENGLISH_CALL.encode()), by=alices_deal.owner)
    jobs = Client().get("/healthz").json()["jobs"]
    assert jobs["waiting"] == 1 and jobs["running"] == 0
    assert 0 <= jobs["oldest_waiting_seconds"] < 60
    on_redis()
    assert Client().get("/healthz").json()["jobs"]["waiting"] == 0


def test_healthz_answers_503_when_redis_does_not_answer(db: None, settings: Any) -> None:
    settings.JOBS_INLINE = False
    settings.TASK_BACKEND = "rq"
    settings.RQ_QUEUES = {"default": {"URL": "redis://127.0.0.1:1/0"}}
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "job queue unavailable"}
