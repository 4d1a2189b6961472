"""The load of bench/load.py (run by it; not on its own): staff browsing and a burst of registrations.

Staff users hold a session bench/load.py made (a guide with a verified second factor) and browse the
list, search, filter, open cards and log a dialogue on some. Registrants post the public form, each
with a signed start token and an address of its own made by bench/load.py, at one a second each (20
registrants: 20 a second) until the tokens are used up, about a minute. Input comes in the JSON file
named by INFLYTT_LOAD_PLAN; every registration answered 303 is written to INFLYTT_LOAD_ACCEPTED.
"""

from __future__ import annotations

import json
import os
import random
import re
import threading
import time

from locust import HttpUser, between, constant_throughput, events, task
from locust.exception import StopUser

PLAN = json.loads(open(os.environ["INFLYTT_LOAD_PLAN"], encoding="utf-8").read())  # noqa: SIM115
ACCEPTED = os.environ["INFLYTT_LOAD_ACCEPTED"]
_lock = threading.Lock()
_log = open(os.environ["INFLYTT_LOAD_REQUESTS"], "a", encoding="utf-8")  # noqa: SIM115  # open for the run


@events.request.add_listener
def _log_request(name: str, response_time: float, exception: BaseException | None, **_: object) -> None:
    """Each request's end and time (bench/load.py prints the staff pages' percentiles during the
    burst of registrations and outside it; locust's own are over the whole run)."""
    _log.write(f"{time.time():.3f},{name},{response_time:.1f},{0 if exception else 1}\n")


_sessions = iter(PLAN["sessions"])
_registrations = iter(PLAN["registrations"])
NAMES = ["lind", "berg", "nilsson", "karl", "johansson", "ström", "anna", "erik", "sson", "åsa"]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SUBMISSION = re.compile(r'name="submission_token" value="([^"]+)"')


class Staff(HttpUser):
    weight = 50
    wait_time = between(0.5, 2)

    def on_start(self) -> None:
        with _lock:
            session = next(_sessions)
        self.client.cookies.set(PLAN["session_cookie"], session)
        self.card_ids = PLAN["card_ids"]
        self.municipalities = PLAN["municipalities"]

    @task(3)
    def the_list(self) -> None:
        self.client.get("/contacts/", name="list")

    @task(3)
    def search(self) -> None:
        self.client.get("/contacts/", params={"q": random.choice(NAMES)}, name="search")

    @task(2)
    def filtered(self) -> None:
        slug = random.choice(self.municipalities)
        params = random.choice(
            [{"municipality": slug}, {"assigned": slug}, {"status": "new"}, {"assigned": slug, "sort": "name"}]
        )
        self.client.get("/contacts/", params=params, name="filtered list")

    @task(4)
    def card(self) -> None:
        self.client.get(f"/contacts/{random.choice(self.card_ids)}/", name="card")

    @task(1)
    def log_a_call(self) -> None:
        pk = random.choice(self.card_ids)
        page = self.client.get(f"/contacts/{pk}/", name="card")
        csrf, submission = CSRF.search(page.text), SUBMISSION.search(page.text)
        if not (csrf and submission):
            return
        self.client.post(
            f"/contacts/{pk}/activities/",
            data={
                "csrfmiddlewaretoken": csrf.group(1),
                "submission_token": submission.group(1),
                "kind": "call",
                "body": "Ringde under lasttestet.",
            },
            headers={"Referer": self.host + f"/contacts/{pk}/"},
            name="log a call",
            allow_redirects=False,
        )


class Registrant(HttpUser):
    weight = 20
    wait_time = constant_throughput(1)

    @task
    def register(self) -> None:
        with _lock:
            registration = next(_registrations, None)
        if registration is None:  # the burst is over
            raise StopUser
        with self.client.post(
            "/sv/form/bracke/",
            data=registration["form"],
            headers={"Origin": self.host},
            name="registration",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code == 303:
                response.success()
                with _lock, open(ACCEPTED, "a", encoding="utf-8") as accepted:
                    accepted.write(registration["form"]["email"] + "\n")
            else:
                response.failure(f"answered {response.status_code}")
