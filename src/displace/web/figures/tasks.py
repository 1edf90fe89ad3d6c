"""The background job that computes a stored figure again (see `displace.web.figures`)."""

from __future__ import annotations

from django_tasks import task

from displace.web.figures.stored import refresh_named

__all__ = ["refresh_figure"]


@task()
def refresh_figure(name: str, version: int, args: list[int]) -> None:
    """Compute the figure `name` (its function's dotted path) for `args` and store it."""
    refresh_named(name, version, args)
