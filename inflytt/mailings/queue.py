"""What the mailings' services hand to the task queue: ids only, after the commit when the
service wrote something (a rolled-back request sends nothing). The one module services enqueue
through, so the imports point one way: services -> queue -> tasks -> status, delivery (tasks
never import services)."""

from __future__ import annotations

from django.db import transaction

from inflytt.mailings import tasks


def start_mailing(mailing_id: int) -> None:
    """Evaluate the segment and start sending. A queue that refuses the task does not fail the
    request: the minute task (tasks.send_due_mailings) starts every due mailing anyway."""
    transaction.on_commit(lambda: tasks.start_mailing(mailing_id), robust=True)


def send_test_mail(mailing_id: int, user_id: int, language: str) -> None:
    """A test writes no delivery, only its audit row: it goes when that row is committed."""
    transaction.on_commit(lambda: tasks.send_test_mail(mailing_id, user_id, language))


def send_fresh_link_mail(kind: str, contact_id: int, event_id: int | None, language: str) -> None:
    transaction.on_commit(lambda: tasks.send_fresh_link_mail(kind, contact_id, event_id, language))
