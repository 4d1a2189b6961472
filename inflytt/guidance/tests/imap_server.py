"""A real IMAP server on loopback for the inbound-mail tests: Debian's dovecot-imapd, started with a
throw-away configuration in a temporary directory (plaintext login on loopback, one passwd-file
user, maildir in the same directory). `.ci/run` installs the package; without it the tests skip
unless INFLYTT_REQUIRE_IMAP=1."""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
USER, PASSWORD = "inflytt", "imap-test-secret"


@dataclass
class ImapServer:
    host: str
    port: int
    user: str
    password: str


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"dovecot exited: {log.read_text() if log.exists() else ''}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
                if sock.recv(100).startswith(b"* OK"):
                    return
        except OSError:
            time.sleep(0.05)  # waiting for a port to open, not for the code under test
    raise RuntimeError("dovecot did not start")


@contextmanager
def dovecot() -> Iterator[ImapServer]:
    # Its own directory right under /tmp: dovecot's unprivileged processes must reach it (pytest's
    # tmp_path sits below a 0700 directory).
    tmp = Path(tempfile.mkdtemp(prefix="inflytt-imap-"))
    tmp.chmod(0o755)
    if os.getuid() == 0:
        # Dovecot refuses mail access as root: the mail user is nobody, owning the directory.
        account = pwd.getpwnam("nobody")
        login_user = "dovenull" if _user_exists("dovenull") else "nobody"
        internal_user = "dovecot" if _user_exists("dovecot") else "nobody"
    else:
        account = pwd.getpwuid(os.getuid())
        login_user = internal_user = account.pw_name
    uid, gid = account.pw_uid, account.pw_gid
    port = _free_port()
    (tmp / "mail").mkdir(exist_ok=True)
    (tmp / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}:{uid}:{gid}::{tmp}/mail/{USER}::\n")
    config = tmp / "dovecot.conf"
    config.write_text(
        f"""
protocols = imap
listen = 127.0.0.1
base_dir = {tmp}/run
state_dir = {tmp}/state
log_path = {tmp}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_login_user = {login_user}
default_internal_user = {internal_user}
first_valid_uid = {min(uid, 1) if uid else 0}
mail_location = maildir:{tmp}/mail/%u/Maildir
namespace inbox {{
  inbox = yes
  separator = /
}}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {tmp}/passwd
}}
userdb {{
  driver = passwd-file
  args = username_format=%u {tmp}/passwd
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
}}
service stats {{
  unix_listener stats-writer {{
    mode = 0666
  }}
}}
"""
    )
    if os.getuid() == 0:
        for path in (tmp, tmp / "mail"):
            os.chown(path, uid, gid)
    log = tmp / "dovecot.log"
    command = [DOVECOT, "-F", "-c", str(config)]  # our own binary and file, no outside input
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # noqa: S603
    try:
        _wait_for(port, process, log)
        yield ImapServer("127.0.0.1", port, USER, PASSWORD)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(tmp, ignore_errors=True)


def _user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True
