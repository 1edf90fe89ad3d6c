"""Messages written out in the reader's language at the last moment (tables in data/i18n).

A `Message` is a key of a table (`data/i18n/reader.toml`, `dealfile.toml`...) and its values.
Raised inside an error (`InputError(Message(...))`), it reads in English on the command line
(`str(error)`) and in the reader's language on a page or in an API answer
(`error.in_language("vi")`). A table's `[cli]` group holds the command line's own wording of a
key, where it differs from a page's ("pass --input-format" rather than "choose the format").

Values are written the language's way: a `Size` in KB or MB (a `size` beside its `limit` precise
enough to tell the two apart), a `Count` grouped (1,234 or 1.234), a nested `Message` in the
same language; anything else as `str()`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from displace.core.report.labels import LANGUAGES, labels_for
from displace.core.text.numbers import format_count, format_decimal, format_size, format_sizes

__all__ = ["Count", "Message", "Notice", "Size", "messages_of"]


@dataclass(frozen=True)
class Size:
    """A number of bytes, shown in words (2.5 MB, 40 KB)."""

    bytes: int


@dataclass(frozen=True)
class Count:
    """A number, grouped as the reader writes it (1,234.5 or 1.234,5; up to 3 decimals)."""

    value: int | float


@dataclass(frozen=True)
class Message:
    """The message `key` of data/i18n/`table`.toml with its `values`, in any language."""

    table: str
    key: str
    values: Mapping[str, object] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.render("en", cli=True)

    def in_language(self, language: str) -> str:
        """The message as a page or an API answer shows it, in `language` (en or vi)."""
        return self.render(language)

    def render(self, language: str, *, cli: bool = False) -> str:
        """The message in `language`; `cli` prefers the command line's wording."""
        labels = labels_for(language[:2], self.table)
        key = f"cli.{self.key}" if cli and f"cli.{self.key}" in labels.table else self.key
        shown = {name: _shown(value, language, cli=cli) for name, value in self.values.items()}
        size, limit = self.values.get("size"), self.values.get("limit")
        if isinstance(size, Size) and isinstance(limit, Size):
            shown["size"], shown["limit"] = format_sizes(size.bytes, limit.bytes, language[:2])
        return labels(key, **shown) if shown else labels(key)


def messages_of(table: str) -> Callable[..., Message]:
    """A module's shorthand for the messages of data/i18n/`table`.toml:
    `_say = messages_of("rulepack")`, then `_say("pack.toml", source=path, reason=exc)`."""
    def say(key: str, /, **values: object) -> Message:
        return Message(table, key, values)
    return say


def _shown(value: object, language: str, *, cli: bool) -> str:
    if isinstance(value, Message):
        return value.render(language, cli=cli)
    if isinstance(value, Size):
        return format_size(value.bytes, language[:2])
    if isinstance(value, Count):
        number = value.value
        if isinstance(number, float) and not number.is_integer():
            return format_decimal(number, language[:2], places=3)
        return format_count(int(number), language[:2])
    return str(value)


class Notice(str):
    """A warning: its English text as the command line words it (so that it prints, joins
    and compares as the plain string it always was), carrying its `Message` so that a page
    can show it in the reader's language (`notice.message.in_language("vi")`)."""

    message: Message

    def __new__(cls, message: Message) -> Notice:
        notice = super().__new__(cls, message.render("en", cli=True))
        notice.message = message
        return notice

    def __reduce__(self) -> tuple[type[Notice], tuple[Message]]:
        # pickled and copied as its message (a worker process's report comes back so)
        return (Notice, (self.message,))

    def in_languages(self) -> dict[str, str]:
        """The warning as a page shows it, in every language: what the web app stores."""
        return {language: self.message.in_language(language) for language in LANGUAGES}
