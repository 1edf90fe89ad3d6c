"""Dates and times in English (see displace.web.formatting)."""

from __future__ import annotations

from displace.web.formatting import DATE_FORMATS, DATETIME_FORMATS
from displace.web.formatting import TIME_FORMAT as TIME_FORMAT

DATE_FORMAT = SHORT_DATE_FORMAT = DATE_FORMATS["en"]
DATETIME_FORMAT = SHORT_DATETIME_FORMAT = DATETIME_FORMATS["en"]
