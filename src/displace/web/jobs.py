"""Work a request starts but need not wait for.

Analysis, re-assessment and a team's refresh are django-tasks tasks (`displace.web.*.tasks`),
queued with `enqueue`: in the app's own database by default (read by the worker threads of
`displace worker` processes, which `displace serve` starts itself), or in Redis for RQ
workers (DISPLACE_TASK_BACKEND=rq). Under `JOBS_INLINE` (DISPLACE_JOBS_INLINE, the test
suite) a task runs at once, inside the request. Each task records its own state where people
see it (a conversation's analysis state); a task that fails is also logged, with its traceback.

`run_in_background` runs a plain function on a daemon thread of the same process once the
transaction commits: for work that must stay in this process.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import connections, transaction
from django_tasks.base import Task

__all__ = [
    "QueueUnavailable",
    "enqueue",
    "job_stalled",
    "queue_depth",
    "run_in_background",
    "start_worker_processes",
    "start_workers",
    "stop_worker_processes",
    "worker_for_database_queue",
]

logger = logging.getLogger("displace.jobs")

# How often an idle worker looks at the database queue, in seconds.
POLL_SECONDS = 0.5

# A job running this long has lost its worker (an analysis takes seconds): it may be queued again.
STALLED_AFTER_SECONDS = 15 * 60


def enqueue(task: Task[Any, Any], *args: Any, then: Callable[[str], object] | None = None,
            ) -> None:
    """Queue `task(*args)` for a worker, then call `then(job_id)` (to record the job's id).

    On the database queue the job's row is written in the current transaction, so it exists
    exactly when the rows it reads do. Redis is handed the job once that transaction commits,
    so its worker never looks for rows not yet committed. Inline, the task runs here, now.
    """
    def hand_over() -> None:
        result = task.enqueue(*args)
        if then is not None:
            then(str(result.id))

    if settings.TASK_BACKEND == "rq" and not settings.JOBS_INLINE:
        transaction.on_commit(hand_over)
    else:
        hand_over()


class QueueUnavailable(Exception):
    """The job queue cannot be read (Redis does not answer)."""


def queue_depth() -> dict[str, int]:
    """What the job queue holds now, for `/healthz` and monitoring: `waiting` (queued, ready for
    a worker), `running`, and `oldest_waiting_seconds` (0 when none waits). A number that keeps
    growing means the workers cannot keep up, or none is running."""
    if settings.TASK_BACKEND == "rq" and not settings.JOBS_INLINE:
        return _rq_depth()
    from django.utils import timezone
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.ready()
    oldest = waiting.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    age = 0 if oldest is None else max(0, int((timezone.now() - oldest).total_seconds()))
    return {"waiting": waiting.count(),
            "running": DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).count(),
            "oldest_waiting_seconds": age}


def job_stalled(job_id: str) -> bool:
    """Whether the job will never finish by itself: its record is gone (a queue emptied), it
    ended without its work being recorded, or it has been running for longer than any job takes
    (its worker was killed). A job still waiting for a worker is not stalled: queuing it again
    would only run it twice."""
    if not job_id:
        return True
    if settings.TASK_BACKEND == "rq" and not settings.JOBS_INLINE:
        return _rq_job_stalled(job_id)
    from django.core.exceptions import ValidationError
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    try:
        job = (DBTaskResult.objects.filter(pk=job_id)
               .values("status", "started_at").first())
    except (ValidationError, ValueError):
        return True  # not a job id of this queue (written by another backend)
    if job is None:
        return True
    if job["status"] == TaskResultStatus.READY:
        return False
    if job["status"] == TaskResultStatus.RUNNING:
        return _older_than_a_job(job["started_at"])
    return True  # it finished, yet what it was to record is not there


def _older_than_a_job(started: Any) -> bool:
    from django.utils import timezone

    return started is None or (timezone.now() - started).total_seconds() > STALLED_AFTER_SECONDS


def _rq_job_stalled(job_id: str) -> bool:
    import django_rq
    from redis.exceptions import RedisError
    from rq.exceptions import NoSuchJobError
    from rq.job import Job, JobStatus

    try:
        job = Job.fetch(job_id, connection=django_rq.get_connection("default"))
        status = job.get_status()
    except NoSuchJobError:
        return True
    except RedisError:
        return False  # cannot tell; /healthz says the queue is down
    if status in (JobStatus.QUEUED, JobStatus.DEFERRED, JobStatus.SCHEDULED):
        return False
    if status == JobStatus.STARTED:
        return _older_than_a_job(_utc(job.started_at))
    return True


def _utc(moment: Any) -> Any:
    """RQ's times are naive UTC; Django's are aware."""
    from django.utils import timezone

    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.get_fixed_timezone(0))
    return moment


def _rq_depth() -> dict[str, int]:
    import django_rq
    from django.utils import timezone
    from redis.exceptions import RedisError

    try:
        queue = django_rq.get_queue("default")
        jobs = queue.get_jobs(0, 0)  # the oldest waiting job, if any
        oldest = _utc(jobs[0].enqueued_at) if jobs else None
        age = 0 if oldest is None else max(0, int((timezone.now() - oldest).total_seconds()))
        return {"waiting": queue.count, "running": queue.started_job_registry.count,
                "oldest_waiting_seconds": age}
    except RedisError as error:
        raise QueueUnavailable(str(error)) from error


def worker_for_database_queue(name: str, *, batch: bool = False) -> Any:
    """A django-tasks-db worker for the default queue; `.run()` works until `.running` is
    False (with `batch`, until the queue is empty). Its id names the machine, the process and
    `name`, as a job records who ran it."""
    from django_tasks_db.management.commands.db_worker import Worker

    return Worker(queue_names=["default"], interval=POLL_SECONDS, batch=batch,
                  backend_name="default", startup_delay=False, max_tasks=None,
                  worker_id=f"{socket.gethostname()}-{os.getpid()}-{name}"[:64],
                  excluded_queue_names=[])


def start_workers(count: int) -> list[Any]:
    """Start `count` database-queue workers on daemon threads of this process; returns them
    (set `.running = False` to stop one after its current job)."""
    workers = [worker_for_database_queue(f"thread{i}") for i in range(count)]
    for i, worker in enumerate(workers):
        threading.Thread(target=_work, args=(worker,), name=f"displace-worker-{i}",
                         daemon=True).start()
    return workers


def start_worker_processes(count: int) -> list[subprocess.Popen[bytes]]:
    """Start `count` `displace worker` processes that stop when this process ends: how
    `displace serve` runs jobs with no other service. Processes, not threads, so a long
    analysis never holds up a page waiting for the same interpreter lock."""
    command = [sys.executable, "-c", "from displace.cli.main import main; main()", "worker",
               "--parent", str(os.getpid())]
    return [subprocess.Popen(command) for _ in range(count)]


def stop_worker_processes(processes: list[subprocess.Popen[bytes]]) -> None:
    """Ask each worker to finish its current job and stop; wait for them a little."""
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def _work(worker: Any) -> None:
    try:
        worker.run()
    except Exception:  # the thread must not die silently: say why jobs stopped
        logger.exception("job worker %s stopped", worker.worker_id)
    finally:
        connections.close_all()


def run_in_background(name: str, function: Callable[..., object], *args: object) -> None:
    """Run `function(*args)` on a daemon thread after the current transaction commits."""
    if settings.JOBS_INLINE:
        _run(name, function, args)
        return

    def start() -> None:
        thread = threading.Thread(target=_run_on_thread, args=(name, function, args),
                                  name=f"displace-job-{name}", daemon=True)
        thread.start()

    transaction.on_commit(start)  # at once when no transaction is open


def _run(name: str, function: Callable[..., object], args: tuple[object, ...]) -> None:
    try:
        function(*args)
    except Exception:
        logger.exception("background job %s failed", name)


def _run_on_thread(name: str, function: Callable[..., object], args: tuple[object, ...]) -> None:
    try:
        _run(name, function, args)
    finally:
        connections.close_all()  # this thread's own connections, opened by the job
