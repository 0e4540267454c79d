"""Find, signal and stop a running daemon: its pidfile, its process, `tollwatch stop`."""
from __future__ import annotations

import os
import signal
import time
from dataclasses import dataclass
from pathlib import Path

from scheduler.lock import DaemonError, Holder, find_daemon


def write_pidfile(path: Path) -> None:
    """Write this process's pid atomically; one line, readable by `stop`, systemd or monitoring."""
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temp.write_text(f"{os.getpid()}\n", encoding="ascii")
        os.replace(temp, path)
    except OSError as exc:
        try:
            temp.unlink()
        except OSError:
            pass
        raise DaemonError(f"cannot write pidfile {path}: {exc.strerror or exc}") from None


def check_pidfile_writable(path: Path) -> None:
    directory = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise DaemonError(f"cannot write pidfile {path}: it is a directory")
    if not directory.is_dir():
        raise DaemonError(f"cannot write pidfile {path}: directory {directory} does not exist")
    if not os.access(directory, os.W_OK | os.X_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise DaemonError(f"cannot write pidfile {path}: permission denied")


def read_pidfile(path: Path) -> int | None:
    try:
        value = path.read_text(encoding="ascii", errors="replace").strip()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise DaemonError(f"cannot read pidfile {path}: {exc.strerror or exc}") from None
    return int(value) if value.isdigit() else None


def remove_pidfile(path: Path, pid: int) -> None:
    """Remove the pidfile if it still names `pid` (a newer daemon may have replaced it)."""
    try:
        if read_pidfile(path) == pid:
            path.unlink()
    except (OSError, DaemonError):
        pass


def is_daemon_process(pid: int) -> bool:
    """Whether `pid` is a live tollwatch daemon (not a reused pid of something else)."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except FileNotFoundError:
        return False
    except OSError:  # no /proc: fall back to "the process exists"
        return is_alive(pid)
    args = cmdline.split(b"\0")
    return b"daemon" in args and any(b"tollwatch" in a or b"scheduler.cli" in a for a in args)


def is_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    if Path(f"/proc/{pid}/stat").exists():  # a zombie is dead for our purposes
        try:
            return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
        except (OSError, IndexError):
            return True
    return True


@dataclass
class Running:
    """A daemon found through its pidfile or its database lock."""

    pid: int | None
    holder: Holder | None
    pidfile: Path | None

    def describe(self) -> str:
        if self.holder is not None:
            text = self.holder.describe()
        else:
            text = f"pid {self.pid}"
        return text + (f", pidfile {self.pidfile}" if self.pidfile else "")


def find_running(database_url: str, pidfile: Path | None) -> Running | None:
    """The daemon of this database (the lock is the authority), cross-checked with the pidfile."""
    holder = find_daemon(database_url)
    pid = read_pidfile(pidfile) if pidfile else None
    if pid is not None and not is_daemon_process(pid):
        pid = None  # stale pidfile of a daemon that was killed
    if holder is None and pid is None:
        return None
    if holder is not None and holder.local and holder.pid:
        pid = holder.pid
    return Running(pid, holder, pidfile if pidfile and pid and read_pidfile(pidfile) == pid else None)


def stop_daemon(database_url: str, pidfile: Path | None, timeout: float) -> Running | None:
    """SIGTERM the daemon and wait until it has exited; None when no daemon runs."""
    running = find_running(database_url, pidfile)
    if running is None:
        return None
    if running.holder is not None and not running.holder.local:
        raise DaemonError(f"the daemon runs on host {running.holder.host} (pid {running.holder.pid}); "
                          "stop it there")
    if running.pid is None:
        raise DaemonError("a daemon holds the database lock but its pid is unknown; stop it by its service "
                          "manager")
    try:
        os.kill(running.pid, signal.SIGTERM)
    except ProcessLookupError:
        return running
    except PermissionError:
        raise DaemonError(f"not allowed to stop the daemon (pid {running.pid}): it runs as another user") from None
    deadline = time.monotonic() + timeout
    while is_alive(running.pid):
        if time.monotonic() > deadline:
            raise DaemonError(f"the daemon (pid {running.pid}) is still stopping after {timeout:g}s; "
                              "it waits for running crawls to finish their current articles")
        time.sleep(0.1)
    return running
