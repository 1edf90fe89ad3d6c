"""Work a request starts but need not wait for: run on a daemon thread of the same process.

A job starts once the transaction that asked for it commits, so it reads what the request
wrote. It runs inline instead when `JOBS_INLINE` is set (DISPLACE_JOBS_INLINE, the test suite).
A job that fails is logged with its name and traceback; the request that started it has
already answered and is not told.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from django.conf import settings
from django.db import connections, transaction

__all__ = ["run_in_background"]

logger = logging.getLogger("displace.jobs")


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
