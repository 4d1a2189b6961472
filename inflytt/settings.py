"""Inflytt's one settings module, driven by the environment.

Without any environment the project runs on its embedded default: SQLite in WAL mode, a
SQLite-backed task queue, a file cache and mail written to files, all under INFLYTT_DATA_DIR.
DATABASE_URL switches to PostgreSQL, REDIS_URL to Redis for the queue, cache and rate limits,
EMAIL_HOST to real SMTP.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from inflytt.lib.env import envbool, envint, envlist, envsecret

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("INFLYTT_DATA_DIR") or BASE_DIR / "data").resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = envbool("DEBUG", False)
SECRET_KEY = envsecret("SECRET_KEY", fallback_file=DATA_DIR / "secret_key")
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])

# The embedded default serves plain HTTP on localhost (`make run` sets INFLYTT_HTTPS=0);
# every other deployment is behind TLS, so the secure defaults are on unless switched off.
HTTPS = envbool("INFLYTT_HTTPS", True)
# Demo mode (`make run DEMO=1`): MFA becomes optional, with a visible notice on every page.
DEMO_MODE = envbool("INFLYTT_DEMO", False)

SITE_NAME = os.environ.get("INFLYTT_SITE_NAME", "Inflytt")
# The programme's name on the quarterly reports (the 2025 agreement's "Ta steget").
PROGRAMME_NAME = os.environ.get("INFLYTT_PROGRAMME_NAME", "Ta steget – Jämtland Härjedalen")

INSTALLED_APPS = [
    "inflytt.core.apps.InflyttAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "huey.contrib.djhuey",
    "inflytt.core",
    "inflytt.parties",
    "inflytt.accounts",
    "inflytt.audit",
    "inflytt.contacts",
    "inflytt.guidance",
    "inflytt.privacy",
    "inflytt.budget",
    "inflytt.api",
    "inflytt.intake",
    "inflytt.mailings",
    "inflytt.networks",
    "inflytt.reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "inflytt.accounts.sessions.IdleTimeoutMiddleware",
    "inflytt.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "inflytt.accounts.middleware.MFARequiredMiddleware",
    "inflytt.core.middleware.NoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # request.htmx: a partial answer to htmx's requests (the live segment count), the whole page otherwise.
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "inflytt.urls"
WSGI_APPLICATION = "inflytt.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "inflytt" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "inflytt.core.context_processors.site",
                "inflytt.guidance.context_processors.queue_counts",
            ],
        },
    },
]

# Widgets render through the project's templates (inflytt/templates/django/forms/ may replace Django's
# own; "django.forms" above supplies them), except the plain widgets (inputs, textarea, select,
# checkbox and radio options), which are written in Python as their templates write them (issue 16:
# inflytt/core/forms_renderer.py).
FORM_RENDERER = "inflytt.core.forms_renderer.Renderer"

# --- Storage ---------------------------------------------------------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL", "")
SQLITE_MMAP_BYTES = 1024**3  # address space, not memory: the file's pages stay in the OS's cache
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "inflytt.sqlite3"),
            # A connection per process, kept: opening one runs the PRAGMAs below, which was a tenth of a
            # page's time under load (issue 16); the health check replaces a broken one.
            "CONN_MAX_AGE": 600,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": {
                # WAL lets readers and the task worker go on while one process writes;
                # IMMEDIATE transactions take the write lock up front instead of failing mid-way.
                # mmap_size: reads come from the page cache the processes share, without a system
                # call per page; a list that reads thousands of scattered cards spends a third less
                # in SQL at 100 000 contacts (bench/README.md, ninth pass). Writes go through the WAL.
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                    "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000; "
                    f"PRAGMA mmap_size={SQLITE_MMAP_BYTES};"
                ),
                "transaction_mode": "IMMEDIATE",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    HUEY = {"huey_class": "huey.RedisHuey", "name": "inflytt", "url": REDIS_URL, "immediate": False}
else:
    # A file cache is shared by every process on the host, so rate limits hold for all workers.
    # inflytt.lib.cache.FileCache: Django's file cache without a directory listing per write (issue 16).
    CACHES = {
        "default": {
            "BACKEND": "inflytt.lib.cache.FileCache",
            "LOCATION": str(DATA_DIR / "cache"),
            "OPTIONS": {"MAX_ENTRIES": 100_000},  # type: ignore[dict-item]  # inferred from the Redis branch
        }
    }
    HUEY = {
        # inflytt.lib.queue.SqliteHuey: huey's SQLite storage with synchronous=NORMAL (issue 16).
        "huey_class": "inflytt.lib.queue.SqliteHuey",
        "name": "inflytt",
        "filename": str(DATA_DIR / "tasks.sqlite3"),
        "immediate": False,
    }

# --- Accounts, sessions and MFA --------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# Invitation and password reset links work once and for 72 hours (inflytt/accounts/tasks.py).
PASSWORD_RESET_TIMEOUT = 72 * 3600
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

IDLE_TIMEOUT_MINUTES = envint("INFLYTT_IDLE_TIMEOUT_MINUTES", 30)
SESSION_COOKIE_AGE = IDLE_TIMEOUT_MINUTES * 60
# The age counts from the last request (an idle timeout): IdleTimeoutMiddleware refreshes it.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "inflytt.core.views.csrf_failure"

OTP_TOTP_ISSUER = SITE_NAME
OTP_TOTP_TOLERANCE = 1

AXES_FAILURE_LIMIT = envint("INFLYTT_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=envint("INFLYTT_LOCKOUT_MINUTES", 15))
# Username and IP together: nobody can lock a colleague out from another address.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "inflytt.lib.http.client_ip"
AXES_USERNAME_FORM_FIELD = "username"
# Number of reverse proxies in front of the app that append to X-Forwarded-For (0: none).
TRUSTED_PROXY_COUNT = envint("INFLYTT_TRUSTED_PROXY_COUNT", 0)

# --- Language and time -----------------------------------------------------------------------
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Stockholm"
# Our own date formats per language (inflytt/formats/): Swedish 2026-11-29 08:07, English 29 Nov 2026, 08:07.
FORMAT_MODULE_PATH = ["inflytt.formats"]
LANGUAGE_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static files ----------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"  # only `collectstatic` writes here
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "inflytt" / "static"]
# WhiteNoise serves the app's own files from the finders, so no collectstatic step is needed
# and no asset ever comes from a third party.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# --- Mail --------------------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "inflytt@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = envint("EMAIL_PORT", 587)
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", True)
    EMAIL_TIMEOUT = 30
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = DATA_DIR / "mail"
# The file outbox holds whole mails, personal data included: files older than this many days are
# deleted by an hourly task (privacy.tasks.prune_mail_outbox), so an erased person is gone from it
# within this many days too.
INFLYTT_MAIL_OUTBOX_DAYS = envint("INFLYTT_MAIL_OUTBOX_DAYS", 7)

# --- Security headers --------------------------------------------------------------------------
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if HTTPS:
    SECURE_SSL_REDIRECT = envbool("INFLYTT_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = envbool("INFLYTT_HSTS_PRELOAD", False)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

# --- Logging: ids, never personal data ---------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # axes logs the attempted username; the audit log keeps login events instead.
        "axes": {"level": "ERROR"},
    },
}

# --- Inflytt -----------------------------------------------------------------------------------
# After this local time a registration counts from the next working day (lib.workdays).
INFLYTT_OFFICE_CLOSES = os.environ.get("INFLYTT_OFFICE_CLOSES", "17:00")
# The guides' daily digest goes out at this hour on working days (guidance.tasks).
INFLYTT_DIGEST_HOUR = str(envint("INFLYTT_DIGEST_HOUR", 7))
# The address staff reach Inflytt on, for links in mails (no trailing slash).
INFLYTT_BASE_URL = os.environ.get("INFLYTT_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# How long the personal links in mailings work, in days after the mail: unsubscribe (never less
# than 60, inflytt.mailings.links) and answering an invitation (which also closes when it starts).
INFLYTT_UNSUBSCRIBE_LINK_DAYS = envint("INFLYTT_UNSUBSCRIBE_LINK_DAYS", 180)
INFLYTT_RSVP_LINK_DAYS = envint("INFLYTT_RSVP_LINK_DAYS", 90)
# How long the personal "Mina uppgifter" link in every mail to a person works (days).
INFLYTT_SELFSERVICE_LINK_DAYS = envint("INFLYTT_SELFSERVICE_LINK_DAYS", 60)
# Mailings (inflytt.mailings): mails per second per worker (0: as fast as the server takes them),
# deliveries a worker claims at a time and workers per mailing, tries for a temporary SMTP failure
# and the first wait (doubled each time), the age at which a claim belongs to a dead worker, and the
# mailto part of List-Unsubscribe (empty: unsubscribe@ the sender's domain).
INFLYTT_MAILING_RATE_PER_SECOND = envint("INFLYTT_MAILING_RATE_PER_SECOND", 0)
INFLYTT_MAILING_CHUNK = envint("INFLYTT_MAILING_CHUNK", 500)
INFLYTT_MAILING_WORKERS = envint("INFLYTT_MAILING_WORKERS", 1)
INFLYTT_MAILING_MAX_ATTEMPTS = envint("INFLYTT_MAILING_MAX_ATTEMPTS", 5)
INFLYTT_MAILING_RETRY_SECONDS = envint("INFLYTT_MAILING_RETRY_SECONDS", 300)
INFLYTT_MAILING_LEASE_SECONDS = envint("INFLYTT_MAILING_LEASE_SECONDS", 900)
INFLYTT_UNSUBSCRIBE_MAILTO = os.environ.get("INFLYTT_UNSUBSCRIBE_MAILTO", "")
CONTACTS_PER_PAGE = 50
ACTIVITIES_PER_PAGE = 50
# Public intake (inflytt.intake): registrations per IP address per hour (form and API), the
# least time a person needs for the form, and who the privacy notice names (empty: the region).
INFLYTT_INTAKE_RATE_LIMIT = envint("INFLYTT_INTAKE_RATE_LIMIT", 20)
INFLYTT_INTAKE_MIN_FILL_SECONDS = envint("INFLYTT_INTAKE_MIN_FILL_SECONDS", 3)
INFLYTT_INTAKE_RATE_WINDOW_SECONDS = envint("INFLYTT_INTAKE_RATE_WINDOW_SECONDS", 3600)
# A party's system posts for many people from one address: a higher limit per address.
INFLYTT_API_RATE_LIMIT = envint("INFLYTT_API_RATE_LIMIT", 600)
# How long a rendered form may be sent (and a thank-you link shown), and a newsletter confirmed.
INFLYTT_INTAKE_FORM_MAX_AGE_SECONDS = envint("INFLYTT_INTAKE_FORM_MAX_AGE_SECONDS", 24 * 3600)
INFLYTT_NEWSLETTER_CONFIRM_DAYS = envint("INFLYTT_NEWSLETTER_CONFIRM_DAYS", 14)
# Receipts and guides' notices no worker took are queued again by a sweep every 5 minutes: those of
# the last N hours, once they are older than the grace (docs/decisions/0014).
INFLYTT_REGISTRATION_MAIL_SWEEP_HOURS = envint("INFLYTT_REGISTRATION_MAIL_SWEEP_HOURS", 48)
INFLYTT_REGISTRATION_MAIL_GRACE_SECONDS = envint("INFLYTT_REGISTRATION_MAIL_GRACE_SECONDS", 300)
# The legal basis per purpose (configuration, not code; docs/security.md): "public_interest" or "consent".
INFLYTT_LEGAL_BASIS = {"guidance": "public_interest", "magazine": "public_interest", "newsletter": "consent"}
INFLYTT_PRIVACY_CONTROLLER = os.environ.get("INFLYTT_PRIVACY_CONTROLLER", "")
INFLYTT_PRIVACY_EMAIL = os.environ.get("INFLYTT_PRIVACY_EMAIL", "")
INFLYTT_PRIVACY_VERSION = os.environ.get("INFLYTT_PRIVACY_VERSION", "1")
# Privacy and register maintenance (inflytt.privacy). The 2025 agreement, Bilaga 4 (docs/requirements.md): no registered
# activity in 5 years -> deleted once a year (archive law may need a longer period: set it here).
INFLYTT_RETENTION_YEARS = envint("INFLYTT_RETENTION_YEARS", 5)
# Contacts per transaction of the retention run; a running run whose last chunk is older than the
# stale minutes was interrupted and may resume. A moving status unconfirmed for the review months is
# due in the yearly register review.
INFLYTT_RETENTION_CHUNK = envint("INFLYTT_RETENTION_CHUNK", 500)
INFLYTT_RETENTION_STALE_MINUTES = envint("INFLYTT_RETENTION_STALE_MINUTES", 30)
INFLYTT_REVIEW_MONTHS = envint("INFLYTT_REVIEW_MONTHS", 12)
# Place ambassadors are deleted this many years after they left the network (networks.retention).
INFLYTT_AMBASSADOR_RETENTION_YEARS = envint("INFLYTT_AMBASSADOR_RETENTION_YEARS", 2)
# The audit trail's own retention period, applied by the yearly run.
INFLYTT_AUDIT_RETENTION_DAYS = envint("INFLYTT_AUDIT_RETENTION_DAYS", 5 * 365)
# The parts of the privacy notice that belong to the installation, per language: who receives the
# data and how to reach the data protection officer. Edit the text and raise INFLYTT_PRIVACY_VERSION.
INFLYTT_PRIVACY_DPO_EMAIL = os.environ.get("INFLYTT_PRIVACY_DPO_EMAIL", "")
INFLYTT_PRIVACY_NOTICE = {
    "recipients": {
        "sv": (
            "Dina uppgifter läses av flyttvägledare och samordnare hos regionen och kommunerna i samarbetet. "
            "Leverantören som driftar systemet är personuppgiftsbiträde. Uppgifterna lämnas inte till någon annan "
            "utom när lag kräver det, till exempel vid en begäran om allmän handling."
        ),
        "en": (
            "Your data is read by the relocation guides and coordinators of the region and the municipalities in "
            "the collaboration. The supplier that runs the system is a processor. The data is not given to anyone "
            "else except where the law requires it, for example a request for an official document."
        ),
    },
    "dpo": {
        "sv": "Dataskyddsombud: " + (INFLYTT_PRIVACY_DPO_EMAIL or "se regionens webbplats."),
        "en": "Data protection officer: " + (INFLYTT_PRIVACY_DPO_EMAIL or "see the region's website."),
    },
}
# Import of an old register (inflytt.intake.importer): the largest file the import page accepts.
INFLYTT_IMPORT_MAX_MB = envint("INFLYTT_IMPORT_MAX_MB", 50)
# An uploaded file that was not imported (only checked, or failed) is emptied after this many days.
INFLYTT_IMPORT_KEEP_DAYS = envint("INFLYTT_IMPORT_KEEP_DAYS", 7)
# Mail on the card (inflytt.guidance): the programme's mailbox, e.g. svar@ta-steget.se. Mail written
# on a card gets the card's own Reply-To, svar+<token>@ta-steget.se (empty: the guide's address).
INFLYTT_REPLY_ADDRESS = os.environ.get("INFLYTT_REPLY_ADDRESS", "")
# Mail into the card (inflytt.guidance.mailbox): the programme's mailbox, read over IMAP every few
# minutes. Off while INFLYTT_IMAP_HOST is empty (the embedded default). Read mail is moved to
# INFLYTT_IMAP_PROCESSED_FOLDER (created when missing).
INFLYTT_IMAP_HOST = os.environ.get("INFLYTT_IMAP_HOST", "")
INFLYTT_IMAP_PORT = envint("INFLYTT_IMAP_PORT", 993)
INFLYTT_IMAP_SSL = envbool("INFLYTT_IMAP_SSL", True)
INFLYTT_IMAP_USER = os.environ.get("INFLYTT_IMAP_USER", "")
INFLYTT_IMAP_PASSWORD = os.environ.get("INFLYTT_IMAP_PASSWORD", "")
INFLYTT_IMAP_FOLDER = os.environ.get("INFLYTT_IMAP_FOLDER", "INBOX")
INFLYTT_IMAP_PROCESSED_FOLDER = os.environ.get("INFLYTT_IMAP_PROCESSED_FOLDER", "Inflytt")
INFLYTT_IMAP_POLL_MINUTES = envint("INFLYTT_IMAP_POLL_MINUTES", 5)
# An attachment larger than this is not kept (the card says so).
INFLYTT_INBOUND_ATTACHMENT_MAX_MB = envint("INFLYTT_INBOUND_ATTACHMENT_MAX_MB", 10)
# The address a guide BCCs from their own mail program so the mail lands on the recipient's card
# (delivered to the same mailbox). Empty: no capture.
INFLYTT_CAPTURE_ADDRESS = os.environ.get("INFLYTT_CAPTURE_ADDRESS", "")
