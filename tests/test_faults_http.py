"""HTTP and network faults: each ends as a readable fetch_errors row; the rest of the crawl completes."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest
from twisted.python.failure import Failure

from crawler.errors import describe_failure
from tests.conftest import run_cli
from tests.faults import hang, redirect, retry_after, trickle
from tests.site import FixtureSite, Page, article_html, config_toml, link_feed, make_articles


@pytest.fixture
def other_host() -> FixtureSite:
    server = FixtureSite().start()
    yield server
    server.stop()


def test_http_and_network_faults(tmp_path: Path, site: FixtureSite, other_host: FixtureSite) -> None:
    good = site.articles[:2]  # type: ignore[attr-defined]
    site.hit_times = {}  # type: ignore[attr-defined]
    moved = site.articles[2]  # type: ignore[attr-defined]
    patient = make_articles(13)[12]  # served only after a 429 with Retry-After
    other_host.set_html(moved.path, article_html(moved, other_host.url))
    site.routes.update({
        "/f/410": Page(b"gone", status=410),
        "/f/500": Page(b"oops", status=500),
        "/f/503": Page(b"busy", status=503),
        patient.path: retry_after(article_html(patient, site.url).encode(), 1, site, patient.path),
        "/f/hang": hang(30),
        "/f/trickle": trickle(),
        "/f/loop": redirect("/f/loop"),
        "/f/away": redirect(other_host.url + moved.path),
        "/f/empty": Page(b""),
    })
    urls = [site.url + a.path for a in good] + [site.url + p for p in (
        "/f/404", "/f/410", "/f/500", "/f/503", patient.path, "/f/hang", "/f/trickle", "/f/loop", "/f/away", "/f/empty")]
    urls += ["http://127.0.0.1:9/refused", "http://no-such-host.invalid/x", f"https://127.0.0.1:{site.url.rsplit(':', 1)[1]}/tls"]
    site.set_xml("/faults.xml", link_feed(urls))
    sources = f"""
[[sources]]
name = "faults"
feed = "{site.url}/faults.xml"
allow_private_addresses = true

[[sources]]
name = "healthy"
feed = "{site.url}/rss.xml"
allow_private_addresses = true
"""
    (tmp_path / "tollwatch.toml").write_text(config_toml(site.url, "sqlite:///tollwatch.db", sources=sources,
                                                         extra='timeout = "2s"'))
    result = run_cli("crawl", cwd=tmp_path)
    assert result.returncode == 0, result.stderr + result.stdout
    with sqlite3.connect(tmp_path / "tollwatch.db") as conn:
        errors = dict(conn.execute("SELECT replace(url, ?, ''), coalesce(status, '') || ' ' || reason "
                                   "FROM fetch_errors", (site.url,)).fetchall())
        stored = {r[0] for r in conn.execute("SELECT url FROM articles")}
        run = conn.execute("SELECT status, errors FROM crawl_runs").fetchone()
    assert errors.pop("/f/404") == "404 HTTP 404"
    assert errors.pop("/f/410") == "410 HTTP 410"
    assert errors.pop("/f/500") == "500 HTTP 500"
    assert errors.pop("/f/503") == "503 HTTP 503"
    assert errors.pop("/f/hang").startswith(" download timed out")
    assert errors.pop("/f/trickle").startswith(" download timed out")
    assert "redirect" in errors.pop("/f/loop")
    assert errors.pop("/f/empty") == "200 empty page"
    assert errors.pop("http://127.0.0.1:9/refused").startswith(" connection refused")
    assert errors.pop("http://no-such-host.invalid/x").startswith(" DNS lookup failed")
    assert errors.pop(f"https://127.0.0.1:{site.url.rsplit(':', 1)[1]}/tls").startswith(" TLS error")
    assert errors == {}
    times = site.hit_times[patient.path]  # type: ignore[attr-defined]
    assert len(times) == 2 and times[1] - times[0] >= 1.0  # Retry-After: 1 was honoured
    # the healthy source's pages, the retried page and the page behind the cross-host redirect are stored
    healthy = {site.url + a.path for a in site.articles[:6]}  # type: ignore[attr-defined]
    assert stored == healthy | {site.url + patient.path, other_host.url + moved.path}
    assert run == ("ok", 11)


@pytest.mark.parametrize("exc, reason", [
    (DownloadCancelledError("Expected to receive 3145728 bytes which is larger than download max size (1048576) in "
                            "request <GET http://127.0.0.1:19001/2026/03/16/story-20260316.html>."),
     "skipped: larger than the download size cap of 1,048,576 bytes (1 MB): 3,145,728 bytes"),
    (DownloadCancelledError("Received 5300000 bytes which is larger than download max size (5242880) in request "
                            "<GET https://news.example.org:8443/world/1234567/>."),
     "skipped: larger than the download size cap of 5,242,880 bytes (5 MB): 5,300,000 bytes"),
    (IgnoreRequest("Ignored response <200 http://127.0.0.1:45123/feed.xml> because its body (51234 B compressed, "
                   "1114112 B decompressed so far) exceeded DOWNLOAD_MAXSIZE (1048576 B) during decompression."),
     "skipped: larger than the download size cap of 1,048,576 bytes (1 MB) once decompressed"),
])
def test_size_cap_reasons_give_the_cap_not_a_number_of_the_url(exc: Exception, reason: str) -> None:
    assert describe_failure(Failure(exc)) == (None, reason)
