"""Crawls on Scrapyd nodes (`[cluster] scrapyd`): the daemon starts a run, schedules it as a job of the `news`
spider on the least busy node (the job takes the run over: `scheduler.scrapy_run`) and watches the job. A node that
loses the job (unreachable for `[cluster] lost_after` seconds, or restarted and no longer knowing it) fails the run, which is
tried again on another node; storage is idempotent, so what both stored is stored once."""
from __future__ import annotations

import json
import logging
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine

from scheduler.config import Config, Source
from scheduler.crawl import CrawlResult, StopRequest, read_result, record_monitors, timed_out
from storage.db import first_line
from storage.recorder import finish_run, place_run, start_run

log = logging.getLogger("tollwatch.cluster")
POLL = 1.0  # seconds between looks at a job
REQUEST_TIMEOUT = 10.0


class NodeError(Exception):
    """A Scrapyd node that cannot be reached or refuses a request."""


def call(node: str, endpoint: str, fields: dict[str, str] | None = None, **query: str) -> dict[str, Any]:
    """One request to a node's JSON API (POST when `fields` are given); its answer, or NodeError."""
    url = node + endpoint + (f"?{urllib.parse.urlencode(query)}" if query else "")
    data = urllib.parse.urlencode(fields).encode() if fields is not None else None
    try:
        with urllib.request.urlopen(url, data, timeout=REQUEST_TIMEOUT) as answer:
            body = json.loads(answer.read(1 << 20))
    except (OSError, ValueError) as exc:  # refused, timed out, HTTP error, not JSON
        raise NodeError(f"{type(exc).__name__}: {first_line(exc)}") from None
    if not isinstance(body, dict) or body.get("status") != "ok":
        raise NodeError(str(body.get("message") if isinstance(body, dict) else body)[:300])
    return body


_last_used: dict[str, float] = {}  # when this process last scheduled a job on each node


def least_busy(nodes: tuple[str, ...], tried: list[str]) -> str | None:
    """The reachable node not yet tried with the fewest running and pending jobs; of equals, the one this
    process gave a job least recently, so jobs that each finish before the next spread over the nodes too."""
    loads = []
    for node in nodes:
        if node in tried:
            continue
        try:
            status = call(node, "daemonstatus.json")
            load = int(status.get("running", 0)) + int(status.get("pending", 0))
        except (NodeError, TypeError, ValueError) as exc:
            log.warning("Scrapyd node %s: cannot be reached or gave no status: %s", node, exc)
            continue
        loads.append((load, _last_used.get(node, 0.0), node))
    if not loads:
        return None
    node = min(loads)[2]
    _last_used[node] = time.monotonic()
    return node


def run_on_cluster(config: Config, engine: Engine, sources: tuple[Source, ...], *, time_limit: float | None,
                   stop: StopRequest, grace: float, current_config: Callable[[], Config] | None = None
                   ) -> CrawlResult:
    """Crawl `sources` as a Scrapyd job on the least busy node, each node at most once, until a node keeps the
    job to its end; the result of the last run."""
    cluster, names = config.cluster, [s.name for s in sources]
    tried: list[str] = []
    while True:
        node = least_busy(cluster.scrapyd, tried)
        run_id = start_run(engine, names, "daemon")
        if node is None:
            finish_run(engine, run_id, "failed", "no Scrapyd node could take the crawl"
                       + (f" (lost or refused by {', '.join(tried)})" if tried else " (none could be reached)"))
            break
        tried.append(node)
        place_run(engine, run_id, node, None)
        try:
            job = str(call(node, "schedule.json", {"project": cluster.project, "spider": "news",
                                                   "source": ",".join(names), "config": cluster.node_config or "",
                                                   "run": str(run_id)})["jobid"])
        except (NodeError, KeyError) as exc:
            finish_run(engine, run_id, "failed", f"Scrapyd node {node} refused the job: {exc}")
            continue
        place_run(engine, run_id, node, job)
        outcome = _watch(node, cluster.project, job, time.monotonic() + time_limit if time_limit else None, stop,
                         cluster.lost_after)
        if outcome == "lost":
            more = len(tried) < len(cluster.scrapyd) and not stop.asked.is_set()
            finish_run(engine, run_id, "failed", f"Scrapyd node {node} lost job {job}"
                       + ("; tried again on another node" if more else ""), overrule=True)
            if more:
                log.warning("%s: Scrapyd node %s lost job %s (run %d); trying another node", ",".join(names), node,
                            job, run_id)
                continue
        elif outcome == "timeout":
            _cancel(node, cluster.project, job, grace, stop)
            finish_run(engine, run_id, "failed", timed_out(time_limit), overrule=True)
        elif outcome == "stopped":
            _cancel(node, cluster.project, job, grace, stop)
            finish_run(engine, run_id, "interrupted", "stopped by the daemon's shutdown before the end")
        else:  # finished: the job closed its run, unless it died first
            finish_run(engine, run_id, "failed", f"Scrapyd job {job} on {node} ended without closing its run "
                                                 "(see the node's log of the job)")
        break
    record_monitors(current_config() if current_config else config, engine, run_id)
    return read_result(engine, run_id)


def _state(node: str, project: str, job: str) -> str | None:
    """"pending", "running" or "finished" as the node lists the job; None when it does not know it."""
    jobs = call(node, "listjobs.json", project=project)
    return next((state for state in ("pending", "running", "finished") if isinstance(jobs.get(state), list)
                 and any(isinstance(j, dict) and j.get("id") == job for j in jobs[state])), None)


def _watch(node: str, project: str, job: str, deadline: float | None, stop: StopRequest, lost_after: float
           ) -> str:
    """Look at the job until it ends: "finished", "lost", "timeout" or "stopped" (the daemon is stopping)."""
    unreachable_since: float | None = None
    while True:
        if stop.asked.is_set():
            return "stopped"
        if deadline is not None and time.monotonic() > deadline:
            return "timeout"
        try:
            state = _state(node, project, job)
        except NodeError:
            unreachable_since = unreachable_since or time.monotonic()
            if time.monotonic() - unreachable_since > lost_after:
                return "lost"
        else:
            unreachable_since = None
            if state == "finished":
                return "finished"
            if state is None:
                return "lost"  # the node restarted: its jobs are gone
        stop.asked.wait(POLL)


def _cancel(node: str, project: str, job: str, grace: float, stop: StopRequest) -> None:
    """Ask the node to stop the job (SIGTERM: Scrapy finishes what is in flight); kill it after `grace`."""
    try:
        call(node, "cancel.json", {"project": project, "job": job})
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline and not stop.now.is_set():
            if _state(node, project, job) in ("finished", None):
                return
            stop.now.wait(POLL)
        call(node, "cancel.json", {"project": project, "job": job, "signal": "KILL"})
    except NodeError as exc:
        log.warning("Scrapyd node %s: cannot cancel job %s: %s", node, job, exc)
