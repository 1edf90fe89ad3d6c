"""Every finding on the conversation page and in the API says where it came from."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client

from displace.web.conversations.models import Conversation
from tests.web.conftest import ApiClient


def test_the_page_says_which_rule_found_each_finding(
    login: Callable[[str], Client], alices_call: Conversation
) -> None:
    finding = alices_call.findings.exclude(rule__startswith="sequence:").first()
    assert finding is not None
    page = login("alice").get(f"/conversations/{alices_call.pk}/").content.decode()
    assert f"Found by the rule {finding.rule}" in page


def test_the_api_gives_each_finding_its_source(api: ApiClient, alices_call: Conversation) -> None:
    found = api("alice").get(f"/api/conversations/{alices_call.pk}/findings").json()
    kinds = {f["source"]["kind"] for f in found}
    assert kinds <= {"rule", "sequence", "model", "team"} and "rule" in kinds
    assert all(f["source"].get("rule", f["rule"]) == f["rule"] for f in found
               if f["source"]["kind"] == "rule")
