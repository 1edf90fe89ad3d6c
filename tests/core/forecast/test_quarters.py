"""Calendar quarters: which one a day falls in, and the one after."""

from __future__ import annotations

from datetime import date

from displace.core.forecast import Quarter, quarter_of, this_and_next


def test_a_day_falls_in_its_calendar_quarter() -> None:
    assert quarter_of(date(2026, 1, 1)) == Quarter(2026, 1)
    assert quarter_of(date(2026, 3, 31)) == Quarter(2026, 1)
    assert quarter_of(date(2026, 4, 1)) == Quarter(2026, 2)
    assert quarter_of(date(2026, 12, 31)) == Quarter(2026, 4)


def test_a_quarter_runs_from_its_first_day_to_the_next_quarters_first() -> None:
    q = Quarter(2026, 4)
    assert (q.start, q.end, q.label) == (date(2026, 10, 1), date(2027, 1, 1), "2026 Q4")
    assert date(2026, 12, 31) in q and date(2027, 1, 1) not in q


def test_the_next_quarter_after_the_fourth_is_next_years_first() -> None:
    assert this_and_next(date(2026, 11, 15)) == (Quarter(2026, 4), Quarter(2027, 1))
    assert this_and_next(date(2026, 2, 1)) == (Quarter(2026, 1), Quarter(2026, 2))
