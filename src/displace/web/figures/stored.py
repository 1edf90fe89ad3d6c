"""Figures a page shows that take long to compute, computed once for every server process.

A team's coaching hot-spots, its quarter forecast and its calibration report each read
thousands of rows. They are kept in the shared cache — a table of the app's own database, so
every server process and every worker reads the same ones — with the moment they were computed:

- a figure computed less than `fresh_seconds` ago, and today, is shown as it is;
- an older one is still shown, so that the page never waits, and one refresh is queued for a
  worker (run at once under JOBS_INLINE): the next visit shows the new figure;
- a figure never computed (a new person, a restored backup) is computed in the request.

A write that changes a figure (a deal closed) queues its refresh itself (`refresh_later`).
"""

from __future__ import annotations

import pickle
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Generic, TypeVar

from django.core.cache import cache
from django.utils import timezone
from django.utils.module_loading import import_string

__all__ = ["KEEP_SECONDS", "REFRESH_LOCK_SECONDS", "Figure", "forget_all", "refresh_named"]

T = TypeVar("T")

# A figure nobody looked at for this long leaves the cache (the next visit computes it).
KEEP_SECONDS = 7 * 24 * 3600
# A refresh queued this long ago that has not stored its figure (its worker died) is queued again.
REFRESH_LOCK_SECONDS = 300
# What an old figure may fail with when read back after the code changed its shape.
# The functions a Figure was made of (in this process): the only ones a queued refresh runs.
_COMPUTED_BY_FIGURES: set[str] = set()
_UNREADABLE = (pickle.UnpicklingError, AttributeError, ImportError, TypeError, ValueError,
               EOFError)


@dataclass(frozen=True)
class Figure(Generic[T]):
    """A figure computed by `compute(*ids)`, a module-level function (a worker imports it by
    name), kept for every process and refreshed in the background once `fresh_seconds` old."""

    compute: Callable[..., T]
    fresh_seconds: int
    version: int = 1  # raise it when what `compute` returns changes shape

    def __post_init__(self) -> None:
        _COMPUTED_BY_FIGURES.add(self.name)

    @property
    def name(self) -> str:
        return f"{self.compute.__module__}.{self.compute.__qualname__}"

    def read(self, *ids: int) -> T:
        """The figure as last computed (computed here if it never was); a refresh is queued
        when it is out of date."""
        kept = _kept(self.name, self.version, ids)
        if kept is None:
            return self.refresh(*ids)
        value, computed = kept
        if _out_of_date(computed, self.fresh_seconds):
            self.refresh_later(*ids)
        return value  # type: ignore[no-any-return]

    def refresh(self, *ids: int) -> T:
        """Compute the figure now and keep it."""
        return _compute_and_keep(self.compute, self.name, self.version, ids)

    def refresh_later(self, *ids: int) -> None:
        """Queue one refresh (none when one is already queued)."""
        from displace.web.figures.tasks import refresh_figure
        from displace.web.jobs import enqueue

        if cache.add(_lock(self.name, self.version, ids), True, REFRESH_LOCK_SECONDS):
            enqueue(refresh_figure, self.name, self.version, list(ids))


def refresh_named(name: str, version: int, ids: Sequence[int]) -> None:
    """The queued refresh: compute the figure of function `name` for `ids` and keep it."""
    compute: Callable[..., Any] = import_string(name)  # defines its Figure, if it has one
    if name not in _COMPUTED_BY_FIGURES:  # a job runs a figure's function, nothing else
        raise ValueError(f"{name}: not the function of a stored figure")
    _compute_and_keep(compute, name, version, ids)
    cache.delete(_lock(name, version, ids))


def _compute_and_keep(compute: Callable[..., T], name: str, version: int,
                      ids: Sequence[int]) -> T:
    value = compute(*ids)
    cache.set(_key(name, version, ids), (value, time.time()), KEEP_SECONDS)
    return value


def forget_all() -> None:
    """Drop every kept figure: after a restore, the same ids may name other rows."""
    cache.clear()


def _key(name: str, version: int, ids: Sequence[int]) -> str:
    return f"displace:figure:{name}:{version}:{':'.join(str(i) for i in ids)}"


def _lock(name: str, version: int, ids: Sequence[int]) -> str:
    return _key(name, version, ids) + ":refreshing"


def _kept(name: str, version: int, ids: Sequence[int]) -> tuple[Any, float] | None:
    try:
        kept = cache.get(_key(name, version, ids))
    except _UNREADABLE:
        return None
    if not (isinstance(kept, tuple) and len(kept) == 2):
        return None
    return kept[0], float(kept[1])


def _out_of_date(computed: float, fresh_seconds: int) -> bool:
    day = timezone.localdate(datetime.fromtimestamp(computed, tz=UTC))
    return time.time() - computed > fresh_seconds or day != timezone.localdate()
