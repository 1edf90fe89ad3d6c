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
    assert gap.quote == finding.quote
    assert gap.evidence != "assumed"
    assert EvidenceChange.objects.filter(deal=alices_deal, what="gaps.cash-forecast").exists()
