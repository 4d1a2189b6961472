"""The duplicate check's name block as a column of its own (Contact.duplicate_block).

One card's check compares its name with the others of its city whose last name starts with the
same letter. It found the city's spellings with a DISTINCT over every card's city, then read those
cities' names by their first letter and folded them in Python: 8 ms on SQLite and 16-18 ms on
PostgreSQL at 100 000 cards, once per registration. The block, folded when the card is saved, is
one look-up of contact_duplicate_block (2.1 and 2.3-2.5 ms), which replaces contact_city (read by
nothing else). Filling 100 000 cards takes 15-25 s.

On SQLite, adding the NOT NULL column rebuilds contacts_contact, which drops the triggers that
keep the search's FTS5 table in step: they are made again and the index rebuilt, as in 0008."""

from __future__ import annotations

from importlib import import_module

from django.db import migrations, models

from inflytt.lib.text import plain

restore_search_triggers = import_module(
    "inflytt.contacts.migrations.0008_external_id_and_merged_cards"
).restore_search_triggers

CHUNK = 2000


def _fill(apps, schema_editor) -> None:
    """The block of every card with a city, as Contact.refresh_derived_fields() computes it."""
    contact = apps.get_model("contacts", "Contact")
    with_city = contact.objects.exclude(current_city="").order_by("pk")
    last = 0
    while True:
        cards = list(with_city.filter(pk__gt=last).only("pk", "current_city", "last_name")[:CHUNK])
        if not cards:
            return
        for card in cards:
            city = plain(card.current_city)
            card.duplicate_block = f"{city}|{plain(card.last_name)[:1]}" if city else ""
        contact.objects.bulk_update(cards, ["duplicate_block"], batch_size=500)
        last = cards[-1].pk


class Migration(migrations.Migration):
    dependencies = [("contacts", "0015_email_prefix_index_postgresql")]

    operations = [
        # Unapplying removes the column, which rebuilds the table again: the triggers come back after it.
        migrations.RunPython(migrations.RunPython.noop, restore_search_triggers),
        migrations.AddField(
            model_name="contact",
            name="duplicate_block",
            field=models.TextField(default="", editable=False),
        ),
        migrations.RunPython(restore_search_triggers, migrations.RunPython.noop),
        migrations.RunPython(_fill, migrations.RunPython.noop),
        migrations.RemoveIndex(model_name="contact", name="contact_city"),
        migrations.AddIndex(
            model_name="contact",
            index=models.Index(
                condition=~models.Q(duplicate_block=""), fields=["duplicate_block"], name="contact_duplicate_block"
            ),
        ),
    ]
