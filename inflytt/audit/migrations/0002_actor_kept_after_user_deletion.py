"""Audit events keep who acted after the user is deleted: no SET_NULL, a label snapshot.

Existing events get the label of their user as it is now (the best there is for them)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def label_existing_events(apps, schema_editor):
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    event_model = apps.get_model("audit", "AuditEvent")
    for user in user_model.objects.all().iterator():
        name = f"{user.first_name} {user.last_name}".strip()
        label = f"{name} <{user.email}>" if name else user.email
        event_model.objects.filter(actor_id=user.pk, actor_label="").update(actor_label=label)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="actor_label",
            field=models.CharField(blank=True, max_length=400, verbose_name="user (at the time)"),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="actor",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="user",
            ),
        ),
        migrations.RunPython(label_existing_events, migrations.RunPython.noop),
    ]
