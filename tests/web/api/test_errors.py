"""API errors are JSON with a `detail` and the right status: 400, 403, 404, 413, 422."""

from __future__ import annotations

import json

import pytest
from django.test import override_settings

from displace.web.deals.models import Deal
from tests.web.api.conftest import json_of
from tests.web.conftest import ENGLISH_CALL, ApiClient


def _post(api: ApiClient, who: str, path: str, body: object) -> object:
    return api(who).post(path, json.dumps(body), content_type="application/json")


def test_it_answers_an_invalid_deal_file_with_400_naming_the_field(api: ApiClient) -> None:
    response = _post(api, "alice", "/api/deals", {"deal": {"schema": "displace.deal/1"}})
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert "request body" in json_of(response)["detail"]
    assert not Deal.objects.exists()


def test_it_answers_a_transcript_without_turns_with_400(
    api: ApiClient, alices_deal: Deal
) -> None:
    response = _post(api, "alice", f"/api/deals/{alices_deal.pk}/conversations",
                     {"text": "just some words without any speaker", "name": "notes.pdf"})
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert "unknown format" in json_of(response)["detail"]
    assert not alices_deal.conversations.exists()


def test_it_answers_an_unknown_gap_with_400(api: ApiClient, alices_call: object) -> None:
    finding = alices_call.findings.get(  # type: ignore[attr-defined]
        behaviour="prospect-stated-gap")
    response = _post(api, "alice", f"/api/findings/{finding.pk}/accept", {"gap": "no-such"})
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert "no-such" in json_of(response)["detail"]


def test_it_answers_a_managers_edit_with_403(api: ApiClient, alices_deal: Deal) -> None:
    response = api("maria").patch(f"/api/deals/{alices_deal.pk}", json.dumps({"stage": "won"}),
                                  content_type="application/json")
    assert response.status_code == 403
    assert "owner" in json_of(response)["detail"]


@pytest.mark.parametrize("path", ["/api/deals/999999", "/api/conversations/999999",
                                  "/api/deals/999999/assessment"])
def test_it_answers_a_missing_object_with_404(api: ApiClient, path: str) -> None:
    response = api("ada").get(path)
    assert response.status_code == 404
    assert json_of(response)["detail"].startswith("No such")


@pytest.mark.parametrize(
    "body",
    [{"stage": "sold"}, {"rep_confidence": 1.5}, {"value": -1}, {"expected_close": "soon"}],
)
def test_it_answers_invalid_fields_with_422_naming_them(
    api: ApiClient, alices_deal: Deal, body: dict[str, object]
) -> None:
    response = api("alice").patch(f"/api/deals/{alices_deal.pk}", json.dumps(body),
                                  content_type="application/json")
    assert response.status_code == 422
    errors = json_of(response)["detail"]
    assert errors and errors[0]["loc"][-1] == next(iter(body))
    assert Deal.objects.get(pk=alices_deal.pk).stage == "discovery"


def test_it_answers_malformed_json_with_a_json_error(api: ApiClient) -> None:
    response = api("alice").post("/api/analyze", "{not json", content_type="application/json")
    assert response.status_code in (400, 422)
    assert json_of(response)["detail"]


@override_settings(MAX_UPLOAD_BYTES=200)
def test_it_refuses_a_conversation_over_the_size_limit_with_413_and_stores_nothing(
    api: ApiClient, alices_deal: Deal
) -> None:
    response = _post(api, "alice", f"/api/deals/{alices_deal.pk}/conversations",
                     {"text": ENGLISH_CALL})
    assert response.status_code == 413  # type: ignore[attr-defined]
    assert "limit is 200 bytes" in json_of(response)["detail"]
    assert not alices_deal.conversations.exists()


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=100)
def test_it_refuses_a_request_body_larger_than_django_accepts_with_413(
    api: ApiClient,
) -> None:
    response = _post(api, "alice", "/api/analyze", {"text": ENGLISH_CALL})
    assert response.status_code == 413  # type: ignore[attr-defined]
    assert json_of(response)["detail"]


def test_it_answers_a_vietnamese_caller_in_vietnamese_and_an_english_one_in_english(
    api: ApiClient
) -> None:
    from displace.web.accounts.models import Profile

    body = {"text": "Ghi chú: gọi lại sau.\nKhông có gì thêm."}
    english = json_of(_post(api, "alice", "/api/analyze", body))["detail"]
    Profile.objects.filter(user__username="alice").update(language="vi")
    vietnamese = json_of(_post(api, "alice", "/api/analyze", body))["detail"]
    assert english.startswith("<bytes>: no conversation found")
    assert vietnamese.startswith("<bytes>: không tìm thấy cuộc trò chuyện nào")
    assert "--input-format" not in english + vietnamese


def test_it_gives_the_size_of_a_transcript_over_the_limit_in_words(api: ApiClient) -> None:
    with override_settings(MAX_UPLOAD_BYTES=2000):
        response = _post(api, "alice", "/api/analyze", {"text": "Rep: " + "a" * 2995})
    assert response.status_code == 413  # type: ignore[attr-defined]
    assert json_of(response)["detail"] == ("The transcript is 3 KB; the limit is 2 KB "
                                           "(DISPLACE_MAX_UPLOAD_BYTES).")
