"""An upload is stored and answered at once; the coach's analysis runs as a job whose state
people see, whose failure stores nothing but its reason, and which can be retried; the same
transcript twice is recognised, even from two requests at once."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from displace.web.conversations import actions
from displace.web.conversations.actions import Upload, record_upload, retry_analysis
from displace.web.conversations.models import AnalysisState, Conversation, Finding
from displace.web.deals.models import Deal
from displace.web.jobs import worker_for_database_queue
from tests.web.conftest import ENGLISH_CALL, ApiClient

CALL = Upload("call.txt", ENGLISH_CALL.encode())


@pytest.fixture
def queued(settings: Any) -> None:
    """Jobs wait in the database queue for a worker, as they do on a server."""
    settings.JOBS_INLINE = False
    settings.TASK_BACKEND = "database"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _break_storing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the end of the analysis fail after it has written some of the findings."""
    store = actions._store_findings

    def half_then_fail(conversation: Conversation, report: Any) -> None:
        store(conversation, report)
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(actions, "_store_findings", half_then_fail)


@pytest.mark.usefixtures("queued")
def test_an_upload_is_stored_at_once_with_its_analysis_queued(alices_deal: Deal) -> None:
    recorded = record_upload(alices_deal, CALL, by=alices_deal.owner)
    conversation = recorded.conversation
    assert recorded.created
    assert conversation.analysis_state == AnalysisState.QUEUED
    assert not conversation.findings.exists() and conversation.turns == []
    job = DBTaskResult.objects.get()
    assert job.task_path.endswith("analyse_conversation")
    assert job.args_kwargs["args"] == [conversation.pk]
    assert conversation.analysis_task == str(job.id)


@pytest.mark.usefixtures("queued")
@pytest.mark.django_db(transaction=True)
def test_a_worker_analyses_the_upload_then_reassesses_its_deal(alices_deal: Deal) -> None:
    conversation = record_upload(alices_deal, CALL, by=alices_deal.owner).conversation
    worker_for_database_queue("test", batch=True).run()  # until the queue is empty
    conversation.refresh_from_db()
    assert conversation.analysis_state == AnalysisState.DONE
    assert conversation.findings.exists() and conversation.turns
    jobs = {j.task_path.rsplit(".", 1)[1]: j.status for j in DBTaskResult.objects.all()}
    assert jobs == {"analyse_conversation": "SUCCESSFUL", "assess_deal": "SUCCESSFUL"}
    alices_deal.refresh_from_db()
    assert alices_deal.assessment["conversations"] == [conversation.title]


def test_the_analysis_is_running_while_the_coach_reads(
    alices_deal: Deal, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[str] = []
    analyse = actions._analyse

    def watched(*args: Any) -> Any:
        seen.extend(Conversation.objects.values_list("analysis_state", flat=True))
        return analyse(*args)

    monkeypatch.setattr(actions, "_analyse", watched)
    conversation = record_upload(alices_deal, CALL, by=alices_deal.owner).conversation
    assert seen == [AnalysisState.RUNNING]
    assert conversation.analysis_state == AnalysisState.DONE


def test_a_failed_analysis_leaves_nothing_half_written_and_can_be_retried(
    alices_deal: Deal, monkeypatch: pytest.MonkeyPatch
) -> None:
    _break_storing(monkeypatch)
    conversation = record_upload(alices_deal, CALL, by=alices_deal.owner).conversation
    assert conversation.analysis_state == AnalysisState.FAILED
    assert "internal error (RuntimeError)" in conversation.analysis_error
    assert not Finding.objects.exists()
    assert conversation.turns == [] and conversation.metrics == {}
    monkeypatch.undo()
    retried = retry_analysis(conversation, by=alices_deal.owner)
    assert retried.analysis_state == AnalysisState.DONE and retried.analysis_error == ""
    assert retried.findings.exists()


def test_a_transcript_the_coach_cannot_read_fails_with_the_reason_in_the_uploaders_language(
    alices_deal: Deal, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.utils.translation import gettext as _

    def unreadable(*args: Any) -> Any:
        raise actions.UploadError(_("No speaker turns were found in this transcript."))

    profile = alices_deal.owner.profile  # type: ignore[attr-defined]
    profile.language = "vi"
    profile.save()
    monkeypatch.setattr(actions, "_analyse", unreadable)
    conversation = record_upload(alices_deal, CALL, by=alices_deal.owner).conversation
    assert conversation.analysis_state == AnalysisState.FAILED
    assert conversation.analysis_error.startswith("Không tìm thấy")


def test_only_a_failed_analysis_can_be_retried(alices_call: Conversation) -> None:
    with pytest.raises(actions.UploadError, match="Only a failed or stalled analysis"):
        retry_analysis(alices_call, by=alices_call.deal.owner)


def test_the_same_transcript_twice_is_recognised_not_stored_again(alices_deal: Deal) -> None:
    first = record_upload(alices_deal, CALL, by=alices_deal.owner)
    again = record_upload(alices_deal, Upload("renamed.txt", CALL.content), by=alices_deal.owner)
    assert first.created and not again.created
    assert again.conversation.pk == first.conversation.pk
    assert Conversation.objects.count() == 1


def test_the_same_transcript_on_another_deal_is_a_conversation_of_its_own(
    alices_deal: Deal, make_deal: Callable[..., Deal]
) -> None:
    other = make_deal("alice", title="Second deal")
    record_upload(alices_deal, CALL, by=alices_deal.owner)
    assert record_upload(other, CALL, by=other.owner).created


@pytest.mark.django_db(transaction=True)
def test_two_requests_with_the_same_transcript_at_once_store_it_once(
    alices_deal: Deal, monkeypatch: pytest.MonkeyPatch
) -> None:
    both_checked = threading.Barrier(2, timeout=20)
    parse = actions._parse
    waited: set[int] = set()

    def in_step(*args: Any) -> Any:
        if threading.get_ident() not in waited:  # the request's check, not the analysis's
            waited.add(threading.get_ident())
            both_checked.wait()  # both have looked for the transcript and found none
        return parse(*args)

    monkeypatch.setattr(actions, "_parse", in_step)
    results: list[actions.Recorded] = []
    errors: list[BaseException] = []

    def upload() -> None:
        try:
            results.append(record_upload(alices_deal, CALL, by=alices_deal.owner))
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=upload) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert sorted(r.created for r in results) == [False, True]
    assert {r.conversation.pk for r in results} == {Conversation.objects.get().pk}
    assert Conversation.objects.get().analysis_state == AnalysisState.DONE


def test_sqlite_runs_as_a_team_server_wal_busy_timeout_and_immediate_writes(db: None) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("SQLite settings only")
    with connection.cursor() as cursor:
        assert cursor.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert cursor.execute("PRAGMA busy_timeout").fetchone()[0] == 20_000
    assert connection.transaction_mode == "IMMEDIATE"  # type: ignore[attr-defined]


def _started(conversation: Conversation, minutes_ago: int) -> None:
    """The conversation's job as a worker left it: running since `minutes_ago`."""
    from datetime import timedelta

    from django.utils import timezone

    DBTaskResult.objects.filter(pk=conversation.analysis_task).update(
        status="RUNNING", started_at=timezone.now() - timedelta(minutes=minutes_ago))
    Conversation.objects.filter(pk=conversation.pk).update(analysis_state=AnalysisState.RUNNING)
    conversation.refresh_from_db()


@pytest.mark.usefixtures("queued")
def test_a_job_waiting_or_running_for_minutes_is_not_stalled(alices_deal: Deal) -> None:
    conversation = record_upload(alices_deal, CALL, by=alices_deal.owner).conversation
    assert not actions.can_retry(conversation)  # waiting: a second job would run it twice
    _started(conversation, minutes_ago=3)
    assert not actions.can_retry(conversation)
    with pytest.raises(actions.UploadError, match="failed or stalled"):
        retry_analysis(conversation, by=alices_deal.owner)
    assert DBTaskResult.objects.count() == 1


@pytest.mark.usefixtures("queued")
@pytest.mark.django_db(transaction=True)
def test_a_job_whose_worker_was_killed_is_queued_again_and_then_finishes(
    alices_deal: Deal, login: Callable[[str], Client],
) -> None:
    conversation = record_upload(alices_deal, CALL, by=alices_deal.owner).conversation
    _started(conversation, minutes_ago=20)  # the worker died long ago, the job still "running"
    assert actions.can_retry(conversation)
    page = login("alice").get(reverse("conversation", args=[conversation.pk])).content.decode()
    assert "stopped without finishing" in page and "Retry the analysis" in page
    lost_job = conversation.analysis_task
    retried = retry_analysis(conversation, by=alices_deal.owner)
    assert retried.analysis_state == AnalysisState.QUEUED
    assert DBTaskResult.objects.count() == 2 and retried.analysis_task != lost_job
    worker_for_database_queue("test", batch=True).run()
    retried.refresh_from_db()
    assert retried.analysis_state == AnalysisState.DONE and retried.findings.exists()


@pytest.mark.usefixtures("queued")
def test_a_job_the_queue_lost_is_stalled(alices_deal: Deal, api: ApiClient) -> None:
    conversation = record_upload(alices_deal, CALL, by=alices_deal.owner).conversation
    DBTaskResult.objects.all().delete()
    analysis = api("alice").get(f"/api/conversations/{conversation.pk}").json()["analysis"]
    assert analysis["state"] == "queued" and analysis["stalled"] is True
    assert api("alice").post(f"/api/conversations/{conversation.pk}/retry").status_code == 202


# The pages and the API.

@pytest.mark.usefixtures("queued")
def test_the_page_shows_a_queued_analysis_and_polls_for_it(
    login: Callable[[str], Client], alices_deal: Deal
) -> None:
    conversation = record_upload(alices_deal, CALL, by=alices_deal.owner).conversation
    client = login("alice")
    page = client.get(reverse("conversation", args=[conversation.pk])).content.decode()
    assert "waiting for the coach" in page
    assert f'hx-get="{reverse("conversation-state", args=[conversation.pk])}"' in page
    state = client.get(reverse("conversation-state", args=[conversation.pk]),
                       HTTP_HX_REQUEST="true")
    assert "waiting for the coach" in state.content.decode()
    assert "<html" not in state.content.decode()
    deal_page = client.get(reverse("deal", args=[alices_deal.pk])).content.decode()
    assert "waiting for the coach" in deal_page


def test_the_polled_state_reloads_the_page_once_the_analysis_is_done(
    login: Callable[[str], Client], alices_call: Conversation
) -> None:
    state = login("alice").get(reverse("conversation-state", args=[alices_call.pk]),
                               HTTP_HX_REQUEST="true")
    assert state["HX-Refresh"] == "true"


def test_the_page_shows_why_an_analysis_failed_and_its_owner_retries_it(
    login: Callable[[str], Client], alices_deal: Deal, monkeypatch: pytest.MonkeyPatch
) -> None:
    _break_storing(monkeypatch)
    conversation = record_upload(alices_deal, CALL, by=alices_deal.owner).conversation
    monkeypatch.undo()
    url = reverse("conversation", args=[conversation.pk])
    assert "could not analyse" in login("maria").get(url).content.decode()
    assert "Retry the analysis" not in login("maria").get(url).content.decode()  # not hers
    page = login("alice").get(url).content.decode()
    assert "internal error (RuntimeError)" in page and "Retry the analysis" in page
    assert login("maria").post(reverse("conversation-retry", args=[conversation.pk])
                               ).status_code == 403
    response = login("alice").post(reverse("conversation-retry", args=[conversation.pk]))
    assert response["Location"] == url
    conversation.refresh_from_db()
    assert conversation.analysis_state == AnalysisState.DONE


def test_an_upload_of_a_transcript_already_there_says_so_and_shows_it(
    login: Callable[[str], Client], alices_call: Conversation
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.web.conftest import VIETNAMESE_CALL

    file = SimpleUploadedFile("again.txt", VIETNAMESE_CALL.encode(), content_type="text/plain")
    client = login("alice")
    response = client.post(reverse("conversation-upload", args=[alices_call.deal_id]),
                           {"transcript": file}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("conversation", args=[alices_call.pk])
    assert "already on the deal" in response.content.decode()
    assert Conversation.objects.count() == 1


def test_the_api_answers_201_then_200_for_the_same_transcript(
    api: ApiClient, alices_deal: Deal
) -> None:
    url = f"/api/deals/{alices_deal.pk}/conversations"
    body = {"text": ENGLISH_CALL, "title": "Call"}
    first = api("alice").post(url, body, content_type="application/json")
    again = api("alice").post(url, body, content_type="application/json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert first.json()["analysis"] == {"state": "done", "error": "",
                                        "job_id": first.json()["analysis"]["job_id"],
                                        "stalled": False}
    assert first.json()["content_hash"] == Conversation.objects.get().content_hash


def test_the_api_shows_a_failure_and_retries_it(
    api: ApiClient, alices_deal: Deal, monkeypatch: pytest.MonkeyPatch
) -> None:
    _break_storing(monkeypatch)
    conversation = record_upload(alices_deal, CALL, by=alices_deal.owner).conversation
    monkeypatch.undo()
    shown = api("alice").get(f"/api/conversations/{conversation.pk}").json()
    assert shown["analysis"]["state"] == "failed"
    assert "RuntimeError" in shown["analysis"]["error"]
    url = f"/api/conversations/{conversation.pk}/retry"
    assert api("maria").post(url).status_code == 403
    assert api("charlie").post(url).status_code == 404
    retried = api("alice").post(url)
    assert retried.status_code == 202
    assert retried.json()["analysis"]["state"] == "done"
    assert api("alice").post(url).status_code == 400  # done: nothing to retry
