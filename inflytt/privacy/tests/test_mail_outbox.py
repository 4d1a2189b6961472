"""Issue 10: "Erasure on the embedded default also erases the person from the file mail outbox (or
the outbox keeps no personal data beyond a configurable number of days and is pruned by a periodic
task); the README says which." Inflytt prunes: INFLYTT_MAIL_OUTBOX_DAYS, an hourly task."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone
from huey.api import PeriodicTask

from inflytt.privacy import tasks
from inflytt.privacy.services import prune_mail_outbox

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def outbox(settings, tmp_path) -> Path:
    folder = tmp_path / "mail"
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = folder
    settings.INFLYTT_MAIL_OUTBOX_DAYS = 7
    return folder


def _age(path: Path, days: float) -> None:
    moment = (timezone.now() - timedelta(days=days)).timestamp()
    os.utime(path, (moment, moment))


def test_mail_older_than_the_period_leaves_the_outbox(outbox):
    first, second = mail.get_connection(), mail.get_connection()  # one file per connection
    mail.send_mail("Välkommen", "Hej Anna Andersson", "inflytt@localhost", ["anna@example.se"], connection=first)
    [old] = list(outbox.iterdir())
    _age(old, 8)
    mail.send_mail("Välkommen", "Hej Bo Berg", "inflytt@localhost", ["bo@example.se"], connection=second)
    [fresh] = [path for path in outbox.iterdir() if path != old]
    _age(fresh, 6)

    assert prune_mail_outbox() == 1

    assert not old.exists()
    assert fresh.exists() and "Bo Berg" in fresh.read_text()


def test_the_period_is_a_setting(outbox, settings):
    mail.send_mail("Välkommen", "Hej", "inflytt@localhost", ["anna@example.se"])
    [path] = list(outbox.iterdir())
    _age(path, 2)
    settings.INFLYTT_MAIL_OUTBOX_DAYS = 3
    assert prune_mail_outbox() == 0 and path.exists()
    settings.INFLYTT_MAIL_OUTBOX_DAYS = 1
    assert prune_mail_outbox() == 1 and not path.exists()


def test_the_periodic_task_prunes_every_hour(outbox):
    task = tasks.prune_mail_outbox.task_class()
    assert isinstance(task, PeriodicTask)
    validate = task.validate_datetime
    assert validate(timezone.now().replace(minute=20)) and not validate(timezone.now().replace(minute=21))
    mail.send_mail("Välkommen", "Hej", "inflytt@localhost", ["anna@example.se"])
    [path] = list(outbox.iterdir())
    _age(path, 30)
    tasks.prune_mail_outbox()  # the queue runs tasks inline in tests
    assert not path.exists()


def test_with_smtp_there_is_no_outbox_to_prune(settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path
    kept = tmp_path / "not-mail.txt"
    kept.write_text("x")
    _age(kept, 30)
    assert prune_mail_outbox() == 0 and kept.exists()


def test_the_readme_says_the_outbox_is_pruned():
    assert "INFLYTT_MAIL_OUTBOX_DAYS" in (ROOT / "README.md").read_text()
