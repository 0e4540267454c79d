"""Record what a crawl saw: articles, versions when the text changed, their figures, figure changes,
conditional-request state and fetch errors.

One transaction per article, so a crash leaves either the whole article or nothing.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from storage.models import (Article, ArticleVersion, CrawlRun, FetchError, FetchState, Figure, FigureChange,
                            SourceRow)

FIGURE_COLUMNS = ("category", "value", "low", "high", "vague", "qualifier", "who", "where", "attribution",
                  "cumulative", "role", "sentence", "start", "end")


def utcnow() -> datetime:
    """Naive UTC now: every timestamp in the database is UTC without a zone, on both backends."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


def content_hash(text: str) -> str:
    """The hash that decides whether an article's text changed."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class PageRecord:
    """One extracted article page, in the plain form storage accepts."""

    url: str  # canonical URL
    source: str
    text: str
    title: str | None = None
    published_at: datetime | None = None
    author: str | None = None
    language: str | None = None
    figures: list[dict[str, Any]] = field(default_factory=list)  # Figure.to_dict() records
    html_gz: bytes | None = None
    extractor: str | None = None
    fetched_url: str | None = None  # the URL requested, when it differs from the canonical one
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    status: int | None = 200


@dataclass(frozen=True)
class Validators:
    """What the last fetch of a URL left behind, for a conditional re-fetch."""

    etag: str | None
    last_modified: str | None
    body_hash: str | None


def headline_values(figures: list[dict[str, Any]]) -> dict[tuple[str, str | None], dict[str, Any]]:
    """One figure per (category, who) of a version: a cumulative toll first, then the largest value.
    The `latest_figures` view applies the same rule."""
    chosen: dict[tuple[str, str | None], dict[str, Any]] = {}
    for figure in figures:
        key = (figure["category"], figure["who"])
        best = chosen.get(key)
        if best is None or (figure["cumulative"], figure["value"]) > (best["cumulative"], best["value"]):
            chosen[key] = figure
    return chosen


class Recorder:
    """Writes one crawl run's findings; counts are kept on the `crawl_runs` row as it goes."""

    def __init__(self, engine: Engine, run_id: int, sources: dict[str, tuple[str, str]]):
        """`sources` maps a source name to (kind, url) so rows can be created on first use."""
        self.engine = engine
        self.run_id = run_id
        self._source_ids: dict[str, int] = {}
        with Session(engine) as session, session.begin():
            for name, (kind, url) in sources.items():
                row = session.scalar(select(SourceRow).where(SourceRow.name == name))
                if row is None:
                    row = SourceRow(name=name, kind=kind, url=url, created_at=utcnow())
                    session.add(row)
                    session.flush()
                else:
                    row.kind, row.url = kind, url
                self._source_ids[name] = row.id

    def record_page(self, page: PageRecord) -> str:
        """Store the page; returns "new", "changed" or "unchanged"."""
        now = utcnow()
        digest = content_hash(page.text)
        with Session(self.engine) as session, session.begin():
            article = session.scalar(select(Article).where(Article.url == page.url))
            if article is None:
                article = Article(url=page.url, source_id=self._source_ids[page.source], title=page.title,
                                  published_at=page.published_at, first_seen_at=now, last_seen_at=now)
                session.add(article)
                session.flush()
                outcome = "new"
            else:
                article.last_seen_at = now
                latest = session.scalar(select(ArticleVersion.content_hash)
                                        .where(ArticleVersion.article_id == article.id)
                                        .order_by(ArticleVersion.id.desc()).limit(1))
                outcome = "unchanged" if latest == digest else "changed"
                if outcome == "changed":
                    article.title = page.title or article.title
                    article.published_at = page.published_at or article.published_at
            changes = 0
            if outcome != "unchanged":
                version = ArticleVersion(article_id=article.id, run_id=self.run_id, fetched_at=now,
                                         content_hash=digest, title=page.title, author=page.author,
                                         language=page.language, text=page.text, html_gz=page.html_gz,
                                         extractor=page.extractor)
                session.add(version)
                session.flush()
                changes = self._record_figures(session, article.id, version.id, page.figures, now)
            self._remember(session, page, article.id, now)
            self._count(session, pages_fetched=1, figure_changes=changes, **{f"{outcome}_articles": 1})
        return outcome

    def _record_figures(self, session: Session, article_id: int, version_id: int,
                        figures: list[dict[str, Any]], now: datetime) -> int:
        """Store a version's figures and the change events they imply; returns the number of events."""
        known = {(c.category, c.who): c.new_value for c in session.scalars(
            select(FigureChange).where(FigureChange.article_id == article_id).order_by(FigureChange.id))}
        return add_figures(session, article_id, version_id, figures, known, now)

    def _remember(self, session: Session, page: PageRecord, article_id: int, now: datetime) -> None:
        url = page.fetched_url or page.url
        state = session.get(FetchState, url)
        if state is None:
            state = FetchState(url=url)
            session.add(state)
        state.article_id, state.etag, state.last_modified = article_id, page.etag, page.last_modified
        state.body_hash, state.last_status, state.last_fetched_at = page.body_hash, page.status, now

    def record_unchanged(self, url: str, status: int) -> bool:
        """A re-fetch that needs no extraction (304, or the same body): only `last_seen_at` moves.
        Returns False when the URL was never stored (the caller then treats the page as new)."""
        now = utcnow()
        with Session(self.engine) as session, session.begin():
            state = session.get(FetchState, url)
            if state is None or state.article_id is None:
                return False
            state.last_fetched_at, state.last_status = now, status
            session.execute(update(Article).where(Article.id == state.article_id).values(last_seen_at=now))
            self._count(session, pages_fetched=1, unchanged_articles=1)
        return True

    def record_error(self, source: str | None, url: str, reason: str, status: int | None = None) -> None:
        """Store one failed URL with a human-readable reason."""
        with Session(self.engine) as session, session.begin():
            session.add(FetchError(run_id=self.run_id, source=source, url=url, status=status,
                                   reason=reason, occurred_at=utcnow()))
            self._count(session, errors=1, pages_fetched=1 if status is not None else 0)

    def _count(self, session: Session, **increments: int) -> None:
        values = {name: getattr(CrawlRun, name) + n for name, n in increments.items() if n}
        session.execute(update(CrawlRun).where(CrawlRun.id == self.run_id).values(**values))


def add_figures(session: Session, article_id: int, version_id: int, figures: list[dict[str, Any]],
                known: dict[tuple[str, str | None], int], detected_at: datetime) -> int:
    """Add a version's figures and a change event for each (category, who) whose value differs from
    `known` (the article's last reported values, updated in place); returns the number of events."""
    session.add_all(Figure(version_id=version_id, **{c: f[c] for c in FIGURE_COLUMNS}) for f in figures)
    changes = [FigureChange(article_id=article_id, version_id=version_id, category=category, who=who,
                            old_value=known.get((category, who)), new_value=figure["value"],
                            qualifier=figure["qualifier"], detected_at=detected_at, sentence=figure["sentence"])
               for (category, who), figure in headline_values(figures).items()
               if known.get((category, who)) != figure["value"]]
    session.add_all(changes)
    known.update({(c.category, c.who): c.new_value for c in changes})
    return len(changes)


def load_validators(engine: Engine, url: str) -> Validators | None:
    """The stored validators of a URL whose article was stored before, else None."""
    with Session(engine) as session:
        state = session.get(FetchState, url)
        if state is None or state.article_id is None:
            return None
        return Validators(state.etag, state.last_modified, state.body_hash)


def start_run(engine: Engine, sources: list[str], trigger: str = "manual", pid: int | None = None) -> int:
    """Create a `crawl_runs` row in state "running" and return its id."""
    with Session(engine) as session, session.begin():
        run = CrawlRun(started_at=utcnow(), status="running", sources=",".join(sources), trigger=trigger,
                       pid=pid, pages_fetched=0, new_articles=0, changed_articles=0,
                       unchanged_articles=0, errors=0)
        session.add(run)
        session.flush()
        return run.id


def finish_run(engine: Engine, run_id: int, status: str, message: str | None = None) -> CrawlRun:
    """Close a run with its final status; a run already closed keeps its first outcome."""
    with Session(engine, expire_on_commit=False) as session, session.begin():
        run = session.get(CrawlRun, run_id)
        if run is None:
            raise LookupError(f"no crawl run {run_id}")
        if run.finished_at is None:
            run.finished_at = utcnow()
            run.status = status
            run.message = message
        return run
