"""Figures kept for every server process: computed once, shown while fresh, refreshed in the
background once out of date, never waited for."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.core.cache import cache

from displace.web import jobs
from displace.web.figures import stored
from displace.web.figures.stored import Figure

pytestmark = pytest.mark.django_db

computed: list[int] = []


def squares(n: int) -> dict[str, int]:
    """A figure whose computations are counted."""
    computed.append(n)
    return {"square": n * n, "computation": len(computed)}


SQUARES = Figure(squares, fresh_seconds=60)


@pytest.fixture(autouse=True)
def _nothing_computed() -> None:
    computed.clear()


def _later(monkeypatch: pytest.MonkeyPatch, seconds: float) -> None:
    moment = time.time() + seconds
    monkeypatch.setattr(stored.time, "time", lambda: moment)


def test_a_figure_is_computed_once_and_read_back_while_fresh() -> None:
    assert SQUARES.read(3) == {"square": 9, "computation": 1}
    assert SQUARES.read(3) == {"square": 9, "computation": 1}
    assert SQUARES.read(4)["square"] == 16  # other ids, another figure
    assert computed == [3, 4]


def test_an_out_of_date_figure_is_shown_as_it_was_and_refreshed_behind_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    SQUARES.read(5)
    _later(monkeypatch, 61)
    assert SQUARES.read(5)["computation"] == 1  # shown at once, not waited for
    assert computed == [5, 5]  # the refresh ran (inline in tests, a worker in production)
    assert SQUARES.read(5)["computation"] == 2


def test_a_fresh_figure_is_not_refreshed(monkeypatch: pytest.MonkeyPatch) -> None:
    SQUARES.read(5)
    _later(monkeypatch, 59)
    SQUARES.read(5)
    assert computed == [5]


def test_one_refresh_is_queued_however_many_visits_find_it_out_of_date(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    queued: list[tuple[Any, ...]] = []
    monkeypatch.setattr(jobs, "enqueue", lambda task, *args: queued.append(args))
    SQUARES.read(6)
    _later(monkeypatch, 120)
    for _ in range(3):
        SQUARES.read(6)
    assert queued == [(SQUARES.name, SQUARES.version, [6])]
    stored.refresh_named(*queued[0])  # what the worker does
    assert SQUARES.read(6)["computation"] == 2
    _later(monkeypatch, 240)
    SQUARES.read(6)
    assert len(queued) == 2  # the refresh stored it and let the next one be queued


def test_a_figure_computed_on_an_earlier_day_is_out_of_date(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    forever = Figure(squares, fresh_seconds=10**9)
    yesterday = time.time() - 86_400
    cache.set(stored._key(forever.name, forever.version, [7]), ({"square": 0}, yesterday))
    assert forever.read(7) == {"square": 0}
    assert forever.read(7)["square"] == 49


def test_a_figure_kept_in_another_shape_is_computed_again() -> None:
    cache.set(stored._key(SQUARES.name, SQUARES.version, [8]), "not a figure")
    assert SQUARES.read(8)["square"] == 64


def test_a_new_version_of_a_figure_does_not_read_the_old_one() -> None:
    SQUARES.read(9)
    assert Figure(squares, fresh_seconds=60, version=2).read(9)["computation"] == 2


def test_forgetting_drops_every_figure() -> None:
    SQUARES.read(2)
    stored.forget_all()
    SQUARES.read(2)
    assert computed == [2, 2]


def test_a_queued_refresh_runs_only_the_function_of_a_figure() -> None:
    with pytest.raises(ValueError, match="not the function of a stored figure"):
        stored.refresh_named("os.getcwd", 1, [])
    assert computed == []
