"""The API for teaching the coach: mark a finding wrong, teach words, list, confirm, remove."""

from __future__ import annotations

import json
from typing import Any

import pytest

from displace.web.conversations.models import Conversation
from displace.web.examples.models import Example, Status
from tests.web.api.conftest import json_of
from tests.web.conftest import VIETNAMESE_CALL, ApiClient

SEES = {"alice": 201, "bob": 404, "maria": 201, "charlie": 404, "sam": 404, "ada": 201}
CONFIRMS = {"alice": 403, "bob": 403, "maria": 200, "charlie": 404, "sam": 404, "ada": 200}
REMOVES = {"alice": 403, "bob": 403, "maria": 403, "charlie": 404, "sam": 404, "ada": 204}
GAP = "Vấn đề là chúng tôi không biết trước tình hình tiền mặt trước kỳ trả lương thứ Sáu."


def post(client: Any, path: str, body: object) -> Any:
    return client.post(path, json.dumps(body), content_type="application/json")


def teach_gap(api: ApiClient, who: str, call: Conversation) -> Any:
    start = call.turns[3]["text"].index(GAP)
    return post(api(who), f"/api/conversations/{call.pk}/examples",
                {"turn": 3, "start": start, "end": start + len(GAP),
                 "behaviour": "prospect-stated-gap"})


def findings_on_turn_3(api: ApiClient, call: Conversation) -> set[str]:
    found = api("alice").get(f"/api/conversations/{call.pk}/findings").json()
    return {f["behaviour"] for f in found if f["turn"] == 3}


@pytest.mark.parametrize(("who", "status"), SEES.items())
def test_it_marks_a_finding_wrong_for_whoever_sees_it(
    api: ApiClient, alices_call: Conversation, who: str, status: int
) -> None:
    finding = alices_call.findings.get(behaviour="badmouthing")
    response = post(api(who), f"/api/findings/{finding.pk}/wrong", {"should_be": "parity-claim"})
    assert response.status_code == status, response.content
    if status == 404:
        assert not Example.objects.exists()
        return
    negative, positive = json_of(response)
    assert (negative["behaviour"], negative["positive"]) == ("badmouthing", False)
    assert (positive["behaviour"], positive["positive"]) == ("parity-claim", True)
    assert negative["status"] == ("suggested" if who == "alice" else "confirmed")
    assert negative["conversation_id"] == alices_call.pk and negative["team"] == "North"
    # A confirmed example reads the conversation again at once: its findings are new rows.
    assert negative["finding_id"] == (finding.pk if who == "alice" else None)
    assert negative["added_by"] == who


def test_it_marks_a_finding_wrong_without_saying_what_it_should_be(
    api: ApiClient, alices_call: Conversation
) -> None:
    finding = alices_call.findings.get(behaviour="badmouthing")
    response = post(api("alice"), f"/api/findings/{finding.pk}/wrong", {})
    assert response.status_code == 201
    assert [e["positive"] for e in response.json()] == [False]


@pytest.mark.parametrize("should_be", ["offer", "magic", "", 3])
def test_it_refuses_a_should_be_that_is_not_a_reported_behaviour(
    api: ApiClient, alices_call: Conversation, should_be: object
) -> None:
    finding = alices_call.findings.get(behaviour="badmouthing")
    response = post(api("alice"), f"/api/findings/{finding.pk}/wrong", {"should_be": should_be})
    assert response.status_code == 422
    assert json_of(response)["detail"][0]["loc"][-1] == "should_be"
    assert not Example.objects.exists()


@pytest.mark.parametrize(("who", "status"), SEES.items())
def test_it_teaches_a_turns_words_for_whoever_sees_the_conversation(
    api: ApiClient, alices_call: Conversation, who: str, status: int
) -> None:
    response = teach_gap(api, who, alices_call)
    assert response.status_code == status
    if status == 201:
        example = json_of(response)
        assert (example["text"], example["behaviour"], example["language"]) == (
            GAP, "prospect-stated-gap", "vi")
        assert example["conversation_id"] == alices_call.pk


@pytest.mark.parametrize(("body", "status"), [
    ({"turn": 3, "start": 0, "end": 99999, "behaviour": "prospect-stated-gap"}, 400),
    ({"turn": 42, "start": 0, "end": 5, "behaviour": "prospect-stated-gap"}, 400),
    ({"turn": 3, "start": 0, "end": 10, "behaviour": "parity-claim"}, 400),
    ({"turn": 3, "start": -1, "end": 10, "behaviour": "prospect-stated-gap"}, 422),
    ({"turn": 3, "start": 0, "end": 10**20, "behaviour": "prospect-stated-gap"}, 422),
    ({"turn": 3, "start": 0, "end": 10, "behaviour": "relationship"}, 422),
    ({"turn": 3, "start": 0, "end": 10}, 422),
])
def test_it_refuses_words_or_a_behaviour_it_cannot_learn(
    api: ApiClient, alices_call: Conversation, body: dict[str, object], status: int
) -> None:
    response = post(api("alice"), f"/api/conversations/{alices_call.pk}/examples", body)
    assert response.status_code == status
    assert json_of(response)["detail"]
    assert not Example.objects.exists()


def test_a_confirmed_example_changes_the_stored_findings_and_the_next_analysis_at_once(
    api: ApiClient, alices_call: Conversation
) -> None:
    analyse = {"text": VIETNAMESE_CALL}
    before = post(api("alice"), "/api/analyze", analyse).json()
    assert not [f for f in before["findings"] if f["turn"] == 3]
    example = teach_gap(api, "alice", alices_call).json()
    assert "prospect-stated-gap" not in findings_on_turn_3(api, alices_call)
    response = post(api("maria"), f"/api/examples/{example['id']}/confirm", {})
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["confirmed_by"]) == ("confirmed", "maria")
    assert "prospect-stated-gap" in findings_on_turn_3(api, alices_call)
    after = post(api("bob"), "/api/analyze", analyse).json()  # any of the team's callers
    taught = [f for f in after["findings"] if f["turn"] == 3]
    assert [(f["behaviour"], f["source"]["kind"]) for f in taught] == [
        ("prospect-stated-gap", "team")]
    elsewhere = post(api("charlie"), "/api/analyze", analyse).json()  # another team
    assert not [f for f in elsewhere["findings"] if f["turn"] == 3]


@pytest.mark.parametrize(("who", "status"), CONFIRMS.items())
def test_only_the_teams_manager_or_an_admin_confirms(
    api: ApiClient, alices_call: Conversation, who: str, status: int
) -> None:
    example = teach_gap(api, "alice", alices_call).json()
    response = post(api(who), f"/api/examples/{example['id']}/confirm", {})
    assert response.status_code == status
    assert Example.objects.get().status == (Status.CONFIRMED if status == 200
                                            else Status.SUGGESTED)


@pytest.mark.parametrize(("who", "status"), REMOVES.items())
def test_only_an_admin_removes_and_the_findings_follow(
    api: ApiClient, alices_call: Conversation, who: str, status: int
) -> None:
    example = teach_gap(api, "maria", alices_call).json()
    assert "prospect-stated-gap" in findings_on_turn_3(api, alices_call)
    response = api(who).delete(f"/api/examples/{example['id']}")
    assert response.status_code == status
    removed = status == 204
    assert Example.objects.exists() is not removed
    assert ("prospect-stated-gap" in findings_on_turn_3(api, alices_call)) is not removed


@pytest.mark.parametrize(("who", "count"), [("alice", 2), ("bob", 2), ("maria", 2),
                                            ("charlie", 0), ("sam", 0), ("ada", 2)])
def test_it_lists_the_callers_teams_examples(
    api: ApiClient, alices_call: Conversation, who: str, count: int
) -> None:
    teach_gap(api, "alice", alices_call)
    finding = alices_call.findings.get(behaviour="badmouthing")
    post(api("maria"), f"/api/findings/{finding.pk}/wrong", {})
    page = api(who).get("/api/examples").json()
    assert page["count"] == len(page["items"]) == count
    if count:
        confirmed = api(who).get("/api/examples?status=confirmed").json()
        assert [e["behaviour"] for e in confirmed["items"]] == ["badmouthing"]


def test_it_answers_an_unknown_or_out_of_range_example_id(api: ApiClient, alices_call: object
                                                          ) -> None:
    assert post(api("ada"), "/api/examples/999/confirm", {}).status_code == 404
    assert api("ada").delete("/api/examples/99999999999999999999").status_code == 422
