"""Searching text the way people type it: case and Vietnamese diacritics do not matter.

The database compares `Fold(column)` with a term folded by the core's `fold`, so "ngan hang"
finds "Ngân hàng". PostgreSQL folds with its built-in `translate()` over the core's own table;
SQLite calls the core's `fold` itself, registered on each new connection.
"""

from __future__ import annotations

from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import CharField, Func, Value
from django.db.models.sql.compiler import SQLCompiler

from displace.core.text.fold import fold

__all__ = ["SQLITE_FUNCTION", "Fold", "fold", "register_fold"]

SQLITE_FUNCTION = "displace_fold"
# The core's table as translate()'s two alphabets: each character and what it folds to.
_PAIRS = sorted((chr(code), folded) for code in range(0x2100)
                if (folded := fold(chr(code))) != chr(code) and len(folded) == 1)
_FROM = "".join(source for source, _ in _PAIRS)
_TO = "".join(target for _, target in _PAIRS)


class Fold(Func):
    """A text column lower-cased and without diacritics, as `fold` gives it."""

    function = SQLITE_FUNCTION
    output_field = CharField()

    def as_postgresql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper,
                      **extra: Any) -> tuple[str, list[Any]]:
        translated = Func(*self.source_expressions, Value(_FROM), Value(_TO),
                          function="translate", output_field=CharField())
        sql, params = compiler.compile(translated)
        return sql, list(params)


def register_fold(sender: object, connection: BaseDatabaseWrapper, **kwargs: object) -> None:
    """`connection_created` receiver: give each SQLite connection the fold function."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQLITE_FUNCTION, 1, _fold_or_null,
                                              deterministic=True)


def _fold_or_null(text: str | None) -> str | None:
    return None if text is None else fold(text)
