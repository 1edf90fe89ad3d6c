"""The migration that gives each conversation its deal's team, which the hot-spots read."""

from __future__ import annotations

import importlib
from collections.abc import Callable

from django.apps import apps

from displace.web.conversations.actions import Upload, record_conversation
from displace.web.conversations.models import Conversation
from displace.web.deals.models import Deal
from tests.web.conftest import VIETNAMESE_CALL

migration = importlib.import_module(
    "displace.web.conversations.migrations.0006_conversation_team")


def test_a_recorded_conversation_carries_its_deals_team(alices_call: Conversation) -> None:
    assert alices_call.team_id is not None
    assert alices_call.team_id == alices_call.deal.team_id


def test_conversations_stored_before_get_their_deals_team_and_teamless_deals_none(
    alices_call: Conversation, make_deal: Callable[..., Deal]
) -> None:
    admins_deal = make_deal("ada")  # an admin has no team: nor have their deals
    admins_call = record_conversation(admins_deal, Upload("c.txt", VIETNAMESE_CALL.encode()),
                                      by=admins_deal.owner)
    Conversation.objects.update(team=None)
    migration.fill_teams(apps, None)
    alices_call.refresh_from_db()
    admins_call.refresh_from_db()
    assert alices_call.team_id == alices_call.deal.team_id is not None
    assert admins_call.team_id is None
