"""Fill Contact.duplicate_block (0016) a chunk at a time, then index it in place of contact_city.

Not one transaction: on PostgreSQL a single UPDATE of every card would hold its rows, and the
migration's lock on the table, for the whole fill (23 s at 100 000 cards), while the web
instances are still serving. Each chunk commits on its own; a fill that stops half-way goes on
from the cards still without a block when it is run again. contact_city was read only by the
check this column replaces."""

from __future__ import annotations

from django.db import migrations, models, transaction

from inflytt.lib.text import plain

CHUNK = 2000


def _fill(apps, schema_editor) -> None:
    """The block of every card with a city, as Contact.refresh_derived_fields() computes it."""
    contact = apps.get_model("contacts", "Contact")
    pending = contact.objects.exclude(current_city="").filter(duplicate_block="").order_by("pk")
    last = 0
    while True:
        with transaction.atomic(using=schema_editor.connection.alias):
            cards = list(pending.filter(pk__gt=last).only("pk", "current_city", "last_name")[:CHUNK])
            if not cards:
                return
            for card in cards:
                city = plain(card.current_city)
                card.duplicate_block = f"{city}|{plain(card.last_name)[:1]}" if city else ""
            contact.objects.bulk_update(cards, ["duplicate_block"], batch_size=500)
        last = cards[-1].pk


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("contacts", "0016_duplicate_block")]

    operations = [
        migrations.RunPython(_fill, migrations.RunPython.noop),
        migrations.RemoveIndex(model_name="contact", name="contact_city"),
        migrations.AddIndex(
            model_name="contact",
            index=models.Index(
                condition=~models.Q(duplicate_block=""), fields=["duplicate_block"], name="contact_duplicate_block"
            ),
        ),
    ]
