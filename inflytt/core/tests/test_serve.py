"""Issue 10: "gunicorn 26+ opens a control socket in $HOME/.gunicorn/ by default, shared by every
instance of the same user ... start gunicorn with --no-control-socket in scripts/serve and in the
README's production commands." The flag is parsed by the pinned gunicorn, so a rename fails here."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

from gunicorn.config import Config

ROOT = Path(__file__).resolve().parents[3]


def _gunicorn_commands(text: str) -> list[list[str]]:
    """Every gunicorn command line in a script or a README (continuation lines joined)."""
    commands = []
    for line in text.replace("\\\n", " ").splitlines():
        match = re.search(r'(?:\.venv/bin/|"\$BIN/)gunicorn"? ([^#&]*)', line)
        if match:
            # Shell variables stand for values (a number fits every option here); the options are checked.
            args = re.sub(r'"?\$\{?[A-Z_]+(:-[^}]*)?\}?"?', "2", match.group(1))
            commands.append(shlex.split(args))
    return commands


def _control_socket_disabled(args: list[str]) -> bool:
    parsed = Config().parser().parse_args(args)
    return parsed.control_socket_disable is True


def test_scripts_serve_starts_gunicorn_without_the_shared_control_socket():
    commands = _gunicorn_commands((ROOT / "scripts" / "serve").read_text())
    assert commands and all(_control_socket_disabled(args) for args in commands)


def test_the_readme_production_command_has_no_control_socket():
    commands = _gunicorn_commands((ROOT / "README.md").read_text())
    assert commands and all(_control_socket_disabled(args) for args in commands)


def test_a_web_worker_imports_every_view_before_its_first_request(tmp_path):
    """Issue 16's load run: each new worker's first request imported the URL patterns' views (the
    reports' charts and PDFs, the API's schemas), 1.5 s. Loading the WSGI application, as gunicorn
    does before a worker accepts, now imports them."""
    views = ["inflytt.reports.views", "inflytt.api.main"]
    script = f"import sys, inflytt.wsgi; print(*[m for m in {views!r} if m in sys.modules])"
    env = {**os.environ, "INFLYTT_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "inflytt.settings"}
    env.pop("DATABASE_URL", None)
    done = subprocess.run(  # noqa: S603 - this interpreter, a fixed script
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == views
