"""Record what a crawl saw: articles, their versions when the text changed, and fetch errors.

One transaction per article, so a crash leaves either the whole article or nothing.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from storage.models import Article, ArticleVersion, CrawlRun, FetchError, SourceRow


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
            if outcome != "unchanged":
                session.add(ArticleVersion(article_id=article.id, run_id=self.run_id, fetched_at=now,
                                           content_hash=digest, title=page.title, author=page.author,
                                           language=page.language, text=page.text))
            self._count(session, pages_fetched=1, **{f"{outcome}_articles": 1})
        return outcome

    def record_error(self, source: str | None, url: str, reason: str, status: int | None = None) -> None:
        """Store one failed URL with a human-readable reason."""
        with Session(self.engine) as session, session.begin():
            session.add(FetchError(run_id=self.run_id, source=source, url=url, status=status,
                                   reason=reason, occurred_at=utcnow()))
            self._count(session, errors=1, pages_fetched=1 if status is not None else 0)

    def _count(self, session: Session, **increments: int) -> None:
        values = {name: getattr(CrawlRun, name) + n for name, n in increments.items() if n}
        session.execute(update(CrawlRun).where(CrawlRun.id == self.run_id).values(**values))


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
