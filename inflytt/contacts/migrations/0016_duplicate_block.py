"""The duplicate check's name block as a column of its own (Contact.duplicate_block); 0017 fills it.

One card's check compares its name with the others of its city whose last name starts with the
same letter. It found the city's spellings with a DISTINCT over every card's city, then read those
cities' names by their first letter and folded them in Python: 8 ms on SQLite and 16-18 ms on
PostgreSQL at 100 000 cards, once per registration. The block, folded when the card is saved, is
one look-up of an index (2.1 and 2.3-2.5 ms).

The column has a database default, so an instance still running the previous release during a
rolling upgrade can go on inserting cards (their block is filled by 0017 or, if they come after
it, compared by the nightly refresh, which folds the blocks from the cards' own columns).

On SQLite, adding the NOT NULL column rebuilds contacts_contact, which drops the triggers that
keep the search's FTS5 table in step: they are made again and the index rebuilt, as in 0008."""

from __future__ import annotations

from importlib import import_module

from django.db import migrations, models

restore_search_triggers = import_module(
    "inflytt.contacts.migrations.0008_external_id_and_merged_cards"
).restore_search_triggers


class Migration(migrations.Migration):
    dependencies = [("contacts", "0015_email_prefix_index_postgresql")]

    operations = [
        # Unapplying removes the column, which rebuilds the table again: the triggers come back after it.
        migrations.RunPython(migrations.RunPython.noop, restore_search_triggers),
        migrations.AddField(
            model_name="contact",
            name="duplicate_block",
            field=models.TextField(db_default="", default="", editable=False),
        ),
        migrations.RunPython(restore_search_triggers, migrations.RunPython.noop),
    ]
