"""What a team can teach the coach: the behaviours it may name, and its file of examples.

A team's example says "this sentence is (or is not) this behaviour"; the coach follows the
confirmed ones at once (`displace.core.semantic.layer`). `displace teach FILE` reads them from
a TOML file (docs/teaching.md):

    [[example]]
    text = "the pallets keep going missing"
    behaviour = "prospect-stated-gap"
    positive = true          # optional: true by default; false means "this is not it"

Errors name the file, the example's number (from 1) and the field; a file with one bad
example is refused whole, so nothing half-taught is stored.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from displace.core.coach.behaviours import behaviour_table
from displace.core.errors import InputError
from displace.core.files import read_limited
from displace.core.limits import limit
from displace.core.text import turn_languages

__all__ = [
    "ExampleEntry",
    "ExamplesFileError",
    "behaviours_for_role",
    "language_of",
    "load_examples_file",
    "parse_examples",
    "teachable_behaviours",
]

_FIELDS = ("text", "behaviour", "positive", "language")
# Measured over the whole talk, not found in a sentence: no sentence can be an example of it.
_MEASURED = frozenset({"seller-dominates"})


class ExamplesFileError(InputError):
    """A file of examples that cannot be taught (the file, the example's number, the field)."""


@dataclass(frozen=True)
class ExampleEntry:
    """One example of a file: this text is (positive) or is not (negative) this behaviour."""

    text: str
    behaviour: str
    positive: bool
    language: Literal["en", "vi"]


@lru_cache(maxsize=1)
def teachable_behaviours() -> tuple[str, ...]:
    """The behaviours a report shows and a sentence can be an example of (not the coach's
    internal ones, nor the seller's share of the talk), in the table's order."""
    return tuple(b for b, spec in behaviour_table().items()
                 if not spec.internal and b not in _MEASURED)


def behaviours_for_role(role: str) -> tuple[str, ...]:
    """The teachable behaviours a speaker of `role` can show; "other" can show any.

    The coach ignores an example on words a speaker of that role cannot show it with, so
    offering one would teach nothing.
    """
    table = behaviour_table()
    return tuple(b for b in teachable_behaviours() if role == "other" or role in table[b].roles)


def language_of(text: str) -> Literal["en", "vi"]:
    """The language a sentence is written in."""
    return turn_languages([text])[0]


def load_examples_file(path: Path) -> list[ExampleEntry]:
    """Read and check a file of examples; every error names the file, example and field."""
    most = limit("examples_file.bytes")
    data = read_limited(Path(path), most, "file of examples", ExamplesFileError)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ExamplesFileError(f"{path}: cannot be read as UTF-8 text ({exc})") from None
    return parse_examples(text, source=str(path))


def parse_examples(text: str, *, source: str = "<examples>") -> list[ExampleEntry]:
    """The examples of a TOML text of `[[example]]` tables, each checked."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ExamplesFileError(f"{source}: not valid TOML: {exc}") from None
    except RecursionError:
        raise ExamplesFileError(f"{source}: nested too deeply; expected [[example]] tables "
                                "of text, behaviour and positive") from None
    unknown = sorted(set(data) - {"example"})
    if unknown:
        raise ExamplesFileError(f"{source}: unknown key {unknown[0]!r} at the top; expected "
                                "only [[example]] tables")
    tables = data.get("example")
    if not isinstance(tables, list) or not tables:
        raise ExamplesFileError(f"{source}: no examples; write each one as an [[example]] "
                                "table with text and behaviour")
    most = limit("examples.per_team")
    if len(tables) > most:
        raise ExamplesFileError(f"{source}: {len(tables):,} examples; a team keeps at most "
                                f"{most:,}")
    return [_entry(table, f"{source}: example {n}") for n, table in enumerate(tables, 1)]


def _entry(table: object, where: str) -> ExampleEntry:
    if not isinstance(table, Mapping):
        raise ExamplesFileError(f"{where}: expected a table of text, behaviour and positive")
    for key in table:
        if key not in _FIELDS:
            raise ExamplesFileError(f"{where}: unknown field {key!r}; expected "
                                    f"{', '.join(_FIELDS)}")
    text = _text(table.get("text"), where)
    behaviour = table.get("behaviour")
    if behaviour not in teachable_behaviours():
        raise ExamplesFileError(
            f"{where}: behaviour: {_shown(behaviour)} is not a behaviour the coach reports; "
            f"expected one of {', '.join(teachable_behaviours())}")
    positive = table.get("positive", True)
    if not isinstance(positive, bool):
        raise ExamplesFileError(f"{where}: positive: expected true or false, found "
                                f"{_shown(positive)}")
    language = table.get("language", language_of(text))
    if language not in ("en", "vi"):
        raise ExamplesFileError(f'{where}: language: expected "en" or "vi", found '
                                f"{_shown(language)}")
    return ExampleEntry(text, str(behaviour), positive, language)


def _text(value: object, where: str) -> str:
    most = limit("example.text")
    if not isinstance(value, str) or not value.strip():
        raise ExamplesFileError(f"{where}: text: expected the sentence's words (1 to {most} "
                                f"characters), found {_shown(value)}")
    clean = value.strip()
    if len(clean) > most:
        raise ExamplesFileError(f"{where}: text: at most {most} characters, found "
                                f"{len(clean):,}")
    if "\x00" in clean:
        raise ExamplesFileError(f"{where}: text: holds a NUL character (\\0)")
    return clean


def _shown(value: Any) -> str:
    """A value as the file wrote it, cut short: a message never repeats a huge value whole."""
    if value is None:
        return "nothing"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…"
