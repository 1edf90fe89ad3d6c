"""`python -m displace.training train|eval|cv` (make train, make eval; cv: the whole coach
cross-validated by conversation on what training may use)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from displace.core.corpus import for_training, load_corpus, training_use
from displace.core.semantic.cache import EmbeddingCache
from displace.core.semantic.encoder import EncoderUnavailable, load_encoder

ROOT = Path(__file__).resolve().parents[3]
MODEL = ROOT / "src" / "displace" / "data" / "model"


def main(argv: list[str]) -> int:
    """Train the heads, or print the evaluation or cross-validation tables."""
    parser = argparse.ArgumentParser(prog="python -m displace.training")
    parser.add_argument("command", choices=["train", "eval", "cv"])
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    parser.add_argument("--cache", type=Path, default=ROOT / ".cache" / "embeddings.sqlite3",
                        help="vectors already computed (a cache: deleting it changes nothing)")
    parser.add_argument("--out", type=Path, default=MODEL)
    args = parser.parse_args(argv)
    try:
        encoder = load_encoder()
    except EncoderUnavailable as exc:
        print(f"displace: {exc}", file=sys.stderr)
        return 2
    cache = EmbeddingCache(encoder, path=args.cache)
    conversations = load_corpus(args.corpus)
    use = training_use(args.corpus)
    if args.command == "cv":
        return _cv([c for c in conversations if for_training(c, use)], cache)
    if args.command == "train":
        return _train([c for c in conversations if for_training(c, use)], cache, args.out,
                      args.corpus)
    return _eval([c for c in conversations if not for_training(c, use)], cache)


def _train(conversations: list, cache: EmbeddingCache, out: Path, corpus: Path) -> int:  # type: ignore[type-arg]
    from displace.training.dataset import build_dataset
    from displace.training.train import fit_heads, write_heads

    started = time.monotonic()
    train = conversations
    print(f"reading the {len(train)} conversations training may use (corpus/batches.toml)…",
          file=sys.stderr)
    data = build_dataset(train, cache)
    print(f"{data.features.shape[0]} sentences ({cache.encoded} encoded now); fitting…",
          file=sys.stderr)
    fitted = fit_heads(data)
    paths = sorted(corpus.glob("*/*.toml"))
    used = [p for p in paths if p.stem in set(data.ids)]
    for path in write_heads(fitted, out, encoder=cache.encoder.name, corpus=used,
                            units=int(data.features.shape[0]), conversations=len(data.ids)):
        print(f"wrote {path}", file=sys.stderr)
    print(f"done in {time.monotonic() - started:.0f} s", file=sys.stderr)
    return 0


def _eval(conversations: list, cache: EmbeddingCache) -> int:  # type: ignore[type-arg]
    from displace.core.semantic import LearnedLayer
    from displace.core.semantic.heads import load_heads
    from displace.training.evaluate import format_tables, run

    layer = LearnedLayer(cache, load_heads())
    print(format_tables(run(conversations, layer)))
    return 0


def _cv(conversations: list, cache: EmbeddingCache) -> int:  # type: ignore[type-arg]
    from displace.training.crossval import FOLDS, cross_validate
    from displace.training.evaluate import format_tables

    name = (f"{FOLDS}-fold cross-validation on what training may use "
            f"(corpus/batches.toml)")
    print(format_tables([(name, cross_validate(conversations, cache))]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
