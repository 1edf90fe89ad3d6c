"""The reader's errors, in English and Vietnamese (data/i18n/reader.toml)."""

from __future__ import annotations

from displace.core.errors import InputError
from displace.core.messages import Message, Notice

__all__ = ["at_item", "at_line", "notice", "unreadable"]


def unreadable(key: str, /, **values: object) -> InputError:
    """The InputError `key` of data/i18n/reader.toml: English on the command line, the
    reader's language on a page (`in_language`)."""
    return InputError(Message("reader", key, values))


def at_line(name: str, line: int) -> Message:
    """Where in a file: `call.vtt, line 3`."""
    return Message("reader", "where.line", {"name": name, "line": line})


def at_item(name: str, index: int) -> Message:
    """Where in a JSON list: `call.json: item 2`."""
    return Message("reader", "where.item", {"name": name, "index": index})


def notice(key: str, /, **values: object) -> Notice:
    """The warning `key` of data/i18n/reader.toml: English on the command line, the reader's
    language on a page."""
    return Notice(Message("reader", key, values))
