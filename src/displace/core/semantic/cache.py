"""Sentence vectors cached by content, so that a conversation read again costs no encoding.

In memory for the process (a bounded LRU), and optionally in a SQLite file that outlives it
(the web app keeps one in its data folder): re-assessing a deal or refreshing findings after a
team pack changed then reads vectors instead of running the encoder.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from displace.core.semantic.encoder import Encoder

__all__ = ["EmbeddingCache"]


class EmbeddingCache:
    """Vectors by (encoder, text); `embed` encodes only what it has not seen."""

    def __init__(self, encoder: Encoder, *, path: Path | None = None,
                 capacity: int = 50_000) -> None:
        self.encoder = encoder
        self.capacity = capacity
        self._memory: OrderedDict[bytes, Any] = OrderedDict()
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(str(path), check_same_thread=False, timeout=30)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("CREATE TABLE IF NOT EXISTS vectors "
                             "(key BLOB PRIMARY KEY, vector BLOB NOT NULL)")
        self.encoded = 0  # how many texts the encoder actually ran on (for tests and benches)

    def embed(self, texts: Sequence[str]) -> Any:
        """A (len(texts), dimension) float32 array; known texts come from the cache."""
        import numpy as np

        keys = [self._key(t) for t in texts]
        found: dict[bytes, Any] = {}
        with self._lock:
            for key in keys:
                vector = self._memory.get(key)
                if vector is not None:
                    self._memory.move_to_end(key)
                    found[key] = vector
        missing = [k for k in dict.fromkeys(keys) if k not in found]
        if missing and self._db is not None:
            found.update(self._read(missing))
            missing = [k for k in missing if k not in found]
        if missing:
            text_of = dict(zip(keys, texts, strict=True))
            vectors = self.encoder.encode([text_of[k] for k in missing])
            self.encoded += len(missing)
            fresh = {k: vectors[i].astype(np.float16) for i, k in enumerate(missing)}
            found.update(fresh)
            self._write(fresh)
        with self._lock:
            for key in keys:
                self._memory[key] = found[key]
                self._memory.move_to_end(key)
            while len(self._memory) > self.capacity:
                self._memory.popitem(last=False)
        if not keys:
            return np.zeros((0, self.encoder.dimension), dtype=np.float32)
        return np.vstack([found[k] for k in keys]).astype(np.float32)

    def _key(self, text: str) -> bytes:
        return hashlib.blake2b(f"{self.encoder.name}\0{text}".encode(), digest_size=16).digest()

    def _read(self, keys: list[bytes]) -> dict[bytes, Any]:
        import numpy as np

        assert self._db is not None
        out: dict[bytes, Any] = {}
        for i in range(0, len(keys), 500):
            chunk = keys[i:i + 500]
            marks = ",".join("?" * len(chunk))
            with self._lock:
                rows = self._db.execute(
                    f"SELECT key, vector FROM vectors WHERE key IN ({marks})", chunk).fetchall()
            for key, blob in rows:
                out[bytes(key)] = np.frombuffer(blob, dtype=np.float16)
        return out

    def _write(self, fresh: dict[bytes, Any]) -> None:
        if self._db is None or not fresh:
            return
        with self._lock, self._db:
            self._db.executemany("INSERT OR IGNORE INTO vectors (key, vector) VALUES (?, ?)",
                                 [(k, v.tobytes()) for k, v in fresh.items()])
