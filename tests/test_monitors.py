"""Monitors: matching, series, points, series changes, alerts through Apprise, the commands and the chart;
with real crawls of the local fixture site, on SQLite and PostgreSQL."""
from __future__ import annotations

import json
import signal
import struct
import threading
import time
from dataclasses import replace
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text

from scheduler.config import ConfigError, parse_config
from scheduler.crawl import run_crawl
from scheduler.monitors import Monitor, after_crawl
from scheduler.notify import redact
from scheduler.output import timestamp
from storage.db import open_database
from storage.monitors import lock, update_monitors
from storage.recorder import PageRecord, Recorder, start_run, utcnow
from tests.conftest import run_cli
from tests.test_daemon import Daemon, wait_for
from tests.site import Article, FixtureSite, article_html, config_toml, rss, source_toml

T0 = datetime(2026, 3, 16, 9, 0)
FILLER = ["Rescue teams from several countries continued to search the rubble overnight as temperatures fell "
          "below freezing in the region.",
          "Aid agencies said convoys carrying food and medicine were waiting at the crossing and called on all "
          "parties to allow safe passage for humanitarian workers."]
UN_726 = "At least 726 civilians have been killed in Hatay since the earthquake struck, according to the UN."
UN_816 = ("At least 816 civilians have been killed in Hatay since the earthquake struck, according to the UN. "
          "Another 5 civilians were killed in an aftershock on Wednesday, the UN said.")
LOCAL_350 = "Local officials said 350 people were killed in Hatay since the earthquake."
LOCAL_412 = "The toll has risen: 412 people were killed in Hatay since the earthquake, local officials said."
TOLL_120 = "The death toll in Hatay rose to 120 since the earthquake."
TOLL_110 = "The death toll in Hatay was revised down to 110 since the earthquake."
KABUL_40 = "Flooding in Kabul has killed 40 people, officials said."


class Webhook:
    """A JSON webhook receiver on 127.0.0.1 (Apprise's json:// scheme); answers 500 while `failing`."""

    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        self.failing = False
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if hook.failing:
                    self.send_response(500)
                else:
                    hook.received.append({"path": self.path, **json.loads(body)})
                    self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"json://127.0.0.1:{self.server.server_address[1]}/hook"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def webhook():
    hook = Webhook()
    yield hook
    hook.stop()


def closed_port() -> int:
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    port = server.server_address[1]
    server.server_close()
    return port


class Newsroom:
    """Three outlets on the fixture site, each with its own feed: outlet-a quotes the UN, outlet-b local
    officials, outlet-c gives its own toll."""

    def __init__(self, site: FixtureSite) -> None:
        self.site = site
        self.feeds: dict[str, list[Article]] = {"a": [], "b": [], "c": []}

    def post(self, outlet: str, slug: str, title: str, sentence: str, published: datetime) -> Article:
        from datetime import timezone

        article = next((a for a in self.feeds[outlet] if a.slug == slug), None)
        if article is None:
            article = Article(slug, title, [FILLER[0], sentence, FILLER[1]], published.replace(tzinfo=timezone.utc))
            self.feeds[outlet].append(article)
        article.paragraphs[1] = sentence
        self.site.set_html(article.path, article_html(article, self.site.url))
        self.site.set_xml(f"/{outlet}.xml", rss(self.feeds[outlet], self.site.url), "application/rss+xml")
        return article

    def url(self, slug: str) -> str:
        return f"{self.site.url}/world/2026/{slug}.html"


def sources_toml(site: FixtureSite) -> str:
    return "".join(source_toml(f"outlet-{n}", "feed", f"{site.url}/{n}.xml") for n in "abc")


def monitors_toml(*notify: str) -> str:
    return f"""
[[monitors]]
name = "hatay-quake"
keywords = ["Hatay", "Antakya"]
notify = {json.dumps(list(notify))}

[[monitors]]
name = "kabul-floods"
keywords = ["Kabul"]
sources = ["outlet-b"]
"""


def norm(value: Any) -> Any:
    """Compare rows the same on both backends: SQLite returns times as text and booleans as 0/1 from views."""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, bool):
        return int(value)
    return value


def rows(engine: Engine, sql: str, **params: Any) -> list[tuple]:
    with engine.connect() as conn:
        return [tuple(norm(v) for v in r) for r in conn.execute(text(sql), params)]


def by_source(row: tuple) -> str:
    return str(row[7])


def expect(*items: tuple) -> list[tuple]:
    return [tuple(norm(v) for v in item) for item in items]


def test_three_outlets_series_changes_and_alerts(site: FixtureSite, db_url: str, webhook: Webhook,
                                                  tmp_path: Path) -> None:
    dead = f"json://127.0.0.1:{closed_port()}/dead"
    toml = config_toml(site.url, db_url, sources=sources_toml(site), extra=monitors_toml(webhook.url, dead))
    (tmp_path / "tollwatch.toml").write_text(toml)
    config = parse_config(toml, tmp_path / "tollwatch.toml")
    engine = open_database(db_url)
    news = Newsroom(site)

    def crawl() -> int:
        result = run_crawl(config, engine, config.sources)
        assert result.status == "ok", result
        return result.run_id

    # round 1: first reports from each outlet, and an unrelated story; no changes yet, so no alerts
    news.post("a", "a1", "Earthquake: UN counts the dead", UN_726, T0)
    news.post("a", "kabul", "Floods in the capital", KABUL_40, T0 + timedelta(hours=1))
    news.post("b", "b1", "Hatay earthquake: rescue continues", LOCAL_350, T0 + timedelta(hours=3))
    news.post("c", "c1", "Quake toll climbs", TOLL_120, T0 + timedelta(days=1, hours=-1))
    crawl()
    assert rows(engine, "SELECT count(*) FROM monitor_changes") == [(0,)]
    assert rows(engine, "SELECT count(*) FROM monitor_notifications") == [(0,)]
    assert rows(engine, "SELECT monitor, count(*) FROM monitor_articles GROUP BY monitor") == [("hatay-quake", 3)]

    # round 2: the UN's new figure (with an increment), local officials' new figure (other spelling),
    # outlet-c corrects its own article downward; the webhook is down
    news.post("a", "a2", "Earthquake: the toll rises", UN_816, T0 + timedelta(days=2, hours=5, minutes=2))
    news.post("b", "b2", "Hatay: officials update the toll", LOCAL_412, T0 + timedelta(days=2, hours=1))
    news.post("c", "c1", "Quake toll climbs", TOLL_110, T0 + timedelta(days=1, hours=-1))
    webhook.failing = True
    run2 = crawl()
    fetched_c2 = rows(engine, "SELECT max(v.fetched_at) FROM article_versions v JOIN articles a ON a.id = v.article_id "
                              "WHERE a.url = :u", u=news.url("c1"))[0][0]

    assert sorted(rows(engine, "SELECT monitor, category, who, attribution, scope, value, qualifier, source, url, "
                               "points, changes, last_old_value, last_new_value, last_direction FROM series"),
                  key=by_source) == sorted([
        ("hatay-quake", "killed", "civilians", "UN", None, 816, "at_least", "outlet-a", news.url("a2"), 3, 1,
         726, 816, "up"),
        ("hatay-quake", "killed", "people", "local officials", None, 412, "exact", "outlet-b", news.url("b2"), 2, 1,
         350, 412, "up"),
        ("hatay-quake", "killed", None, None, "outlet-c", 110, "exact", "outlet-c", news.url("c1"), 2, 1,
         120, 110, "down"),
    ], key=by_source)
    assert rows(engine, "SELECT source, who, attribution, value, cumulative, role, counts, reported_at, url "
                        "FROM series_points ORDER BY reported_at, value") == expect(
        ("outlet-a", "civilians", "UN", 726, True, "total", True, T0, news.url("a1")),
        ("outlet-b", "people", "local officials", 350, True, "total", True, T0 + timedelta(hours=3), news.url("b1")),
        ("outlet-c", None, None, 120, True, "total", True, T0 + timedelta(hours=23), news.url("c1")),
        ("outlet-b", "people", "local officials", 412, True, "total", True, T0 + timedelta(days=2, hours=1),
         news.url("b2")),
        ("outlet-a", "civilians", "UN", 5, False, "increment", False, T0 + timedelta(days=2, hours=5, minutes=2),
         news.url("a2")),
        ("outlet-a", "civilians", "UN", 816, True, "total", True, T0 + timedelta(days=2, hours=5, minutes=2),
         news.url("a2")),
        ("outlet-c", None, None, 110, True, "total", True, fetched_c2, news.url("c1")),
    )
    changes = rows(engine, "SELECT monitor, category, who, attribution, scope, old_value, new_value, direction, "
                           "source, url, old_url, sentence, run_id FROM series_changes ORDER BY reported_at")
    assert changes == [
        ("hatay-quake", "killed", "people", "local officials", None, 350, 412, "up", "outlet-b", news.url("b2"),
         news.url("b1"), LOCAL_412, run2),
        ("hatay-quake", "killed", "civilians", "UN", None, 726, 816, "up", "outlet-a", news.url("a2"),
         news.url("a1"), UN_816.split(" Another")[0], run2),
        ("hatay-quake", "killed", None, None, "outlet-c", 120, 110, "down", "outlet-c", news.url("c1"),
         news.url("c1"), TOLL_110, run2),
    ]
    assert rows(engine, "SELECT count(*) FROM monitor_articles WHERE monitor = 'kabul-floods'") == [(0,)]
    # both targets failed: kept pending, nothing lost
    assert rows(engine, "SELECT target, attempts, sent_at, last_error IS NOT NULL FROM monitor_notifications "
                        "ORDER BY id") == expect((redact(webhook.url), 1, None, True), (redact(dead), 1, None, True))
    assert redact(webhook.url) == f"json://127.0.0.1:{webhook.server.server_address[1]}/…"
    assert webhook.received == []

    expected_body = "\n".join([
        f"hatay-quake: killed (people, local officials) 350 → 412 — 127.0.0.1, 2026-03-18T10:00:00Z\n  {news.url('b2')}",
        f"hatay-quake: killed (civilians, UN) 726 → 816 — 127.0.0.1, 2026-03-18T14:02:00Z\n  {news.url('a2')}",
        f"hatay-quake: killed (unattributed, outlet-c) 120 → 110 (down: a correction or a different scope?) — "
        f"127.0.0.1, {datetime.fromisoformat(fetched_c2):%Y-%m-%dT%H:%M:%SZ}\n  {news.url('c1')}"])

    # re-running the post-crawl step adds nothing (and queues no second message)
    before = rows(engine, "SELECT (SELECT count(*) FROM monitor_articles), (SELECT count(*) FROM monitor_points), "
                          "(SELECT count(*) FROM monitor_changes), (SELECT count(*) FROM monitor_notifications)")
    after_crawl(config, engine, run2)
    assert rows(engine, "SELECT (SELECT count(*) FROM monitor_articles), (SELECT count(*) FROM monitor_points), "
                        "(SELECT count(*) FROM monitor_changes), (SELECT count(*) FROM monitor_notifications)") == before
    assert before == [(6, 7, 3, 2)]

    # round 3: nothing new; the webhook is back, so the pending message of round 2 is delivered once
    webhook.failing = False
    crawl()
    assert webhook.received == [{"path": "/hook", "version": "1.0", "title": "tollwatch: hatay-quake: 3 changes",
                                 "message": expected_body, "attachments": [], "type": "info"}]
    assert rows(engine, "SELECT attempts, sent_at IS NOT NULL, last_error IS NULL FROM monitor_notifications "
                        "ORDER BY id") == expect((3, True, True), (3, False, False))  # retried each run
    assert rows(engine, "SELECT count(*) FROM monitor_changes") == [(3,)]
    after_crawl(config, engine, run2)  # nothing new and nothing pending for the webhook: nothing sent again
    assert len(webhook.received) == 1

    # commands
    cli = ("--database", db_url)
    table = run_cli(*cli, "monitors", cwd=tmp_path)
    assert table.returncode == 0, table.stderr
    lines = table.stdout.splitlines()
    assert lines[0].split() == ["monitor", "category", "who", "attribution", "source", "value", "qualifier",
                                "reported_at", "last_change", "last_change_at", "points", "url"]
    assert [line.split()[:6] for line in lines[2:5]] == [
        ["hatay-quake", "killed", "civilians", "UN", "outlet-a", "816"],
        ["hatay-quake", "killed", "people", "local", "officials", "outlet-b"],
        ["hatay-quake", "killed", "(unattributed)", "outlet-c", "110", "exact"]]
    assert "726 -> 816" in lines[2] and "120 -> 110" in lines[4]
    assert lines[5].split()[:2] == ["kabul-floods", "no"] and len(lines) == 6

    csv = run_cli(*cli, "changes", "--monitor", "hatay-quake", "--since", "1d", "--format", "csv", cwd=tmp_path)
    assert csv.returncode == 0, csv.stderr
    header, *body = csv.stdout.splitlines()
    assert header == ("detected_at,monitor,category,who,attribution,source,old_value,new_value,direction,"
                      "reported_at,article_id,url")
    assert sorted(line.split(",")[5:9] for line in body) == [
        ["outlet-a", "726", "816", "up"], ["outlet-b", "350", "412", "up"], ["outlet-c", "120", "110", "down"]]
    assert json.loads(run_cli(*cli, "changes", "--monitor", "kabul-floods", "--format", "json",
                              cwd=tmp_path).stdout) == []

    # the story's active period by default: outlet-c's correction, timed when it was fetched (months after
    # T0), starts it, entering at the value it had; --since shows the whole story
    out = tmp_path / "toll.png"
    chart = run_cli(*cli, "chart", "hatay-quake", "--category", "killed", "--out", str(out), cwd=tmp_path)
    assert chart.returncode == 0, chart.stderr
    assert chart.stdout.strip() == f"wrote {out} (1 series, 2 points since {timestamp(datetime.fromisoformat(str(fetched_c2)))})"
    chart = run_cli(*cli, "chart", "hatay-quake", "--category", "killed", "--out", str(out), "--since",
                    f"{T0:%Y-%m-%d}", cwd=tmp_path)
    assert chart.returncode == 0, chart.stderr
    assert chart.stdout.strip() == f"wrote {out} (3 series, 6 points since {T0:%Y-%m-%d}T00:00:00Z)"
    head = out.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", head[16:24]) == (1200, 675)

    # re-evaluating stored history gives the same series and changes, and alerts nothing again
    reprocessed = run_cli(*cli, "reprocess", "--monitors", cwd=tmp_path)
    assert reprocessed.returncode == 0, reprocessed.stderr
    assert reprocessed.stdout.strip() == ("monitors: 2 re-evaluated over 7 versions: 6 matching versions, "
                                          "7 points, 3 series changes")
    assert rows(engine, "SELECT monitor, category, who, attribution, scope, old_value, new_value, direction, "
                        "source, url, old_url, sentence FROM series_changes ORDER BY reported_at") == [
        c[:-1] for c in changes]
    assert rows(engine, "SELECT count(*) FROM monitor_notifications") == [(2,)]
    engine.dispose()


def test_command_mistakes_are_one_line(tmp_path: Path, sqlite_url: str) -> None:
    toml = config_toml("http://127.0.0.1:9", sqlite_url,
                       sources='[[sources]]\nname = "outlet-a"\nfeed = "http://127.0.0.1:9/a.xml"\n',
                       extra='[[monitors]]\nname = "hatay-quake"\nkeywords = ["Hatay"]\n')
    (tmp_path / "tollwatch.toml").write_text(toml)
    for args, message in [
        (("chart", "nope", "--out", "x.png"), "no monitor named 'nope' (known: hatay-quake)"),
        (("changes", "--monitor", "nope"), "no monitor named 'nope' (known: hatay-quake)"),
        (("chart", "hatay-quake", "--out", str(tmp_path / "missing" / "x.png")), "does not exist"),
        (("chart", "hatay-quake", "--out", "x.jpg"), "must be a .png file"),
        (("chart", "hatay-quake", "--out", "x.png", "--since", "soon"), "--since: 'soon' is neither a duration"),
    ]:
        result = run_cli(*args, cwd=tmp_path)
        assert result.returncode == 2, (args, result.stderr)
        assert len(result.stderr.splitlines()) == 1 and message in result.stderr, result.stderr
    open_database(sqlite_url).dispose()  # `chart` only reads: it creates no database
    result = run_cli("chart", "hatay-quake", "--out", "x.png", cwd=tmp_path)
    assert result.returncode == 1 and "no killed figures yet" in result.stderr


@pytest.mark.parametrize("monitor, message", [
    ('name = "m"\nkeywords = []', "monitor 'm': key 'keywords': must be a non-empty list"),
    ('name = "m"\nkeywords = "Hatay"', "monitor 'm': key 'keywords': must be a non-empty list"),
    ('name = "m"\nkeywords = ["Hatay"]\nsources = ["nope"]', "monitor 'm': key 'sources': no source named 'nope'"),
    ('name = "m"\nkeywords = ["Hatay"]\nnotify = ["nosuch://x"]', "monitor 'm': key 'notify': 'nosuch://x' is not"),
    ('name = "m"\nkeywords = ["Hatay"]\nnotify = [1]', "monitor 'm': key 'notify': must be a list"),
    ('name = "m"\nkeywords = ["Hatay"]\ncolour = "red"', "monitor 'm': unknown key 'colour'"),
    ('name = "bad name"\nkeywords = ["Hatay"]', "key 'name': must be a short name"),
    ('keywords = ["Hatay"]', "monitor '#1': key 'name'"),
])
def test_monitor_config_mistakes(monitor: str, message: str) -> None:
    toml = f'[[sources]]\nname = "a"\nfeed = "https://e.org/f"\n\n[[monitors]]\n{monitor}\n'
    with pytest.raises(ConfigError) as error:
        parse_config(toml, Path("tw.toml"))
    assert str(error.value).startswith("tw.toml: ") and message in str(error.value)
    assert "\n" not in str(error.value)


def test_config_without_monitors_keeps_working() -> None:
    config = parse_config('[[sources]]\nname = "a"\nfeed = "https://e.org/f"\n', None)
    assert config.monitors == ()
    both = parse_config('[[sources]]\nname = "a"\nfeed = "https://e.org/f"\n[[monitors]]\nname = "m"\n'
                        'keywords = [" Україна ", "Kyiv"]\nsources = ["a"]\nnotify = "json://127.0.0.1:1/x"\n', None)
    assert both.monitors == (Monitor("m", ("Україна", "Kyiv"), ("a",), ("json://127.0.0.1:1/x",)),)
    assert replace(both, database_url="sqlite://").monitors == both.monitors


FIG = {"low": None, "high": None, "vague": False, "where": None, "start": 0, "end": 3}


def figure(value: int, who: str | None = "civilians", attribution: str | None = "UN", cumulative: bool = True,
           role: str = "total", category: str = "killed") -> dict[str, Any]:
    return {**FIG, "category": category, "value": value, "qualifier": "at_least", "who": who,
            "attribution": attribution, "cumulative": cumulative, "role": role, "sentence": f"{value} killed"}


def record(engine: Engine, pages: list[PageRecord]) -> int:
    run_id = start_run(engine, sorted({p.source for p in pages}))
    recorder = Recorder(engine, run_id, {s: ("feed", f"https://{s}.org/feed") for s in ("s1", "s2")})
    for page in pages:
        recorder.record_page(page)
    return run_id


def update(engine: Engine, monitors: list[Monitor], run_id: int | None):
    with engine.begin() as conn:
        lock(conn)
        return update_monitors(conn, monitors, run_id, utcnow())


def test_matching_ordering_and_idempotence(db_url: str) -> None:
    engine = open_database(db_url)
    ukraine = Monitor("ukraine", ("Ukraine", "Kyiv", "Україна"))
    only_s2 = Monitor("s2-only", ("Ukraine",), sources=("s2",))
    page = lambda url, text, published, *figs, source="s1", title=None: PageRecord(  # noqa: E731
        url=f"https://e.org/{url}", source=source, text=text, title=title, published_at=published, figures=list(figs))
    run1 = record(engine, [
        page("whole-word", "Fighting near Kyiv's outskirts.", T0 + timedelta(days=1), figure(100)),
        page("cyrillic", "УКРАЇНА: обстріли тривають.", T0 + timedelta(days=3), figure(300)),
        page("not-a-word", "Ukrainians abroad; Ukraine2026 conference; the Kyivan era.", T0, figure(999)),
        page("title-only", "Nothing in the text.", T0 + timedelta(days=2), figure(200), title="Ukraine: latest"),
        page("other-source", "Ukraine again.", T0 + timedelta(days=4), figure(50, attribution=None),
             figure(7, attribution=None, cumulative=False, role="increment"), source="s2"),
    ])
    summary = update(engine, [ukraine, only_s2], run1)
    assert summary.matched == {"ukraine": 4, "s2-only": 1}
    assert rows(engine, "SELECT a.url FROM monitor_articles m JOIN articles a ON a.id = m.article_id "
                        "WHERE m.monitor = 'ukraine' ORDER BY a.url") == [
        ("https://e.org/cyrillic",), ("https://e.org/other-source",), ("https://e.org/title-only",),
        ("https://e.org/whole-word",)]
    # UN series in report order 100 (day 1) -> 200 (day 2) -> 300 (day 3); s2's unattributed series apart
    assert rows(engine, "SELECT old_value, new_value, direction FROM series_changes WHERE monitor = 'ukraine' "
                        "ORDER BY reported_at") == [(100, 200, "up"), (200, 300, "up")]
    assert rows(engine, "SELECT monitor, who, attribution, scope, value, points, changes FROM series "
                        "ORDER BY monitor, COALESCE(scope, '')") == [
        ("s2-only", "civilians", None, "s2", 50, 2, 0),
        ("ukraine", "civilians", "UN", None, 300, 3, 2),
        ("ukraine", "civilians", None, "s2", 50, 2, 0)]

    # an older report found late is a point, not a change; a newer one that repeats the value is no change
    run2 = record(engine, [page("late", "Ukraine: a report from before.", T0 + timedelta(hours=12), figure(90)),
                           page("same", "Ukraine: still 300.", T0 + timedelta(days=5), figure(300))])
    assert update(engine, [ukraine], run2).changes == {"ukraine": 0}
    assert rows(engine, "SELECT value, points, changes, url FROM series WHERE monitor = 'ukraine' AND "
                        "attribution = 'UN'") == [(300, 5, 2, "https://e.org/same")]
    # a correction downward in a new version of an article: reported when it was fetched
    run3 = record(engine, [page("same", "Ukraine: corrected to 280.", T0 + timedelta(days=5), figure(280))])
    assert update(engine, [ukraine], run3).changes == {"ukraine": 1}
    assert rows(engine, "SELECT old_value, new_value, direction, old_url, url FROM series_changes "
                        "WHERE run_id = :r", r=run3) == [(300, 280, "down", "https://e.org/same", "https://e.org/same")]

    # idempotent: running again for the same runs adds nothing
    state = rows(engine, "SELECT (SELECT count(*) FROM monitor_articles), (SELECT count(*) FROM monitor_points), "
                         "(SELECT count(*) FROM monitor_changes)")
    for run in (run1, run2, run3):
        update(engine, [ukraine, only_s2], run)
    assert rows(engine, "SELECT (SELECT count(*) FROM monitor_articles), (SELECT count(*) FROM monitor_points), "
                        "(SELECT count(*) FROM monitor_changes)") == state == [(8, 10, 3)]

    # rebuilding from all history in report order: the late report now sits between day 0.5 and day 1
    from scheduler.monitors import rebuild
    config = parse_config('[[sources]]\nname = "s1"\nfeed = "https://e.org/f"\n', None)
    rebuilt = rebuild(replace(config, monitors=(ukraine,)), engine)
    assert rebuilt.changes == {"ukraine": 4}
    assert rows(engine, "SELECT old_value, new_value FROM series_changes ORDER BY reported_at") == [
        (90, 100), (100, 200), (200, 300), (300, 280)]
    assert rows(engine, "SELECT DISTINCT monitor FROM monitor_series") == [("ukraine",)]
    engine.dispose()


def test_chart_axes() -> None:
    from collections import namedtuple

    from scheduler.chart import build_figure

    P = namedtuple("P", "series_id who attribution scope source value reported_at")
    points = [P(1, "civilians", "UN", None, "aa-en", 726, T0), P(1, "civilians", "UN", None, "un-news", 816,
                                                                  T0 + timedelta(days=2)),
              P(2, None, None, "bbc", "bbc", 120, T0 + timedelta(days=1)), P(2, None, None, "bbc", "bbc", 110,
                                                                            T0 + timedelta(days=3))]
    figure_ = build_figure("hatay-quake", "killed", points)
    axes = figure_.axes[0]
    assert axes.get_title() == "hatay-quake: killed, as reported"
    assert axes.get_xlabel() == "report time (UTC)" and axes.get_ylabel() == "killed (reported)"
    assert [t.get_text() for t in axes.get_legend().get_texts()] == ["UN (civilians) — aa-en, un-news",
                                                                     "unattributed — bbc"]
    assert len(axes.get_lines()) == 4 and axes.get_ylim()[0] == 0 and axes.get_ylim()[1] >= 816  # steps, markers
    assert tuple(figure_.get_size_inches() * figure_.dpi) == (1200, 675)



def chart_points_of(*series: tuple[int, str | None, list[tuple[int, datetime]]]) -> list[Any]:
    """Points as `storage.monitors.chart_points` returns them (read-only database rows): per series id,
    attribution and reports."""
    from sqlalchemy import DateTime, create_engine, text

    engine = create_engine("sqlite://")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE p (n INTEGER PRIMARY KEY, series_id INTEGER, who TEXT, attribution TEXT, "
                          "scope TEXT, source TEXT, value INTEGER, reported_at TIMESTAMP)"))
        conn.execute(text("INSERT INTO p (series_id, attribution, source, value, reported_at) "
                          "VALUES (:sid, :voice, 'aa-en', :value, :when)"),
                     [{"sid": sid, "voice": voice, "value": value, "when": when} for sid, voice, reports in series
                      for value, when in reports])
        return conn.execute(text("SELECT series_id, who, attribution, scope, source, value, reported_at FROM p "
                                 "ORDER BY n").columns(reported_at=DateTime)).all()


def test_chart_window_is_the_story_s_active_period_and_carries_earlier_values_in() -> None:
    """An article from years before that matched a keyword does not stretch the chart: the default window
    starts after the last 30-day gap, and a series reported before it enters it at the value it had."""
    from matplotlib.dates import date2num

    from scheduler.chart import active_since, build_figure, window

    old = T0 - timedelta(days=900)
    points = chart_points_of((1, "UN", [(5, old), (726, T0), (816, T0 + timedelta(days=2))]),
                             (2, "AFAD", [(100, old)]), (3, "BBC", [(120, T0 + timedelta(days=1))]))
    assert active_since(points) == T0
    drawn, start = window(points, T0 - timedelta(days=1))
    assert start == T0 - timedelta(days=1)
    assert [(p.series_id, p.value, p.reported_at) for p in drawn] == [
        (1, 5, start), (1, 726, T0), (1, 816, T0 + timedelta(days=2)), (3, 120, T0 + timedelta(days=1))]
    axes = build_figure("hatay-quake", "killed", drawn, start).axes[0]
    assert axes.get_xlim()[0] >= date2num(start) - 1  # not 900 days back
    assert axes.get_title().endswith(f"since {start:%Y-%m-%d %H:%M} UTC")
    assert window(points, None) == (points, None) and active_since(points[1:2] + points[4:]) is None


def test_chart_labels_new_values_and_keeps_its_legend_off_the_data() -> None:
    from scheduler.chart import build_figure

    points = chart_points_of((1, "UN", [(726, T0), (726, T0 + timedelta(hours=6)), (1200, T0 + timedelta(days=2))]),
                             (2, None, [(3, T0 + timedelta(days=1))]))
    figure_ = build_figure("hatay-quake", "killed", points)
    axes = figure_.axes[0]
    assert sorted(t.get_text() for t in axes.texts) == ["1,200", "3", "726"]  # the repeated 726 once
    figure_.canvas.draw()
    assert axes.get_legend().get_window_extent().y1 <= axes.get_window_extent().y0  # below the plot
    assert axes.get_ylim()[1] >= 1200 * 1.1  # room above the highest label

# --- monitors filled from the stored history ----------------------------------------------------------------

HATAY = '[[monitors]]\nname = "hatay-quake"\nkeywords = {keywords}\nnotify = {notify}\n'
KABUL = '[[monitors]]\nname = "kabul-floods"\nkeywords = ["Kabul"]\nsources = ["outlet-b"]\n'


def fill_lines(output: str) -> list[str]:
    """The lines a command printed about monitors it filled."""
    return [line for line in output.splitlines() if line.startswith("monitor ")]


def own_rows(engine: Engine, monitor: str) -> list[tuple]:
    """A monitor's matches, series, points and changes with their ids: equal lists mean it was left alone."""
    return rows(engine, "SELECT 'article', id, version_id FROM monitor_articles WHERE monitor = :m UNION ALL "
                        "SELECT 'series', id, points FROM monitor_series WHERE monitor = :m UNION ALL "
                        "SELECT 'point', p.id, p.value FROM monitor_points p JOIN monitor_series s "
                        "ON s.id = p.series_id WHERE s.monitor = :m UNION ALL "
                        "SELECT 'change', c.id, c.new_value FROM monitor_changes c JOIN monitor_series s "
                        "ON s.id = c.series_id WHERE s.monitor = :m ORDER BY 1, 2", m=monitor)


def test_added_and_changed_monitors_fill_from_the_history_at_the_next_crawl(
        site: FixtureSite, db_url: str, webhook: Webhook, tmp_path: Path) -> None:
    engine = open_database(db_url)
    news = Newsroom(site)

    def crawl(*monitors: str) -> list[str]:
        (tmp_path / "tollwatch.toml").write_text(config_toml(site.url, db_url, sources=sources_toml(site),
                                                             extra="\n".join(monitors)))
        result = run_cli("crawl", cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr, result.stderr
        return fill_lines(result.stdout)

    # history stored before the monitor exists: a change of outlet-c's own toll among it
    news.post("a", "a1", "Earthquake: UN counts the dead", UN_726, T0)
    news.post("b", "b1", "Hatay earthquake: rescue continues", LOCAL_350, T0 + timedelta(hours=3))
    news.post("b", "kabul", "Floods in Kabul", KABUL_40, T0 + timedelta(hours=4))
    news.post("c", "c1", "Quake toll climbs", TOLL_120, T0 + timedelta(days=1, hours=-1))
    assert crawl(KABUL) == []  # nothing was stored before: nothing to tell
    news.post("c", "c1", "Quake toll climbs", TOLL_110, T0 + timedelta(days=1, hours=-1))
    assert crawl(KABUL) == []
    kabul = own_rows(engine, "kabul-floods")
    assert kabul and rows(engine, "SELECT count(*) FROM monitor_notifications") == [(0,)]

    # the monitor is added, and the same crawl brings real news for it: the history is filled first and not
    # alerted, the crawl's own change is
    hatay = HATAY.format(keywords='["Hatay", "Antakya"]', notify=json.dumps([webhook.url]))
    news.post("a", "a2", "Earthquake: the toll rises", UN_816, T0 + timedelta(days=2, hours=5, minutes=2))
    assert crawl(KABUL, hatay) == [
        "monitor hatay-quake: filled from 5 stored article versions (4 matching): 4 points, 3 series"]
    run = rows(engine, "SELECT max(id) FROM crawl_runs")[0][0]
    assert rows(engine, "SELECT attribution, scope, old_value, new_value, run_id FROM series_changes "
                        "WHERE monitor = 'hatay-quake' ORDER BY change_id") == [
        (None, "outlet-c", 120, 110, None), ("UN", None, 726, 816, run)]
    assert rows(engine, "SELECT monitor, run_id, changes FROM monitor_notifications") == [("hatay-quake", run, 1)]
    assert len(webhook.received) == 1 and "726 → 816" in webhook.received[0]["message"]
    assert "120 → 110" not in webhook.received[0]["message"]
    assert own_rows(engine, "kabul-floods") == kabul

    # nothing new on the site: the changed monitor is rebuilt (its old series gone), the new one filled, the
    # other one left alone, nothing alerted
    floods = '[[monitors]]\nname = "floods"\nkeywords = ["floods"]\n'
    assert crawl(KABUL, HATAY.format(keywords='["Kabul"]', notify="[]"), floods) == [
        "monitor hatay-quake: keywords or sources changed; filled again from 6 stored article versions "
        "(1 matching): 1 point, 1 series",
        "monitor floods: filled from 6 stored article versions (1 matching): 1 point, 1 series"]
    assert rows(engine, "SELECT DISTINCT a.url FROM monitor_articles m JOIN articles a ON a.id = m.article_id "
                        "WHERE m.monitor IN ('hatay-quake', 'floods')") == [(news.url("kabul"),)]
    assert rows(engine, "SELECT monitor, value, changes FROM series WHERE monitor <> 'kabul-floods' "
                        "ORDER BY monitor") == [("floods", 40, 0), ("hatay-quake", 40, 0)]
    assert own_rows(engine, "kabul-floods") == kabul
    assert rows(engine, "SELECT count(*) FROM monitor_notifications") == [(1,)]

    # once filled, never again: keyword order, case and spacing, and notify, do not change a definition
    before = [own_rows(engine, m) for m in ("kabul-floods", "hatay-quake", "floods")]
    assert crawl(floods, HATAY.format(keywords='["KABUL ", "kabul"]', notify=json.dumps([webhook.url])),
                 KABUL) == []
    assert [own_rows(engine, m) for m in ("kabul-floods", "hatay-quake", "floods")] == before
    assert rows(engine, "SELECT monitor, definition FROM monitor_definitions ORDER BY monitor") == [
        ("floods", '{"keywords":["floods"],"sources":[]}'), ("hatay-quake", '{"keywords":["kabul"],"sources":[]}'),
        ("kabul-floods", '{"keywords":["kabul"],"sources":["outlet-b"]}')]
    engine.dispose()


def test_daemon_fills_monitors_at_start_and_on_reload(site: FixtureSite, sqlite_url: str, tmp_path: Path,
                                                       daemons: list[Daemon]) -> None:
    news = Newsroom(site)
    news.post("a", "a1", "Earthquake: UN counts the dead", UN_726, T0)
    news.post("b", "b1", "Hatay earthquake: rescue continues", LOCAL_350, T0 + timedelta(hours=3))
    news.post("c", "c1", "Quake toll climbs", TOLL_120, T0 + timedelta(days=1, hours=-1))
    config = tmp_path / "tollwatch.toml"
    config.write_text(config_toml(site.url, sqlite_url, sources=sources_toml(site)))
    assert run_cli("crawl", cwd=tmp_path).returncode == 0  # the sources' next runs are 15 minutes away

    config.write_text(config_toml(site.url, sqlite_url, sources=sources_toml(site),
                                  extra=HATAY.format(keywords='["Hatay"]', notify="[]")))
    daemon = Daemon(tmp_path)
    daemons.append(daemon)
    wait_for(lambda: "monitor hatay-quake: filled" in daemon.log, 30, "the monitor to be filled")
    assert "INFO monitor hatay-quake: filling from 3 stored article versions\n" in daemon.log
    assert ("INFO monitor hatay-quake: filled from 3 stored article versions (3 matching): 3 points, 3 series"
            in daemon.log)
    engine = open_database(sqlite_url)
    assert rows(engine, "SELECT count(*), count(run_id) FROM monitor_articles") == [(3, 0)]
    assert rows(engine, "SELECT count(*) FROM crawl_runs") == [(1,)]  # filled from the history, not a crawl

    config.write_text(config.read_text() + '\n[[monitors]]\nname = "un"\nkeywords = ["UN"]\n')
    daemon.signal(signal.SIGHUP)
    wait_for(lambda: "monitor un: filled" in daemon.log, 30, "the added monitor to be filled")
    assert "monitor un: filled from 3 stored article versions (1 matching): 1 point, 1 series" in daemon.log
    assert daemon.log.count("monitor hatay-quake: fill") == 2  # its "filling" and "filled" lines, once
    assert rows(engine, "SELECT monitor, count(*) FROM monitor_articles GROUP BY monitor ORDER BY monitor") == [
        ("hatay-quake", 3), ("un", 1)]
    daemon.signal(signal.SIGTERM)
    assert daemon.wait(30) == 0
    engine.dispose()


def test_two_processes_fill_a_monitor_once(db_url: str) -> None:
    from scheduler.monitors import fill_monitors

    first, second = open_database(db_url), open_database(db_url)
    record(first, [PageRecord(url=f"https://e.org/{n}", source="s1", text=f"Ukraine: report {n}.", title=None,
                              published_at=T0 + timedelta(days=n), figures=[figure(100 + n)]) for n in range(2)])
    config = parse_config('[[sources]]\nname = "s1"\nfeed = "https://e.org/f"\n'
                          '[[monitors]]\nname = "ukraine"\nkeywords = ["Ukraine"]\n', None)
    started, reports = threading.Event(), []

    def slowly(monitor: str, done: int, total: int) -> None:
        if done == 0:  # holding the monitors' lock
            started.set()
            time.sleep(1)

    filling = threading.Thread(target=fill_monitors, args=(config, first, reports.append, slowly))
    filling.start()
    assert started.wait(30)
    fill_monitors(config, second, reports.append)  # waits for the lock, then finds the monitor filled
    filling.join()
    assert reports == ["monitor ukraine: filled from 2 stored article versions (2 matching): 2 points, 1 series"]
    assert rows(first, "SELECT count(*) FROM monitor_articles") == [(2,)]
    assert rows(first, "SELECT old_value, new_value, run_id FROM series_changes") == [(100, 101, None)]
    first.dispose()
    second.dispose()


def test_a_crawl_without_a_monitor_or_with_another_definition_makes_it_fill_again(db_url: str) -> None:
    from scheduler.monitors import fill_monitors

    engine = open_database(db_url)
    sources = '[[sources]]\nname = "s1"\nfeed = "https://e.org/f"\n'
    config = parse_config(sources + '[[monitors]]\nname = "ukraine"\nkeywords = ["Ukraine"]\n', None)
    other = parse_config(sources + '[[monitors]]\nname = "ukraine"\nkeywords = ["Kyiv"]\n', None)
    without = parse_config(sources, None)
    reports: list[str] = []

    def crawl(n: int, monitors: Any) -> int:
        run_id = record(engine, [PageRecord(url=f"https://e.org/{n}", source="s1", text=f"Ukraine, Kyiv: report {n}.",
                                            title=None, published_at=T0 + timedelta(days=n), figures=[figure(n)])])
        after_crawl(monitors, engine, run_id)
        return run_id

    crawl(1, config)
    fill_monitors(config, engine, reports.append)
    assert reports == ["monitor ukraine: filled from 1 stored article version (1 matching): 1 point, 1 series"]
    after_crawl(without, engine, start_run(engine, ["s1"]))  # a crawl that stored nothing misses nothing
    fill_monitors(config, engine, reports.append)
    crawl(2, config)
    assert len(reports) == 1 and rows(engine, "SELECT count(*) FROM monitor_articles") == [(2,)]

    crawl(3, without)  # version 3 was not matched: the monitor's rows are incomplete, so filled again
    fill_monitors(config, engine, reports.append)
    assert reports[1:] == ["monitor ukraine: filled from 3 stored article versions (3 matching): 3 points, 1 series"]
    crawl(4, other)  # not updated with another definition's matches; filled again
    assert rows(engine, "SELECT count(*) FROM monitor_articles") == [(3,)]
    fill_monitors(config, engine, reports.append)
    assert reports[2:] == ["monitor ukraine: filled from 4 stored article versions (4 matching): 4 points, 1 series"]
    assert rows(engine, "SELECT count(*), count(run_id) FROM monitor_articles") == [(4, 0)]
    engine.dispose()


def test_monitor_definitions_ignore_order_case_spacing_and_notify() -> None:
    from storage.monitor_definitions import definition

    assert definition(Monitor("m", ("Kyiv", "New  York"), ("s2", "s1"), ("json://127.0.0.1:1/x",))) == \
        definition(Monitor("m", ("new york", "KYIV", "Kyiv"), ("s1", "s2"))) == \
        '{"keywords":["kyiv","new york"],"sources":["s1","s2"]}'
    assert definition(Monitor("m", ("Kyiv",))) != definition(Monitor("m", ("Kyiv",), ("s1",)))
    assert definition(Monitor("m", ("Kyiv",))) != definition(Monitor("m", ("Kyiv", "Odesa")))
    # "İ" lowers to two characters, which matching does not do: kept as written
    assert definition(Monitor("m", ("İzmir",))) != definition(Monitor("m", ("i\u0307zmir",)))
