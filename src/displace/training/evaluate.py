"""`make eval`: the coach on conversations it was not trained on, rules vs model vs both.

Runs the real analysis (reader, rules, learned layer, sequence checks) on every conversation
no training read — batch 1's test split, and each batch not released for training in
corpus/batches.toml — and prints
precision and recall per behaviour and language, and file-level recall and false alarms.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import get_args

from displace.core.coach import analyze
from displace.core.corpus import CorpusConversation
from displace.core.corpus.evaluate import Evaluation, Tally, evaluate
from displace.core.model import Report
from displace.core.semantic import LearnedLayer, Mode
from displace.core.transcript import read_conversation

__all__ = ["MODES", "analyser", "evaluation_sets", "format_tables", "run"]

MODES: tuple[Mode, ...] = get_args(Mode)[::-1]  # rules, model, combined


def analyser(layer: LearnedLayer | None, mode: Mode) -> Callable[[str], Report]:
    """The whole path a user's transcript takes, with the learned layer in `mode`."""

    def analyse(text: str) -> Report:
        conversation = read_conversation(text, input_format="plain")
        if mode == "rules" or layer is None:
            return analyze(conversation, learned=None)
        return analyze(conversation, learned=layer, mode=mode)

    return analyse


def evaluation_sets(conversations: Sequence[CorpusConversation]
                    ) -> list[tuple[str, list[CorpusConversation]]]:
    """The conversations no training read, per batch: batch 1's test split, and each batch
    not yet released for training (corpus/batches.toml)."""
    sets = []
    for batch in sorted({c.batch for c in conversations}):
        found = [c for c in conversations if c.batch == batch]
        name = (f"batch {batch}, test split" if all(c.split == "test" for c in found)
                else f"batch {batch} (not trained on)")
        sets.append((name, found))
    return sets


def run(conversations: Sequence[CorpusConversation], layer: LearnedLayer | None
        ) -> list[tuple[str, dict[str, Evaluation]]]:
    """For each evaluation set, an Evaluation per mode (rules alone when there is no layer)."""
    modes = MODES if layer is not None else ("rules",)
    return [(name, {mode: evaluate(found, analyser(layer, mode)) for mode in modes})
            for name, found in evaluation_sets(conversations)]


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f} %"


def _file_row(tally: Tally) -> str:
    return (f"{_pct(tally.recall)} ({tally.true_positive}/"
            f"{tally.true_positive + tally.false_negative}) | {_pct(tally.false_alarm_rate)} "
            f"({tally.false_positive}/{tally.false_positive + tally.true_negative})")


def format_tables(results: list[tuple[str, dict[str, Evaluation]]]) -> str:
    """Markdown: a summary per set and mode, then per behaviour and language."""
    out: list[str] = []
    for name, by_mode in results:
        any_mode = next(iter(by_mode.values()))
        out += [f"### {name}: {any_mode.conversations} conversations", "",
                "| coach | file recall | file false alarms | sentence precision | "
                "sentence recall |", "| --- | --- | --- | --- | --- |"]
        for mode, result in by_mode.items():
            for language in (None, "en", "vi"):
                files = result.total("files", language)
                sentences = result.total("sentences", language)
                label = mode if language is None else f"{mode}, {language}"
                out.append(f"| {label} | {_file_row(files)} | {_pct(sentences.precision)} | "
                           f"{_pct(sentences.recall)} |")
        out += ["", "| behaviour | lang | " + " | ".join(
            f"{m}: file R / FA, sent P / R" for m in by_mode) + " |",
            "| --- | --- | " + " | ".join("---" for _ in by_mode) + " |"]
        keys = sorted(any_mode.files, key=lambda k: (k[1], k[0]))
        for language, behaviour in keys:
            cells = []
            for result in by_mode.values():
                f = result.files[(language, behaviour)]
                s = result.sentences.get((language, behaviour), Tally())
                cells.append(f"{_pct(f.recall)} / {_pct(f.false_alarm_rate)}, "
                             f"{_pct(s.precision)} / {_pct(s.recall)}")
            out.append(f"| {behaviour} | {language} | " + " | ".join(cells) + " |")
        out.append("")
    return "\n".join(out)
