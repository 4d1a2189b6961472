"""Load test: staff browsing and a burst of public registrations against a running stack (locust).

    .venv/bin/python bench/load.py --stack sqlite [--duration 300] [--locust /path/to/locust]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/inflytt_bench .venv/bin/python bench/load.py --stack pg

Loopback only, bounded in users and time. It copies the benchmark data set (bench/out/data, or the
PostgreSQL database of DATABASE_URL as a template) so the load's writes never touch it, then starts:

- sqlite: what `make run` starts (scripts/serve): gunicorn (2 workers) and the embedded huey worker
  on SQLite in WAL mode, the file cache, the file mail backend;
- pg: two gunicorn instances on two ports behind Debian's nginx (started here, on its own port and
  config) with PostgreSQL and a Redis of its own (started here, so restarting it disturbs no one).

50 staff users (sessions of guides with a verified second factor) browse the list, search, filter,
open cards and log calls; 20 registrants post the public form at one a second each until the
registrations (1 200: 20 a second for a minute) are used up. Faults while it runs: a mailing to
2 000 contacts is queued at 15 s and the task worker is killed (SIGKILL) in the middle of it (once a
fifth is sent) and started again 10 s later; on pg, PostgreSQL is stopped for --pg-down seconds
(3) at 60 s with /healthz polled meanwhile (it must answer 503, then 200 again with no restart of the
app), and Redis is restarted at 90 s. Afterwards it waits for the queue to drain and the mailing to
finish, and checks that every accepted registration was stored exactly once, every registrant got
exactly one receipt mail, and every recipient the mailing marked sent got exactly one mail.

PostgreSQL is the machine's cluster (`pg_ctlcluster 15 main`, --pg-cluster): stopping it stops every
other database on it for those seconds. Run --stack pg where nothing else uses that cluster.

locust is not a dependency of the project: install it in a virtualenv of its own
(`python3 -m venv /tmp/locust && /tmp/locust/bin/pip install locust==2.47.0`) and pass --locust.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import common
import generate

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
STAFF, REGISTRANTS = 50, 20
MAILING_SIZE, MAILING_RATE = 2_000, 80  # recipients, mails a second: about 25 s of sending


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


class Stack:
    def __init__(self, args: argparse.Namespace, work: Path) -> None:
        self.args, self.work = args, work
        self.processes: dict[str, subprocess.Popen] = {}
        self.env = dict(os.environ)
        self.env.update(
            {
                "INFLYTT_DATA_DIR": str(work / "data"),
                "INFLYTT_HTTPS": "0",
                "DEBUG": "0",
                "INFLYTT_DEMO": "0",
                "ALLOWED_HOSTS": "127.0.0.1,localhost",
                "INFLYTT_INTAKE_RATE_LIMIT": "1000000",  # one address sends every registration
                "INFLYTT_LOGIN_FAILURE_LIMIT": "1000",
                # The mailing the worker is killed in: paced so it is still sending then, and a dead
                # worker's claim taken over after 20 s instead of 15 minutes (send_due_mailings).
                "INFLYTT_MAILING_RATE_PER_SECOND": str(MAILING_RATE),
                "INFLYTT_MAILING_CHUNK": "100",
                "INFLYTT_MAILING_LEASE_SECONDS": "20",
                "DJANGO_SETTINGS_MODULE": "inflytt.settings",
                "PYTHONPATH": str(ROOT),
            }
        )
        self.env.pop("EMAIL_HOST", None)  # the file mail backend: receipts are counted in files
        (work / "data").mkdir(parents=True)
        self.port = args.port

    # --- data --------------------------------------------------------------------------------

    def prepare_data(self) -> None:
        if self.args.stack == "sqlite":
            self.env.pop("DATABASE_URL", None)
            self.env.pop("REDIS_URL", None)
            source = sqlite3.connect(BENCH / "out" / "data" / "inflytt.sqlite3")
            target = sqlite3.connect(self.work / "data" / "inflytt.sqlite3")
            source.backup(target)  # consistent, WAL included
            target.close()
            source.close()
            return
        url = os.environ["DATABASE_URL"]
        parts = urlsplit(url)
        template = parts.path.lstrip("/")
        self.database = f"{template}_load"
        admin = urlunsplit(parts._replace(path="/postgres"))
        self.psql(admin, f'DROP DATABASE IF EXISTS "{self.database}"')
        self.psql(admin, f'CREATE DATABASE "{self.database}" TEMPLATE "{template}"')
        self.admin_url = admin
        self.env["DATABASE_URL"] = urlunsplit(parts._replace(path="/" + self.database))
        self.redis_port = self.port + 90
        self.env["REDIS_URL"] = f"redis://127.0.0.1:{self.redis_port}/0"
        self.start_redis()

    def psql(self, url: str, sql: str) -> None:
        subprocess.run(["psql", url, "-qc", sql], check=True, capture_output=True)  # noqa: S603,S607

    def start_redis(self) -> None:
        self.start(
            "redis",
            [
                "redis-server",
                "--port",
                str(self.redis_port),
                "--bind",
                "127.0.0.1",
                "--dir",
                str(self.work),
                "--appendonly",
                "yes",
                "--save",
                "",
            ],
        )
        time.sleep(0.5)

    def make_plan(self) -> Path:
        plan = self.work / "plan.json"
        subprocess.run(  # noqa: S603
            [PYTHON, str(BENCH / "load.py"), "--make-plan", str(plan), "--registrations", str(self.args.registrations)],
            env=self.env,
            check=True,
            cwd=ROOT,
        )
        return plan

    # --- processes ---------------------------------------------------------------------------

    def start(self, name: str, command: list[str]) -> None:
        out = open(self.work / f"{name}.log", "ab")  # noqa: SIM115 - closed with the process
        self.processes[name] = subprocess.Popen(  # noqa: S603
            command, env=self.env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )

    def stop(self, name: str, sig: int = signal.SIGTERM) -> None:
        process = self.processes.pop(name, None)
        if process and process.poll() is None:
            os.killpg(process.pid, sig)
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()

    def start_worker(self) -> None:
        # As scripts/serve and the systemd unit of docs/deployment.md start it: at a lower CPU priority.
        command = ["nice", "-n", "10", PYTHON, "manage.py", "run_huey", "--workers", "2", "--worker-type", "thread"]
        self.start("worker", command)
        # Each process here starts a session of its own (so a fault can kill its group), and Linux
        # shares the CPU between sessions' autogroups before nice counts, so `nice` alone would give
        # the worker as much CPU as both web workers together. scripts/serve starts the web server
        # and the worker in one session, and docs/deployment.md gives the worker's unit CPUWeight=10;
        # lowering the worker's autogroup to nice 10 gives it the same share here.
        autogroup = Path(f"/proc/{self.processes['worker'].pid}/autogroup")
        if autogroup.exists():
            autogroup.write_text("10")

    def gunicorn(self, name: str, port: int) -> None:
        command = [GUNICORN, "inflytt.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2", "--no-control-socket"]
        command += ["--access-logfile", "-", "--access-logformat", '%(h)s "%(m)s %(U)s" %(s)s %(M)sms']
        if self.args.stack == "pg":
            command += ["--forwarded-allow-ips", "127.0.0.1"]
        self.start(name, command)

    def start_servers(self) -> None:
        # A server left on these ports (another run's) would answer /healthz and take the load.
        taken = [port for port in (self.port, self.port + 1, self.port + 2) if port_taken(port)]
        if taken:
            raise SystemExit(f"port {taken[0]} is in use: another load run? (--port chooses others)")
        self.start_worker()
        if self.args.stack == "sqlite":
            self.gunicorn("web", self.port)
        else:
            self.env["INFLYTT_TRUSTED_PROXY_COUNT"] = "1"
            self.gunicorn("web1", self.port + 1)
            self.gunicorn("web2", self.port + 2)
            conf = self.work / "nginx.conf"
            conf.write_text(
                f"""daemon off;
worker_processes 1;
pid {self.work}/nginx.pid;
error_log {self.work}/nginx-error.log;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {self.work}/nginx-body;
    proxy_temp_path {self.work}/nginx-proxy;
    upstream inflytt {{
        server 127.0.0.1:{self.port + 1} max_fails=3 fail_timeout=5s;
        server 127.0.0.1:{self.port + 2} max_fails=3 fail_timeout=5s;
        keepalive 32;
    }}
    server {{
        listen 127.0.0.1:{self.port};
        location / {{
            proxy_pass http://inflytt;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;  # with the port: the form checks Origin against it
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
        }}
    }}
}}
"""
            )
            self.start("nginx", ["/usr/sbin/nginx", "-c", str(conf), "-p", str(self.work)])
        for _ in range(120):
            if healthz(self.url) == 200:
                return
            time.sleep(0.5)
        raise SystemExit(f"the stack did not answer /healthz; see the logs in {self.work}")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop_all(self) -> None:
        for name in list(self.processes):
            self.stop(name)
        if self.args.stack == "pg":
            self.psql(self.admin_url, f'DROP DATABASE IF EXISTS "{self.database}"')


def port_taken(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def healthz(url: str) -> int:
    try:
        with urllib.request.urlopen(url + "/healthz", timeout=5) as response:  # noqa: S310 - loopback
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


# --- the plan: sessions and signed registrations, made with the stack's own settings ------------


def make_plan(path: Path, registrations: int) -> None:
    import django

    django.setup()
    import random

    from django.conf import settings
    from django.test import Client
    from faker import Faker

    from inflytt.accounts.models import Role, User
    from inflytt.contacts.models import Contact
    from inflytt.parties.models import Party
    from inflytt.testing import login_verified

    region = Party.objects.get(slug="region")
    sessions = []
    for number in range(STAFF):
        email = f"load.guide{number}@load.example"
        user = User.objects.filter(email=email).first() or User.objects.create_user(
            email, None, party=region, role=Role.GUIDE, first_name="Load", last_name=f"Guide {number}"
        )
        client = login_verified(Client(), user)
        sessions.append(client.cookies[settings.SESSION_COOKIE_NAME].value)
    ids = list(Contact.objects.values_list("id", flat=True).order_by("?")[:500])
    run = int(time.time())
    # Each registrant a person of their own, drawn as the data set's people are: with the form's one
    # name, city and phone number, the duplicate check paired every card of the burst with every
    # earlier one (716 000 pairs written while the staff browsed), which no real burst does.
    rng = random.Random(run)
    fake = Faker("sv_SE")
    fake.seed_instance(run)
    forms = [
        {
            "form": common.registration_form(
                email=f"load.{run}.{number}@load.example",
                first_name=fake.first_name(),
                last_name=fake.last_name(),
                phone=generate.phone_number(rng) or None,
                current_city=rng.choice(generate.CITIES),
            )
        }
        for number in range(registrations)
    ]
    random.shuffle(ids)
    municipalities = list(Party.objects.filter(kind=Party.Kind.MUNICIPALITY).values_list("slug", flat=True))
    path.write_text(
        json.dumps(
            {
                "session_cookie": settings.SESSION_COOKIE_NAME,
                "sessions": sessions,
                "card_ids": ids,
                "municipalities": municipalities,
                "registrations": forms,
            }
        )
    )


def start_mailing(path: Path) -> None:
    """A guidance mailing to MAILING_SIZE contacts, queued as a coordinator's "send now" queues it
    (mailings.tasks.start_mailing on the stack's queue); its id is written to `path`."""
    import django

    django.setup()
    from datetime import timedelta

    from django.utils import timezone

    from inflytt.contacts.models import Contact
    from inflytt.mailings import tasks
    from inflytt.mailings.models import Mailing, Segment

    # The newest generated contacts, not the load's registrants (today's), whose receipts are counted apart.
    yesterday = timezone.localdate() - timedelta(days=1)
    dates = (
        Contact.objects.exclude(email="")
        .filter(registered_at__date__lte=yesterday)
        .order_by("-registered_at")
        .values_list("registered_at", flat=True)
    )
    edge = dates[MAILING_SIZE - 1]
    conditions = {"registered_from": edge.date().isoformat(), "registered_to": yesterday.isoformat()}
    segment = Segment.objects.create(name="load", conditions=conditions)
    mailing = Mailing.objects.create(
        name="load test",
        purpose=Mailing.Purpose.GUIDANCE,
        segment=segment,
        subject_sv="Hej {first_name}!",
        body_sv="Välkommen till {municipality}.",
        subject_en="Hello {first_name}!",
        body_en="Welcome to {municipality}.",
        status=Mailing.Status.SCHEDULED,
        scheduled_at=timezone.now(),
    )
    tasks.start_mailing(mailing.pk)
    path.write_text(str(mailing.pk))


def stack_query(env: dict[str, str], script: str, payload: object = None) -> object:
    """Run `script` (Django set up, `payload` as the JSON `data`) in a child with the stack's env;
    what it prints as JSON."""
    prelude = "import django, json, sys; django.setup()\ndata = json.load(sys.stdin)\n"
    done = subprocess.run(  # noqa: S603
        [PYTHON, "-c", prelude + script],
        env=env,
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


MAILING_STATE = """
from collections import Counter
from inflytt.mailings.models import Delivery, Mailing
mailing = Mailing.objects.get(pk=data)
rows = Delivery.objects.filter(mailing=mailing)
states = Counter(rows.values_list("state", flat=True))
emails = list(rows.filter(state="sent").values_list("contact__email", flat=True))
interrupted = list(rows.filter(last_error="interrupted").values_list("contact__email", flat=True))
print(json.dumps({"status": mailing.status, "recipients": mailing.recipients, "states": states,
                  "errors": Counter(rows.exclude(last_error="").values_list("last_error", flat=True)),
                  "sent_to": emails, "interrupted": interrupted}))
"""


def mailed(env: dict[str, str], accepted: list[str]) -> int:
    """Mails written so far, to anyone."""
    return sum(count_results(env, accepted)["mails"].values())  # type: ignore[attr-defined]


SWEEP = """
from django.test.utils import override_settings
from inflytt.intake.tasks import sweep_registration_mails
with override_settings(INFLYTT_REGISTRATION_MAIL_GRACE_SECONDS=0):
    print(json.dumps(sweep_registration_mails.call_local()))
"""


def count_results(env: dict[str, str], accepted: list[str]) -> dict[str, object]:
    """Registrations stored and receipts mailed per accepted address (in a child with the stack's env)."""
    script = (
        "from inflytt.contacts.models import Contact\n"
        "stored = Contact.objects.filter(email__endswith='@load.example').values_list('email', flat=True)\n"
        "print(json.dumps(list(stored)))\n"
    )
    stored = Counter(stack_query(env, script))  # the child prints a JSON list of addresses
    mails: Counter[str] = Counter()  # every address mailed, registrants and the mailing's recipients
    for file in (Path(env["INFLYTT_DATA_DIR"]) / "mail").glob("*"):
        for line in file.read_text(errors="replace").splitlines():
            if line.startswith("To: "):
                mails[line[4:].strip().lower()] += 1
    return {"stored": stored, "mails": mails}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stack", choices=["sqlite", "pg"], default="sqlite")
    parser.add_argument("--duration", type=int, default=300, help="seconds of load (default 300)")
    parser.add_argument("--registrations", type=int, default=1200, help="the burst: 20 a second for a minute")
    parser.add_argument("--port", type=int, default=8300)
    parser.add_argument("--locust", default=shutil.which("locust") or "locust")
    parser.add_argument("--no-faults", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the work directory (logs, mail)")
    parser.add_argument(
        "--pg-cluster",
        default="15/main",
        help="the PostgreSQL cluster stopped and started during --stack pg (pg_ctlcluster VERSION CLUSTER)",
    )
    parser.add_argument("--pg-down", type=float, default=3.0, help="seconds PostgreSQL stays stopped")
    parser.add_argument("--make-plan", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--start-mailing", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.make_plan:
        make_plan(args.make_plan, args.registrations)
        return 0
    if args.start_mailing:
        start_mailing(args.start_mailing)
        return 0
    if args.stack == "pg" and not os.environ.get("DATABASE_URL"):
        raise SystemExit("--stack pg needs DATABASE_URL (the benchmark database, used as a template)")

    work = Path(tempfile.mkdtemp(prefix=f"inflytt-load-{args.stack}-"))
    stack = Stack(args, work)
    faults: list[str] = []
    try:
        log(f"preparing {args.stack} in {work}")
        stack.prepare_data()
        plan = stack.make_plan()
        stack.start_servers()
        log(f"stack up at {stack.url}; {STAFF} staff users and {REGISTRANTS} registrants for {args.duration} s")
        accepted = work / "accepted.txt"
        accepted.touch()
        env = dict(
            stack.env,
            INFLYTT_LOAD_PLAN=str(plan),
            INFLYTT_LOAD_ACCEPTED=str(accepted),
            INFLYTT_LOAD_REQUESTS=str(work / "requests.csv"),
        )
        locust = subprocess.Popen(  # noqa: S603
            [
                args.locust,
                "-f",
                str(BENCH / "locustfile.py"),
                "--headless",
                "--users",
                str(STAFF + REGISTRANTS),
                "--spawn-rate",
                "35",
                "--run-time",
                f"{args.duration}s",
                "--host",
                stack.url,
                "--csv",
                str(work / "locust"),
                "--only-summary",
                "--stop-timeout",
                "10",
            ],
            env=env,
            cwd=ROOT,
            stdout=open(work / "locust.log", "wb"),  # noqa: SIM115
            stderr=subprocess.STDOUT,
        )
        started = time.monotonic()

        def at(seconds: float) -> None:
            time.sleep(max(0.0, started + seconds - time.monotonic()))

        def note(text: str) -> None:
            faults.append(f"{time.monotonic() - started:5.1f} s: {text}")

        def run_faults() -> None:
            at(15)
            mailing_file = work / "mailing.txt"
            subprocess.run(  # noqa: S603
                [PYTHON, str(BENCH / "load.py"), "--start-mailing", str(mailing_file)], env=stack.env, check=True
            )
            mailing["id"] = int(mailing_file.read_text())
            note(f"mailing to {MAILING_SIZE:,} contacts queued ({MAILING_RATE} mails/s)")
            # Kill the worker in the middle of the mailing: once some of it is sent, long before the end.
            for _ in range(60):
                state = stack_query(stack.env, MAILING_STATE, mailing["id"])
                if state["states"].get("sent", 0) >= MAILING_SIZE // 5:  # type: ignore[index]
                    break
                time.sleep(0.5)
            stack.stop("worker", signal.SIGKILL)
            note(f"task worker killed (SIGKILL) with {state['states'].get('sent', 0)} of the mailing sent")  # type: ignore[index]
            time.sleep(10)
            stack.start_worker()
            note("task worker started again")
            if args.stack == "pg":
                at(max(60.0, time.monotonic() - started + 5))
                restart_postgresql()
                at(max(90.0, time.monotonic() - started + 10))
                stack.stop("redis", signal.SIGTERM)
                faults.append(f"{time.monotonic() - started:5.1f} s: Redis stopped; /healthz {healthz(stack.url)}")
                time.sleep(3)
                stack.start_redis()
                faults.append(
                    f"{time.monotonic() - started:5.1f} s: Redis started again; /healthz {healthz(stack.url)}"
                )

        def restart_postgresql() -> None:
            """Stop the PostgreSQL cluster for --pg-down seconds (it is shared with other work on this
            machine: keep it short) and check /healthz: 503 while it is away, 200 again by itself."""
            version, cluster = args.pg_cluster.split("/")
            note(f"PostgreSQL stopping (pg_ctlcluster {version} {cluster} stop -m fast); /healthz {healthz(stack.url)}")
            subprocess.run(["pg_ctlcluster", version, cluster, "stop", "-m", "fast"], check=True)  # noqa: S603,S607
            down = time.monotonic()
            answers = Counter()
            while time.monotonic() - down < args.pg_down:
                answers[healthz(stack.url)] += 1
                time.sleep(0.2)
            subprocess.run(["pg_ctlcluster", version, cluster, "start"], check=True)  # noqa: S603,S607
            up = time.monotonic()
            note(f"PostgreSQL started again after {up - down:.1f} s; /healthz while it was away: {dict(answers)}")
            while time.monotonic() - up < 60 and healthz(stack.url) != 200:
                time.sleep(0.2)
            note(f"/healthz {healthz(stack.url)} {time.monotonic() - up:.1f} s after the start (no restart of the app)")

        mailing: dict[str, int] = {}
        if not args.no_faults:
            threading.Thread(target=run_faults, daemon=True).start()
        locust.wait()
        log("load finished; waiting for the queue to drain")
        emails = [line for line in accepted.read_text().splitlines() if line]
        previous, stable_since = -1, time.monotonic()
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            mails = count_results(stack.env, emails)["mails"]
            total = sum(mails.values())  # type: ignore[attr-defined]
            if total != previous:
                previous, stable_since = total, time.monotonic()
            elif total >= len(emails) or time.monotonic() - stable_since > 75:  # > the mails' retry delay
                break
            time.sleep(3)
        # A receipt whose task died with the killed worker waits for the periodic sweep (every 5 minutes,
        # for rows older than the 5-minute grace; docs/decisions/0014). Run that sweep now, without the
        # grace: the queue has drained, so it queues only rows no live worker holds (never taken,
        # or claimed by the killed worker and never handed to the mail backend): nothing twice.
        swept = stack_query(stack.env, SWEEP)
        log(f"the sweep queued {swept} registration mails again")
        if swept:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline and mailed(stack.env, emails) < previous + int(swept):  # type: ignore[call-overload]
                time.sleep(3)
        if "id" in mailing:  # the mailing: done once the dead worker's claim is taken over
            deadline = time.monotonic() + 240
            while time.monotonic() < deadline:
                state = stack_query(stack.env, MAILING_STATE, mailing["id"])
                if state["status"] == "sent":  # type: ignore[index]
                    break
                time.sleep(3)
        result = count_results(stack.env, emails)
        if "id" in mailing:
            result["mailing"] = stack_query(stack.env, MAILING_STATE, mailing["id"])
        report(args, work, emails, result, faults)
        return 0
    finally:
        stack.stop_all()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            log(f"logs and mail kept in {work}")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def print_phases(path: Path) -> None:
    """The staff pages' times during the burst of registrations (from its first post to its last) and
    outside it, from the request log the locustfile writes (locust's own percentiles are cumulative)."""
    if not path.exists():
        return
    with open(path, newline="") as file:
        rows = [(float(at), name, float(ms)) for at, name, ms, _ok in csv.reader(file)]
    burst = [at for at, name, _ms in rows if name == "registration"]
    if not burst:
        return
    start, end = min(burst), max(burst)
    staff = [(at, ms) for at, name, ms in rows if name != "registration"]
    print(f"staff pages, by phase (the burst: {end - start:.0f} s from {start - rows[0][0]:.0f} s)")
    for label, times in (
        ("during the burst", [ms for at, ms in staff if start <= at <= end]),
        ("outside it", [ms for at, ms in staff if not start <= at <= end]),
    ):
        if times:
            print(
                f"  {label:<16} {len(times):>7} requests  p50 {percentile(times, 0.5):6.0f}  "
                f"p95 {percentile(times, 0.95):6.0f}  p99 {percentile(times, 0.99):6.0f} ms"
            )


def report(args: argparse.Namespace, work: Path, emails: list[str], result: dict, faults: list[str]) -> None:
    print()
    print(f"stack: {args.stack}; {STAFF} staff users + {REGISTRANTS} registrants; {args.duration} s")
    with open(work / "locust_stats.csv", newline="") as file:
        rows = list(csv.DictReader(file))
    print(f"{'request':<16} {'count':>7} {'errors':>6} {'rps':>6} {'p50':>6} {'p95':>6} {'p99':>6}  (ms)")
    for row in rows:
        print(
            f"{row['Name']:<16} {int(row['Request Count']):>7} {int(row['Failure Count']):>6} "
            f"{float(row['Requests/s']):6.1f} {row['50%']:>6} {row['95%']:>6} {row['99%']:>6}"
        )
    print_phases(work / "requests.csv")
    locked = sum(
        file.read_text(errors="replace").count("database is locked") for file in work.glob("*.log") if file.is_file()
    )
    stored, mails = result["stored"], result["mails"]
    accepted = set(emails)
    print(f'"database is locked" in the logs: {locked}')
    print(
        f"registrations accepted (303): {len(emails)}; stored: {sum(stored[e] for e in accepted)} "
        f"(stored twice: {sum(1 for e in accepted if stored[e] > 1)}, "
        f"missing: {sum(1 for e in accepted if not stored[e])}, "
        f"stored without a 303: {sum(1 for e in stored if e not in accepted)})"
    )
    print(
        f"receipts: exactly one {sum(1 for e in accepted if mails[e] == 1)}, "
        f"none {sum(1 for e in accepted if mails[e] == 0)}, more than one {sum(1 for e in accepted if mails[e] > 1)}"
    )
    for fault in faults:
        print(f"fault: {fault}")
    if "mailing" in result:
        state = result["mailing"]
        sent_to = [email.lower() for email in state["sent_to"]]
        print(
            f"mailing: status {state['status']}, {state['recipients']} recipients, deliveries {state['states']}, "
            f"errors {state['errors']}"
        )
        print(
            f"mailing mails: recipients marked sent {len(sent_to)}, of them mailed exactly once "
            f"{sum(1 for e in sent_to if mails[e] == 1)}, never {sum(1 for e in sent_to if mails[e] == 0)}, "
            f"more than once {sum(1 for e in sent_to if mails[e] > 1)}"
        )
        # A worker killed while it sent: the one mail it was sending is marked failed ("interrupted"),
        # never sent again, since the SMTP server may have taken it (mailings.delivery.recover_stalled).
        interrupted = [email.lower() for email in state["interrupted"]]
        print(
            f"mailing: interrupted by the kill {len(interrupted)}, of them mailed once "
            f"{sum(1 for e in interrupted if mails[e] == 1)}, never {sum(1 for e in interrupted if mails[e] == 0)}"
        )


if __name__ == "__main__":
    sys.exit(main())
