"""Property-based: whatever a person types into a form, no page answers 500 afterwards.

Hypothesis sends generated values (huge and negative numbers, nan, inf, long and odd text,
impossible dates) to every form that writes, then reads the pages everybody uses. `make test`
runs a few examples; `make fuzz` many (DISPLACE_FUZZ_EXAMPLES).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import AbstractUser
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from displace.web.deals.models import Deal

EXAMPLES = int(os.environ.get("DISPLACE_FUZZ_EXAMPLES", "8"))

# Values people (and programs posing as people) type: numbers in every form, text of every length.
NUMBERISH = st.one_of(
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["nan", "inf", "-inf", "1e30", "1e308", "-5", "1,000,000.005", "", "  ",
                     "9" * 400, "0x10", "١٢٣", "50%"]),
)
TEXT = st.one_of(st.text(max_size=60), st.sampled_from(["x" * 6000, "y" * 301, "<script>", "\x00"]))
DATES = st.one_of(st.dates().map(str), st.sampled_from(["2026-02-31", "99999-01-01", "", "x"]))


def _form(fields: dict[str, st.SearchStrategy[str]]) -> st.SearchStrategy[dict[str, str]]:
    return st.fixed_dictionaries({}, optional=fields)


FORMS: list[tuple[str, st.SearchStrategy[dict[str, str]]]] = [
    ("deal-edit", _form({"value": NUMBERISH, "rep_confidence": NUMBERISH, "stage": TEXT,
                         "currency": TEXT, "expected_close": DATES})),
    ("deal-decision", _form({"maker": TEXT, "willing": TEXT, "quote": TEXT})),
    ("gap-add", _form({"summary": TEXT})),
    ("gap-edit", _form({"summary": TEXT, "stated_by": TEXT, "quote": TEXT, "impact": TEXT,
                        "owner": TEXT})),
    ("deal-comment", _form({"text": TEXT})),
    ("follow-up-add", _form({"title": TEXT, "due": DATES})),
    ("conversation-upload", _form({"text": TEXT, "title": TEXT})),
    ("deal-new", _form({"title": TEXT, "prospect": TEXT, "industry": TEXT, "new_incumbent": TEXT,
                        "tenure_years": NUMBERISH, "value": NUMBERISH, "currency": TEXT,
                        "expected_close": DATES, "stage": TEXT})),
    ("deal-section:prospect", _form({"name": TEXT, "industry": TEXT, "size": TEXT,
                                     "revenue_last_year": NUMBERISH, "currency": TEXT})),
    ("deal-section:incumbent", _form({"new_name": TEXT, "tenure_years": NUMBERISH,
                                      "origin": TEXT, "match_speed": TEXT,
                                      "delivers_text": TEXT, "counter_history": TEXT})),
    ("deal-section:vision", _form({"what": TEXT, "who": TEXT, "when": TEXT})),
    ("deal-section:contacts", _form({"name": TEXT, "title": TEXT, "decision_role": TEXT})),
    ("deal-section:offer", _form({"text": TEXT, "capability": TEXT})),
    ("deal-section:claims", _form({"text": TEXT})),
    ("deal-close", _form({"outcome": st.one_of(TEXT, st.sampled_from(["won", "lost",
                                                                      "no_decision"])),
                          "reason": st.one_of(TEXT, st.sampled_from(["other", "not-recorded"])),
                          "note": TEXT, "countered": TEXT, "counter_move": TEXT,
                          "lost_to": TEXT})),
    ("deal-reopen", _form({"stage": st.one_of(TEXT, st.sampled_from(["gap", "won"]))})),
]


def _url(name: str, deal: Deal) -> str:
    from django.urls import reverse

    if name == "gap-edit":
        return reverse(name, args=[deal.pk, deal.core["gaps"][0]["id"]])
    if name.startswith("deal-section:"):
        return reverse("deal-section", args=[deal.pk, name.partition(":")[2]])
    if name == "deal-new":
        return reverse(name)
    return reverse(name, args=[deal.pk])


def _pages(deal: Deal) -> list[str]:
    return ["/", "/manager/", "/follow-ups/", f"/deals/{deal.pk}/", "/api/deals",
            f"/api/deals/{deal.pk}", "/competitors/"]


@pytest.fixture
def manager(people: dict[str, AbstractUser]) -> Client:
    """Maria, who manages Alice's team: she reads every page the pipeline has."""
    client = Client()
    client.force_login(people["maria"])
    return client


@pytest.mark.parametrize("name,form", FORMS, ids=[name for name, _ in FORMS])
def test_it_answers_every_form_without_a_server_error(
    name: str, form: st.SearchStrategy[dict[str, str]], login: Callable[[str], Client],
    manager: Client, alices_deal: Deal,
) -> None:
    client = login("alice")
    url = _url(name, alices_deal)

    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
    @given(data=form)
    def post(data: dict[str, Any]) -> None:
        assert client.post(url, data).status_code < 500
        for page in _pages(alices_deal):
            assert manager.get(page).status_code == 200, page

    post()


def test_it_keeps_the_deal_value_in_range_whatever_is_posted(
    login: Callable[[str], Client], alices_deal: Deal
) -> None:
    client = login("alice")

    @settings(max_examples=EXAMPLES * 4, deadline=None, suppress_health_check=list(HealthCheck))
    @given(value=NUMBERISH, confidence=NUMBERISH)
    def post(value: str, confidence: str) -> None:
        client.post(_url("deal-edit", alices_deal), {"value": value, "rep_confidence": confidence})
        alices_deal.refresh_from_db()
        assert 0 <= alices_deal.value <= 10**15
        confidence_now = alices_deal.rep_confidence
        assert confidence_now is None or 0 <= confidence_now <= 1

    post()
