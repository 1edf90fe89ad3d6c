"""The corpus format: a label must point at words of its turn that its speaker can say."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from displace.core.corpus import CorpusError, for_training, parse_corpus_text, training_use

FILLER = "".join(
    f'\n[[turns]]\nspeaker = "{"Lan" if i % 2 == 0 else "Mr. Binh"}"\ntext = "Line {i}."\n'
    for i in range(14)
)


def _file(last_turn: str, **top: str) -> str:
    head = {"id": '"en-x01-test"', "language": '"en"', "batch": "1",
            "industry": '"sme-banking"', "channel": '"phone"', "incumbent": '"Harbor"', **top}
    header = "\n".join(f"{k} = {v}" for k, v in head.items())
    return (f'{header}\n[speakers]\n"Lan" = "seller"\n"Mr. Binh" = "prospect"\n'
            f"{FILLER}\n[[turns]]\n{last_turn}\n")


GOOD_TURN = ('speaker = "Lan"\ntext = "We have nine branches. How are they treating you?"\n'
             'labels = [{ behaviour = "parity-claim", text = "We have nine branches." }]')


def test_it_reads_a_label_as_offsets_into_its_turn() -> None:
    conversation = parse_corpus_text(_file(GOOD_TURN))
    turn, label = next(iter(conversation.labels()))
    assert turn.quote(label) == "We have nine branches."
    assert conversation.behaviours() == {"parity-claim"}
    assert conversation.split in ("train", "test")


@pytest.mark.parametrize(("turn", "message"), [
    (GOOD_TURN.replace('text = "We have nine branches." ', 'text = "We have ten branches." '),
     "is not in the turn's text"),
    (GOOD_TURN.replace('"parity-claim"', '"flattery"'), "behaviour: expected one of"),
    (GOOD_TURN.replace('"parity-claim"', '"status-quo-signal"'),
     "status-quo-signal is said by prospect, not by the seller"),
    (GOOD_TURN.replace('speaker = "Lan"', 'speaker = "Ray"'), "speaker: expected one of"),
    (GOOD_TURN.replace("labels =", "label ="), "unknown key 'label'"),
    (GOOD_TURN.replace('"We have nine branches." }', '"We have nine branches.", at = 2 }'),
     "is not in the turn's text 2 times"),
])
def test_it_refuses_a_label_that_does_not_fit_its_turn(turn: str, message: str) -> None:
    with pytest.raises(CorpusError, match=message):
        parse_corpus_text(_file(turn), source="x.toml")


def test_it_refuses_a_conversation_outside_fifteen_to_sixty_turns() -> None:
    with pytest.raises(CorpusError, match="expected 15 to 60"):
        parse_corpus_text(_file(GOOD_TURN).split("[[turns]]")[0] + "[[turns]]\n" + GOOD_TURN)


def test_it_refuses_the_same_speaker_twice_in_a_row() -> None:
    text = _file(GOOD_TURN.replace('speaker = "Lan"', 'speaker = "Mr. Binh"').replace(
        '"parity-claim"', '"prospect-stated-gap"'))
    with pytest.raises(CorpusError, match="speaks twice in a row"):
        parse_corpus_text(text)


def test_it_refuses_an_unknown_channel() -> None:
    with pytest.raises(CorpusError, match="channel: expected one of phone"):
        parse_corpus_text(_file(GOOD_TURN, channel='"fax"'))


def test_line_breaks_inside_a_turn_are_layout() -> None:
    turn = GOOD_TURN.replace('text = "We have nine branches. How',
                             'text = """We have nine\n  branches. How').replace(
        'treating you?"\n', 'treating you?"""\n')
    conversation = parse_corpus_text(_file(turn))
    assert conversation.turns[-1].text.startswith("We have nine branches. How")


def test_a_batch_joins_training_only_as_the_batches_file_says(tmp_path: Path) -> None:
    (tmp_path / "batches.toml").write_text(
        '[batch.1]\ntrain = "train split"\n[batch.2]\ntrain = "all"\n[batch.3]\ntrain = "none"\n',
        encoding="utf-8")
    use = training_use(tmp_path)
    assert use == {1: "train split", 2: "all"}
    conversation = parse_corpus_text(_file(GOOD_TURN))
    for batch, expected in ((2, True), (3, False), (4, False)):
        assert for_training(replace(conversation, batch=batch), use) is expected
    assert for_training(conversation, use) is (conversation.split == "train")


def test_the_batches_file_refuses_an_unknown_use(tmp_path: Path) -> None:
    (tmp_path / "batches.toml").write_text('[batch.1]\ntrain = "most"\n', encoding="utf-8")
    with pytest.raises(CorpusError, match=r"batch\.1\.train: expected"):
        training_use(tmp_path)


def test_the_shipped_batches_file_keeps_batch_1_s_test_split_out_of_training() -> None:
    use = training_use(Path(__file__).resolve().parents[3] / "corpus")
    assert use[1] == "train split"
