"""Numbers as each language writes them, the same in the core's messages and on the pages."""

from __future__ import annotations

import pytest

from displace.core.text.numbers import (
    format_count,
    format_decimal,
    format_percent,
    format_size,
    format_sizes,
)


def test_it_groups_thousands_the_readers_way() -> None:
    assert format_count(1_234_567, "en") == "1,234,567"
    assert format_count(1_234_567, "vi") == "1.234.567"


def test_it_writes_decimals_with_the_readers_mark_and_no_trailing_zeros() -> None:
    assert format_decimal(1234.5, "en") == "1,234.5"
    assert format_decimal(1234.5, "vi") == "1.234,5"
    assert format_decimal(0.975, "vi", places=3) == "0,975"
    assert format_decimal(2.0, "en") == "2"


def test_it_writes_one_percent_format_per_language() -> None:
    assert format_percent(0.6, "en") == "60%"
    assert format_percent(0.6, "vi") == "60 %"
    assert format_percent(None, "vi") == "–"


@pytest.mark.parametrize(("size", "language", "expected"), [
    (1, "en", "1 byte"),
    (512, "en", "512 bytes"),
    (512, "vi", "512 byte"),
    (45_000, "en", "45 KB"),
    (2_500_000, "en", "2.5 MB"),
    (2_500_000, "vi", "2,5 MB"),
    (5 * 1024 * 1024, "en", "5.2 MB"),
])
def test_it_shows_a_size_in_words_rather_than_bytes(size: int, language: str,
                                                     expected: str) -> None:
    assert format_size(size, language) == expected


def test_it_tells_a_size_from_its_limit_even_when_they_round_alike() -> None:
    assert format_sizes(2_500_000, 2_000_000, "en") == ("2.5 MB", "2 MB")
    assert format_sizes(2_000_001, 2_000_000, "en") == ("2.000001 MB", "2 MB")
    assert format_sizes(2_000_000, 2_000_000, "vi") == ("2 MB", "2 MB")
