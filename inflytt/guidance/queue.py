"""What guidance's services hand to the task queue: ids only, after the commit (a rolled-back
request sends nothing). The one module services enqueue through, so the imports point one way:
services -> queue -> tasks (tasks never import services)."""

from __future__ import annotations

from django.db import transaction

from inflytt.guidance import tasks


def notify_transfer(activity_id: int) -> None:
    transaction.on_commit(lambda: tasks.notify_transfer(activity_id))


def deliver_card_email(activity_id: int) -> None:
    transaction.on_commit(lambda: tasks.deliver_card_email(activity_id))


def notify_inbound_mail(mail_id: int) -> None:
    transaction.on_commit(lambda: tasks.notify_inbound_mail(mail_id))
