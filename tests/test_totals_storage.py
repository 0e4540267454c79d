"""Stored totals: each version's totals and the figures that make them, background figures kept out of
changes and current figures, and the README's questions answered from `article_totals`."""
from __future__ import annotations

import pytest
from sqlalchemy import Engine, text

from scheduler.config import parse_config
from scheduler.crawl import run_crawl
from scheduler.reprocess import reprocess
from storage.db import open_database
from tests.site import FixtureSite, article_html, config_toml, source_toml

# A 2019 plague article's figure of the Black Death is background; the news is today's flood.
PLAGUE = [
    "Floods swept through the river valley on Monday, killing 32 people, officials said.",
    "In the 14th century the Black Death killed 25,000,000 people across Europe, and the 2019 floods in the "
    "valley killed more than 300 people.",
    "Rescuers said another two bodies were recovered on Tuesday, bringing the death toll to 34.",
]


def query(engine: Engine, sql: str) -> list[tuple]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql))]


@pytest.fixture
def crawled(site: FixtureSite, db_url: str):
    """The fixture site, its first article rewritten as the flood story, crawled once."""
    article = site.articles[0]  # type: ignore[attr-defined]
    article.paragraphs = PLAGUE
    html = article_html(article, site.url)
    site.set_html(article.path, html)
    site.set_html(article.path + "?utm_source=rss&utm_medium=feed", html)
    config = parse_config(config_toml(site.url, db_url, sources=source_toml("rss", "feed", f"{site.url}/rss.xml")),
                          None)
    engine = open_database(db_url)
    assert run_crawl(config, engine, config.sources).status == "ok"
    yield engine, article
    engine.dispose()


def test_version_totals_and_the_figures_that_make_them(crawled) -> None:
    engine, article = crawled
    totals = query(engine, "SELECT category, value, vague, qualifier, attribution, figures FROM article_totals "
                           f"WHERE url LIKE '%{article.path}'")
    assert [(c, v, bool(vague), q, a, n) for c, v, vague, q, a, n in totals] == [
        ("killed", 34, False, "exact", "rescuers", 1)]
    figures = query(engine, "SELECT f.value, f.background, f.in_total, f.cumulative FROM figures f "
                            "JOIN article_versions v ON v.id = f.version_id JOIN articles a ON a.id = v.article_id "
                            f"WHERE a.url LIKE '%{article.path}' AND f.category = 'killed' ORDER BY f.start")
    assert [(v, bool(b), bool(t)) for v, b, t, _ in figures] == [
        (32, False, False), (25_000_000, True, False), (300, True, False), (2, False, False), (34, False, True)]


def test_background_is_neither_a_change_nor_a_current_figure(crawled) -> None:
    engine, article = crawled
    changed = query(engine, "SELECT new_value FROM figure_timeline WHERE category = 'killed' "
                            f"AND url LIKE '%{article.path}'")
    assert sorted(v for (v,) in changed) == [32, 34]  # people, and the toll (no group named)
    current = query(engine, "SELECT value FROM latest_figures WHERE category = 'killed' "
                            f"AND url LIKE '%{article.path}'")
    assert 25_000_000 not in {v for (v,) in current} and 300 not in {v for (v,) in current}


def test_the_readme_death_toll_question_answers_the_news(crawled) -> None:
    """The README's "current death toll each source reports" reads article_totals: the Black Death of a
    background paragraph is not a source's current toll."""
    engine, _ = crawled
    ((source, killed, articles),) = query(engine, "SELECT source, max(value) AS killed, count(*) AS articles "
                                                  "FROM article_totals WHERE category = 'killed' GROUP BY source")
    assert (source, articles) == ("rss", query(engine, "SELECT count(*) FROM articles")[0][0])
    assert killed == 34  # the fixture's other articles report 11 to 21 killed


def test_reprocess_rebuilds_totals(crawled) -> None:
    engine, article = crawled
    stored = query(engine, "SELECT version_id, category, value FROM version_totals ORDER BY version_id, category")
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM version_totals"))
        conn.execute(text("UPDATE figures SET in_total = false"))
    reprocess(engine, progress=None)
    assert query(engine, "SELECT value FROM article_totals WHERE category = 'killed' "
                         f"AND url LIKE '%{article.path}'") == [(34,)]
    assert query(engine, "SELECT version_id, category, value FROM version_totals ORDER BY version_id, category") == \
        stored
