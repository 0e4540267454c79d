"""Record what a crawl saw: articles, versions when the text changed, their figures, figure changes,
conditional-request state and fetch errors.

Records are written in batches, one transaction per batch: a crash leaves whole articles or none of
the batch, never part of one.

Any number of crawl processes may write to one database at once (several `tollwatch crawl`, a daemon's
parallel sources, other machines): rows keyed by name or URL are upserted, and whether a page is new, changed
or unchanged, and what its article reported before, is read under the article's lock (PostgreSQL: the row
inserted, or locked `FOR NO KEY UPDATE`, in the same transaction; SQLite: the write lock, taken at `BEGIN
IMMEDIATE`), so of two runs storing one article at once exactly one stores it as new.
"""
from __future__ import annotations

import hashlib
import random
import socket
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import cache
from typing import Any

from sqlalchemy import (Connection, DateTime, Engine, Insert, Integer, Row, Select, String, bindparam, case, event,
                        func, insert, select, true, update)
from sqlalchemy.exc import OperationalError

from storage import tables
from storage.records import OUTCOME_NAMES, WALLS, ErrorRecord, PageRecord, Record, UnchangedRecord, Validators
from storage.revisit import RevisitPolicy, Schedule, after_change, after_check, is_candidate

FIGURE_COLUMNS = ("category", "value", "low", "high", "vague", "qualifier", "who", "where", "attribution",
                  "cumulative", "role", "sentence", "start", "end", "background", "language", "page", "entry_at",
                  "entry_title")
# None when a figure does not say (older records, web pages, pages that are not live)
NULLABLE_FIGURE_COLUMNS = ("language", "page", "entry_at", "entry_title")
TOTAL_COLUMNS = ("category", "value", "vague", "qualifier", "attribution")
# Figures that are not the article's current report of its news: never a change event of their own.
NOT_NEWS_ROLES = ("previous", "claim")


NO_TEXT_UNCHANGED = "no article text found on the page (unchanged since it was last extracted)"


def utcnow() -> datetime:
    """Naive UTC now: every timestamp in the database is UTC without a zone, on both backends."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


def content_hash(text: str) -> str:
    """The hash that decides whether an article's text changed."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def headline_values(figures: list[dict[str, Any]]) -> dict[tuple[str, str | None], dict[str, Any]]:
    """One figure per (category, who) of a version: a cumulative toll first, then the newest entry's (of a live
    page: `entry_at`, naive UTC), then the largest value; background figures and earlier or unverified ones are
    left out. The `latest_figures` view applies the same rule."""
    chosen: dict[tuple[str, str | None], dict[str, Any]] = {}
    for figure in figures:
        if figure.get("background") or figure["role"] in NOT_NEWS_ROLES:
            continue
        key = (figure["category"], figure["who"])
        best = chosen.get(key)
        if best is None or _headline_rank(figure) > _headline_rank(best):
            chosen[key] = figure
    return chosen


def _headline_rank(figure: dict[str, Any]) -> tuple[bool, bool, datetime, int]:
    """How a figure ranks for its (category, who): cumulative, of an entry, of a newer entry, larger."""
    entry_at = figure.get("entry_at")
    return bool(figure["cumulative"]), entry_at is not None, entry_at or datetime.min, figure["value"]


def stored_time(value: str | datetime | None) -> datetime | None:
    """A time as the database keeps it, naive UTC: from an extraction's ISO 8601 text (`Figure.entry_at`) or a
    stored row's datetime."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value is not None and value.tzinfo is not None:
        value = value.astimezone(timezone.utc).replace(tzinfo=None)
    return value


class Recorder:
    """Writes one crawl run's findings; counts are kept on the `crawl_runs` row as it goes."""

    ATTEMPTS = 5  # tries of a batch that loses a deadlock to another writer (PostgreSQL), the last one raises

    def __init__(self, engine: Engine, run_id: int, sources: dict[str, tuple[str, str]],
                 revisit: RevisitPolicy = RevisitPolicy(), clock: Callable[[], datetime] | None = None):
        """`sources` maps a source name to (kind, url) so rows can be created on first use; `revisit` is the
        re-visit schedule fetches move articles along; `clock` gives the time records are stored at (utcnow)."""
        self.engine = writer(engine)
        self.run_id = run_id
        self.revisit = revisit
        self.clock = clock or utcnow
        self._upserts = _upserts(engine.dialect.name)
        self._tallied: set[tuple[str | None, str]] = set()  # (source, outcome) rows of the run in fetch_outcomes
        with self.engine.begin() as conn:  # in name order: two runs locking them in opposite orders could deadlock
            self._source_ids: dict[str, int] = {
                name: conn.scalar(self._upserts.source, {"name": name, "kind": kind, "url": url,
                                                         "created_at": utcnow()})
                for name, (kind, url) in sorted(sources.items())}

    def record(self, records: Sequence[Record]) -> list[str | None]:
        """Store a batch of records in one transaction; returns each one's outcome: "new", "changed" or
        "unchanged" for a page, "unchanged" for a re-fetch (None if its URL was never stored), "errors".
        A batch chosen as a deadlock's victim is rolled back whole and written again."""
        attempt = 1
        while True:
            try:
                return self._record(records)
            except OperationalError as exc:
                if attempt == self.ATTEMPTS or getattr(exc.orig, "sqlstate", None) not in _LOST_RACE:
                    raise
            time.sleep(random.uniform(0, 0.05 * attempt))  # apart, so the two do not meet again
            attempt += 1

    def _record(self, records: Sequence[Record]) -> list[str | None]:
        """`record`, one attempt."""
        now = self.clock()
        counts: Counter[str] = Counter()
        tally: Counter[tuple[str | None, str]] = Counter()  # fetched URLs by (source, page outcome)
        outcomes: list[str | None] = [None] * len(records)
        with self.engine.begin() as conn:
            # re-fetches are many and alike (a re-crawl is mostly 304s): their fetch state is read with one
            # query and their updates are sent together at the end, instead of three statements each
            refetched = {r.url for r in records if isinstance(r, UnchangedRecord)}
            states = {url: (article_id, outcome, Schedule(step, next_check_at), last_changed_at)
                      for url, article_id, outcome, step, next_check_at, last_changed_at
                      in _fetch_states(conn, _STATE_ARTICLES, refetched)}
            touched: list[dict[str, Any]] = []
            seen: list[dict[str, Any]] = []
            for index in _write_order(records):
                record = records[index]
                if isinstance(record, PageRecord):
                    outcome, changes = self._page(conn, record, now)
                    counts.update({"pages_fetched": 1, f"{outcome}_articles": 1, "figure_changes": changes})
                    tally[record.source, "partial" if record.partial else "article"] += 1
                elif isinstance(record, UnchangedRecord):
                    outcome = self._unchanged(conn, record, now, states, touched, seen, tally)
                    if outcome:
                        counts.update({"pages_fetched": 1, "unchanged_articles" if outcome == "unchanged" else outcome: 1})
                else:
                    outcome = self._error(conn, record, now)
                    counts.update({"errors": 1, "pages_fetched": int(record.status is not None)})
                    tally[record.source, record.outcome] += 1
                outcomes[index] = outcome
            failed = [r.url for r in records if isinstance(r, ErrorRecord)] + [
                url for url in refetched if url in states and states[url][0] is None]
            if failed:
                self._failed_checks(conn, failed, now)
            if touched:
                conn.execute(_TOUCH_STATE, touched)
            if seen:
                conn.execute(_SEEN, seen)
            if counts:
                conn.execute(_COUNT, {"run": self.run_id, **{f"add_{name}": counts[name] for name in _COUNTERS}})
            self._write_tally(conn, tally)
        self._tallied.update(tally)  # committed
        return outcomes

    def _write_tally(self, conn: Connection, tally: Counter[tuple[str | None, str]]) -> None:
        """Add a batch's counts to the run's `fetch_outcomes` rows: one statement for the rows the run has, one
        for those it has not yet (this recorder alone writes them)."""
        known = [{"run": self.run_id, "key_source": source, "key_outcome": outcome, "add": pages}
                 for (source, outcome), pages in tally.items() if (source, outcome) in self._tallied]
        new = [{"run_id": self.run_id, "source": source, "outcome": outcome, "pages": pages}
               for (source, outcome), pages in tally.items() if (source, outcome) not in self._tallied]
        if known:
            conn.execute(_ADD_OUTCOMES, known)
        if new:
            conn.execute(_INSERT_OUTCOMES, new)

    def record_page(self, page: PageRecord) -> str:
        """Store one page in its own transaction; returns "new", "changed" or "unchanged"."""
        return self.record([page])[0] or "unchanged"

    def _page(self, conn: Connection, page: PageRecord, now: datetime) -> tuple[str, int]:
        """Store the page; returns its outcome and the number of figure changes. The article is inserted, or
        else locked before its latest version and figures are read, so another run storing it at the same time
        waits until this one commits and then finds this version. Prebuilt Core statements: this runs once per
        article on the crawl's write path."""
        digest = content_hash(page.text)
        source_id = self._source_ids[page.source]
        first = after_change(self.revisit, Schedule(), is_candidate(now, page.published_at, live=page.live), now)
        article_id = conn.scalar(self._upserts.article, {
            "url": page.url, "source_id": source_id, "title": page.title,
            "published_at": page.published_at, "published_precision": page.published_precision,
            "first_seen_at": now, "last_seen_at": now, "last_changed_at": now,
            "revisit_step": first.step, "next_check_at": first.next_check_at})
        if article_id is not None:
            outcome = "new"
        else:
            article = conn.execute(_LOCK_ARTICLE, {"url": page.url}).one()
            article_id, source_id = article.id, article.source_id
            latest = conn.execute(_LATEST_VERSION, {"article_id": article_id}).first()
            outcome = "unchanged" if latest is not None and latest.content_hash == digest else "changed"
            scheduled = Schedule(article.revisit_step, article.next_check_at)
            if outcome == "unchanged":
                after = after_check(self.revisit, scheduled, article.last_changed_at, now)
                conn.execute(_SEEN, {"key": article_id, "now": now, "step": after.step,
                                     "next_check": after.next_check_at})
        changes = 0
        if outcome != "unchanged":
            version_id = conn.execute(_INSERT_VERSION, {
                "article_id": article_id, "run_id": self.run_id, "fetched_at": now, "content_hash": digest,
                "title": page.title, "author": page.author, "language": page.language, "text": page.text,
                "html_gz": page.html_gz, "extractor": page.extractor, "partial": page.partial,
                "modified_at": page.modified_at, "last_modified_at": page.last_modified_at}).inserted_primary_key[0]
            known = known_values(conn, article_id) if outcome == "changed" else {}
            changes = add_figures(conn, article_id, source_id, version_id, page.figures, known, now, page.totals)
        if outcome == "changed":
            previous = latest.modified_at if latest is not None else None
            moved = None not in (page.modified_at, previous) and page.modified_at != previous
            candidate = is_candidate(now, page.published_at or article.published_at or article.first_seen_at,
                                     live=page.live, figures_changed=changes > 0, modified_moved=moved)
            after = after_change(self.revisit, scheduled, candidate, now)
            conn.execute(_SEEN_CHANGED, {"key": article_id, "now": now, "new_title": page.title,
                                         "new_published_at": page.published_at,
                                         "new_published_precision": page.published_precision,
                                         "step": after.step, "next_check": after.next_check_at})
        self._remember(conn, page, article_id, now)
        return outcome, changes

    def _remember(self, conn: Connection, page: PageRecord | ErrorRecord, article_id: int | None,
                  now: datetime) -> None:
        """Keep the validators and outcome of a fetched page (article_id None: it gave no article)."""
        if isinstance(page, PageRecord):
            url, outcome = page.fetched_url or page.url, "partial" if page.partial else "article"
        else:
            url, outcome = page.url, page.outcome
        conn.execute(self._upserts.state, {
            "url": url, "article_id": article_id, "etag": page.etag, "last_modified": page.last_modified,
            "body_hash": page.body_hash, "last_status": page.status, "last_fetched_at": now, "outcome": outcome})

    def _unchanged(self, conn: Connection, record: UnchangedRecord, now: datetime,
                   states: dict[str, tuple[int | None, str | None]], touched: list[dict[str, Any]],
                   seen: list[dict[str, Any]], tally: Counter[tuple[str | None, str]]) -> str | None:
        """Only `last_seen_at` and the fetch state move (queued in `touched` and `seen`); a page that gave no
        article (no text, a wall) is recorded as an error again, with its outcome, without extracting it
        again; None when the URL was never fetched whole (not in `states`, its fetch state's article id and
        outcome by URL)."""
        if record.url not in states:
            return None
        touched.append({"key": record.url, "now": now, "status": record.status})
        article_id, outcome, scheduled, last_changed_at = states[record.url]
        if article_id is None:
            outcome = outcome or "not_article"
            reason = (f"{OUTCOME_NAMES[outcome][0]} instead of the article (unchanged since it was last fetched)"
                      if outcome in WALLS else NO_TEXT_UNCHANGED)
            tally[record.source, outcome] += 1
            return self._error(conn, ErrorRecord(record.source, record.url, reason, record.status, outcome=outcome),
                               now)
        after = after_check(self.revisit, scheduled, last_changed_at, now)
        seen.append({"key": article_id, "now": now, "step": after.step, "next_check": after.next_check_at})
        tally[record.source, outcome or "article"] += 1
        return "unchanged"

    def _failed_checks(self, conn: Connection, urls: list[str], now: datetime) -> None:
        """Move on the schedule of the articles due for a re-visit among `urls`, which failed or gave no article
        text: a failed check counts as one that found no change, so a gone page is not asked for every run."""
        rescheduled = {}
        for start in range(0, len(urls), 1000):
            for row in conn.execute(_DUE_ARTICLES, {"urls": urls[start:start + 1000], "now": now}):
                after = after_check(self.revisit, Schedule(row.revisit_step, row.next_check_at), row.last_changed_at,
                                    now)
                rescheduled[row.id] = {"key": row.id, "step": after.step, "next_check": after.next_check_at}
        if rescheduled:
            conn.execute(_SCHEDULE, list(rescheduled.values()))

    def _error(self, conn: Connection, record: ErrorRecord, now: datetime) -> str:
        conn.execute(_INSERT_ERROR, {"run_id": self.run_id, "source": record.source, "url": record.url,
                                     "status": record.status, "reason": record.reason, "occurred_at": now,
                                     "outcome": record.outcome})
        if record.body_hash:  # fetched whole, no article text: re-fetch it conditionally next time
            self._remember(conn, record, None, now)
        return "errors"


_A, _V, _S, _R = tables.articles.c, tables.article_versions.c, tables.fetch_state.c, tables.crawl_runs.c
# NO KEY UPDATE: conflicts with itself, not with the key-share locks of rows inserted with the article's id
_LOCK_ARTICLE = select(_A.id, _A.source_id, _A.published_at, _A.first_seen_at, _A.last_changed_at, _A.revisit_step,
                       _A.next_check_at).where(_A.url == bindparam("url")).with_for_update(key_share=True)
_LATEST_VERSION = (select(_V.content_hash, _V.modified_at).where(_V.article_id == bindparam("article_id"))
                   .order_by(_V.id.desc()).limit(1))
_SCHEDULE_VALUES = {"revisit_step": bindparam("step", type_=Integer),
                    "next_check_at": bindparam("next_check", type_=DateTime)}
_SEEN = update(tables.articles).where(_A.id == bindparam("key")).values(last_seen_at=bindparam("now"),
                                                                        **_SCHEDULE_VALUES)
_SCHEDULE = update(tables.articles).where(_A.id == bindparam("key")).values(**_SCHEDULE_VALUES)
_DUE_ARTICLES = select(_A.id, _A.revisit_step, _A.next_check_at, _A.last_changed_at).where(
    _A.url.in_(bindparam("urls", expanding=True)), _A.next_check_at <= bindparam("now"))
# a new version's publication time replaces the stored one together with its precision, or neither does
_SEEN_CHANGED = update(tables.articles).where(_A.id == bindparam("key")).values(
    last_seen_at=bindparam("now"), last_changed_at=bindparam("now"), **_SCHEDULE_VALUES,
    title=func.coalesce(bindparam("new_title"), _A.title),
    published_at=func.coalesce(bindparam("new_published_at", type_=DateTime), _A.published_at),
    published_precision=case((bindparam("new_published_at", type_=DateTime).is_(None), _A.published_precision),
                             else_=bindparam("new_published_precision", type_=String)))
_INSERT_VERSION = insert(tables.article_versions)
_VALIDATORS = select(_S.url, _S.etag, _S.last_modified, _S.body_hash)
_STATE_ARTICLES = select(_S.url, _S.article_id, _S.outcome, _A.revisit_step, _A.next_check_at,
                         _A.last_changed_at).outerjoin(tables.articles, _A.id == _S.article_id)
_INSERT_ERROR = insert(tables.fetch_errors)
_TOUCH_STATE = update(tables.fetch_state).where(_S.url == bindparam("key")).values(
    last_fetched_at=bindparam("now"), last_status=bindparam("status"))
_O = tables.fetch_outcomes.c
_ADD_OUTCOMES = update(tables.fetch_outcomes).where(
    _O.run_id == bindparam("run"), _O.source.is_not_distinct_from(bindparam("key_source", type_=String)),
    _O.outcome == bindparam("key_outcome")).values(pages=_O.pages + bindparam("add"))
_INSERT_OUTCOMES = insert(tables.fetch_outcomes)
_COUNTERS = ("pages_fetched", "new_articles", "changed_articles", "unchanged_articles", "errors", "figure_changes")
_COUNT = update(tables.crawl_runs).where(_R.id == bindparam("run")).values(
    {name: _R[name] + bindparam(f"add_{name}") for name in _COUNTERS})
_STATE_COLUMNS = ("article_id", "etag", "last_modified", "body_hash", "last_status", "last_fetched_at", "outcome")
# PostgreSQL's deadlock_detected and serialization_failure: the transaction lost a race and may simply run again
_LOST_RACE = ("40P01", "40001")


@dataclass(frozen=True)
class _Upserts:
    """The recorder's inserts that may meet the same row inserted by another run, in the database's dialect."""

    source: Insert  # a source's row, its kind and URL updated; returns its id
    article: Insert  # an article, unless its URL is stored; returns its id when inserted
    state: Insert  # a URL's fetch state, replaced when stored


@cache
def _upserts(dialect: str) -> _Upserts:
    """The upserts for `dialect` ("sqlite" or "postgresql"), built once."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as upsert
    else:
        from sqlalchemy.dialects.sqlite import insert as upsert
    source = upsert(tables.sources)
    state = upsert(tables.fetch_state)
    return _Upserts(
        source=source.on_conflict_do_update(index_elements=["name"], set_={
            "kind": source.excluded.kind, "url": source.excluded.url}).returning(tables.sources.c.id),
        article=upsert(tables.articles).on_conflict_do_nothing(index_elements=["url"]).returning(_A.id),
        state=state.on_conflict_do_update(index_elements=["url"],
                                          set_={c: state.excluded[c] for c in _STATE_COLUMNS}))


def writer(engine: Engine) -> Engine:
    """The engine for the recorder's write transactions. On SQLite (WAL) they begin IMMEDIATE: a transaction
    that reads before it writes would otherwise fail at once, "database is locked", when another process wrote
    in between; holding the write lock from its start, it waits (the busy timeout) instead of failing."""
    if engine.dialect.name != "sqlite":
        return engine
    immediate = engine.execution_options()
    event.listen(immediate, "begin", _begin_immediate)
    return immediate


def _begin_immediate(conn: Connection) -> None:
    """Begin the transaction on the driver's connection, as pysqlite's own implicit BEGIN is: not a statement of
    the transaction's."""
    conn.connection.driver_connection.execute("BEGIN IMMEDIATE")  # type: ignore[union-attr]


def _write_order(records: Sequence[Record]) -> list[int]:
    """The order a batch's records are written in: errors and re-fetches as they came (a source's first error
    is what a failed run's summary quotes), then pages by URL, so that two batches lock the articles they share
    in the same order (one waits for the other instead of each for the other, a deadlock)."""
    pages = sorted((i for i, r in enumerate(records) if isinstance(r, PageRecord)), key=lambda i: records[i].url)
    return [i for i, r in enumerate(records) if not isinstance(r, PageRecord)] + pages


def known_values(conn: Connection, article_id: int) -> dict[tuple[str, str | None], int]:
    """The last value an article reported for each (category, who), from its change events."""
    table = tables.figure_changes
    rows = conn.execute(select(table.c.category, table.c.who, table.c.new_value)
                        .where(table.c.article_id == article_id).order_by(table.c.id))
    return {(category, who): value for category, who, value in rows}


def add_figures(conn: Connection, article_id: int, source_id: int, version_id: int,
                figures: list[dict[str, Any]], known: dict[tuple[str, str | None], int],
                detected_at: datetime, totals: list[dict[str, Any]] | None = None) -> int:
    """Add a version's figures, its totals (when given; figures they are made of get `in_total`) and a change
    event for each (category, who) whose value differs from `known` (the article's last reported values,
    updated in place); returns the number of events."""
    in_total = {k for t in totals or () for k in t["figures"]}
    figures = [{**f, "entry_at": stored_time(f.get("entry_at"))} for f in figures]
    if figures:
        conn.execute(insert(tables.figures), [
            {"version_id": version_id,
             **{c: f.get(c, None if c in NULLABLE_FIGURE_COLUMNS else False) for c in FIGURE_COLUMNS},
             "in_total": k in in_total if totals is not None else f.get("in_total", False)}
            for k, f in enumerate(figures)])
    if totals:
        conn.execute(insert(tables.version_totals), [
            {"version_id": version_id, **{c: t[c] for c in TOTAL_COLUMNS}, "figures": len(t["figures"])}
            for t in totals])
    changes = [{"article_id": article_id, "source_id": source_id, "version_id": version_id,
                "category": category, "who": who, "old_value": known.get((category, who)),
                "new_value": figure["value"], "qualifier": figure["qualifier"], "detected_at": detected_at,
                "sentence": figure["sentence"]}
               for (category, who), figure in headline_values(figures).items()
               if known.get((category, who)) != figure["value"]]
    if changes:
        conn.execute(insert(tables.figure_changes), changes)
    known.update({(c["category"], c["who"]): c["new_value"] for c in changes})
    return len(changes)


def load_validators(conn: Connection, urls: Iterable[str]) -> dict[str, Validators]:
    """The stored validators of those URLs fetched whole before (an article, or a page without article
    text), by URL: one query per thousand URLs, so a feed's worth of articles costs a few queries."""
    return {url: Validators(*values) for url, *values in _fetch_states(conn, _VALIDATORS, urls)}


def _fetch_states(conn: Connection, query: Select[Any], urls: Iterable[str]) -> Iterator[Row[Any]]:
    """The rows `query` (over `fetch_state`, URL first) gives for those URLs, a thousand URLs per query."""
    urls = list(urls)
    for start in range(0, len(urls), 1000):
        yield from conn.execute(query.where(_S.url.in_(urls[start:start + 1000])))


def has_articles(engine: Engine, sources: Iterable[str]) -> bool:
    """Whether any of these sources has an article stored: if none has, a crawl of them will extract
    every page it fetches."""
    articles, source_rows = tables.articles, tables.sources
    query = (select(articles.c.id).join(source_rows, articles.c.source_id == source_rows.c.id)
             .where(source_rows.c.name.in_(list(sources))).limit(1))
    with engine.connect() as conn:
        return conn.execute(query).first() is not None


def start_run(engine: Engine, sources: list[str], trigger: str = "manual", pid: int | None = None) -> int:
    """Create a `crawl_runs` row in state "running" and return its id; `pid` is its crawl process, on this
    host (so a later start can tell whether it still runs)."""
    with engine.begin() as conn:
        return conn.execute(insert(tables.crawl_runs).values(
            started_at=utcnow(), status="running", sources=",".join(sources), trigger=trigger, pid=pid,
            host=socket.gethostname(), **{name: 0 for name in _COUNTERS})).inserted_primary_key[0]


def place_run(engine: Engine, run_id: int, node: str, job: str | None) -> None:
    """Record the Scrapyd node (and job, once it has one) a run was scheduled on."""
    runs = tables.crawl_runs
    with engine.begin() as conn:
        conn.execute(update(runs).where(runs.c.id == run_id).values(node=node, job=job))


def claim_run(engine: Engine, run_id: int, pid: int | None) -> bool:
    """Take over an open run another process started (the daemon, for a Scrapyd job): it names this process
    and host from now on. False when the run does not exist or is closed already."""
    runs = tables.crawl_runs
    with engine.begin() as conn:
        return bool(conn.execute(update(runs).where(runs.c.id == run_id, runs.c.finished_at.is_(None)).values(
            pid=pid, host=socket.gethostname())).rowcount)


def finish_run(engine: Engine, run_id: int, status: str, message: str | None = None, *,
               overrule: bool = False) -> None:
    """Close a run with its final status; a run already closed keeps its first outcome, unless
    `overrule` (the supervisor knows better, say that the run hit its time limit). One statement, so the
    crawl process and its supervisor closing the run at once cannot both decide it was open."""
    runs = tables.crawl_runs
    with engine.begin() as conn:
        still_open = true() if overrule else runs.c.finished_at.is_(None)
        closed = conn.execute(update(runs).where(runs.c.id == run_id, still_open).values(
            finished_at=func.coalesce(runs.c.finished_at, utcnow()), status=status, message=message))
        if not closed.rowcount and conn.scalar(select(runs.c.id).where(runs.c.id == run_id)) is None:
            raise LookupError(f"no crawl run {run_id}")
