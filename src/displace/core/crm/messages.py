"""The CRM import's messages in English and Vietnamese (data/i18n/crm.toml)."""

from __future__ import annotations

from displace.core.errors import InputError
from displace.core.report.labels import labels_for

__all__ = ["CrmError", "message"]


def message(key: str, language: str = "en", **values: object) -> str:
    """The message `key` in `language` (en or vi; English for anything else), filled in."""
    return labels_for(language, "crm")(key, **values)


class CrmError(InputError):
    """A CRM file, column choice or value that cannot be read.

    `str(error)` is in the language it was raised with; `in_language` gives it in another,
    so that a web page or an API answer can speak its reader's language.
    """

    def __init__(self, key: str, language: str = "en", **values: object) -> None:
        self.key = key
        self.values = values
        super().__init__(message(key, language, **values))

    def in_language(self, language: str) -> str:
        """The same message in `language` (en or vi)."""
        return message(self.key, language, **self.values)
