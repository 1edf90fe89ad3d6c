# ruff: noqa  (a data migration, in the style of the generated ones beside it)
# Fill the pipeline's search column of the deals stored before it existed; separate from the
# schema change, so that PostgreSQL never alters a table with row changes pending.

from typing import Any

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

from displace.core.text.fold import fold


def fill_search_text(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    """Each deal's title and prospect, folded as `deals.actions.searchable` folds them."""
    Deal: Any = apps.get_model("deals", "Deal")
    rows = Deal.objects.order_by("pk").values_list("pk", "title", "prospect")
    batch = []
    for pk, title, prospect in rows.iterator(chunk_size=2000):
        batch.append(Deal(pk=pk, search_text=fold(f"{title}\n{prospect}")))
        if len(batch) == 2000:
            Deal.objects.bulk_update(batch, ["search_text"])
            batch = []
    Deal.objects.bulk_update(batch, ["search_text"])


class Migration(migrations.Migration):

    dependencies = [
        ('deals', '0006_deal_search_text'),
    ]

    operations = [
        migrations.RunPython(fill_search_text, migrations.RunPython.noop, elidable=True),
    ]
