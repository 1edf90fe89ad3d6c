# ruff: noqa  (a data migration, in the style of the generated ones beside it)
# Each competitor goes to a team; separate from the schema changes before and after it, so that
# PostgreSQL never alters a table with row changes pending in the same transaction.

from typing import Any

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor


def give_each_competitor_its_team(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    """A competitor goes to the team of the deals that name it; when deals of several teams
    name it, every other team gets a copy of the profile and its deals point to that copy."""
    Competitor: Any = apps.get_model("competitors", "Competitor")
    Deal: Any = apps.get_model("deals", "Deal")
    for competitor in Competitor.objects.order_by("pk"):
        teams = set(Deal.objects.filter(incumbent=competitor).values_list("team_id", flat=True))
        if not teams:
            continue  # named by no deal: no team's, so only an admin sees it
        first, *others = sorted(teams, key=lambda team: (team is None, team))
        competitor.team_id = first
        competitor.save(update_fields=["team"])
        for team in others:
            copy = Competitor.objects.create(
                team_id=team, name=competitor.name, industry=competitor.industry,
                delivers=competitor.delivers, counter_moves=competitor.counter_moves,
                notes=competitor.notes,
            )
            Deal.objects.filter(incumbent=competitor, team_id=team).update(incumbent=copy)


class Migration(migrations.Migration):

    dependencies = [
        ('competitors', '0002_competitor_team'),
        ('deals', '0002_value_limits'),
    ]

    operations = [
        migrations.RunPython(give_each_competitor_its_team, migrations.RunPython.noop),
    ]
