"""POST /api/analyze: the coach's report for a transcript, in English and in Vietnamese."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import AbstractUser, User
from django.test import override_settings

from displace.web.conversations.models import Conversation
from tests.web.api.conftest import json_of
from tests.web.conftest import ENGLISH_CALL, VIETNAMESE_CALL, ApiClient, word_document


def _analyze(api: ApiClient, body: dict[str, object]) -> object:
    return api("charlie").post("/api/analyze", json.dumps(body), content_type="application/json")


def test_it_reports_the_findings_of_an_english_call(api: ApiClient) -> None:
    report = json_of(_analyze(api, {"text": ENGLISH_CALL}))
    assert report["language"] == "en"
    behaviours = {f["behaviour"] for f in report["findings"]}
    assert {"badmouthing", "matchable-concession"} <= behaviours
    assert {s["label"]: s["role"] for s in report["speakers"]}["Rep"] == "seller"


def test_it_reports_the_findings_of_a_vietnamese_call_in_vietnamese(api: ApiClient) -> None:
    report = json_of(_analyze(api, {"text": VIETNAMESE_CALL, "lang": "vi"}))
    assert report["language"] == "vi"
    stated = [f for f in report["findings"] if f["behaviour"] == "prospect-stated-gap"]
    assert stated and stated[0]["speaker"] == "Khách hàng"
    assert not Conversation.objects.exists()  # analysing stores nothing


def test_it_uses_the_roles_it_is_given(api: ApiClient) -> None:
    text = "Mai: How is your bank treating you?\nTuan: Nobody calls us back, ever."
    report = json_of(_analyze(api, {"text": text, "roles": {"Mai": "seller",
                                                            "Tuan": "prospect"}}))
    assert {s["label"]: s["role"] for s in report["speakers"]} == {"Mai": "seller",
                                                                     "Tuan": "prospect"}


def test_it_never_reads_a_server_file_named_in_the_text(api: ApiClient, tmp_path: Path) -> None:
    secret = tmp_path / "call.txt"
    secret.write_text(ENGLISH_CALL, encoding="utf-8")
    response = _analyze(api, {"text": str(secret)})
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert "Northern Bank" not in response.content.decode()  # type: ignore[attr-defined]


def test_it_refuses_a_transcript_over_the_limit_with_413(api: ApiClient) -> None:
    text = "Rep: " + "x" * settings.MAX_UPLOAD_BYTES
    with override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=None):
        response = _analyze(api, {"text": text})
    assert response.status_code == 413  # type: ignore[attr-defined]
    assert "DISPLACE_MAX_UPLOAD_BYTES" in json_of(response)["detail"]


@pytest.mark.parametrize("body", [{"text": ""}, {"text": "A: hi", "format": "docx"},
                                  {"text": "A: hi", "lang": "fr"},
                                  {"text": "A: hi", "roles": {"A": "boss"}}, {}])
def test_it_answers_invalid_requests_with_422(api: ApiClient, body: dict[str, object]) -> None:
    response = _analyze(api, body)
    assert response.status_code == 422  # type: ignore[attr-defined]
    assert isinstance(json_of(response)["detail"], list)


def test_it_reads_with_the_teams_own_rule_pack(
    api: ApiClient, people: dict[str, AbstractUser]
) -> None:
    from displace.web.library.actions import save_entry

    text = "Rep: Honestly, your bank are penny-pinchers.\nClient: Maybe."
    before = json_of(_analyze(api, {"text": text}))
    assert "badmouthing" not in {f["behaviour"] for f in before["findings"]}
    pack = ('language = "en"\n[[rule]]\nid = "team.stingy"\nbehaviour = "badmouthing"\n'
            'all = [["$their_side"], ["penny-pinchers"]]\n')
    save_entry("rules/team-en.toml", pack, by=User.objects.get(pk=people["ada"].pk))
    after = json_of(_analyze(api, {"text": text}))
    assert [f["rule"] for f in after["findings"] if f["behaviour"] == "badmouthing"] == [
        "en:team.stingy"
    ]


@pytest.mark.parametrize(
    ("name", "content"),
    [("call.docx", word_document(ENGLISH_CALL)), ("call.txt", ENGLISH_CALL.encode("utf-16")),
     ("call.txt", ENGLISH_CALL.encode("utf-8"))],
    ids=["word", "utf-16", "utf-8"],
)
def test_it_reports_on_a_file_read_as_the_command_line_reads_it(
    api: ApiClient, name: str, content: bytes
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = api("charlie").post("/api/analyze/upload",
                                   {"transcript": SimpleUploadedFile(name, content)})
    report = json_of(response)
    assert {"badmouthing", "matchable-concession"} <= {f["behaviour"] for f in report["findings"]}
    assert {s["label"]: s["role"] for s in report["speakers"]}["Rep"] == "seller"
    assert not Conversation.objects.exists()


def test_it_refuses_a_file_that_is_not_text_with_the_reason(api: ApiClient) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = api("charlie").post("/api/analyze/upload", {
        "transcript": SimpleUploadedFile("call.txt", b"Rep: \xff\xfe\xfa caf\xe9 \x81\x8d\n")})
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert "not UTF-8, UTF-16 or Windows-1258" in json_of(response)["detail"]


def test_it_refuses_a_file_over_the_limit_with_413(api: ApiClient) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    big = ("Rep: " + "x" * settings.MAX_UPLOAD_BYTES).encode()
    response = api("charlie").post("/api/analyze/upload",
                                   {"transcript": SimpleUploadedFile("call.txt", big)})
    assert response.status_code == 413  # type: ignore[attr-defined]
