"""Fuzzing the whole API from its OpenAPI document (schemathesis): no request may answer 500.

Every operation gets generated requests — valid, out of range, the wrong type, huge numbers,
long strings — sent with Alice's key to the WSGI app in-process, against a workspace that has
a deal, a conversation and a follow-up, so that ids in the generated paths can hit real rows.
`make test` runs a few examples per operation; `make fuzz` runs many (DISPLACE_FUZZ_EXAMPLES).
"""

from __future__ import annotations

import os
from datetime import date
from typing import Any

import pytest
import schemathesis
from django.contrib.auth.models import AbstractUser, User
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from displace.web.accounts.actions import issue_api_token
from displace.web.api.site import api
from displace.web.conversations.actions import Upload, record_conversation
from displace.web.deals.models import Deal
from displace.web.followups.actions import add_follow_up
from displace.web.wsgi import application
from tests.web.conftest import ENGLISH_CALL

EXAMPLES = int(os.environ.get("DISPLACE_FUZZ_EXAMPLES", "8"))

schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.app = application


def no_traceback(ctx: Any, response: Any, case: Any) -> bool | None:
    """No answer may show a Python traceback, whatever its status."""
    assert b"Traceback (most recent call last)" not in response.content, "a traceback leaked"
    return None


@pytest.fixture
def alices_key(people: dict[str, AbstractUser], alices_deal: Deal) -> str:
    """Alice's key, with a conversation and a follow-up on her deal for ids to point at."""
    record_conversation(alices_deal, Upload("call.txt", ENGLISH_CALL.encode()),
                        by=alices_deal.owner, title="First call")
    add_follow_up(alices_deal, "Call back", date(2026, 12, 1), by=alices_deal.owner)
    return issue_api_token(User.objects.get(pk=people["alice"].pk))


@pytest.mark.django_db(transaction=True)
@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=list(HealthCheck))
def test_it_never_answers_a_server_error(case: Any, alices_key: str) -> None:
    case.call_and_validate(headers={"Authorization": f"Bearer {alices_key}"},
                           checks=[not_a_server_error, no_traceback])
