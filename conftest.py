"""Fixtures shared by every test: reference data, personas, verified clients."""

from __future__ import annotations

import pytest
from django.test import Client
from huey.contrib.djhuey import HUEY
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from inflytt.accounts.models import User
from inflytt.parties.models import Party
from inflytt.parties.services import load_reference_parties
from inflytt.testing import (
    PERSONAS,
    SmtpInbox,
    login_verified,
    make_user,
    smtp_server_for,
    stagger_ids,
    unreachable_cache,
)

# Tasks run inline in tests: what a worker would do happens before the assertion.
HUEY.immediate = True

# Property tests check rules, not speed: no per-example deadline and no "too slow" health check,
# which fail on a loaded 2-core CI machine without saying anything about the code (speed is
# measured in bench/).
hypothesis_settings.register_profile("inflytt", deadline=None, suppress_health_check=[HealthCheck.too_slow])
hypothesis_settings.load_profile("inflytt")


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    settings.SECURE_SSL_REDIRECT = False  # the test client speaks plain HTTP
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.INFLYTT_TEST_TMP = tmp_path
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _distinct_ids(request):
    """Every test that uses the database gets ids that differ between tables (stagger_ids), so
    a query correlating on the wrong id cannot pass by coincidence."""
    marker = request.node.get_closest_marker("django_db")
    names = request.fixturenames
    if marker is None and not {"db", "transactional_db", "live_server"} & set(names):
        return
    transactional = bool(marker and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(names)
    )
    request.getfixturevalue("transactional_db" if transactional else "db")
    stagger_ids()


@pytest.fixture
def parties(db) -> dict[str, Party]:
    load_reference_parties()
    return {party.slug: party for party in Party.objects.all()}


@pytest.fixture
def personas(parties) -> dict[str, User]:
    return {name: make_user(name, slug, role) for name, (slug, role) in PERSONAS.items()}


@pytest.fixture
def client_for(personas):
    """client_for("guide_bracke") -> a test client logged in with MFA as that persona."""

    def make(name: str) -> Client:
        if name == "anonymous":
            return Client()
        return login_verified(Client(), personas[name])

    return make


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on loopback (aiosmtpd); Django's SMTP backend talks to it."""
    with smtp_server_for(settings, SmtpInbox()) as inbox:
        yield inbox


@pytest.fixture
def cache_away(settings):
    """The cache (Redis) is away: a real backend that cannot connect."""
    settings.CACHES = unreachable_cache()
