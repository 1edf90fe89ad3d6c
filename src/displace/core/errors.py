"""Errors Displace raises for people to read.

DisplaceError                 base: a message a user can act on, never a traceback
├── InputError                a file or text we cannot read (missing, undecodable, empty...)
│   └── ExamplesFileError     a team's file of examples (file, example, field), defined in
│                             displace.core.coach.teaching
├── RulePackError             a rule pack that does not load (file, line, reason)
├── DealFileError             a deal file that does not validate (file, key path, expectation)
└── CatalogueError            a catalogue or playbook that does not load (file, entry, key)
                              defined in displace.core.deal.catalogue
"""

from __future__ import annotations

__all__ = ["DealFileError", "DisplaceError", "InputError", "RulePackError"]


class DisplaceError(Exception):
    """An error whose message is meant for the person running Displace."""


class InputError(DisplaceError):
    """A conversation or other input that cannot be read."""


class RulePackError(DisplaceError):
    """A rule pack that cannot be loaded."""


class DealFileError(DisplaceError):
    """A deal file that does not validate."""
