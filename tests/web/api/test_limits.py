"""Out-of-range numbers and oversized values get a 4xx and never break a page for anyone."""

from __future__ import annotations

import json

import pytest

from displace.web.deals.models import Deal
from tests.web.api.conftest import json_of
from tests.web.conftest import ApiClient, core_deal_dict

PAGES = ["/api/deals", "/api/deals/{id}", "/api/follow-ups"]


def _pages_still_answer(api: ApiClient, deal: Deal) -> None:
    for page in PAGES:
        assert api("alice").get(page.format(id=deal.pk)).status_code == 200, page


@pytest.mark.parametrize("value", [1e30, "1" * 100, -5, "1.001", "NaN", "Infinity"])
def test_it_refuses_a_deal_value_the_column_cannot_hold(
    api: ApiClient, alices_deal: Deal, value: object
) -> None:
    response = api("alice").patch(f"/api/deals/{alices_deal.pk}", json.dumps({"value": value}),
                                  content_type="application/json")
    assert response.status_code == 422
    assert json_of(response)["detail"][0]["loc"][-1] == "value"
    _pages_still_answer(api, alices_deal)


def test_it_refuses_a_new_deal_with_a_hundred_digit_value_and_stores_nothing(
    api: ApiClient, alices_deal: Deal
) -> None:
    body = {"deal": core_deal_dict(title="Another"), "value": "1" * 100}
    response = api("alice").post("/api/deals", json.dumps(body), content_type="application/json")
    assert response.status_code == 422
    assert Deal.objects.count() == 1
    _pages_still_answer(api, alices_deal)


def test_it_keeps_a_deal_value_at_the_limit(api: ApiClient, alices_deal: Deal) -> None:
    response = api("alice").patch(f"/api/deals/{alices_deal.pk}",
                                  json.dumps({"value": "1000000000000000.00"}),
                                  content_type="application/json")
    assert response.status_code == 200
    assert json_of(response)["value"] in ("1000000000000000.00", 1e15)


@pytest.mark.parametrize("url", [
    "/api/deals?offset=9223372036854775808",
    "/api/follow-ups?deal=99999999999999999999",
    "/api/deals/99999999999999999999",
    "/api/conversations/99999999999999999999/findings",
])
def test_it_answers_an_out_of_range_number_in_the_url_with_422(
    api: ApiClient, alices_deal: Deal, url: str
) -> None:
    response = api("alice").get(url)
    assert response.status_code == 422
    assert json_of(response)["detail"]


def test_it_answers_a_body_nested_five_thousand_deep_with_400(
    api: ApiClient, alices_deal: Deal
) -> None:
    body = '{"deal": ' + '{"a":' * 5000 + "1" + "}" * 5000 + "}"
    response = api("alice").post("/api/deals", body, content_type="application/json")
    assert response.status_code == 400
    assert Deal.objects.count() == 1


def test_it_refuses_a_nested_deal_file_within_the_body_s_depth_with_400(
    api: ApiClient, alices_deal: Deal
) -> None:
    deep: object = 1
    for _ in range(40):
        deep = {"a": deep}
    body = {"deal": core_deal_dict(prospect=deep)}
    response = api("alice").post("/api/deals", json.dumps(body), content_type="application/json")
    assert response.status_code == 400
    assert "nested more than 16 levels" in json_of(response)["detail"]


def test_it_refuses_role_hints_for_too_many_speakers(api: ApiClient, alices_deal: Deal) -> None:
    roles = {f"Speaker {i}": "prospect" for i in range(51)}
    response = api("alice").post(f"/api/deals/{alices_deal.pk}/conversations",
                                 json.dumps({"text": "Rep: hi\nClient: hello", "roles": roles}),
                                 content_type="application/json")
    assert response.status_code == 422
    assert not alices_deal.conversations.exists()


def test_a_json_body_with_an_escaped_nul_gets_a_json_400(
    api: ApiClient, alices_deal: Deal
) -> None:
    response = api("alice").patch(f"/api/deals/{alices_deal.pk}",
                                  json.dumps({"title": "Deal\u0000"}),
                                  content_type="application/json")
    assert response.status_code == 400
    assert "NUL" in response.json()["detail"]
    alices_deal.refresh_from_db()
    assert "\x00" not in alices_deal.title


def test_a_backslash_u_written_as_text_is_not_a_nul(api: ApiClient, alices_deal: Deal) -> None:
    response = api("alice").patch(f"/api/deals/{alices_deal.pk}",
                                  json.dumps({"title": "path \\u0000 in text"}),
                                  content_type="application/json")
    assert response.status_code == 200
