"""Word documents as meeting tools export transcripts: Teams, Otter, Fireflies, Google Meet."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest

from displace.core.errors import InputError
from displace.core.transcript import read_conversation


def _document(paragraphs: list[str], path: Path) -> Path:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(str(path))
    return path


TURNS = [("Linh Tran", 1, "How do you reconcile stock today?"),
         ("Mr. Tan", 5, "By hand. The counts are often off."),
         ("Linh Tran", 9, "What did that cost you?"),
         ("Mr. Tan", 12, "About forty thousand dollars.")]


def _teams() -> list[str]:
    return [line for who, at, said in TURNS
            for line in (f"0:0:{at}.250 --> 0:0:{at + 3}.0", who, said)]


def _otter() -> list[str]:
    return [line for who, at, said in TURNS for line in (f"{who}  0:{at:02d}", said)]


def _fireflies() -> list[str]:
    return [line for who, at, said in TURNS for line in (f"{who} - 00:{at:02d}", said)]


def _meet() -> list[str]:
    return ["Sales call, 30 Nov"] + [line for who, at, said in TURNS
                                     for line in (f"00:00:{at:02d}", f"{who}: {said}")]


@pytest.mark.parametrize("layout", [_teams, _otter, _fireflies, _meet],
                         ids=["teams", "otter", "fireflies", "meet"])
def test_it_reads_a_word_transcript_as_the_tools_export_it(layout: object,
                                                          tmp_path: Path) -> None:
    paragraphs = layout()  # type: ignore[operator]
    conversation = read_conversation(_document(paragraphs, tmp_path / "call.docx"))
    assert conversation.encoding == "docx"
    assert [t.speaker for t in conversation.turns] == [who for who, _, _ in TURNS]
    assert conversation.turns[1].text == "By hand. The counts are often off."
    assert conversation.turns[1].start == 5.0


def test_it_knows_a_word_document_by_its_content_whatever_its_name(tmp_path: Path) -> None:
    path = _document(["Rep: Hello there.", "Client: Hi.", "Rep: How are things?",
                      "Client: Fine."],
                     tmp_path / "call.docx")
    conversation = read_conversation(path.read_bytes(), name="upload.bin")
    assert [t.speaker for t in conversation.turns] == ["Rep", "Client", "Rep", "Client"]


def test_a_table_of_speakers_and_words_is_read_row_by_row(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=0, cols=2)
    for who, said in (("Rep", "How do you handle payroll?"), ("Client", "By hand."),
                      ("Rep", "Who checks it?"), ("Client", "Nobody.")):
        cells = table.add_row().cells
        cells[0].text, cells[1].text = who, said
    buffer = io.BytesIO()
    document.save(buffer)
    turns = read_conversation(buffer.getvalue(), name="call.docx").turns
    assert [(t.speaker, t.text) for t in turns][1] == ("Client", "By hand.")


def test_a_damaged_word_document_is_a_clear_error(tmp_path: Path) -> None:
    data = _document(["Rep: hi"], tmp_path / "x.docx").read_bytes()
    broken = data.replace(b"word/document.xml", b"word/documenX.xml")
    with pytest.raises(InputError, match=r"call\.docx"):
        read_conversation(broken, name="call.docx")
