"""Small typed readers for the environment that fail loudly (after healthchecks' settings)."""

from __future__ import annotations

import os
import secrets
import tempfile
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def envbool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {raw!r}")


def envint(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from exc


def envlist(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def envsecret(name: str, *, fallback_file: Path) -> str:
    """The secret from the environment, or one generated once and kept in the data directory.

    The embedded default must survive restarts (sessions, signed links), so a generated key is
    persisted with owner-only permissions instead of being made anew at each start.
    """
    value = os.environ.get(name)
    if value:
        return value
    try:
        return fallback_file.read_text().strip()
    except FileNotFoundError:
        return _create_once(fallback_file)


def _create_once(path: Path) -> str:
    """Keep a new secret at path unless another process got there first; the one kept is returned.

    Processes that start together on a new data directory (the web workers, the task worker, two
    benchmarks) race here. The secret is written whole to a file of its own and then linked to path,
    which fails if path exists, so nobody reads a half-written key and every process uses the same one.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, draft = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")  # owner-only (0600)
    try:
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(50))
        try:
            os.link(draft, path)
        except FileExistsError:
            pass  # another process kept its secret first
    finally:
        os.unlink(draft)
    return path.read_text().strip()
