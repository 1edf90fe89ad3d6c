"""Dates, times, sizes and errors as each language writes them, the same on every page."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from displace.core.errors import DisplaceError, InputError
from displace.core.messages import Message
from displace.web.formatting import error_text, format_date, format_datetime, format_percent

# 09:05 UTC is 16:05 in Ho Chi Minh City, the workspace's default time zone.
MOMENT = datetime(2027, 1, 5, 9, 5, tzinfo=UTC)


def test_it_writes_a_day_before_its_month_in_both_languages() -> None:
    assert format_date(date(2027, 1, 5), "en") == "5 Jan 2027"
    assert format_date(date(2027, 1, 5), "vi") == "05/01/2027"
    assert format_date(None, "en") == ""


def test_it_writes_a_moment_in_the_teams_time_zone_on_a_24_hour_clock() -> None:
    assert format_datetime(MOMENT, "en") == "5 Jan 2027, 16:05"
    assert format_datetime(MOMENT, "vi") == "05/01/2027 16:05"
    assert format_date(datetime(2027, 1, 5, 20, 0, tzinfo=UTC), "vi") == "06/01/2027"


@pytest.mark.parametrize("language", ["en", "vi"])
def test_the_templates_date_filter_agrees_with_the_app(language: str) -> None:
    template = Template('{{ d|date:"SHORT_DATE_FORMAT" }}|{{ m|date:"SHORT_DATETIME_FORMAT" }}')
    with translation.override(language):
        shown = template.render(Context({"d": date(2027, 1, 5), "m": MOMENT}))
    assert shown == f"{format_date(date(2027, 1, 5), language)}|{format_datetime(MOMENT, language)}"
    assert "a.m." not in shown and "p.m." not in shown and "01/05/2027" not in shown


def test_it_writes_percentages_the_way_the_core_does() -> None:
    assert (format_percent(0.6, "en"), format_percent(0.6, "vi")) == ("60%", "60 %")


def test_a_core_error_reads_in_the_active_language() -> None:
    error = InputError(Message("reader", "file.missing", {"name": "a.txt"}))
    with translation.override("vi"):
        assert error_text(error) == "a.txt: không có tệp này"
        assert error_text(DisplaceError("Đã dịch sẵn.")) == "Đã dịch sẵn."
    with translation.override("en"):
        assert error_text(error) == "a.txt: no such file"
