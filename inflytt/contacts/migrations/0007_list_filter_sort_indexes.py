# Indexes for each filter and sort of the contact list (issue 16): the "assigned to" filter under
# every sort, and status ascending with the newest first within it (the status sort, and the status
# filter under the default sort); test_query_plans runs EXPLAIN for every combination. The
# unanswered-queue index gains the status, so the navigation counts read the index alone.


from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0006_report_indexes"),
        ("parties", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="contact",
            name="contact_party_status",
        ),
        migrations.RemoveIndex(
            model_name="contact",
            name="contact_status",
        ),
        migrations.RemoveIndex(
            model_name="contact",
            name="contact_unanswered",
        ),
        migrations.AddIndex(
            model_name="contact",
            index=models.Index(
                fields=["assigned_party", "status", "-registered_at", "-id"], name="contact_party_status_newest"
            ),
        ),
        migrations.AddIndex(
            model_name="contact",
            index=models.Index(fields=["status", "-registered_at", "-id"], name="contact_status_newest"),
        ),
        migrations.AddIndex(
            model_name="contact",
            index=models.Index(
                condition=models.Q(("first_response_at__isnull", True)),
                fields=["assigned_party", "first_response_due", "status", "first_response_at"],
                name="contact_unanswered_status",
            ),
        ),
        migrations.AddIndex(
            model_name="contact",
            index=models.Index(fields=["assigned_party", "registered_at", "id"], name="contact_party_registered"),
        ),
        migrations.AddIndex(
            model_name="contact",
            index=models.Index(fields=["assigned_party", "last_name", "first_name", "id"], name="contact_party_name"),
        ),
        migrations.AddIndex(
            model_name="contact",
            index=models.Index(fields=["assigned_party", "first_response_due", "id"], name="contact_party_due"),
        ),
    ]
