"""Shared test helpers: personas and a verified (MFA) login for the Django test client."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from email.message import EmailMessage
from typing import Any, TypeVar

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from inflytt.accounts.models import Role, User
from inflytt.parties.models import Party

T = TypeVar("T")

PASSWORD = "correct horse battery staple"  # noqa: S105 - test persona

# name -> (party slug, role)
PERSONAS: dict[str, tuple[str, str]] = {
    "coordinator": ("region", Role.COORDINATOR),
    "guide_bracke": ("bracke", Role.GUIDE),
    "guide_are": ("are", Role.GUIDE),
    "guide_region": ("region", Role.GUIDE),
    "steering": ("region", Role.STEERING),
    "ambassador_admin": ("region", Role.AMBASSADOR_ADMIN),
}


def make_user(name: str, party_slug: str, role: str) -> User:
    return User.objects.create_user(
        f"{name}@example.se",
        PASSWORD,
        party=Party.objects.get(slug=party_slug),
        role=role,
        first_name=name.replace("_", " ").title(),
        last_name="Testsson",
    )


def login_verified(client: Client, user: User) -> Client:
    """Log in as if the user had passed both the password and the TOTP step."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


class SmtpInbox(Message):
    """What a loopback SMTP server received; subclass it to refuse some recipients."""

    def __init__(self) -> None:
        super().__init__()
        self.messages: list[EmailMessage] = []

    def handle_message(self, message: EmailMessage) -> None:  # type: ignore[override]
        self.messages.append(message)


@contextmanager
def smtp_server_for(settings: Any, inbox: SmtpInbox) -> Iterator[SmtpInbox]:
    """Run a real SMTP server (aiosmtpd) on a free loopback port and point Django's SMTP backend at it."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    try:
        yield inbox
    finally:
        controller.stop()


def at_once(action: Callable[[int], T], *, times: int) -> tuple[list[T], list[BaseException]]:
    """Run action(0), ..., action(times - 1) on threads released together by a barrier, each closing
    its database connections when done: what they returned and what they raised, in the order they
    finished (a race between requests or workers; see skip_without_concurrent_connections)."""
    from django.db import connections

    start = threading.Barrier(times)
    results: list[T] = []
    errors: list[BaseException] = []

    def run(index: int) -> None:
        try:
            start.wait()
            results.append(action(index))
        except BaseException as error:  # noqa: BLE001 - reported to the test
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


def skip_without_concurrent_connections() -> None:
    """Skip a test of racing transactions where the database cannot run them.

    SQLite's in-memory test database is one shared-cache connection: a second thread gets
    "table is locked" at once instead of waiting as a file database in WAL mode does, so a
    race there says nothing about production. CI runs these tests on PostgreSQL.
    """
    from django.db import connection

    if connection.vendor == "sqlite" and str(connection.settings_dict["NAME"]).startswith(
        ("file:memorydb", ":memory:")
    ):
        pytest.skip("SQLite's in-memory test database cannot run concurrent transactions; run on PostgreSQL")


# Each table's ids start at a different value in every test that uses the database, so a query
# that joins or correlates on the wrong id (a delivery's id taken for its contact's) finds no
# row or the wrong one instead of the right one by coincidence (issue 10: {municipality} took
# another person's municipality, and sequential ids from 1 in every table hid it).
ID_STEP = 10_000


def stagger_ids(step: int = ID_STEP) -> None:
    """Move the id sequence of every table with an integer primary key so that the n-th table
    (in model order) hands out ids from n*step on. SQLite (AUTOINCREMENT: sqlite_sequence) and
    PostgreSQL (setval on the column's sequence); other databases are left as they are. Never
    moves a sequence below an id already in the table."""
    from django.apps import apps
    from django.db import connection, models

    tables = [
        (model._meta.db_table, model._meta.pk.column)
        for model in apps.get_models()
        if isinstance(model._meta.pk, models.AutoField | models.BigAutoField | models.SmallAutoField)
        and not model._meta.proxy
        and model._meta.managed
    ]
    with connection.cursor() as cursor:
        for position, (table, column) in enumerate(sorted(set(tables)), start=1):
            start = position * step
            if connection.vendor == "sqlite":
                cursor.execute("UPDATE sqlite_sequence SET seq = MAX(seq, %s) WHERE name = %s", [start - 1, table])
                if cursor.rowcount == 0:
                    cursor.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, start - 1])
            elif connection.vendor == "postgresql":
                # The column of a primary key is never None (Field.column is typed Optional).
                quoted_column = connection.ops.quote_name(column)  # type: ignore[arg-type]
                quoted_table = connection.ops.quote_name(table)
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence(%s, %s), "  # noqa: S608 - names from the models
                    f"GREATEST(%s, (SELECT COALESCE(MAX({quoted_column}), 0) + 1 FROM {quoted_table})), false)",
                    [quoted_table, column, start],
                )


def query_plan(sql: Any) -> str:
    """The plan the database chooses for `sql`: a queryset, or a statement as CaptureQueriesContext
    recorded it (parameters inlined); SQLite's EXPLAIN QUERY PLAN details or PostgreSQL's EXPLAIN
    text, one step a line. On PostgreSQL sequential scans are priced out first (enable_seqscan =
    off, for this transaction only), so that a small test table still shows whether an index *can*
    serve the query: a plan that still reads "Seq Scan" has no index to use."""
    from django.db import connection

    params: tuple[Any, ...] | None = None
    if hasattr(sql, "query"):
        sql, params = sql.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            return "\n".join(row[-1] for row in cursor.fetchall())
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def full_scans(plan: str, table: str) -> list[str]:
    """The steps of `plan` that read all of `table`: a SQLite SCAN of it (with or without an index:
    walking a whole index is no better) or a PostgreSQL Seq Scan on it."""
    from django.db import connection

    if connection.vendor == "sqlite":
        return [step for step in plan.splitlines() if f"{step} ".startswith(f"SCAN {table} ")]
    return [step for step in plan.splitlines() if f"Seq Scan on {table}" in step]


def sorts(plan: str) -> list[str]:
    """The steps of `plan` that sort rows after reading them (SQLite's temporary B-tree for ORDER
    BY, a PostgreSQL Sort): a page of 50 sorted that way has read and sorted every match first."""
    from django.db import connection

    if connection.vendor == "sqlite":
        return [step for step in plan.splitlines() if "TEMP B-TREE FOR ORDER BY" in step]
    return [step for step in plan.splitlines() if step.strip().removeprefix("->  ").startswith("Sort  (")]


def unreachable_cache() -> dict[str, Any]:
    """A real Redis cache on a loopback port where nothing listens: every call fails as in an
    outage (docs/decisions/0014), without a mock."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # nothing listens once the probe is closed
    return {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": f"redis://127.0.0.1:{port}/0"}
    }
