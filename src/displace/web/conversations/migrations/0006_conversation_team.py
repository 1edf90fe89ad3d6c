"""Each conversation carries its deal's team, filled in for the conversations stored before."""

from typing import Any

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_teams(apps: Any, schema_editor: Any) -> None:
    conversation = apps.get_model("conversations", "Conversation")
    deal = apps.get_model("deals", "Deal")
    conversation.objects.update(team_id=Subquery(
        deal.objects.filter(pk=OuterRef("deal_id")).values("team_id")[:1]))


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0001_initial'),
        ('conversations', '0005_conversation_week_index'),
    ]

    operations = [
        migrations.AddField(
            model_name='conversation',
            name='team',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='accounts.team'),
        ),
        migrations.RunPython(fill_teams, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name='conversation',
            index=models.Index(fields=['team', 'id', 'deal', 'created_at', 'analysis_state'], name='conversation_team_latest_idx'),
        ),
    ]
