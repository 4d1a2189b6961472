"""Links in mails work on the embedded default: `make run` (scripts/serve) points
INFLYTT_BASE_URL at the address it listens on when the setting is not given."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
STUB = "#!/usr/bin/env bash\n{body}\n"


def serve_base_url(tmp_path: Path, env: dict[str, str]) -> str:
    """Run the real scripts/serve with stand-ins for the worker and gunicorn; the stand-in
    gunicorn writes down the INFLYTT_BASE_URL it was started with."""
    (tmp_path / "scripts").mkdir()
    for name in ("serve", "base-url"):
        shutil.copy(ROOT / "scripts" / name, tmp_path / "scripts" / name)
    bin_dir = tmp_path / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    seen = tmp_path / "seen"
    stubs = {
        "python": "exec sleep 30",  # the worker runs until serve stops it
        "gunicorn": f'echo "$INFLYTT_BASE_URL" > {seen}',
    }
    for name, body in stubs.items():
        (bin_dir / name).write_text(STUB.format(body=body))
        (bin_dir / name).chmod(stat.S_IRWXU)
    clean = {key: value for key, value in os.environ.items() if key not in ("INFLYTT_BASE_URL", "HOST", "PORT")}
    subprocess.run(  # noqa: S603 - our own script, a path we made
        [str(tmp_path / "scripts" / "serve")], env={**clean, **env}, check=False, timeout=30, capture_output=True
    )
    return seen.read_text().strip()


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "http://127.0.0.1:8000"),
        ({"PORT": "9100"}, "http://127.0.0.1:9100"),
        ({"HOST": "192.0.2.10", "PORT": "8080"}, "http://192.0.2.10:8080"),
        ({"HOST": "::1", "PORT": "8000"}, "http://[::1]:8000"),
        ({"PORT": "9100", "INFLYTT_BASE_URL": "https://inflytt.example.se"}, "https://inflytt.example.se"),
    ],
)
def test_make_run_derives_the_base_url_from_host_and_port(tmp_path, env, expected):
    assert serve_base_url(tmp_path, env) == expected


def test_the_readme_documents_the_setting():
    readme = (ROOT / "README.md").read_text()
    assert "`INFLYTT_BASE_URL`" in readme and "`HOST` and `PORT`" in readme
