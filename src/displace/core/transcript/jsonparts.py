"""Pieces every JSON transcript reader needs: the first key present, a time in seconds."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from displace.core.limits import limit
from displace.core.messages import Count
from displace.core.transcript.labels import parse_timestamp
from displace.core.transcript.messages import unreadable

__all__ = ["first", "seconds"]


def first(item: Mapping[str, Any], keys: tuple[str, ...]) -> Any:
    """The value of the first of `keys` present in `item`, or None."""
    for key in keys:
        if key in item:
            return item[key]
    return None


def seconds(
    item: Mapping[str, Any], keys: tuple[str, ...], where: object, per_second: int
) -> float | None:
    """The time under the first of `keys`, in seconds (`per_second` 1000 for milliseconds);
    None when absent; InputError naming `where` when it is not a time."""
    value = first(item, keys)
    if value is None:
        return None
    if isinstance(value, bool):
        raise unreadable("time.not_number", where=where, value=repr(value))
    most = limit("transcript.hours") * 3600
    if isinstance(value, int | float):
        if not math.isfinite(value) or value < 0 or value / per_second > most:
            raise unreadable("time.range", where=where, value=repr(value), most=Count(most))
        return float(value) / per_second
    if isinstance(value, str):
        try:
            seconds = parse_timestamp(value.strip()) if ":" in value else float(value) / per_second
        except (ValueError, OverflowError):
            seconds = math.nan
        if math.isfinite(seconds) and 0 <= seconds <= most:
            return seconds
    shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:40] + "…"
    raise unreadable("time.bad", where=where, value=shown, hours=limit("transcript.hours"))
