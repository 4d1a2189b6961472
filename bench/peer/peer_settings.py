"""Settings of the peer CRM for the benchmark (bench/README.md, "The peer in the same run").

The peer's own project settings (`webcrm.settings`, unmodified) with what a benchmark needs on top:
its database (SQLite by default, PostgreSQL when PEER_DATABASE_URL is set), DEBUG off, the test
client's host, writable folders outside its package, and nothing that reaches the network.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

from webcrm.settings import *  # noqa: F403  (the peer's settings)

DATA_DIR = Path(os.environ.get("PEER_DATA_DIR", Path(__file__).resolve().parents[1] / "out" / "peer"))

_url = urlsplit(os.environ.get("PEER_DATABASE_URL", ""))
if _url.scheme in {"postgres", "postgresql"}:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": _url.path.lstrip("/"),
            "USER": _url.username or "postgres",
            "PASSWORD": _url.password or "",
            "HOST": _url.hostname or "127.0.0.1",
            "PORT": str(_url.port or 5432),
        }
    }
else:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(DATA_DIR / "peer.sqlite3")}}

DEBUG = False
ALLOWED_HOSTS = ["testserver", "localhost"]
# The peer's defaults point into its installed package; its mail import thread writes MEDIA_ROOT/locks.
MEDIA_ROOT = DATA_DIR / "media"
STATIC_ROOT = DATA_DIR / "static"
GEOIP_PATH = MEDIA_ROOT / "geodb"
# Offline (the last two are the peer's defaults already).
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
LOAD_EXCHANGE_RATE = False
GEOIP = False
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"class": "logging.StreamHandler", "stream": "ext://sys.stderr"}},
    "root": {"handlers": ["stderr"], "level": "WARNING"},
}
