"""`tollwatch serve`: the database through Datasette, read-only, with search, canned queries and dashboards."""
from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import sqlite3
import subprocess
import time
import urllib.request
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

from scheduler.config import parse_config
from scheduler.dashboards import escaped, link, table_query
from scheduler.monitors import Monitor
from scheduler.serve import QUERIES, datasette, is_local, monitors_in, served_file
from storage.db import open_database
from storage.monitors import lock, update_monitors
from storage.recorder import PageRecord, Recorder, start_run, utcnow
from storage.schema_docs import relations
from tests.conftest import run_cli

T0 = datetime(2026, 3, 16, 9, 0)
HOSTILE = "<script>alert(1)</script>"


def figure(value: int, sentence: str, attribution: str | None = "UN") -> dict[str, Any]:
    return {"category": "killed", "value": value, "low": None, "high": None, "vague": False, "qualifier": "exact",
            "who": "civilians", "where": None, "attribution": attribution, "cumulative": True, "role": "total",
            "sentence": sentence}


def build(path: Path) -> dict[str, Any]:
    """A database with three reports of a story (one from years before), a hostile title and sentence, and
    the monitor `quake` filled; the config naming it."""
    url = f"sqlite:///{path}"
    engine = open_database(url)
    run_id = start_run(engine, ["wire"])
    recorder = Recorder(engine, run_id, {"wire": ("feed", "https://wire.example/feed")})
    pages = [("old", "Quake anniversary: 9 died then.", T0 - timedelta(days=900), 9, "The 2023 quake in Hatay killed 9."),
             ("a1", "Hatay quake", T0, 726, "At least 726 civilians were killed in Hatay, the UN said."),
             ("a2", f"Hatay quake {HOSTILE}", T0 + timedelta(days=2), 816,
              f"The UN now counts 816 civilians killed in Hatay {HOSTILE}.")]
    for slug, title, published, value, sentence in pages:
        recorder.record_page(PageRecord(url=f"https://wire.example/{slug}", source="wire", title=title,
                                        text=f"{title}. {sentence}", published_at=published,
                                        figures=[figure(value, sentence)]))
    with engine.begin() as conn:
        lock(conn)
        update_monitors(conn, [Monitor("quake", ("Hatay",))], run_id, utcnow())
    engine.dispose()
    toml = f'[database]\nurl = "{url}"\n\n[[sources]]\nname = "wire"\nfeed = "https://wire.example/feed"\n\n' \
           '[[monitors]]\nname = "quake"\nkeywords = ["Hatay"]\n'
    (path.parent / "tollwatch.toml").write_text(toml)
    return {"config": parse_config(toml, path.parent / "tollwatch.toml")}


def served_monitors(path: Path, config: Any) -> dict[str, datetime | None]:
    """What `tollwatch serve` passes on: the monitors and their charts' default windows."""
    engine = open_database(f"sqlite:///{path}", create=False)
    try:
        return monitors_in(engine, config)
    finally:
        engine.dispose()


def counts(path: Path) -> tuple[int, ...]:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM article_versions), "
                            "(SELECT count(*) FROM figures), (SELECT count(*) FROM series_points)").fetchone()


@pytest.fixture()
def served(tmp_path: Path) -> tuple[Any, Path]:
    path = tmp_path / "tollwatch.db"
    config = build(path)["config"]
    ds = datasette(path, served_monitors(path, config))
    asyncio.run(ds.invoke_startup())
    return ds, path


def get(ds: Any, url: str) -> Any:
    return asyncio.run(ds.client.get(url))


def test_every_page_answers_and_describes_what_it_shows(served: tuple[Any, Path]) -> None:
    ds, _ = served
    front = get(ds, "/")
    assert front.status_code == 302 and front.headers["location"] == "/-/dashboards/overview"
    pages = ["/tollwatch", "/-/dashboards", "/-/dashboards/overview", "/-/dashboards/sources",
             "/-/dashboards/monitor-quake?monitor=quake&category=killed&since=2026-03-16"]
    pages += [f"/tollwatch/{name}" for name in relations()]
    pages += [f"/tollwatch/{name}" + ("?q=Hatay" if name == "search_evidence" else "") for name in QUERIES]
    for page in pages:
        response = get(ds, page)
        assert response.status_code == 200, (page, response.status_code, response.text[:300])
    figures_page = get(ds, "/tollwatch/figures").text
    assert relations()["figures"].summary.split("`")[0][:40] in figures_page
    last = ds.plugin_config("datasette-dashboards")["sources"]["charts"]["last"]["query"]
    assert [(row["source"], row["status"], row["pages"]) for row in get(
        ds, "/tollwatch.json?" + urlencode({"sql": last, "_shape": "objects"})).json()["rows"]] == [
        ("wire", "running", "article 3")]
    facets = get(ds, "/tollwatch/figures.json").json()["facet_results"]
    assert {name: [(f["value"], f["count"]) for f in facet["results"]] for name, facet in facets.items()
            if facet["results"]} == {"category": [("killed", 3)], "attribution": [("UN", 3)],
                                     "who": [("civilians", 3)]}


def test_search_finds_evidence_sentences_and_article_text(served: tuple[Any, Path]) -> None:
    ds, path = served
    found = get(ds, "/tollwatch/figures.json?_search=UN+counts&_shape=objects").json()["rows"]
    assert [row["value"] for row in found] == [816]
    canned = get(ds, "/tollwatch/search_evidence.json?q=civilians+Hatay&_shape=objects").json()["rows"]
    assert sorted(row["value"] for row in canned) == [726, 816]
    texts = get(ds, "/tollwatch/article_versions.json?_search=anniversary&_shape=objects").json()["rows"]
    assert [row["title"] for row in texts] == ["Quake anniversary: 9 died then."]
    # the storage layer keeps the index current: a deleted version leaves it, and the index stays whole
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("DELETE FROM article_versions WHERE title LIKE 'Quake anniversary%'")
        conn.execute("UPDATE figures SET sentence = 'Rescuers counted 726 dead.' WHERE value = 726")
        for index in ("figures_search", "versions_search"):
            conn.execute(f"INSERT INTO {index}({index}) VALUES ('integrity-check')")
        assert conn.execute("SELECT count(*) FROM versions_search WHERE versions_search MATCH 'anniversary'"
                            ).fetchone() == (0,)
        assert conn.execute("SELECT rowid FROM figures_search WHERE figures_search MATCH 'rescuers'").fetchall() \
            == conn.execute("SELECT id FROM figures WHERE value = 726").fetchall()


def test_nothing_can_be_written_through_the_view(served: tuple[Any, Path]) -> None:
    ds, path = served
    before = counts(path)
    for sql in ("DELETE FROM figures", "UPDATE articles SET title = 'x'", "DROP TABLE figures",
                "ATTACH DATABASE 'x.db' AS x", "PRAGMA query_only = 0"):
        response = get(ds, "/tollwatch.json?" + urlencode({"sql": sql}))
        assert response.status_code >= 400 or response.json().get("ok") is False, sql
    # SQLite's own limits, as for `tollwatch sql`: a value of at most 16 MB
    huge = get(ds, "/tollwatch.json?" + urlencode({"sql": "SELECT length(randomblob(20000000)) AS n"}))
    assert huge.status_code >= 400 and "too big" in huge.text
    assert get(ds, "/tollwatch.json?" + urlencode({"sql": "SELECT length(randomblob(1000)) AS n", "_shape": "array"}
                                                  )).json() == [{"n": 1000}]
    post = asyncio.run(ds.client.post("/tollwatch/current_tolls", data={"sql": "DELETE FROM figures"}))
    assert post.status_code >= 400
    assert counts(path) == before
    assert all(not q.get("write") for q in QUERIES.values())


def test_the_monitor_dashboard_draws_its_series_over_the_active_period(served: tuple[Any, Path]) -> None:
    ds, path = served
    boards = ds.plugin_config("datasette-dashboards")
    board = boards["monitor-quake"]
    assert board["filters"]["since"]["default"] == "2026-03-16"  # not 900 days back
    toll = board["charts"]["toll"]
    # as the plugin runs it: the optional part kept with its parameter, data from Datasette's JSON API
    sql = toll["query"].replace("[[", "").replace("]]", "")
    params = {"sql": sql, "monitor": "quake", "category": "killed", "since": "2026-03-16", "_shape": "objects"}
    rows = get(ds, "/tollwatch.json?" + urlencode(params)).json()["rows"]
    assert [(row["value"], row["series"]) for row in rows] == [(726, "UN (civilians) — wire"),
                                                              (816, "UN (civilians) — wire")]
    layers = toll["display"]["layer"]
    assert layers[0]["mark"]["interpolate"] == "step-after" and layers[1]["mark"]["type"] == "text"
    # the tables below: stored text reaches the page's HTML escaped
    changes = board["charts"]["changes"]["query"]
    out = get(ds, "/tollwatch.json?" + urlencode({"sql": changes, "monitor": "quake", "category": "killed",
                                                   "_shape": "objects"})).json()["rows"]
    assert sorted((row["from"], row["to"]) for row in out) == [("726", "816"), ("9", "726")]
    hostile = next(row for row in out if row["to"] == "816")
    assert "&lt;script&gt;" in hostile["sentence"] and "<script>" not in json.dumps(out)
    assert hostile["detected"].endswith("Z") and "T" in hostile["detected"]
    assert hostile["article"] == ('<a href="https://wire.example/a2">https://wire.example/a2</a> '
                                  f'(<a href="/tollwatch/articles/{hostile_article(path)}">versions</a>)')
    empty = get(ds, "/tollwatch.json?" + urlencode({"sql": table_query([(escaped("monitor"), "m")],
                                                                       "FROM series WHERE 0", "nothing yet"),
                                                    "_shape": "objects"})).json()
    assert empty["rows"] == [{"m": "nothing yet"}]


def test_a_database_file_of_any_name_is_served_under_one_name(tmp_path: Path) -> None:
    path = tmp_path / "my news#1 %41?.db"
    monitors = served_monitors(path, build(path)["config"])
    with served_file(path) as link:
        ds = datasette(link, monitors)
        asyncio.run(ds.invoke_startup())
        toll = ds.plugin_config("datasette-dashboards")["monitor-quake"]["charts"]["toll"]
        # the chart's data URL as the dashboards plugin's script builds it: `${chart.db}.json?sql=...`, unencoded
        params = {"sql": toll["query"].replace("[[", "").replace("]]", ""), "monitor": "quake",
                  "category": "killed", "since": "2026-03-16", "_shape": "objects"}
        rows = get(ds, f"/{toll['db']}.json?" + urlencode(params)).json()["rows"]
        assert [row["value"] for row in rows] == [726, 816]
        assert get(ds, f"/tollwatch/articles/{hostile_article(path)}").status_code == 200
        for db in ds.databases.values():
            db.close()
    assert not link.exists() and path.exists()


def hostile_article(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT id FROM articles WHERE url LIKE '%/a2'").fetchone()[0]


def test_table_cells_are_safe_html_whatever_the_stored_text() -> None:
    """Cells of the dashboards' tables go into the page as HTML: text is escaped, and only http(s) URLs
    become links."""
    with sqlite3.connect(":memory:") as conn:
        def cell(sql: str, **values: object) -> str:
            return conn.execute(f"SELECT {sql} FROM (SELECT :url AS url, :id AS article_id, :text AS t)",
                                {"url": None, "id": 1, "text": None, **values}).fetchone()[0]

        assert cell(escaped("t"), text='<img src=x onerror="alert(1)">&') == \
            "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;"
        assert cell(escaped("t")) == ""
        assert "<a href" not in cell(link("url", "article_id", "db"), url="javascript:alert(1)").split(" (")[0]
        assert cell(link("url", "article_id", "db"), url='https://e.org/"><script>', id="1 OR 1") \
            .startswith('<a href="https://e.org/&quot;&gt;&lt;script&gt;">')


def test_host_is_local_only_for_loopback_names() -> None:
    assert is_local("127.0.0.1") and is_local("::1") and is_local("localhost") and is_local("127.0.0.2")
    assert not is_local("0.0.0.0") and not is_local("192.168.1.10") and not is_local("example.org")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_serve_runs_as_a_command_while_the_database_is_written(tmp_path: Path) -> None:
    """The real command: it answers on its port, a writer is not locked out meanwhile, SIGTERM ends it."""
    path = tmp_path / "crawl #2 %41.db"  # served as written, under the name tollwatch
    build(path)
    port = free_port()
    tollwatch = Path(os.environ.get("VIRTUAL_ENV", Path(__import__("sys").executable).parent.parent)) / "bin" / \
        "tollwatch"
    # on every interface, as --host allows (with a warning), still answering on 127.0.0.1
    server = subprocess.Popen([str(tollwatch), "serve", "--host", "0.0.0.0", "--port", str(port)], cwd=tmp_path,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/tollwatch/series.json?_shape=objects",
                                            timeout=5) as answer:
                    rows = json.loads(answer.read())["rows"]
                break
            except OSError:
                assert server.poll() is None, server.communicate()
                assert time.monotonic() < deadline, "serve did not answer"
                time.sleep(0.1)
        assert [row["value"] for row in rows] == [816]
        with sqlite3.connect(path, timeout=1) as conn:  # a crawl's write is not locked out by the view
            conn.execute("UPDATE articles SET title = 'updated' WHERE url LIKE '%a1'")
        # ... and the view, reading through its link, sees it (the file's own WAL, not one beside the link)
        query = urlencode({"sql": "SELECT title FROM articles WHERE url LIKE '%a1'", "_shape": "objects"})
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/tollwatch.json?{query}", timeout=5) as answer:
            assert json.loads(answer.read())["rows"] == [{"title": "updated"}]
    finally:
        server.send_signal(signal.SIGTERM)
        out, err = server.communicate(timeout=30)
    assert "serving" in err and "Traceback" not in err
    assert "warning: serving on 0.0.0.0: anyone who can reach this port can read the whole database" in err


def test_serve_refuses_what_it_cannot_serve(tmp_path: Path) -> None:
    build(tmp_path / "a.db")
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    cases = [(("--database", "postgresql+psycopg://postgres@127.0.0.1/test", "serve"), "SQLite databases only"),
             (("--database", f"sqlite:///{tmp_path / 'missing.db'}", "serve"), "does not exist"),
             (("--database", f"sqlite:///{tmp_path / 'a.db'}", "serve", "--port", "0"), "not a port number"),
             (("--database", f"sqlite:///{tmp_path / 'a.db'}", "serve", "--port", str(taken.getsockname()[1])),
              "Address already in use"),
             (("--database", f"sqlite:///{tmp_path / 'a.db'}", "serve", "--host", "no.such.host.invalid"),
              "cannot listen on no.such.host.invalid:8001")]
    (tmp_path / "tollwatch.toml").write_text('[[sources]]\nname = "s"\nfeed = "https://e.org/f"\n')
    for argv, message in cases:
        result = run_cli(*argv, cwd=tmp_path)
        assert result.returncode == 2, (argv, result.stderr)
        assert message in result.stderr and "Traceback" not in result.stderr, result.stderr
    taken.close()


def test_the_monitor_page_holds_the_series_of_a_crawled_site(site: Any, tmp_path: Path) -> None:
    """A real crawl of three local outlets, then the view: the monitor's chart data are the reported tolls."""
    from scheduler.crawl import run_crawl
    from tests.site import config_toml
    from tests.test_monitors import LOCAL_350, TOLL_120, UN_726, Newsroom, monitors_toml, sources_toml

    path = tmp_path / "tollwatch.db"
    toml = config_toml(site.url, f"sqlite:///{path}", sources=sources_toml(site), extra=monitors_toml())
    config = parse_config(toml, tmp_path / "tollwatch.toml")
    news = Newsroom(site)
    news.post("a", "a1", "Earthquake: UN counts the dead", UN_726, T0)
    news.post("b", "b1", "Hatay earthquake: rescue continues", LOCAL_350, T0 + timedelta(hours=3))
    news.post("c", "c1", "Quake toll climbs", TOLL_120, T0 + timedelta(days=1))
    engine = open_database(f"sqlite:///{path}")
    assert run_crawl(config, engine, config.sources).status == "ok"
    engine.dispose()
    ds = datasette(path, served_monitors(path, config))
    asyncio.run(ds.invoke_startup())
    board = ds.plugin_config("datasette-dashboards")["monitor-hatay-quake"]
    sql = board["charts"]["toll"]["query"].replace("[[", "").replace("]]", "")
    params = {"sql": sql, "monitor": "hatay-quake", "category": "killed",
              "since": board["filters"]["since"].get("default") or "2000-01-01", "_shape": "objects"}
    rows = get(ds, "/tollwatch.json?" + urlencode(params)).json()["rows"]
    assert sorted((row["series"], row["value"], row["label"]) for row in rows) == [
        ("UN (civilians) — outlet-a", 726, 726), ("local officials (people) — outlet-b", 350, 350),
        ("unattributed [outlet-c] — outlet-c", 120, 120)]
    assert get(ds, "/-/dashboards/monitor-hatay-quake?monitor=hatay-quake&category=killed").status_code == 200
