"""The coach's learned layer: a sentence encoder, per-behaviour heads and a team's examples.

Optional: it needs the `semantic` extra (numpy and the encoder). Without it, or on a processor
the encoder cannot run on, `learned_layer()` says why once and the coach runs on rules alone.
"""

from __future__ import annotations

import logging
import os
from functools import lru_cache
from pathlib import Path

from displace.core.errors import DisplaceError
from displace.core.semantic.encoder import EncoderUnavailable, load_encoder
from displace.core.semantic.layer import Example, LearnedLayer, Mode

__all__ = ["Example", "LearnedLayer", "Mode", "learned_layer", "unavailable_reason"]


@lru_cache(maxsize=1)
def _layer() -> LearnedLayer | str:
    try:
        encoder = load_encoder()
    except EncoderUnavailable as exc:
        return str(exc)
    from displace.core.semantic.cache import EmbeddingCache
    from displace.core.semantic.heads import load_heads

    try:
        heads = load_heads()
    except DisplaceError as exc:
        return str(exc)
    if heads.encoder != encoder.name:
        return (f"the trained heads are for {heads.encoder}, not {encoder.name}; "
                "run make train")
    where = os.environ.get("DISPLACE_EMBEDDING_CACHE", "").strip()
    cache = EmbeddingCache(encoder, path=Path(where) if where else None)
    return LearnedLayer(cache, heads)


def learned_layer() -> LearnedLayer | None:
    """The process's learned layer (loaded once), or None when it cannot run here."""
    found = _layer()
    if isinstance(found, str):
        _say_once(found)
        return None
    return found


def unavailable_reason() -> str | None:
    """Why the learned layer is off, or None when it runs."""
    found = _layer()
    return found if isinstance(found, str) else None


@lru_cache(maxsize=1)
def _say_once(reason: str) -> None:
    logging.getLogger("displace").warning("the coach runs on rules alone: %s", reason)
