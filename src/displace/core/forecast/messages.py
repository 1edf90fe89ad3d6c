"""The forecast's messages in English and Vietnamese (data/i18n/forecast.toml)."""

from __future__ import annotations

from displace.core.errors import DisplaceError
from displace.core.report.labels import labels_for

__all__ = ["ForecastError", "message"]


def message(key: str, language: str = "en", **values: object) -> str:
    """The message `key` in `language` (en or vi; English for anything else), filled in."""
    return labels_for(language, "forecast")(key, **values)


class ForecastError(DisplaceError):
    """A calibration or refit that cannot be done (too few closed deals, one outcome only).

    `str(error)` is in English; `in_language` gives it in another, for a page or an API answer.
    """

    def __init__(self, key: str, **values: object) -> None:
        self.key = key
        self.values = values
        super().__init__(message(key, "en", **values))

    def in_language(self, language: str) -> str:
        """The same message in `language` (en or vi)."""
        return message(self.key, language, **self.values)
