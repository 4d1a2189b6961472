"""A public registration through the full HTTP stack vs the least a durable registration can cost.

    .venv/bin/python bench/registration.py [--requests 200] [--sizes 10000,100000] [--floors]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/inflytt_bench .venv/bin/python bench/registration.py

It runs on the benchmark data sets, never on an empty database (issue 16: a look-up that walked the
whole register was invisible on an empty one): at each size of --sizes, the data set run.py uses
(bench/out/data for 100 000 contacts, bench/out/data-N otherwise; on PostgreSQL the database of
DATABASE_URL and <name>_N), generated first if it is missing. The rows it registers are deleted
afterwards, so the data set stays as generated. A registration's cost must not grow with the register.

docs/requirements.md, Performance: a public registration, end to end through the HTTP stack, within 2x a
minimal Django view that inserts one row in one transaction, on the same server and database. Both run in
one Django WSGI server on loopback (every middleware, the same settings, the same database); requests are
interleaved over one keep-alive connection each and the medians compared, so a noisy machine affects both.
The registration is the real form post (origin check, rate limit, signed start token, validation,
register_contact with its consents, audit row and queued mails), each with a new email address.

--floors adds three views to the interleaving, for what the 2x target leaves to a registration's ten
statements: ten rows inserted through the ORM in one transaction (`orm10`: Model.objects.create, as a
registration's writes are), the same ten rows as hand-written INSERTs on one cursor (`raw10`), and the
form post's checks with one row (`checked`): the same body through the public form's guards and
validation, then one insert and the 303. No design that answers bad input next to its field, before
anything is stored, can cost less than `checked`, whatever it does with the rest of the work.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

import common

TARGET_RATIO = 2.0
TARGET_QUERIES = 10
FULL_SIZE = 100_000

urlpatterns: list = []  # filled in by main(): this module is the benchmark server's URLconf


def minimal_view(request):  # type: ignore[no-untyped-def]
    """One row in one transaction, through the same middleware: the floor of a durable write."""
    from django.db import transaction
    from django.http import HttpResponse

    from inflytt.audit.models import AuditEvent

    with transaction.atomic():
        AuditEvent.objects.create(action=AuditEvent.Action.CREATE, object_type="bench")
    return HttpResponse(status=201)


FLOOR_ROWS = 10


def orm_floor_view(request):  # type: ignore[no-untyped-def]
    """Ten rows through the ORM in one transaction: the statements of a registration without its work."""
    from django.db import transaction
    from django.http import HttpResponse

    from inflytt.audit.models import AuditEvent

    with transaction.atomic():
        for _ in range(FLOOR_ROWS):
            AuditEvent.objects.create(action=AuditEvent.Action.CREATE, object_type="bench")
    return HttpResponse(status=201)


def raw_floor_view(request):  # type: ignore[no-untyped-def]
    """The same ten rows as hand-written INSERTs on one cursor: the database's share of orm_floor_view."""
    from django.db import connection, transaction
    from django.http import HttpResponse
    from django.utils import timezone

    sql = (
        "INSERT INTO privacy_auditevent (at, actor_label, action, object_type, object_id, detail) "
        "VALUES (%s, '', 'create', 'bench', '', '{}') RETURNING id"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        for _ in range(FLOOR_ROWS):
            cursor.execute(sql, [timezone.now()])
            cursor.fetchone()
    return HttpResponse(status=201)


def checked_floor_view(request, lang: str, slug: str):  # type: ignore[no-untyped-def]
    """The public form post's checks, then one row: inflytt.intake.views._post_form up to
    register_contact (the origin, the rate limit, the honeypot, the signed start, the form's
    validation), with one insert in one transaction in place of the registration's writes."""
    from django.conf import settings
    from django.db import transaction
    from django.http import HttpResponse
    from django.shortcuts import redirect

    from inflytt.audit.models import AuditEvent
    from inflytt.intake import abuse
    from inflytt.intake.embedding import form_party
    from inflytt.intake.forms import RegistrationForm
    from inflytt.intake.tokens import read_form_started
    from inflytt.parties.selectors import active_party_set

    parties = active_party_set()
    party = form_party(slug, parties=parties)
    if not abuse.origin_allowed(request, party) or not abuse.within_rate_limit(request) or request.POST.get("website"):
        return HttpResponse(status=403)
    form = RegistrationForm(request.POST, language=lang, choices=parties.municipalities)
    started = read_form_started(request.POST.get("started", ""))
    if started is None or started.elapsed < settings.INFLYTT_INTAKE_MIN_FILL_SECONDS or not form.is_valid():
        return HttpResponse(status=400)
    with transaction.atomic():
        AuditEvent.objects.create(action=AuditEvent.Action.CREATE, object_type="bench")
    response = redirect("intake:privacy", lang=lang)
    response.status_code = 303
    return response


def setup(contacts: int, data_dir: Path | None) -> None:
    import generate

    common.configure(data_dir)
    from django.conf import settings
    from django.contrib.auth.decorators import login_not_required
    from django.urls import include, path
    from django.views.decorators.csrf import csrf_exempt

    generate.ensure(contacts=contacts, activities=contacts * 10, out=lambda line: None)
    settings.INFLYTT_INTAKE_RATE_LIMIT = 10**9  # one client sends everything
    settings.INFLYTT_API_RATE_LIMIT = 10**9
    settings.ROOT_URLCONF = __name__ if __name__ != "__main__" else "__main__"
    urlpatterns[:] = [
        path("bench/minimal/", login_not_required(csrf_exempt(minimal_view))),
        path("bench/orm10/", login_not_required(csrf_exempt(orm_floor_view))),
        path("bench/raw10/", login_not_required(csrf_exempt(raw_floor_view))),
        path("bench/checked/<str:lang>/<slug:slug>/", login_not_required(csrf_exempt(checked_floor_view))),
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
    form = common.registration_form(
        email=f"bench.{number}.{time.time_ns()}@bench.example", last_name=f"Person {number}", wants_newsletter="on"
    )
    return urlencode(form, doseq=True).encode()


def timed(connection: http.client.HTTPConnection, path: str, body: bytes, headers: dict[str, str]) -> tuple[float, int]:
    start = time.perf_counter()
    connection.request("POST", path, body=body, headers=headers)
    response = connection.getresponse()
    response.read()
    return (time.perf_counter() - start) * 1000, response.status


def api_body(number: int) -> bytes:
    return json.dumps(
        {
            "first_name": "Bench",
            "last_name": f"Api {number}",
            "email": f"bench.api.{number}.{time.time_ns()}@bench.example",
            "municipalities": ["bracke", "are"],
            "interests": ["job", "housing"],
            "current_city": "Göteborg",
            "current_country": "SE",
            "wants_guidance": True,
            "consent": True,
        }
    ).encode()


def count_queries(action: Any) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        action()
    control = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")
    return sum(1 for query in captured.captured_queries if not query["sql"].lstrip().upper().startswith(control))


def measure(requests: int, floors: bool = False) -> dict[str, Any]:
    """Medians of the minimal view, the form post and the API post (and with `floors` the ten-row
    views), interleaved; queries of each."""
    from django.db import connection
    from django.test import Client

    from inflytt.contacts.models import Contact
    from inflytt.intake.services import issue_api_token
    from inflytt.parties.models import Party

    host, port = serve()
    origin = f"http://{host}:{port}"
    token_row, token = issue_api_token(party=Party.objects.get(slug="bracke"), name="bench")
    form_headers = {"Content-Type": "application/x-www-form-urlencoded", "Origin": origin}
    api_headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
    connections = [http.client.HTTPConnection(host, port) for _ in range(6)]
    times: dict[str, list[float]] = {"minimal": [], "form": [], "api": []}
    if floors:
        times.update(orm10=[], raw10=[], checked=[])
    try:
        for number in range(requests + 10):
            body = form_body(number)  # signed outside the timing: the browser sends it
            a, a_status = timed(connections[0], "/bench/minimal/", b"", {"Content-Length": "0"})
            b, b_status = timed(connections[1], "/sv/form/bracke/", body, form_headers)
            c, c_status = timed(connections[2], "/api/v1/registrations", api_body(number), api_headers)
            assert a_status == 201, a_status
            assert b_status == 303, f"registration answered {b_status}"
            assert c_status == 201, f"the API answered {c_status}"
            if floors:
                d, d_status = timed(connections[3], "/bench/orm10/", b"", {"Content-Length": "0"})
                e, e_status = timed(connections[4], "/bench/raw10/", b"", {"Content-Length": "0"})
                f, f_status = timed(connections[5], "/bench/checked/sv/bracke/", form_body(number), form_headers)
                assert (d_status, e_status, f_status) == (201, 201, 303), (d_status, e_status, f_status)
            if number >= 10:  # warm-up: imports, template compilation, connections
                times["minimal"].append(a)
                times["form"].append(b)
                times["api"].append(c)
                if floors:
                    times["orm10"].append(d)
                    times["raw10"].append(e)
                    times["checked"].append(f)
        # Query counts through the test client (same stack, one request each, captured).
        client = Client()
        queries = {
            "minimal": count_queries(lambda: client.post("/bench/minimal/")),
            "form": count_queries(
                lambda: client.post(
                    "/sv/form/bracke/",
                    form_body(10**6),
                    content_type=form_headers["Content-Type"],
                    HTTP_ORIGIN="http://testserver",
                )
            ),
            "api": count_queries(
                lambda: client.post(
                    "/api/v1/registrations",
                    api_body(10**6),
                    content_type="application/json",
                    HTTP_AUTHORIZATION=api_headers["Authorization"],
                )
            ),
        }
        stored = Contact.objects.filter(email__endswith="@bench.example").exclude(email=common.CARD_EMAIL).count()
        assert stored == 2 * requests + 20 + 2, f"{stored} registrations stored"
        return {
            "database": common.describe_database(),
            "vendor": connection.vendor,
            "contacts": Contact.objects.count() - stored,
            "median": {name: statistics.median(values) for name, values in times.items()},
            "queries": queries,
        }
    finally:
        cleanup(token_row)


def cleanup(token_row: Any) -> None:
    """Remove what the run added, so the data set stays as generated."""
    from inflytt.audit.models import AuditEvent
    from inflytt.contacts.models import Contact

    Contact.objects.filter(email__endswith="@bench.example").exclude(email=common.CARD_EMAIL).delete()
    AuditEvent.objects.filter(object_type="bench").delete()
    token_row.delete()


def size_args(contacts: int) -> tuple[dict[str, str], Path | None]:
    """The environment and data dir of the data set of `contacts` contacts (as run.py names them)."""
    env = dict(os.environ)
    if contacts == FULL_SIZE:
        return env, None
    url = env.get("DATABASE_URL")
    if not url:
        return env, common.OUT_DIR / f"data-{contacts}"
    parts = urlsplit(url)
    name = f"{parts.path.lstrip('/')}_{contacts}"
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        if connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            connection.execute(f'CREATE DATABASE "{name}"')
    env["DATABASE_URL"] = urlunsplit(parts._replace(path="/" + name))
    return env, None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--sizes", default="10000,100000", help="data set sizes in contacts, comma-separated")
    parser.add_argument("--floors", action="store_true", help="also time ten rows through the ORM and as raw SQL")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # a child process: measure one size
    parser.add_argument("--data-dir", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        setup(args.one, args.data_dir)
        print(json.dumps(measure(args.requests, floors=args.floors)))
        return 0
    results = []
    for contacts in (int(size) for size in args.sizes.split(",")):
        env, data_dir = size_args(contacts)
        command = [sys.executable, str(Path(__file__).resolve()), "--one", str(contacts)]
        command += ["--requests", str(args.requests)]
        if args.floors:
            command.append("--floors")
        if data_dir is not None:
            command += ["--data-dir", str(data_dir)]
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
        if done.returncode != 0:
            print(f"{contacts:,} contacts: failed: {done.stderr.strip()[-600:]}")
            return 2
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    print(f"database: {results[0]['database']}")
    print(f"{args.requests} requests of each, interleaved, over loopback keep-alive; medians in ms")
    print(
        f"{'contacts':>9} {'minimal':>8} {'form':>7} {'ratio':>6} {'api':>7} {'ratio':>6} "
        f"{'queries min/form/api':>21}  verdict"
    )
    failed = False
    for result in results:
        median, queries = result["median"], result["queries"]
        form_ratio, api_ratio = median["form"] / median["minimal"], median["api"] / median["minimal"]
        problems = []
        if max(form_ratio, api_ratio) > TARGET_RATIO:
            problems.append(f"ratio > {TARGET_RATIO:g}")
        if max(queries["form"], queries["api"]) > TARGET_QUERIES:
            problems.append(f"queries > {TARGET_QUERIES}")
        failed |= bool(problems)
        counts = f"{queries['minimal']}/{queries['form']}/{queries['api']}"
        print(
            f"{result['contacts']:>9,} {median['minimal']:8.2f} {median['form']:7.2f} {form_ratio:6.2f} "
            f"{median['api']:7.2f} {api_ratio:6.2f} {counts:>21}  "
            f"{'OK' if not problems else 'MISSED: ' + ', '.join(problems)}"
        )
    if args.floors:
        floors_row = ("orm10", "raw10", "checked")
        print(f"\n{'contacts':>9} {'minimal':>8}" + "".join(f" {name:>7} {'ratio':>6}" for name in floors_row))
        for result in results:
            median = result["median"]
            print(
                f"{result['contacts']:>9,} {median['minimal']:8.2f}"
                + "".join(f" {median[name]:7.2f} {median[name] / median['minimal']:6.2f}" for name in floors_row)
            )
        print(
            f"orm10 / raw10: {FLOOR_ROWS} rows in one transaction through the ORM / as hand-written INSERTs.\n"
            "checked: the form post's guards and validation, then one row (no registration can cost less)."
        )
    print(
        "minimal: a view that inserts one row in one transaction through the same middleware; form: the public\n"
        "form post (303); api: POST /api/v1/registrations with a party's token (201). Each with a new email.\n"
        f"Targets: ratio <= {TARGET_RATIO:g} at every size, queries <= {TARGET_QUERIES}."
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.exit(main())
