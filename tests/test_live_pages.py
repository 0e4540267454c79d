"""Live pages: each entry is kept with its own time, a figure's evidence points at its entry, and the newest
entry's toll is the page's news (issue 33)."""
from __future__ import annotations

import json
import time
from datetime import datetime, timezone
from html import escape
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from sqlalchemy import text

from crawler.extraction import extract_page
from crawler.extraction.live import MAX_ENTRIES, MAX_ENTRY_CHARS, MAX_TEXT_CHARS, live_entries, read_live
from scheduler.config import parse_config
from scheduler.crawl import run_crawl
from storage.db import open_database
from tests.conftest import run_cli
from tests.site import FOOTER, NAV, Article, FixtureSite, article_html, config_toml, link_feed, source_toml

TOLL = "The death toll from the earthquake in Hatay has risen to {n:,}, the disaster agency AFAD said."
# (time, headline, text), newest first as live pages show them
ENTRIES = [("2026-03-18T14:00:00Z", "Toll climbs again", TOLL.format(n=1350)),
           ("2026-03-18T12:00:00+02:00", "Agency updates the toll", TOLL.format(n=1200)),
           ("2026-03-18T06:00:00Z", "Rescuers search the rubble", TOLL.format(n=900))]
TIMES = ["2026-03-18T14:00:00+00:00", "2026-03-18T10:00:00+00:00", "2026-03-18T06:00:00+00:00"]
URL = "https://news.example/live/hatay-earthquake"


def live_html(entries: list[tuple[str, str, str]], *, updates: bool = True, declared: bool = True,
              feed_class: str = "live-blog", block: str = "article") -> str:
    """A live page: JSON-LD `LiveBlogPosting` (with `liveBlogUpdate` items when `updates`) and the entries as
    dated blocks of its main content."""
    data = {"@context": "https://schema.org", "@type": "LiveBlogPosting", "headline": "Live: Hatay earthquake",
            "datePublished": "2026-03-18T05:00:00Z"}
    if updates:
        data["liveBlogUpdate"] = [{"@type": "BlogPosting", "datePublished": at, "headline": headline,
                                   "articleBody": body} for at, headline, body in entries]
    json_ld = f'<script type="application/ld+json">{json.dumps(data)}</script>' if declared else ""
    container = "ul" if block == "li" else "div"
    blocks = "\n".join(f'<{block} class="post"><time datetime="{at}">{at[11:16]}</time><h2>{escape(headline)}</h2>'
                       f"<p>{escape(body)}</p></{block}>" for at, headline, body in entries)
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Live: Hatay earthquake</title>
<meta property="article:published_time" content="2026-03-18T05:00:00Z">{json_ld}</head><body>{NAV}
<main><h1>Live: Hatay earthquake</h1><p>Follow the latest on the earthquake in southern Turkey.</p>
<{container} class="{feed_class}">{blocks}</{container}></main>{FOOTER}</body></html>"""


def tree(html: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(html)


def entry_tolls(html: str) -> list[tuple[str | None, str | None, int, bool]]:
    """(entry time, entry headline, value, in the total) of each killed figure of a page."""
    page = extract_page(html, URL)
    assert page is not None
    chosen = set(page.totals["killed"].figures)
    return [(f.entry_at, f.entry_title, f.value, k in chosen) for k, f in enumerate(page.figures)
            if f.category == "killed"]


def test_live_blog_updates_are_entries_each_with_its_time_and_the_newest_toll_is_the_page_s() -> None:
    html = live_html(ENTRIES)
    entries = live_entries(tree(html))
    assert [(e.at.isoformat() if e.at else None, e.title) for e in entries] == [
        (TIMES[0], "Toll climbs again"), (TIMES[1], "Agency updates the toll"), (TIMES[2], "Rescuers search the rubble")]
    assert entry_tolls(html) == [(TIMES[0], "Toll climbs again", 1350, True),
                                 (TIMES[1], "Agency updates the toll", 1200, False),
                                 (TIMES[2], "Rescuers search the rubble", 900, False)]
    assert extract_page(html, URL).live  # and is re-visited as it develops, JSON-LD or not (storage/revisit.py)
    page = extract_page(html, URL)
    assert page.totals["killed"].value == 1350 and page.totals["killed"].attribution == "AFAD"
    for figure in page.figures:  # the evidence is the version's text, where the entry put it
        assert page.text[figure.start:figure.end] == f"{figure.value:,}"
    assert page.text.splitlines()[:2] == ["Toll climbs again", TOLL.format(n=1350)]


def test_the_newest_entry_wins_even_when_lower_or_listed_last_and_an_entry_without_a_toll_does_not() -> None:
    revised = [*ENTRIES[::-1], ("2026-03-18T18:00:00Z", "Toll revised", TOLL.format(n=1300)),
               ("2026-03-18T19:00:00Z", "Aftershock", "A policeman was killed in an aftershock near the port.")]
    found = entry_tolls(live_html(revised))  # oldest first in the JSON-LD: times decide, not the order
    assert [(value, chosen) for _, _, value, chosen in found] == [
        (900, False), (1200, False), (1350, False), (1300, True), (1, False)]
    assert extract_page(live_html(revised), URL).totals["killed"].value == 1300


@pytest.mark.parametrize("declared, feed_class, block", [(True, "feed", "article"), (False, "live-blog", "div"),
                                                         (False, "liveblog-stream", "li")])
def test_dated_blocks_are_the_entries_of_a_live_page_without_live_blog_update(declared: bool, feed_class: str,
                                                                              block: str) -> None:
    html = live_html(ENTRIES, updates=False, declared=declared, feed_class=feed_class, block=block)
    assert entry_tolls(html) == [(TIMES[0], "Toll climbs again", 1350, True),
                                 (TIMES[1], "Agency updates the toll", 1200, False),
                                 (TIMES[2], "Rescuers search the rubble", 900, False)]
    assert extract_page(html, URL).live  # and is re-visited as it develops, JSON-LD or not (storage/revisit.py)


def test_a_normal_article_is_unaffected() -> None:
    article = Article("quake", "Quake toll rises to 1,350 in Hatay", [TOLL.format(n=1350), TOLL.format(n=1200)],
                      datetime(2026, 3, 18, 14, tzinfo=timezone.utc))
    html = article_html(article, "https://news.example")
    page = extract_page(html, URL)
    assert live_entries(tree(html)) == [] and page.figures
    assert all(f.entry_at is None and f.entry_title is None for f in page.figures)
    # dated teasers of other stories on a page that does not say it is live are no entries
    teasers = live_html(ENTRIES, updates=False, declared=False, feed_class="related-stories")
    assert live_entries(tree(teasers)) == []
    assert live_entries(tree(teasers.replace("<body>", '<body class="env-live">'))) == []
    assert all(f.entry_at is None for f in extract_page(teasers, URL).figures)
    assert not extract_page(html, URL).live and not extract_page(teasers, URL).live


def test_hostile_live_pages_are_bounded_and_never_crash() -> None:
    bad_times = ["not a time", "2026-99-99T00:00:00Z", 12345, None, "2999-01-01T00:00:00Z", "2026-03-18",
                 "2026-03-18T10:00:00", "2026-03-18T10:00:00+25:00", "x" * 1_000]
    updates = [{"@type": "BlogPosting", "datePublished": bad_times[k % len(bad_times)],
                "headline": ["not text"] if k % 7 == 0 else f"Update {k}",
                "articleBody": TOLL.format(n=k) if k % 50 else "<p>" + "word " * 10_000 + "</p>"}
               for k in range(5000)]
    updates += ["a string", 7, None]
    html = ('<html><head><script type="application/ld+json">'
            + json.dumps([{"@type": "LiveBlogPosting", "liveBlogUpdate": updates}, {"@graph": "broken"}])
            + '</script><script type="application/ld+json">{"@type": "LiveBlogPosting", broken</script>'
            + '<script type="application/ld+json">' + "[" * 100_000 + "]" * 100_000 + "</script>"
            + "</head><body><p>LiveBlogPosting</p></body></html>")
    started = time.process_time()
    entries = live_entries(tree(html))
    assert 0 < len(entries) <= MAX_ENTRIES
    assert all(len(e.text) <= MAX_ENTRY_CHARS for e in entries)
    assert sum(len(e.text) for e in entries) <= MAX_TEXT_CHARS
    assert [e.at for e in entries if e.at is not None] == []  # no plausible time with a zone among them
    reading = read_live(entries, "en")
    assert len(reading.text) <= MAX_TEXT_CHARS + 2 * len(entries) * 20
    blocks = "".join(f'<div class="entry"><time datetime="{bad_times[k % 3]}">x</time><p>{TOLL.format(n=k)}</p>'
                     f"</div>" for k in range(20_000))
    deep = "<div>" * 5000 + '<time datetime="2026-03-18T10:00:00Z">x</time>' + "</div>" * 5000
    page = f'<html><body><main class="live">{blocks}{deep}</main></body></html>'
    assert len(live_entries(tree(page))) == MAX_ENTRIES
    assert time.process_time() - started < 60


def live_crawl(site: FixtureSite, db_url: str, entries: list[tuple[str, str, str]]) -> None:
    """Serve the live page with these entries and a normal article, and crawl them (a feed lists them), with a
    monitor on the live page's story."""
    site.set_html("/live/hatay-earthquake", live_html(entries))
    site.set_html("/live/other", article_html(Article(
        "other", "Floods in Gaza", ["At least 12 people were killed in the floods in Gaza, officials said."],
        datetime(2026, 3, 18, 9, tzinfo=timezone.utc)), site.url))
    site.set_xml("/live.xml", link_feed([f"{site.url}/live/hatay-earthquake", f"{site.url}/live/other"]),
                 "application/rss+xml")
    config = parse_config(config_toml(site.url, db_url, sources=source_toml("live", "feed", f"{site.url}/live.xml"),
                                      extra='[[monitors]]\nname = "hatay"\nkeywords = ["Hatay"]\n'), None)
    engine = open_database(db_url)
    result = run_crawl(config, engine, config.sources)
    engine.dispose()
    assert result.status == "ok" and result.errors == 0, result


def rows(db_url: str, sql: str) -> list[tuple[Any, ...]]:
    """A query's rows, times as text to the second (`2026-03-18 14:00:00`) on both databases."""
    engine = open_database(db_url)
    try:
        with engine.connect() as conn:
            return [tuple(str(v)[:19] if isinstance(v, datetime) or (isinstance(v, str) and v[:2] == "20") else v
                          for v in row) for row in conn.execute(text(sql))]
    finally:
        engine.dispose()


LIVE = "(SELECT v.id FROM article_versions v JOIN articles a ON a.id = v.article_id WHERE a.url LIKE '%hatay%')"


def test_a_crawled_live_page_yields_dated_toll_points_and_its_newest_entry_s_total(site: FixtureSite,
                                                                                   db_url: str) -> None:
    live_crawl(site, db_url, ENTRIES)
    assert rows(db_url, f"SELECT value, entry_at, entry_title, in_total FROM figures WHERE version_id IN {LIVE} "
                        "ORDER BY id") == [(1350, "2026-03-18 14:00:00", "Toll climbs again", True),
                                           (1200, "2026-03-18 10:00:00", "Agency updates the toll", False),
                                           (900, "2026-03-18 06:00:00", "Rescuers search the rubble", False)]
    assert rows(db_url, f"SELECT category, value, attribution FROM version_totals WHERE version_id IN {LIVE}") == [
        ("killed", 1350, "AFAD")]
    assert rows(db_url, "SELECT new_value FROM figure_changes WHERE sentence LIKE '%Hatay%'") == [(1350,)]
    assert rows(db_url, "SELECT value FROM latest_figures WHERE url LIKE '%hatay%'") == [(1350,)]
    # three dated toll points in the monitor's series; its value is the newest entry's
    assert rows(db_url, "SELECT value, reported_at FROM series_points WHERE monitor = 'hatay' AND counts "
                        "ORDER BY reported_at") == [(900, "2026-03-18 06:00:00"), (1200, "2026-03-18 10:00:00"),
                                                    (1350, "2026-03-18 14:00:00")]
    assert rows(db_url, "SELECT value, attribution FROM series WHERE monitor = 'hatay'") == [(1350, "AFAD")]
    assert rows(db_url, f"SELECT entry_at, entry_title FROM figures WHERE version_id NOT IN {LIVE}") == [
        (None, None)]  # the normal article's


def test_a_new_entry_revising_the_toll_down_is_the_change(site: FixtureSite, db_url: str) -> None:
    live_crawl(site, db_url, ENTRIES)
    live_crawl(site, db_url, [("2026-03-18T18:00:00Z", "Toll revised", TOLL.format(n=1300)), *ENTRIES])
    assert rows(db_url, "SELECT old_value, new_value FROM figure_changes WHERE sentence LIKE '%Hatay%' "
                        "ORDER BY id") == [(None, 1350), (1350, 1300)]
    assert rows(db_url, "SELECT value FROM article_totals WHERE url LIKE '%hatay%'") == [(1300,)]
    assert rows(db_url, "SELECT old_value, new_value, direction, reported_at FROM series_changes "
                        "WHERE monitor = 'hatay'") == [(1350, 1300, "down", "2026-03-18 18:00:00")]


def test_extract_shows_each_figure_s_entry_time(tmp_path: Path) -> None:
    (tmp_path / "live.html").write_text(live_html(ENTRIES), encoding="utf-8")
    out = run_cli("extract", "--figures", str(tmp_path / "live.html"), cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    lines = [line for line in out.stdout.splitlines() if line.startswith("killed  ")]
    assert lines[0].startswith("killed  1,350 · source: AFAD · entry 2026-03-18T14:00:00Z · ")
    assert "entry 2026-03-18T06:00:00Z" in lines[2] and "killed  1,350 · source: AFAD · from 1 figure" in lines
    data = json.loads(run_cli("extract", "--format", "json", str(tmp_path / "live.html"), cwd=tmp_path).stdout)
    assert [(f["entry_at"], f["entry_title"]) for f in data["figures"]] == list(zip(TIMES, [e[1] for e in ENTRIES]))
