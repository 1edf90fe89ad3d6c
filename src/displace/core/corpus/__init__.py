"""The labelled corpus: sales conversations with every behaviour marked beside its sentence.

Written for this project (never copied from anywhere), one TOML file per conversation under
`corpus/en/` and `corpus/vi/`; the format is documented in `corpus/README.md`. The loader
validates each file and refuses a label on text that is not in its turn.
"""

from __future__ import annotations

from displace.core.corpus.load import (
    LABELLED,
    CorpusConversation,
    CorpusError,
    CorpusTurn,
    Label,
    for_training,
    load_corpus,
    load_corpus_file,
    parse_corpus_text,
    training_use,
)
from displace.core.corpus.render import render_transcript

__all__ = [
    "LABELLED",
    "CorpusConversation",
    "CorpusError",
    "CorpusTurn",
    "Label",
    "for_training",
    "load_corpus",
    "load_corpus_file",
    "parse_corpus_text",
    "render_transcript",
    "training_use",
]
