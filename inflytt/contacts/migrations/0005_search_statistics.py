"""PostgreSQL: finer statistics on search_text so the planner sees how selective a search term
is. Without them it walked the registration index backwards for a name matching 0.5 % of the
register (10 200 rows read for 50) instead of using the trigram index (bench/README.md)."""

from __future__ import annotations

from django.db import migrations


def _statistics(target: int):
    def run(apps, schema_editor) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"ALTER TABLE contacts_contact ALTER COLUMN search_text SET STATISTICS {target}")
            # The new target takes effect with the next ANALYZE; run it now rather than wait.
            schema_editor.execute("ANALYZE contacts_contact (search_text)")

    return run


class Migration(migrations.Migration):
    dependencies = [("contacts", "0004_unanswered_queue_index")]

    operations = [migrations.RunPython(_statistics(1000), _statistics(-1))]
