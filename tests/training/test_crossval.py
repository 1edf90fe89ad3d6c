"""Cross-validation of the whole coach: folds by conversation, and the rows each fold keeps."""

from __future__ import annotations

import numpy as np

from displace.core.corpus.evaluate import Evaluation, Tally
from displace.training.crossval import folds, merge, subset
from displace.training.dataset import HEADED, Dataset


def test_every_conversation_is_held_out_once_and_the_cut_never_changes() -> None:
    ids = [f"en-x{i:02d}" for i in range(23)][::-1]
    cut = folds(ids)
    assert len(cut) == 5
    assert sorted(i for fold in cut for i in fold) == sorted(ids)
    assert cut == folds(list(reversed(ids)))  # the order given does not matter
    assert max(map(len, cut)) - min(map(len, cut)) <= 1


def test_a_subset_keeps_the_rows_of_its_conversations_renumbered() -> None:
    group = np.array([0, 0, 1, 2, 2, 2], np.int32)
    labels = np.zeros((6, len(HEADED)), bool)
    labels[3, 1] = True
    data = Dataset(features=np.arange(6, dtype=np.float32)[:, None], labels=labels,
                   rule_hits=labels.copy(), rules=[(0, 0, "a"), (3, 1, "b"), (4, 1, "b")],
                   allowed=~labels, conversation=group, ids=["x", "y", "z"],
                   present=np.eye(3, len(HEADED), dtype=bool), skipped=[],
                   turn=np.array([0, 1, 0, 0, 1, 2], np.int32))
    part = subset(data, {"x", "z"})
    assert part.ids == ["x", "z"]
    assert part.conversation.tolist() == [0, 0, 1, 1, 1]
    assert part.features[:, 0].tolist() == [0, 1, 3, 4, 5]
    assert part.rules == [(0, 0, "a"), (2, 1, "b"), (3, 1, "b")]
    assert part.labels[2, 1] and part.present.tolist() == data.present[[0, 2]].tolist()
    assert part.turn.tolist() == [0, 1, 0, 1, 2]


def test_the_folds_results_add_up() -> None:
    one, two = Evaluation(conversations=2), Evaluation(conversations=3)
    one.files[("en", "stall")] = Tally(true_positive=1, false_positive=1)
    two.files[("en", "stall")] = Tally(true_positive=2, true_negative=1)
    two.files[("vi", "stall")] = Tally(false_negative=1)
    total = merge([one, two])
    assert total.conversations == 5
    assert total.files[("en", "stall")] == Tally(3, 1, 0, 1)
    assert total.files[("vi", "stall")] == Tally(false_negative=1)
