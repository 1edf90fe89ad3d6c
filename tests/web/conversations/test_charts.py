"""The conversation page's charts: talk share and the findings along the call, each point
linking to a sentence the page has, and no query more for a longer call."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from django.test import Client
from django.urls import reverse

from displace.web.conversations.charts import sentence_indexes
from displace.web.conversations.models import Conversation
from displace.web.conversations.presenting import card_index


def _data(page: str, chart_id: str) -> dict[str, Any]:
    found = re.search(rf'<script id="{chart_id}-data" type="application/json">(.*?)</script>',
                      page, re.S)
    assert found, chart_id
    data: dict[str, Any] = json.loads(found.group(1))
    return data


def test_the_page_draws_talk_share_and_a_point_per_finding_linked_to_its_sentence(
    login: Callable[[str], Client], alices_call: Conversation
) -> None:
    page = login("alice").get(reverse("conversation", args=[alices_call.pk])).content.decode()
    talk = _data(page, "talk-share")
    shares = {s["label"]: s["values"][0] for s in talk["series"]}
    assert shares == {"seller": round(alices_call.metrics["talk_share"]["seller"] * 100, 1),
                      "prospect": round(alices_call.metrics["talk_share"]["prospect"] * 100, 1)}
    timeline = _data(page, "findings-timeline")
    points = [p for s in timeline["series"] for p in s["points"]]
    assert len(points) == alices_call.findings.count() > 0
    for point in points:
        assert re.fullmatch(r"#s-\d+", point["href"])
        assert f'id="{point["href"][1:]}"' in page  # the sentence is on the page
    assert page.count('<figure class="chart') == 2
    assert page.count("chart.umd.min.js") == 1


def test_the_charts_speak_the_readers_language(
    login: Callable[[str], Client], alices_call: Conversation
) -> None:
    client = login("alice")
    client.post(reverse("language"), {"language": "vi", "next": "/"})
    page = client.get(reverse("conversation", args=[alices_call.pk])).content.decode()
    assert "Xem các số liệu" in page
    assert _data(page, "talk-share")["lang"] == "vi"


def test_each_finding_links_to_the_sentence_its_card_is_for(alices_call: Conversation) -> None:
    findings = list(alices_call.findings.all())
    indexes = sentence_indexes(alices_call.turns, findings)
    assert [indexes[id(f)] for f in findings] == [card_index(alices_call.turns, f)
                                                  for f in findings]
    assert len(set(indexes.values())) > 1  # not every finding in one sentence
