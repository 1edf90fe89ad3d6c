"""Errors Displace raises for people to read.

DisplaceError                 base: a message a user can act on, never a traceback
├── InputError                a file or text we cannot read (missing, undecodable, empty...)
│   ├── ExamplesFileError     a team's file of examples (file, example, field), defined in
│   │                         displace.core.coach.teaching
│   └── CrmError              a CRM export, a column choice or a value (file, line), in
│                             English or Vietnamese, defined in displace.core.crm.messages
├── RulePackError             a rule pack that does not load (file, line, reason)
├── DealFileError             a deal file that does not validate (file, key path, expectation)
└── CatalogueError            a catalogue or playbook that does not load (file, entry, key)
                              defined in displace.core.deal.catalogue

Every one of them answers `in_language(language)`: the message a page or an API answer shows
its reader. An error raised with a `displace.core.messages.Message` (the reader's, the deal
file's, the catalogues' and the rule packs') is written in that language; `str(error)` stays
English, in the command line's words.
"""

from __future__ import annotations

__all__ = ["DealFileError", "DisplaceError", "InputError", "RulePackError"]


class DisplaceError(Exception):
    """An error whose message is meant for the person running Displace."""

    def in_language(self, language: str) -> str:
        """The message in `language` (en or vi) when it was raised as a `Message`; otherwise
        as it was written."""
        message = self.args[0] if self.args else ""
        speak = getattr(message, "in_language", None)
        return str(speak(language)) if callable(speak) else str(self)


class InputError(DisplaceError):
    """A conversation or other input that cannot be read."""


class RulePackError(DisplaceError):
    """A rule pack that cannot be loaded."""


class DealFileError(DisplaceError):
    """A deal file that does not validate.

    `key_path` (`prospect.name`, `offer[2].text`), `check` (the schema keyword that failed, or
    `contact` / `unique`) and `expected` (its value) let a form put the error on its field and
    say it in the reader's language; they are empty when the error concerns the whole file.
    """

    def __init__(self, message: object, *, key_path: str = "", check: str = "",
                 expected: object = None) -> None:
        super().__init__(message)
        self.key_path, self.check, self.expected = key_path, check, expected
