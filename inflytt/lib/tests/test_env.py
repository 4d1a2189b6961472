"""The generated secret of the embedded default (inflytt/lib/env.py)."""

from __future__ import annotations

import multiprocessing
import stat
from pathlib import Path
from typing import Any

import pytest

from inflytt.lib.env import envsecret

NAME = "INFLYTT_TEST_SECRET_NOT_SET"


def test_a_generated_secret_is_kept_owner_only_and_read_again(tmp_path: Path) -> None:
    path = tmp_path / "data" / "secret_key"

    first = envsecret(NAME, fallback_file=path)

    assert len(first) >= 50
    assert path.read_text() == first
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert envsecret(NAME, fallback_file=path) == first
    assert [p.name for p in path.parent.iterdir()] == ["secret_key"]  # no draft left behind


def test_the_environment_wins_over_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "secret_key"
    path.write_text("from-the-file")
    monkeypatch.setenv(NAME, "from-the-environment")

    assert envsecret(NAME, fallback_file=path) == "from-the-environment"


def _secret(path: str, start: Any, out: Any) -> None:
    start.wait()
    out.put(envsecret(NAME, fallback_file=Path(path)))


def test_processes_that_start_together_on_a_new_data_directory_share_one_secret(tmp_path: Path) -> None:
    """Two processes both saw no file and both created it: the second failed with FileExistsError
    (seen when the two benchmark data sets were generated at once)."""
    path = tmp_path / "secret_key"
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(6)
    out = context.Queue()
    processes = [context.Process(target=_secret, args=(str(path), start, out)) for _ in range(6)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=60)

    assert [process.exitcode for process in processes] == [0] * 6
    secrets = [out.get(timeout=5) for _ in processes]
    assert set(secrets) == {path.read_text()}
    assert [p.name for p in tmp_path.iterdir()] == ["secret_key"]
