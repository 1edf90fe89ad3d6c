"""`python -m displace.core.corpus [FOLDER...]`: validate corpus files and count their labels."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from displace.core.corpus.load import CorpusError, load_corpus, load_corpus_file


def main(argv: list[str]) -> int:
    """Validate every file named (or every file of the folders named); print what they hold."""
    paths = [Path(a) for a in argv] or [Path("corpus")]
    try:
        conversations = [
            c for p in paths
            for c in (load_corpus(p) if (p / "en").is_dir() or (p / "vi").is_dir()
                      else [load_corpus_file(f) for f in sorted(p.glob("*.toml"))]
                      if p.is_dir() else [load_corpus_file(p)])
        ]
    except CorpusError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    labels = Counter((c.language, label.behaviour) for c in conversations
                     for _, label in c.labels())
    turns = sum(len(c.turns) for c in conversations)
    print(f"{len(conversations)} conversations, {turns} turns, {sum(labels.values())} labels")
    for language in ("en", "vi"):
        counts = {b: n for (lang, b), n in sorted(labels.items()) if lang == language}
        if counts:
            print(f"  {language}: " + ", ".join(f"{b} {n}" for b, n in counts.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
