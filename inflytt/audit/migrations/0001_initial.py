"""The audit trail moves here from the privacy app; its table and every row stay where they are.

State only: the table `privacy_auditevent` was made by privacy's migrations 0001 and 0002 (the
model keeps that name in Meta.db_table), and privacy's 0003 removes the model from its own state.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("parties", "0001_initial"),
        ("privacy", "0002_retention_and_audit_party_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="AuditEvent",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("at", models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="time")),
                        (
                            "action",
                            models.CharField(
                                choices=[
                                    ("view", "Viewed"),
                                    ("search", "Searched"),
                                    ("create", "Created"),
                                    ("edit", "Edited"),
                                    ("export", "Exported"),
                                    ("transfer", "Transferred"),
                                    ("delete", "Deleted"),
                                    ("erase", "Erased"),
                                    ("login", "Logged in"),
                                    ("login_failed", "Login failed"),
                                    ("logout", "Logged out"),
                                    ("mfa", "MFA changed"),
                                    ("refused", "Access refused"),
                                ],
                                max_length=20,
                                verbose_name="action",
                            ),
                        ),
                        ("contact_id", models.BigIntegerField(blank=True, null=True, verbose_name="contact id")),
                        ("object_type", models.CharField(blank=True, max_length=40, verbose_name="object type")),
                        ("object_id", models.CharField(blank=True, max_length=40, verbose_name="object id")),
                        ("detail", models.JSONField(blank=True, default=dict, verbose_name="detail")),
                        ("ip", models.GenericIPAddressField(blank=True, null=True, verbose_name="IP address")),
                        (
                            "actor",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="user",
                            ),
                        ),
                        (
                            "party",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="parties.party",
                                verbose_name="party",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "audit event",
                        "verbose_name_plural": "audit events",
                        "db_table": "privacy_auditevent",
                        "ordering": ["-at"],
                        "indexes": [
                            models.Index(fields=["contact_id", "at"], name="privacy_aud_contact_994d48_idx"),
                            models.Index(fields=["actor", "at"], name="privacy_aud_actor_i_eb9928_idx"),
                            models.Index(fields=["action", "at"], name="privacy_aud_action_bbc123_idx"),
                            models.Index(fields=["party", "at"], name="privacy_aud_party_i_57980f_idx"),
                        ],
                    },
                ),
            ],
        ),
    ]
