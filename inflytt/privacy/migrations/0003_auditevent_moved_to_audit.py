"""The audit trail now belongs to the audit app (its migration 0001); the table stays as it is.

The content type follows the model, so the admin's history and permissions keep pointing at it."""

from django.db import migrations


def move_content_type(apps, schema_editor, source="privacy", target="audit"):
    content_type = apps.get_model("contenttypes", "ContentType")
    if not content_type.objects.filter(app_label=target, model="auditevent").exists():
        content_type.objects.filter(app_label=source, model="auditevent").update(app_label=target)


def move_content_type_back(apps, schema_editor):
    move_content_type(apps, schema_editor, source="audit", target="privacy")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("privacy", "0002_retention_and_audit_party_index"),
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[migrations.DeleteModel(name="AuditEvent")],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
