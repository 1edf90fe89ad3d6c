"""Uploading conversations: refused uploads store nothing; transcripts render escaped and intact."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from displace.web.conversations.models import Conversation, Finding
from displace.web.deals.models import Deal, EvidenceChange
from tests.web.conftest import word_document

CALL = (
    "Rep: Good morning, thanks for seeing me.\n"
    "Customer: We have banked with Northern Bank for four years.\n"
    "Rep: How is their service?\n"
    "Customer: Generally fine, nothing significant.\n"
    "Rep: We can cut your fees and raise your credit line.\n"
)


def _upload(client: Client, deal: Deal, name: str, content: bytes) -> object:
    file = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    return client.post(reverse("conversation-upload", args=[deal.pk]), {"transcript": file})


def test_it_records_an_upload_with_its_findings(
    login: Callable[[str], Client], alices_deal: Deal
) -> None:
    response = _upload(login("alice"), alices_deal, "call.txt", CALL.encode())
    conversation = Conversation.objects.get()
    assert response["Location"] == reverse("conversation", args=[conversation.pk])
    assert conversation.findings.exists()
    page = login("alice").get(response["Location"]).content.decode()
    assert "<mark" in page


VIETNAMESE_CALL = (
    "Lan: Chào anh, cảm ơn anh đã dành thời gian.\n"
    "Minh: Công ty tôi dùng Ngân hàng Phương Bắc đã bốn năm.\n"
    "Lan: Dịch vụ của họ thế nào ạ?\n"
    "Minh: Nhìn chung ổn, không có gì đáng kể.\n"
)


def _windows_1258(text: str) -> bytes:
    """Vietnamese as Windows-1258 writes it: a base letter, then its tone as a combining mark."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = b""
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        out += (base + "".join(c for c in parts if c in tones)).encode("cp1258")
    return out


ENGLISH = ("Northern Bank for four years", {"Rep", "Customer"}, 5)
VIETNAMESE = ("Ngân hàng Phương Bắc đã bốn năm", {"Lan", "Minh"}, 4)


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("call.docx", word_document(CALL), ENGLISH),
        ("goi.txt", _windows_1258(VIETNAMESE_CALL), VIETNAMESE),
        ("call.md", CALL.encode(), ENGLISH),
        ("call.txt", "\ufeff".encode() + CALL.encode("utf-8"), ENGLISH),
        ("call.txt", CALL.encode("utf-16"), ENGLISH),
    ],
    ids=["word", "windows-1258", "markdown", "utf-8-bom", "utf-16"],
)
def test_it_reads_every_file_the_command_line_reads(
    login: Callable[[str], Client], alices_deal: Deal, name: str, content: bytes,
    expected: tuple[str, set[str], int],
) -> None:
    said, speakers, turns = expected
    response = _upload(login("alice"), alices_deal, name, content)
    assert response.status_code == 302  # type: ignore[attr-defined]
    conversation = Conversation.objects.get()
    assert said in conversation.source_text
    assert len(conversation.turns) == turns
    assert {turn["speaker"] for turn in conversation.turns} == speakers


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("call.pdf", CALL.encode(), "unknown format"),
        ("call.docx", b"PK\x03\x04" + b"\x00" * 40, "cannot be read"),
        ("call.txt", b"Rep: \xff\xfe\xfa caf\xe9 \x81\x8d\n", "UTF-8 (or Windows-1258)"),
        ("call.txt", b"Rep: " + b"a" * 3000 + b"\n", "limit"),
        ("call.txt", b"   \n", "empty"),
    ],
)
def test_it_refuses_a_bad_upload_with_a_message_and_stores_nothing(
    login: Callable[[str], Client], alices_deal: Deal, settings: object,
    name: str, content: bytes, message: str,
) -> None:
    settings.MAX_UPLOAD_BYTES = 2000  # type: ignore[attr-defined]
    before = EvidenceChange.objects.count()
    response = _upload(login("alice"), alices_deal, name, content)
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert message in response.content.decode()  # type: ignore[attr-defined]
    assert not Conversation.objects.exists()
    assert not Finding.objects.exists()
    assert EvidenceChange.objects.count() == before


def test_it_renders_script_html_and_long_lines_escaped_and_intact(
    login: Callable[[str], Client], alices_deal: Deal
) -> None:
    long_line = "We need reports " + "very " * 800 + "often."
    hostile = (
        "Rep: <script>alert('x')</script> & <b>bold</b> offer\n"
        f"Customer: {long_line}\n"
        "Rep: <img src=x onerror=alert(1)> noted.\n"
    )
    client = login("alice")
    response = client.post(reverse("conversation-upload", args=[alices_deal.pk]),
                           {"text": hostile})
    page = client.get(response["Location"]).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "&lt;b&gt;bold&lt;/b&gt;" in page
    assert "<img src=x" not in page
    assert long_line in page


def test_it_lets_the_rep_accept_a_prospects_words_as_a_gaps_evidence(
    login: Callable[[str], Client], alices_deal: Deal
) -> None:
    client = login("alice")
    client.post(reverse("conversation-upload", args=[alices_deal.pk]),
                {"text": "Rep: When did your bank last review your cash forecast with you?\n"
                         "Customer: Honestly, they never do that, and we get caught short "
                         "every December.\n"})
    finding = Finding.objects.filter(role="prospect").first()
    assert finding is not None, "the coach found nothing said by the prospect"
    client.post(reverse("finding-accept", args=[finding.pk]), {"gap": "cash-forecast"})
    gap = alices_deal.gaps.get(key="cash-forecast")
    assert finding.quote in gap.quote  # the whole sentence the words were found in
    assert gap.quote == "Honestly, they never do that, and we get caught short every December."
    assert gap.evidence != "assumed"
    assert EvidenceChange.objects.filter(deal=alices_deal, what="gaps.cash-forecast").exists()


def _paste(client: Client, deal: Deal, text: str, **fields: str) -> str:
    response = client.post(reverse("conversation-upload", args=[deal.pk]),
                           {"text": text, "title": "Ghi chú", **fields})
    assert response.status_code == 400  # type: ignore[attr-defined]
    return response.content.decode()  # type: ignore[attr-defined]


def _in_vietnamese(client: Client) -> Client:
    client.post(reverse("language"), {"language": "vi", "next": "/"})
    return client


def test_a_refused_paste_says_why_in_vietnamese_keeps_the_text_and_points_to_the_form(
    login: Callable[[str], Client], alices_deal: Deal
) -> None:
    notes = "Ghi chú: gọi lại sau.\nKhông có gì <thêm>."
    page = _paste(_in_vietnamese(login("alice")), alices_deal, notes)
    assert "không tìm thấy cuộc trò chuyện nào" in page
    assert "hoặc chọn định dạng của bản ghi" in page
    assert "--input-format" not in page and "no conversation found" not in page
    assert "Ghi chú: gọi lại sau.\nKhông có gì &lt;thêm&gt;.</textarea>" in page
    assert 'value="Ghi chú"' in page
    assert not Conversation.objects.exists()


def test_a_refused_paste_in_english_says_choose_the_format_not_pass_an_option(
    login: Callable[[str], Client], alices_deal: Deal
) -> None:
    page = _paste(login("alice"), alices_deal, "Notes: call back later.\nNothing else.")
    assert "no conversation found" in page and "choose the transcript&#x27;s format" in page
    assert "--input-format" not in page


def test_the_chosen_format_is_the_one_read(
    login: Callable[[str], Client], alices_deal: Deal
) -> None:
    client = login("alice")
    page = _paste(client, alices_deal, CALL, format="json")  # not JSON: refused as JSON
    assert "malformed JSON" in page
    assert '<option value="json" selected>' in page
    response = client.post(reverse("conversation-upload", args=[alices_deal.pk]),
                           {"text": CALL, "format": "plain"})
    assert response.status_code == 302
    assert Conversation.objects.get().input_format == "plain"
    assert _paste(client, alices_deal, CALL, format="docx-ish").count("Format: choose one") == 1


def test_a_transcript_over_the_limit_is_measured_in_kilobytes_in_the_readers_format(
    login: Callable[[str], Client], alices_deal: Deal, settings: object
) -> None:
    settings.MAX_UPLOAD_BYTES = 2000  # type: ignore[attr-defined]
    client = _in_vietnamese(login("alice"))
    page = _paste(client, alices_deal, "Rep: " + "a" * 2500)
    assert "Bản ghi có dung lượng 2,5 KB; giới hạn là 2 KB." in page
    assert "2505" not in page and "byte" not in page
