"""A mailing's status changes only as mailings/status.py's table allows, each change once: of two
clicks, or of the minute task and a worker, one wins (docs/decisions/0005)."""

from __future__ import annotations

import re
from datetime import timedelta
from itertools import product
from pathlib import Path

import pytest
from django.utils import timezone

from inflytt.mailings import status
from inflytt.mailings.models import Mailing

pytestmark = pytest.mark.django_db
S = Mailing.Status

ALLOWED = {
    (S.DRAFT, S.SCHEDULED),
    (S.SCHEDULED, S.SCHEDULED),
    (S.SCHEDULED, S.DRAFT),
    (S.SCHEDULED, S.SENDING),
    (S.SENDING, S.SENT),
}


def test_the_table_is_the_lifecycle_and_covers_every_status():
    assert set(status.TRANSITIONS) == set(S.values)
    assert {(source, target) for source, targets in status.TRANSITIONS.items() for target in targets} == ALLOWED


@pytest.mark.parametrize(("source", "target"), list(product(S.values, S.values)))
def test_a_change_happens_only_when_the_table_allows_it(make_mailing, source, target):
    mailing = make_mailing(status=source, scheduled_at=timezone.now())
    changed = status.move(mailing.pk, to=target)
    mailing.refresh_from_db()
    assert changed == ((source, target) in ALLOWED)
    assert mailing.status == (target if changed else source)


def test_sending_begins_once_and_only_when_due(make_mailing):
    later = make_mailing(status=S.SCHEDULED, scheduled_at=timezone.now() + timedelta(hours=1))
    assert not status.begin_sending(later.pk)
    due = make_mailing(status=S.SCHEDULED, scheduled_at=timezone.now())
    assert status.begin_sending(due.pk)
    assert not status.begin_sending(due.pk)  # the second worker changes nothing
    due.refresh_from_db()
    assert (due.status, due.started_at is not None) == (S.SENDING, True)


def test_a_mailing_that_began_sending_cannot_be_unscheduled_or_rescheduled(make_mailing):
    mailing = make_mailing(status=S.SENDING, scheduled_at=timezone.now())
    assert not status.unschedule(mailing)
    assert not status.schedule(mailing, at=timezone.now(), limited_to_id=None)
    mailing.refresh_from_db()
    assert mailing.status == S.SENDING


def test_no_other_module_writes_a_mailings_status():
    """The table is the only writer: an UPDATE or assignment of Mailing.status elsewhere would
    bypass it."""
    root = Path(status.__file__).parents[1]
    writes = re.compile(r"update\([^)]*\bstatus=Mailing\.Status|mailing\.status\s*=[^=]")
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if "tests" not in path.parts and "migrations" not in path.parts and path.name != "status.py"
        if writes.search(path.read_text())
    ]
    assert offenders == []
