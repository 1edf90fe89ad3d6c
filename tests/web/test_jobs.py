"""Background jobs: inline in tests, on a daemon thread otherwise; a failure is logged only."""

from __future__ import annotations

import logging
import threading
from typing import Any

import pytest

from displace.web.jobs import run_in_background


def test_it_runs_a_job_inline_when_told_to(settings: Any) -> None:
    settings.JOBS_INLINE = True
    done: list[int] = []
    run_in_background("add", done.append, 7)
    assert done == [7]


def test_a_failing_job_is_logged_not_raised(
    settings: Any, caplog: pytest.LogCaptureFixture
) -> None:
    settings.JOBS_INLINE = True

    def broken() -> None:
        raise RuntimeError("the database went away")

    with caplog.at_level(logging.ERROR, logger="displace.jobs"):
        run_in_background("broken", broken)
    assert "background job broken failed" in caplog.text
    assert "the database went away" in caplog.text


def test_it_runs_a_job_on_a_daemon_thread_once_the_transaction_commits(
    settings: Any, db: None, django_capture_on_commit_callbacks: Any
) -> None:
    settings.JOBS_INLINE = False
    finished = threading.Event()
    seen: dict[str, Any] = {}

    def job(value: str) -> None:
        seen["value"], seen["thread"] = value, threading.current_thread()
        finished.set()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        run_in_background("later", job, "hello")
        assert not finished.is_set()  # not before the commit
    assert len(callbacks) == 1
    assert finished.wait(5)
    assert seen["value"] == "hello"
    assert seen["thread"].daemon and seen["thread"].name == "displace-job-later"
