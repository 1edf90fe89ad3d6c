"""The migration that gives each competitor a team: the team of the deals that name it."""

from __future__ import annotations

import importlib
from collections.abc import Callable

from django.apps import apps

from displace.core.deal.dealfile import deal_from_dict
from displace.web.accounts.actions import create_user
from displace.web.accounts.models import Team
from displace.web.competitors.models import Competitor
from displace.web.deals.actions import import_deal
from displace.web.deals.models import Deal
from tests.web.conftest import PASSWORD, core_deal_dict

MakeDeal = Callable[..., Deal]
migration = importlib.import_module(
    "displace.web.competitors.migrations.0003_competitor_team_data")


def as_before_the_migration(*deals: Deal) -> Competitor:
    """One global profile, no team's, named by all these deals (as before competitors had
    teams)."""
    shared = Competitor.objects.create(name="Giant National", delivers=["Payroll"],
                                       notes="Matches every rate.")
    Deal.objects.filter(pk__in=[d.pk for d in deals]).update(incumbent=shared)
    return shared


def test_it_gives_a_competitor_the_team_of_its_deals(make_deal: MakeDeal) -> None:
    shared = as_before_the_migration(make_deal("alice"), make_deal("bob"))
    migration.give_each_competitor_its_team(apps, None)
    shared.refresh_from_db()
    assert shared.team == Team.objects.get(name="North")


def test_it_copies_the_profile_for_each_other_team_that_names_it(
    make_deal: MakeDeal,
) -> None:
    north, south = make_deal("alice"), make_deal("charlie")
    lonely = import_deal(deal_from_dict(core_deal_dict()), owner=create_user("loner", PASSWORD))
    shared = as_before_the_migration(north, south, lonely)
    migration.give_each_competitor_its_team(apps, None)
    profiles = {c.team.name if c.team else None: c
                for c in Competitor.objects.filter(name="Giant National")}
    assert set(profiles) == {"North", "South", None}
    assert profiles["North"].pk == shared.pk
    for team, profile in profiles.items():
        assert profile.notes == "Matches every rate." and profile.delivers == ["Payroll"]
        named = Deal.objects.filter(incumbent=profile).values_list("team__name", flat=True)
        assert set(named) == {team}


def test_it_leaves_a_competitor_no_deal_names_to_the_admin(db: None) -> None:
    orphan = Competitor.objects.create(name="Nobody's Bank")
    migration.give_each_competitor_its_team(apps, None)
    orphan.refresh_from_db()
    assert orphan.team_id is None
