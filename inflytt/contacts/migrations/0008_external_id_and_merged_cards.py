"""Contact.external_id (the id in the register a card was imported from) and MergedContact.

On SQLite, adding a NOT NULL column rebuilds contacts_contact, which drops the triggers that keep
the search's FTS5 table in step (0002): they are made again, and the index rebuilt, afterwards.
"""

from importlib import import_module

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

search_index = import_module("inflytt.contacts.migrations.0002_search_index")
TRIGGERS = [statement for statement in search_index.SQLITE_BACKWARD if "TRIGGER" in statement]
RESTORE = TRIGGERS + [statement for statement in search_index.SQLITE_FORWARD if "VIRTUAL TABLE" not in statement]


def restore_search_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in RESTORE:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0007_list_filter_sort_indexes"),
        ("parties", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="MergedContact",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("old_id", models.BigIntegerField(unique=True)),
                ("merged_at", models.DateTimeField(default=django.utils.timezone.now)),
            ],
            options={
                "verbose_name": "merged card",
                "verbose_name_plural": "merged cards",
            },
        ),
        # Unapplying removes the column, which rebuilds the table again: the triggers come back after it.
        migrations.RunPython(migrations.RunPython.noop, restore_search_triggers),
        migrations.AddField(
            model_name="contact",
            name="external_id",
            field=models.CharField(blank=True, max_length=100, verbose_name="external id"),
        ),
        migrations.RunPython(restore_search_triggers, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="contact",
            index=models.Index(
                condition=models.Q(("external_id", ""), _negated=True),
                fields=["external_id"],
                name="contact_external_id",
            ),
        ),
        migrations.AddField(
            model_name="mergedcontact",
            name="contact",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="merged_from", to="contacts.contact"
            ),
        ),
    ]
