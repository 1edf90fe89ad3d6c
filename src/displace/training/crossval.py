"""`python -m displace.training cv`: the whole coach, cross-validated on what training may use.

The conversations corpus/batches.toml releases for training are cut into folds by conversation
(dealt in turn in order of id: the same folds on every run). For each fold, heads, thresholds and
gates are fitted on the other folds exactly as `make train` fits them (their thresholds from
out-of-fold scores inside those folds), and the real analysis — reader, rules, learned layer,
sequence checks — runs on the fold's conversations with them. The folds' results add up to one
table per mode, in the format of `make eval`.

This is how a change to the rules, the sequence checks or the training is judged without
looking at batch 1's test split or at a batch not yet measured unseen.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from displace.core.corpus import CorpusConversation
from displace.core.corpus.evaluate import Evaluation, evaluate
from displace.core.semantic import LearnedLayer, Mode
from displace.core.semantic.cache import EmbeddingCache
from displace.core.semantic.heads import Heads
from displace.core.semantic.side import SideModel
from displace.training.dataset import HEADED, Dataset, build_dataset
from displace.training.evaluate import MODES, analyser
from displace.training.train import VERSION, Fitted, fit_heads

__all__ = ["FOLDS", "cross_validate", "folds", "heads_of", "merge", "subset"]

FOLDS = 5


def folds(ids: Sequence[str], count: int = FOLDS) -> list[list[str]]:
    """The conversations' ids dealt in turn into `count` folds, in order of id: every fold gets
    its share of each language and batch, and the same cut on every run."""
    ordered = sorted(ids)
    return [ordered[k::count] for k in range(count)]


def subset(data: Dataset, keep: set[str]) -> Dataset:
    """The rows of the conversations in `keep`, renumbered."""
    index = [i for i, cid in enumerate(data.ids) if cid in keep]
    renumber = np.full(len(data.ids), -1, dtype=np.int32)
    renumber[index] = np.arange(len(index), dtype=np.int32)
    rows = np.flatnonzero(renumber[data.conversation] >= 0)
    position = np.full(len(data.conversation), -1, dtype=np.int64)
    position[rows] = np.arange(len(rows))
    return Dataset(
        features=data.features[rows],
        labels=data.labels[rows],
        rule_hits=data.rule_hits[rows],
        rules=[(int(position[u]), b, r) for u, b, r in data.rules if position[u] >= 0],
        allowed=data.allowed[rows],
        conversation=renumber[data.conversation[rows]],
        ids=[data.ids[i] for i in index],
        present=data.present[index],
        skipped=[s for s in data.skipped if s in keep],
        supplier=None if data.supplier is None else data.supplier[rows],
        incumbent=None if data.incumbent is None else data.incumbent[rows],
        guessed=None if data.guessed is None else data.guessed[rows],
        prospect=None if data.prospect is None else data.prospect[rows],
        turn=None if data.turn is None else data.turn[rows],
        incumbent_call=None if data.incumbent_call is None else data.incumbent_call[index],
    )


def heads_of(fitted: Fitted, behaviours: Sequence[str] = HEADED) -> Heads:
    """Fitted heads as the coach loads them, without writing them to disk."""
    side = fitted.side
    return Heads(version=f"{VERSION}-cv", encoder="", behaviours=tuple(behaviours),
                 weights=fitted.weights, bias=fitted.bias, fire=dict(fitted.fire),
                 gates={rule: float(gate["keep"]) for rule, gate in fitted.gates.items()},
                 side=None if side is None else SideModel(side["weights"], side["bias"],
                                                          float(side["threshold"])))


def merge(results: Sequence[Evaluation]) -> Evaluation:
    """The folds' evaluations added up."""
    out = Evaluation()
    for result in results:
        out.conversations += result.conversations
        out.unreadable += result.unreadable
        for mine, theirs in ((out.sentences, result.sentences), (out.files, result.files)):
            for key, tally in theirs.items():
                mine.setdefault(key, type(tally)()).add(tally)
    return out


def cross_validate(conversations: Sequence[CorpusConversation], cache: EmbeddingCache,
                   count: int = FOLDS, modes: Sequence[Mode] = MODES) -> dict[str, Evaluation]:
    """Per mode, the whole coach's evaluation over `count` folds by conversation."""
    data = build_dataset(conversations, cache)
    by_id = {c.id: c for c in conversations}
    per_mode: dict[str, list[Evaluation]] = {mode: [] for mode in modes}
    for held_out in folds(list(by_id), count):
        fitted = fit_heads(subset(data, set(by_id) - set(held_out)))
        layer: Any = LearnedLayer(cache, heads_of(fitted))
        for mode in modes:
            per_mode[mode].append(evaluate([by_id[i] for i in held_out], analyser(layer, mode)))
    return {mode: merge(results) for mode, results in per_mode.items()}
