"""Versions, figures and figure changes: recorded once, on SQLite and PostgreSQL alike."""
from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from scheduler.config import parse_config
from scheduler.crawl import run_crawl
from storage.compression import ZSTD_MAGIC, decompress_html
from storage.db import MIGRATIONS, head_revision, open_database, upgrade
from tests.conftest import run_cli
from tests.site import FixtureSite, article_html, config_toml, source_toml

TABLES = ("sources", "articles", "article_versions", "figures", "figure_changes", "fetch_errors", "fetch_state")
UN_SENTENCE = ("At least {n} civilians have been killed and 1,174 injured in Ukraine since the beginning of "
               "the war, according to the UN.")


def counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in TABLES}


def query(engine: Engine, sql: str) -> list[tuple]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql))]


@pytest.fixture
def crawl_once(site: FixtureSite, db_url: str):
    """Crawl the fixture site's RSS and Atom feeds (all 12 articles) into `db_url`."""
    sources = "".join(source_toml(n, "feed", f"{site.url}/{n}.xml") for n in ("rss", "atom"))
    config = parse_config(config_toml(site.url, db_url, sources=sources), None)
    engine = open_database(db_url)

    def crawl():
        result = run_crawl(config, engine, config.sources)
        assert result.status == "ok", result
        return result
    yield crawl
    engine.dispose()


def set_article(site: FixtureSite, index: int, killed: int, etag: bool = False) -> None:
    article = site.articles[index]  # type: ignore[attr-defined]
    article.paragraphs[1] = UN_SENTENCE.format(n=killed)
    html = article_html(article, site.url)
    headers = {"ETag": '"' + hashlib.md5(html.encode()).hexdigest() + '"'} if etag else {}
    site.set_html(article.path, html, **headers)
    site.set_html(article.path + "?utm_source=rss&utm_medium=feed", html, **headers)


def test_figure_change_is_recorded_once(site: FixtureSite, db_url: str, crawl_once) -> None:
    set_article(site, 0, 726)
    first = crawl_once()
    assert first.new_articles == 12
    engine = open_database(db_url)
    url = f"{site.url}{site.articles[0].path}"  # type: ignore[attr-defined]
    assert query(engine, f"SELECT category, who, old_value, new_value, qualifier FROM figure_timeline "
                         f"WHERE url = '{url}' ORDER BY category") == [
        ("injured", None, None, 1174, "exact"), ("killed", "civilians", None, 726, "at_least")]
    before = counts(engine)

    set_article(site, 0, 816)
    second = crawl_once()
    assert (second.new_articles, second.changed_articles) == (0, 1)
    after = counts(engine)
    assert after["article_versions"] == before["article_versions"] + 1
    assert after["figure_changes"] == before["figure_changes"] + 1
    assert after["figures"] == before["figures"] + 2  # the new version's killed and injured figures
    assert {k: v for k, v in after.items() if k not in ("article_versions", "figure_changes", "figures")} == {
        k: v for k, v in before.items() if k not in ("article_versions", "figure_changes", "figures")}
    change = query(engine, "SELECT category, who, old_value, new_value, sentence FROM figure_changes "
                           "ORDER BY id DESC LIMIT 1")
    assert change == [("killed", "civilians", 726, 816, UN_SENTENCE.format(n=816))]
    assert query(engine, f"SELECT category, value, cumulative, attribution, \"where\" FROM latest_figures "
                         f"WHERE url = '{url}' ORDER BY category") == [
        ("injured", 1174, True, "UN", "Ukraine"), ("killed", 816, True, "UN", "Ukraine")]
    assert query(engine, "SELECT figure_changes FROM crawl_runs ORDER BY id") == [(24,), (1,)]

    third = crawl_once()
    assert (third.new_articles, third.changed_articles, third.unchanged_articles) == (0, 0, 12)
    assert counts(engine) == after
    engine.dispose()


def test_not_modified_pages_are_not_re_extracted(site: FixtureSite, db_url: str, crawl_once) -> None:
    for index in range(len(site.articles)):  # type: ignore[attr-defined]
        set_article(site, index, 100 + index, etag=True)
    crawl_once()
    assert site.not_modified == 0
    engine = open_database(db_url)
    seen_before = query(engine, "SELECT max(last_seen_at) FROM articles")[0][0]
    before = counts(engine)
    result = crawl_once()
    assert site.not_modified == 12  # every article URL answered 304 to its If-None-Match
    assert result.unchanged_articles == 12 and result.pages_fetched == 12
    assert counts(engine) == before
    assert query(engine, "SELECT min(last_seen_at) FROM articles")[0][0] > seen_before
    conditional = [h for path, h in site.requests if path.startswith("/world/2026/") and "If-None-Match" in h]
    assert len(conditional) == 12
    engine.dispose()


def test_a_page_without_article_text_is_not_extracted_again_while_unchanged(
        site: FixtureSite, db_url: str, crawl_once) -> None:
    """A feed entry that is no article (a video page, say) is reported on every crawl, but while it
    answers 304 it is neither downloaded nor extracted again."""
    for index in range(len(site.articles)):  # type: ignore[attr-defined]
        set_article(site, index, 100 + index, etag=True)
    video = site.articles[0].path  # type: ignore[attr-defined]
    for path in (video, video + "?utm_source=rss&utm_medium=feed"):
        site.set_html(path, "<html><head><title>Video</title></head><body><div></div></body></html>", ETag='"video"')
    first = crawl_once()
    assert (first.new_articles, first.errors) == (11, 1)
    second = crawl_once()
    assert site.not_modified == 12  # the page without text too
    assert (second.unchanged_articles, second.errors, second.pages_fetched) == (11, 1, 12)
    engine = open_database(db_url)
    reasons = query(engine, "SELECT reason FROM fetch_errors ORDER BY id")
    assert reasons == [("no article text found on the page",),
                       ("no article text found on the page (unchanged since it was last extracted)",)]
    engine.dispose()


def test_migrations_from_empty_and_from_previous_revision(db_url: str) -> None:
    engine = open_database(db_url, migrate=False)
    upgrade(engine, "0001")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO sources (name, kind, url, created_at) VALUES ('s', 'feed', 'u', '2026-01-01')"))
        conn.execute(text("INSERT INTO articles (url, source_id, first_seen_at, last_seen_at) "
                          "VALUES ('https://e.org/a', 1, '2026-01-01', '2026-01-01')"))
        conn.execute(text("INSERT INTO article_versions (article_id, fetched_at, content_hash, text) "
                          "VALUES (1, '2026-01-01', 'h', 'old text')"))
    upgrade(engine)
    assert query(engine, "SELECT version_num FROM alembic_version") == [(head_revision(),)]
    assert query(engine, "SELECT text, html_gz FROM article_versions") == [("old text", None)]
    if engine.dialect.name == "sqlite":  # the search index (0011) is built from the rows already stored
        assert query(engine, "SELECT rowid FROM versions_search WHERE versions_search MATCH 'old'") == [(1,)]
    assert query(engine, "SELECT count(*) FROM latest_figures") == [(0,)]
    assert query(engine, "SELECT count(*) FROM article_totals") == [(0,)]
    assert query(engine, "SELECT published_precision FROM articles") == [(None,)]
    assert query(engine, "SELECT figure_changes FROM crawl_runs") == []
    upgrade(engine)  # already at head: nothing to do
    engine.dispose()


def test_figure_timeline_shows_the_title_of_each_change_s_version(db_url: str) -> None:
    """Migration 0008: a change shows the title its version had, not the article's latest; the article's
    when the version has none."""
    engine = open_database(db_url, migrate=False)
    upgrade(engine, "0007")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO sources (name, kind, url, created_at) VALUES ('s', 'feed', 'u', '2026-01-01')"))
        conn.execute(text("INSERT INTO articles (url, source_id, title, first_seen_at, last_seen_at) "
                          "VALUES ('https://e.org/a', 1, 'Toll rises to 816', '2026-01-01', '2026-01-02')"))
        for version, title in ((1, "Shelling kills 726"), (2, "Toll rises to 816"), (3, None)):
            conn.execute(text("INSERT INTO article_versions (id, article_id, fetched_at, content_hash, title, text) "
                              "VALUES (:id, 1, '2026-01-01', :h, :title, 'text')"),
                         {"id": version, "h": f"h{version}", "title": title})
        for version, old, new in ((1, None, 726), (2, 726, 816), (3, 816, 900)):
            conn.execute(text("INSERT INTO figure_changes (article_id, source_id, version_id, category, old_value, "
                              "new_value, qualifier, detected_at, sentence) VALUES (1, 1, :v, 'killed', :old, :new, "
                              "'at_least', '2026-01-01', 's')"), {"v": version, "old": old, "new": new})
    timeline = "SELECT version_id, new_value, title FROM figure_timeline ORDER BY change_id"
    assert query(engine, timeline) == [(1, 726, "Toll rises to 816"), (2, 816, "Toll rises to 816"),
                                       (3, 900, "Toll rises to 816")]
    upgrade(engine)
    assert query(engine, timeline) == [(1, 726, "Shelling kills 726"), (2, 816, "Toll rises to 816"),
                                       (3, 900, "Toll rises to 816")]
    engine.dispose()


def test_changes_show_the_title_of_the_version_they_happened_in(site: FixtureSite, db_url: str,
                                                                 tmp_path: Path) -> None:
    """A headline rewritten with the new toll: `tollwatch changes` lists the first reports under the first
    headline and the change under the second."""
    article = site.articles[0]  # type: ignore[attr-defined]
    first_title, second_title = article.title, "UN: at least 816 civilians killed in Kyiv"
    set_article(site, 0, 726)
    (tmp_path / "tollwatch.toml").write_text(config_toml(site.url, db_url))
    assert run_cli("crawl", "--source", "fixture-rss", cwd=tmp_path).returncode == 0
    article.title = second_title
    set_article(site, 0, 816)
    assert run_cli("crawl", "--source", "fixture-rss", cwd=tmp_path).returncode == 0
    result = run_cli("changes", "--since", "1h", "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    url = f"{site.url}{article.path}"
    events = sorted((row["category"], row["old_value"] or 0, row["new_value"], row["title"])
                    for row in json.loads(result.stdout) if row["url"] == url)
    assert events == [("injured", 0, 1174, first_title), ("killed", 0, 726, first_title),
                      ("killed", 726, 816, second_title)]


def test_head_revision_is_alembics() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    assert head_revision() == ScriptDirectory.from_config(config).get_current_head() is not None


def test_a_database_at_the_newest_revision_opens_without_alembic(db_url: str) -> None:
    engine = open_database(db_url, migrate=False)
    upgrade(engine, "0002")
    engine.dispose()
    probe = (f"import sys; from storage.db import open_database; open_database({db_url!r}).dispose(); "
             "print('alembic' in sys.modules)")

    def alembic_loaded() -> str:  # when a fresh process opens the database
        return subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout

    assert alembic_loaded() == "True\n"  # a revision behind: migrated, by Alembic
    engine = open_database(db_url, migrate=False)
    assert query(engine, "SELECT version_num FROM alembic_version") == [(head_revision(),)]
    engine.dispose()
    assert alembic_loaded() == "False\n"  # up to date: recognised without it


def test_changes_and_reprocess_commands(site: FixtureSite, sqlite_url: str, tmp_path: Path) -> None:
    set_article(site, 0, 726)
    (tmp_path / "tollwatch.toml").write_text(config_toml(site.url, sqlite_url))
    assert run_cli("crawl", "--source", "fixture-rss", cwd=tmp_path).returncode == 0
    set_article(site, 0, 816)
    assert run_cli("crawl", "--source", "fixture-rss", cwd=tmp_path).returncode == 0
    result = run_cli("changes", "--since", "1h", "--category", "killed", "--format", "csv", cwd=tmp_path)
    lines = result.stdout.splitlines()
    assert lines[0] == "detected_at,source,category,who,old_value,new_value,qualifier,title,url,sentence"
    assert lines[1].split(",")[1:7] == ["fixture-rss", "killed", "civilians", "726", "816", "at_least"]
    assert len(lines) == 1 + 6 + 1  # header, six first reports, one change
    result = run_cli("changes", "--source", "fixture-atom", cwd=tmp_path)
    assert result.returncode == 0 and len(result.stdout.splitlines()) == 2  # header and rule only
    result = run_cli("changes", "--source", "nope", cwd=tmp_path)
    assert result.returncode == 2 and "no source named 'nope'" in result.stderr

    engine = open_database(sqlite_url)
    stored = query(engine, "SELECT id, html_gz FROM article_versions ORDER BY id")
    assert all(html_gz[:4] == ZSTD_MAGIC for _, html_gz in stored)
    with engine.begin() as conn:  # simulate an older extractor that found nothing
        conn.execute(text("DELETE FROM figure_changes"))
        conn.execute(text("DELETE FROM figures"))
        for version_id, html_gz in stored[::2]:  # and earlier builds, which kept the HTML zlib-compressed
            conn.execute(text("UPDATE article_versions SET html_gz = :z WHERE id = :id"),
                         {"z": zlib.compress(decompress_html(html_gz)), "id": version_id})
    result = run_cli("reprocess", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ("reprocessed 7 versions of 6 articles: 0 texts changed; figures 0 -> 14; "
                                     "figure changes 0 -> 13")
    assert query(engine, "SELECT old_value, new_value FROM figure_changes WHERE old_value IS NOT NULL") == [
        (726, 816)]
    engine.dispose()


def test_migration_0007_gives_rows_written_before_it_their_outcome(db_url: str) -> None:
    engine = open_database(db_url, migrate=False)
    upgrade(engine, "0006")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO sources (name, kind, url, created_at) VALUES ('s', 'feed', 'u', '2026-01-01')"))
        conn.execute(text("INSERT INTO articles (url, source_id, first_seen_at, last_seen_at) "
                          "VALUES ('https://e.org/a', 1, '2026-01-01', '2026-01-01')"))
        conn.execute(text("INSERT INTO article_versions (article_id, fetched_at, content_hash, text) "
                          "VALUES (1, '2026-01-01', 'h', 'old text')"))
        conn.execute(text("INSERT INTO fetch_state (url, article_id, last_fetched_at) VALUES "
                          "('https://e.org/a', 1, '2026-01-01'), ('https://e.org/menu', NULL, '2026-01-01')"))
        conn.execute(text("INSERT INTO fetch_errors (url, reason, occurred_at) VALUES "
                          "('https://e.org/menu', 'no article text found on the page', '2026-01-01'), "
                          "('https://e.org/gone', 'HTTP 404', '2026-01-01')"))
    upgrade(engine)
    assert query(engine, "SELECT url, outcome FROM fetch_state ORDER BY url") == [
        ("https://e.org/a", "article"), ("https://e.org/menu", "not_article")]
    assert query(engine, "SELECT url, outcome FROM fetch_errors ORDER BY url") == [
        ("https://e.org/gone", "error"), ("https://e.org/menu", "not_article")]
    assert [bool(p) for (p,) in query(engine, "SELECT partial FROM article_versions")] == [False]
    assert query(engine, "SELECT count(*) FROM fetch_outcomes") == [(0,)]
    engine.dispose()
