"""`displace worker`: run background jobs (analysis, re-assessment) until stopped."""

from __future__ import annotations

import os
import signal
import threading
import time

import click

from displace.web.bootstrap import start_django

__all__ = ["command"]


@click.command("worker")
@click.option("--parent", type=int, default=0, hidden=True,
              help="Stop when this process ends (how `displace serve` starts its workers).")
def command(parent: int) -> None:
    """Run the jobs the web app queues: on this machine beside `displace serve`, or on others
    against the same PostgreSQL (DISPLACE_TASK_BACKEND=database) or Redis (rq)."""
    start_django(migrate=False)
    from django.conf import settings

    if parent:
        _stop_with(parent)
        # Beside the web server on the same machine, pages come first: people wait for them,
        # and nobody waits on an analysis to the second.
        os.nice(10)
    if settings.TASK_BACKEND == "rq":
        from django.core.management import call_command

        click.echo("Displace worker: jobs from Redis (RQ), queue 'default'.")
        call_command("rqworker", "default", job_class="django_tasks_rq.backend.Job")
        return
    from displace.web.jobs import worker_for_database_queue

    worker = worker_for_database_queue("process")
    worker.configure_signals()  # Ctrl+C or SIGTERM: finish the current job, then stop
    click.echo(f"Displace worker {worker.worker_id}: jobs from the database queue.")
    worker.run()


def _stop_with(parent: int) -> None:
    """Ask this worker to stop (as Ctrl+C would) once the `displace serve` that started it is
    gone, however it ended, so no worker is left behind."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="displace-worker-watch", daemon=True).start()
