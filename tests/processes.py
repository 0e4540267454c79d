"""Processes as /proc shows them (Linux): a process tree, which of its processes still run, their memory.

A process is (pid, start time), so a pid reused by a later process never passes for the one it names.
"""
from __future__ import annotations

import os
from pathlib import Path

Process = tuple[int, int]


def start_time(pid: int) -> int | None:
    """When `pid` started (clock ticks after boot); None once it has exited (a zombie has exited)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_bytes().rsplit(b")", 1)[1].split()
    except OSError:
        return None
    return None if fields[0] in (b"Z", b"X") else int(fields[19])


def parent(pid: int) -> int | None:
    try:
        return int(Path(f"/proc/{pid}/stat").read_bytes().rsplit(b")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return None


def command(pid: int) -> str:
    """The command line of `pid`, "" once it has exited."""
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
    except OSError:
        return ""


def descendants(pid: int) -> list[Process]:
    """The running processes below `pid` (children first), as (pid, start time)."""
    children: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            children.setdefault(parent(int(name)) or 0, []).append(int(name))
    found, queue = [], list(children.get(pid, []))
    while queue:
        child = queue.pop(0)
        start = start_time(child)
        if start is not None:
            found.append((child, start))
        queue.extend(children.get(child, []))
    return found


def running(processes: list[Process]) -> list[Process]:
    """Those of `processes` still running."""
    return [(pid, start) for pid, start in processes if start_time(pid) == start]


def crawl_tree(processes: list[Process]) -> dict[str, list[int]]:
    """The processes of a crawl by role: crawl, forkserver, tracker, worker (a child of the forkserver)."""
    roles: dict[str, list[int]] = {"crawl": [], "forkserver": [], "tracker": [], "worker": []}
    for pid, _ in processes:
        text = command(pid)
        if "multiprocessing.resource_tracker" in text:
            roles["tracker"].append(pid)
        elif "multiprocessing.forkserver" in text:
            roles["worker" if "multiprocessing.forkserver" in command(parent(pid) or 0) else "forkserver"].append(pid)
        elif "-m crawler" in text or "scheduler.child" in text:
            roles["crawl"].append(pid)
    return roles


def memory(pids: list[int]) -> int:
    """Bytes of memory the processes use together: their PSS (shared pages split between them), else RSS."""
    total = 0
    for pid in pids:
        try:
            text = Path(f"/proc/{pid}/smaps_rollup").read_text()
            key = "Pss:"
        except OSError:
            try:
                text = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            key = "VmRSS:"
        total += next((int(line.split()[1]) * 1024 for line in text.splitlines() if line.startswith(key)), 0)
    return total
