"""Issue 10: "gunicorn 26+ opens a control socket in $HOME/.gunicorn/ by default, shared by every
instance of the same user ... start gunicorn with --no-control-socket in scripts/serve and in the
README's production commands." The flag is parsed by the pinned gunicorn, so a rename fails here."""

from __future__ import annotations

import re
import shlex
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
