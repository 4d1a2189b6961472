"""A public registration through the full HTTP stack vs the least a durable registration can cost.

    .venv/bin/python bench/registration.py [--requests 200]
    DATABASE_URL=postgres://... .venv/bin/python bench/registration.py

DESIGN.md, "Performance targets": a public registration, end to end through the HTTP stack, within 2x a
minimal Django view that inserts one row in one transaction, on the same server and database. Both run in
one Django WSGI server on loopback (every middleware, the same settings, the same database); requests are
interleaved over one keep-alive connection each and the medians compared, so a noisy machine affects both.
The registration is the real form post (origin check, rate limit, signed start token, validation,
register_contact with its consents, audit row and queued mails), each with a new email address.
"""

from __future__ import annotations

import argparse
import http.client
import socket
import statistics
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

import common

TARGET_RATIO = 2.0
DATA_DIR = common.OUT_DIR / "registration-data"

urlpatterns: list = []  # filled in by main(): this module is the benchmark server's URLconf


def minimal_view(request):  # type: ignore[no-untyped-def]
    """One row in one transaction, through the same middleware: the floor of a durable write."""
    from django.db import transaction
    from django.http import HttpResponse

    from inflytt.audit.models import AuditEvent

    with transaction.atomic():
        AuditEvent.objects.create(action=AuditEvent.Action.CREATE, object_type="bench")
    return HttpResponse(status=201)


def setup() -> None:
    common.configure(DATA_DIR)
    from django.conf import settings
    from django.contrib.auth.decorators import login_not_required
    from django.core.management import call_command
    from django.urls import include, path
    from django.views.decorators.csrf import csrf_exempt

    call_command("migrate", verbosity=0)
    from inflytt.parties.services import load_reference_parties

    load_reference_parties()
    settings.INFLYTT_INTAKE_RATE_LIMIT = 10**9  # one client sends everything
    settings.ROOT_URLCONF = __name__ if __name__ != "__main__" else "__main__"
    urlpatterns[:] = [
        path("bench/minimal/", login_not_required(csrf_exempt(minimal_view))),
        path("", include("inflytt.urls")),
    ]


def serve() -> tuple[str, int]:
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler

    class Quiet(WSGIRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    class NoDelay(ThreadedWSGIServer):
        """TCP_NODELAY on each connection, as gunicorn sets it: without it the response's small
        writes meet delayed ACKs and a request waits ~40 ms for nothing (the bigger response
        of the registration was hit, the minimal one not, which skewed the ratio)."""

        def get_request(self):  # type: ignore[no-untyped-def]
            sock, address = super().get_request()
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            return sock, address

    server = NoDelay(("127.0.0.1", 0), Quiet, allow_reuse_address=True)
    server.set_app(WSGIHandler())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return "127.0.0.1", server.server_address[1]


def form_body(number: int) -> bytes:
    from inflytt.intake.tokens import form_started_token

    return urlencode(
        {
            "first_name": "Bench",
            "last_name": f"Person {number}",
            "email": f"bench.{number}.{time.time_ns()}@bench.example",
            "phone": "070-123 45 67",
            "preferred_channel": "email",
            "current_city": "Göteborg",
            "current_country": "SE",
            "adults": "2",
            "children": "1",
            "interests": ["job", "housing"],
            "municipalities": ["bracke", "are"],
            "message": "Finns det förskoleplatser?",
            "wants_guidance": "on",
            "wants_newsletter": "on",
            "consent": "on",
            "started": form_started_token(now=time.time() - 60),
        },
        doseq=True,
    ).encode()


def timed(connection: http.client.HTTPConnection, path: str, body: bytes, headers: dict[str, str]) -> tuple[float, int]:
    start = time.perf_counter()
    connection.request("POST", path, body=body, headers=headers)
    response = connection.getresponse()
    response.read()
    return (time.perf_counter() - start) * 1000, response.status


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    setup()
    host, port = serve()
    origin = f"http://{host}:{port}"
    form_headers = {"Content-Type": "application/x-www-form-urlencoded", "Origin": origin}
    minimal, registration = http.client.HTTPConnection(host, port), http.client.HTTPConnection(host, port)
    minimal_ms: list[float] = []
    registration_ms: list[float] = []
    for number in range(args.requests + 10):
        body = form_body(number)  # signed outside the timing: the browser sends it
        a, a_status = timed(minimal, "/bench/minimal/", b"", {"Content-Length": "0"})
        b, b_status = timed(registration, "/sv/form/bracke/", body, form_headers)
        assert a_status == 201, a_status
        assert b_status == 303, f"registration answered {b_status}"
        if number >= 10:  # warm-up: imports, template compilation, connections
            minimal_ms.append(a)
            registration_ms.append(b)

    from django.db import connection

    from inflytt.contacts.models import Contact

    assert Contact.objects.filter(email__endswith="@bench.example").count() >= args.requests
    ratio = statistics.median(registration_ms) / statistics.median(minimal_ms)
    print(f"database: {common.describe_database()}")
    print(f"requests: {args.requests} of each, interleaved, over loopback keep-alive ({connection.vendor})")
    print(f"minimal view (one row, one transaction): median {statistics.median(minimal_ms):.2f} ms")
    print(f"public registration (form post, 303):   median {statistics.median(registration_ms):.2f} ms")
    print(f"ratio registration / minimal: {ratio:.2f} (target <= {TARGET_RATIO})")
    return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.exit(main())
