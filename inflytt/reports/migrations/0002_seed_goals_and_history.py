"""The agreement's goals and the project's history as data the coordinator can edit.

The 2025 agreement, section 1: "få minst 400 hushåll ... att välja någon ort i Jämtland
Härjedalen" and "200 företag ... skall ha hittat arbetskraft"; "Projektet har resulterat i att 444
hushåll flyttat till länet". The 2023 case description (RUN/357/2023): "I september 2023 finns 1103
hushåll som registrerat sig ... 265 hushåll av dessa har tagit steget och flyttat hit. 819 personer
har beställt magasinet".
"""

from __future__ import annotations

from datetime import date

from django.db import migrations

GOAL_YEARS = (2025, 2026)
GOALS = {"households_moved": 400, "companies_found_staff": 200}
CASE_2023 = "RUN/357/2023, case description 2023-09-26"
HISTORY = [
    ("registrations", date(2020, 1, 1), date(2023, 9, 30), 1103, CASE_2023),
    ("households_moved", date(2020, 1, 1), date(2023, 9, 30), 265, CASE_2023),
    ("magazine_orders", date(2020, 1, 1), date(2023, 9, 30), 819, CASE_2023),
    ("households_moved", date(2020, 1, 1), date(2024, 12, 31), 444, "Cooperation agreement 2025, section 1"),
]


def seed(apps, schema_editor):
    Goal = apps.get_model("reports", "Goal")
    Baseline = apps.get_model("reports", "Baseline")
    for year in GOAL_YEARS:
        for metric, target in GOALS.items():
            Goal.objects.get_or_create(year=year, metric=metric, defaults={"target": target})
    for metric, start, end, value, source in HISTORY:
        Baseline.objects.get_or_create(metric=metric, start=start, end=end, defaults={"value": value, "source": source})


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_goals_and_baselines")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
