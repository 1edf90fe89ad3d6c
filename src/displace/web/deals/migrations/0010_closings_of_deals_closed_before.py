# ruff: noqa  (a data migration, in the style of the generated ones beside it)
# Deals won or lost before closings were recorded get one: closed when they were last active,
# with the reason "not recorded", so that every closed deal has its closed_at and a closing.

from typing import Any

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.models import F

CLOSED = ("won", "lost", "no_decision")


def record_closings(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    """A closing (reason not recorded) and a closed_at for each deal closed without them."""
    Deal: Any = apps.get_model("deals", "Deal")
    Closing: Any = apps.get_model("deals", "Closing")
    rows = (Deal.objects.filter(stage__in=CLOSED, closed_at__isnull=True).order_by("pk")
            .values_list("pk", "stage", "last_activity"))
    batch = []
    for pk, stage, last_activity in rows.iterator(chunk_size=2000):
        batch.append(Closing(deal_id=pk, outcome=stage, reason="not-recorded",
                             countered="unknown" if stage == "lost" else "",
                             closed_at=last_activity))
        if len(batch) == 2000:
            Closing.objects.bulk_create(batch)
            batch = []
    Closing.objects.bulk_create(batch)
    Deal.objects.filter(stage__in=CLOSED, closed_at__isnull=True).update(
        closed_at=F("last_activity"))


class Migration(migrations.Migration):

    dependencies = [
        ('deals', '0009_closings_and_reasons'),
    ]

    operations = [
        migrations.RunPython(record_closings, migrations.RunPython.noop),
    ]
