from __future__ import annotations

from django.db import migrations

TEMPLATES = [
    (
        "Första kontakt",
        "sv",
        "Välkommen att flytta till oss!",
        "Hej {first_name}!\n\nTack för att du hört av dig. Jag heter {guide_name} och är flyttvägledare i "
        "{party}. Jag hjälper dig gärna med frågor om jobb, bostad, skola och livet här.\n\n"
        "När passar det att vi pratas vid?",
    ),
    (
        "First contact",
        "en",
        "Welcome to move here!",
        "Hello {first_name},\n\nThank you for getting in touch. My name is {guide_name} and I am the relocation "
        "guide of {party}. I am happy to help with questions about jobs, housing, schools and life here.\n\n"
        "When would be a good time to talk?",
    ),
]


def create(apps, schema_editor):
    MessageTemplate = apps.get_model("guidance", "MessageTemplate")
    for name, language, subject, body in TEMPLATES:
        MessageTemplate.objects.get_or_create(name=name, language=language, defaults={"subject": subject, "body": body})


class Migration(migrations.Migration):
    dependencies = [("guidance", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
