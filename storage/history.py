"""Reading and rewriting history: recent figure changes, and re-extraction of stored versions."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, Engine, delete, func, select, text
from sqlalchemy.orm import Session

from storage.compression import decompress_html
from storage.models import Article, ArticleVersion, Figure, FigureChange, VersionTotal
from storage.recorder import FIGURE_COLUMNS, add_figures, content_hash

CHANGE_COLUMNS = ("detected_at", "source", "category", "who", "old_value", "new_value", "qualifier", "title",
                  "url", "sentence")


def recent_changes(engine: Engine, since: datetime | None = None, source: str | None = None,
                   category: str | None = None, limit: int = 1000,
                   changed_only: bool = False) -> list[tuple[Any, ...]]:
    """Rows of `figure_timeline`, newest first, filtered by time, source and category; `changed_only` leaves
    out first reports (no old value), keeping the changes of a value."""
    where, params = filters(("detected_at", ">=", since), ("source", "=", source or None),
                            ("category", "=", category or None))
    if changed_only:
        where += " AND old_value IS NOT NULL"
    sql = (f"SELECT {', '.join(CHANGE_COLUMNS)} FROM figure_timeline WHERE {where} "
           "ORDER BY detected_at DESC, change_id DESC LIMIT :limit")
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(sql).columns(detected_at=DateTime),
                                                         {**params, "limit": limit})]


def filters(*conditions: tuple[str, str, Any]) -> tuple[str, dict[str, Any]]:
    """A WHERE clause and its parameters from (column, operator, value) conditions, leaving out those
    whose value is None: the optional filters of the change listings."""
    given = [(name, op, value) for name, op, value in conditions if value is not None]
    clause = " AND ".join(f"{name} {op} :{name}" for name, op, _ in given) or "1 = 1"
    return clause, {name: value for name, _, value in given}


@dataclass
class Reextracted:
    """What a newer extractor made of one stored version: its text, figure records and totals, and whether it
    is the free part of a paywalled article."""

    text: str
    figures: list[dict[str, Any]]
    totals: list[dict[str, Any]]
    partial: bool = False


@dataclass
class ReprocessSummary:
    """What `reprocess` changed."""

    articles: int = 0
    versions: int = 0
    texts_changed: int = 0
    figures_before: int = 0
    figures_after: int = 0
    changes_before: int = 0
    changes_after: int = 0
    skipped: int = 0  # versions without stored HTML


def article_ids(engine: Engine) -> list[int]:
    """Every article that has a version with stored HTML."""
    with Session(engine) as session:
        return list(session.scalars(select(ArticleVersion.article_id).where(ArticleVersion.html_gz.is_not(None))
                                    .distinct().order_by(ArticleVersion.article_id)))


def reprocess_article(engine: Engine, article_id: int, extract: Callable[[str], Reextracted | None],
                      extractor: str, summary: ReprocessSummary) -> None:
    """Re-extract an article's stored versions and rebuild its figures and figure changes, in one
    transaction; change events keep the time their version was fetched."""
    with Session(engine) as session, session.begin():
        versions = list(session.scalars(select(ArticleVersion).where(ArticleVersion.article_id == article_id)
                                        .order_by(ArticleVersion.id)))
        ids = [v.id for v in versions]
        old: dict[int, list[dict[str, Any]]] = {i: [] for i in ids}
        for figure in session.scalars(select(Figure).where(Figure.version_id.in_(ids)).order_by(Figure.id)):
            old[figure.version_id].append({c: getattr(figure, c) for c in (*FIGURE_COLUMNS, "in_total")})
        summary.articles += 1
        summary.figures_before += sum(map(len, old.values()))
        summary.changes_before += session.scalar(
            select(func.count()).select_from(FigureChange).where(FigureChange.article_id == article_id)) or 0
        session.execute(delete(FigureChange).where(FigureChange.article_id == article_id))
        session.execute(delete(Figure).where(Figure.version_id.in_(ids)))
        known: dict[tuple[str, str | None], int] = {}
        source_id = session.scalar(select(Article.source_id).where(Article.id == article_id))
        for version in versions:
            result = extract(decompress_html(version.html_gz).decode("utf-8")) if version.html_gz else None
            totals = None
            if result is None:  # no stored HTML (or no text any more): keep what was recorded
                summary.skipped += 1
                figures = old[version.id]
            else:
                summary.versions += 1
                if result.text != version.text:
                    summary.texts_changed += 1
                    version.text, version.content_hash = result.text, content_hash(result.text)
                version.extractor, version.partial = extractor, result.partial
                figures, totals = result.figures, result.totals
                session.execute(delete(VersionTotal).where(VersionTotal.version_id == version.id))
            session.flush()
            summary.changes_after += add_figures(session.connection(), article_id, source_id, version.id, figures,
                                                 known, version.fetched_at, totals)
            summary.figures_after += len(figures)
