"""`tollwatch daemon --detach`: start the daemon in the background and wait until it is running.

The background daemon is a fresh `python -m scheduler.cli daemon ...` in its own session, with its
output in the log file. It reports "ready" or its start-up error on a pipe, so a mistake (bad config,
lock held, unwritable pidfile) still reaches the terminal as one line with exit code 2.
"""
from __future__ import annotations

import os
import select
import subprocess
import sys
import time
from pathlib import Path

from scheduler.lock import DaemonError

READY_ENV = "TOLLWATCH_READY_FD"
START_TIMEOUT = 120.0


def start_detached(argv: list[str], logfile: Path, timeout: float = START_TIMEOUT) -> int:
    """Start `tollwatch ARGV` in the background; its pid once it reports it is running."""
    try:
        log = open(logfile, "ab")  # noqa: SIM115
    except OSError as exc:
        raise DaemonError(f"cannot write log file {logfile}: {exc.strerror or exc}") from None
    read_end, write_end = os.pipe()
    env = dict(os.environ, **{READY_ENV: str(write_end)})
    try:
        child = subprocess.Popen([sys.executable, "-m", "scheduler.cli", *argv], stdin=subprocess.DEVNULL,
                                 stdout=log, stderr=log, start_new_session=True, pass_fds=(write_end,),
                                 env=env)
    finally:
        os.close(write_end)
        log.close()
    message = _read_message(read_end, timeout)
    if message.startswith("ready"):
        return child.pid
    if message.startswith("error "):
        child.wait(timeout=10)
        raise DaemonError(message[len("error "):])
    try:
        code = child.wait(timeout=10 if message == "" else 0)  # "" : the pipe closed, the daemon is exiting
    except subprocess.TimeoutExpired:
        raise DaemonError(f"the daemon (pid {child.pid}) did not report that it is running within "
                          f"{timeout:g}s; see {logfile}") from None
    last = _last_line(logfile)
    prefix = "tollwatch: error: "
    if last.startswith(prefix):
        raise DaemonError(last[len(prefix):])
    raise DaemonError(f"the daemon exited during start-up (exit code {code}); see {logfile}")


def _last_line(path: Path) -> str:
    try:
        with open(path, "rb") as file:
            file.seek(max(0, file.seek(0, os.SEEK_END) - 4096))
            lines = file.read().decode("utf-8", errors="replace").strip().splitlines()
    except OSError:
        return ""
    return lines[-1] if lines else ""


def _read_message(fd: int, timeout: float) -> str:
    data = b""
    deadline = time.monotonic() + timeout
    try:
        while b"\n" not in data:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
                break
            chunk = os.read(fd, 4096)
            if not chunk:
                break
            data += chunk
    finally:
        os.close(fd)
    return data.decode("utf-8", errors="replace").split("\n", 1)[0]


class Notifier:
    """The background daemon's side of the pipe; does nothing in the foreground."""

    def __init__(self) -> None:
        value = os.environ.pop(READY_ENV, "")
        self.fd = int(value) if value.isdigit() else None

    def ready(self) -> None:
        self._send(f"ready {os.getpid()}")

    def error(self, message: str) -> None:
        self._send("error " + " ".join(message.split()))

    def _send(self, line: str) -> None:
        if self.fd is None:
            return
        try:
            os.write(self.fd, (line + "\n").encode("utf-8", errors="replace"))
            os.close(self.fd)
        except OSError:
            pass
        self.fd = None
