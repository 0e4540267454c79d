"""`tollwatch --version`, `sources` and `schema`, through the installed command; and the schema descriptions kept in
step with the tables, the migrated views and docs/schema.md."""
from __future__ import annotations

import csv
import io
import json
from importlib.metadata import version
from pathlib import Path

import pytest
from sqlalchemy import inspect

from storage.db import open_database
from storage.recorder import finish_run, start_run
from storage.schema_docs import DOCS, descriptions, relations, updated_docs
from storage.tables import metadata
from tests.conftest import run_cli

SOURCES = """
[[sources]]
name = "wire"
feed = ["https://example.org/a.xml", "https://example.org/b.xml"]
interval = "2h"

[[sources]]
name = "maps"
sitemap = "https://example.org/news-sitemap.xml"
cron = "*/15 * * * *"

[[sources]]
name = "section"
pages = ["https://example.org/world/"]
follow = "/world/"
"""
EXPECTED = [
    {"source": "wire", "kind": "feed", "url": "https://example.org/a.xml", "urls": 2, "schedule": "2h"},
    {"source": "maps", "kind": "sitemap", "url": "https://example.org/news-sitemap.xml", "urls": 1,
     "schedule": "*/15 * * * *"},
    {"source": "section", "kind": "pages", "url": "https://example.org/world/", "urls": 1, "schedule": "15m"},
]


def write_config(tmp_path: Path, database: Path) -> None:
    (tmp_path / "tollwatch.toml").write_text(f'[database]\nurl = "sqlite:///{database}"\n{SOURCES}')


def test_version_is_the_installed_packages(tmp_path: Path) -> None:
    result = run_cli("--version", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"tollwatch {version('tollwatch')}\n"


@pytest.mark.parametrize("fmt", ["json", "csv", "table"])
def test_sources_without_a_database_lists_the_config_and_creates_nothing(tmp_path: Path, fmt: str) -> None:
    database = tmp_path / "data" / "tollwatch.db"
    database.parent.mkdir()
    write_config(tmp_path, database)
    result = run_cli("sources", "--format", fmt, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "last and next runs not shown" in result.stderr and "does not exist" in result.stderr
    assert list(database.parent.iterdir()) == []
    if fmt == "json":
        assert json.loads(result.stdout) == EXPECTED
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(result.stdout)))
        assert rows == [{k: str(v) for k, v in row.items()} for row in EXPECTED]
    else:
        header, rule, *lines = result.stdout.splitlines()
        assert header.split() == ["source", "kind", "url", "urls", "schedule"]
        assert lines[0].split() == ["wire", "feed", "https://example.org/a.xml", "2", "2h"]
        assert lines[1].split() == ["maps", "sitemap", "https://example.org/news-sitemap.xml", "1", "*/15", "*",
                                    "*", "*", "*"]
        assert lines[2].split() == ["section", "pages", "https://example.org/world/", "1", "15m"]


def test_sources_with_a_database_shows_the_last_run(tmp_path: Path) -> None:
    database = tmp_path / "tollwatch.db"
    write_config(tmp_path, database)
    engine = open_database(f"sqlite:///{database}")
    try:
        finish_run(engine, start_run(engine, ["wire"]), "ok")
        start_run(engine, ["maps"])
    finally:
        engine.dispose()
    result = run_cli("sources", "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    rows = {row["source"]: row for row in json.loads(result.stdout)}
    assert rows["wire"]["last_status"] == "ok" and rows["wire"]["last_run"].endswith("Z")
    assert rows["wire"]["next_run"] is None  # no daemon runs
    assert (rows["maps"]["last_status"], rows["maps"]["next_run"]) == ("running", "running")
    assert rows["section"]["last_run"] is None and rows["section"]["last_status"] is None


def test_schema_lists_every_table_and_view(tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    result = run_cli("schema", "--format", "json", cwd=work)
    assert result.returncode == 0, result.stderr
    assert list(work.iterdir()) == []  # no database is opened, let alone created
    listed = {row["name"]: row for row in json.loads(result.stdout)}
    assert {n for n, r in listed.items() if r["kind"] == "table"} == set(metadata.tables)
    assert {n for n, r in listed.items() if r["kind"] == "view"} == set(migrated_views(tmp_path))
    assert all(row["description"] for row in listed.values())


def test_schema_of_a_table_lists_its_columns(tmp_path: Path) -> None:
    result = run_cli("schema", "figures", "--format", "csv", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["column"] for r in rows] == [c.name for c in metadata.tables["figures"].columns]
    by_name = {r["column"]: r for r in rows}
    assert by_name["value"]["type"] == "BIGINT"
    assert "double-quote" not in by_name["where"]["description"]  # a note of the table, not of a column
    assert by_name["language"]["description"].startswith("The ISO 639-1 code")
    table = run_cli("schema", "series_changes", cwd=tmp_path)
    assert table.returncode == 0, table.stderr
    assert table.stdout.startswith("series_changes (view): Every change of every series")
    assert any(line.split()[:2] == ["old_url", "TEXT"] for line in table.stdout.splitlines())


def test_schema_of_an_unknown_table_names_the_known_ones(tmp_path: Path) -> None:
    result = run_cli("schema", "figure", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert "no table or view named 'figure'" in result.stderr and "figures, version_totals" in result.stderr


def migrated_views(tmp_path: Path) -> dict[str, list[tuple[str, str]]]:
    """Each view of a freshly migrated SQLite database: its columns and the types SQLite declares for them."""
    engine = open_database(f"sqlite:///{tmp_path / 'migrated.db'}")
    try:
        found = inspect(engine)
        return {view: [(c["name"], str(c["type"])) for c in found.get_columns(view)]
                for view in found.get_view_names()}
    finally:
        engine.dispose()


def test_every_column_is_described_exactly_once(tmp_path: Path) -> None:
    """Every column of every table and view has a description, and no description names a column that is not
    there: a new column or view without one fails here, and so does one removed or renamed."""
    data = {name: entry for group in descriptions().values() for name, entry in group.items()}
    views = migrated_views(tmp_path)
    assert set(data) == set(metadata.tables) | set(views)
    for name, table in metadata.tables.items():
        assert set(data[name]["columns"]) == {c.name for c in table.columns}, name
        assert "from" not in data[name], name
    for name, columns in views.items():
        assert list(data[name]["from"]) == [column for column, _ in columns], name
        assert set(data[name].get("columns", {})) <= set(data[name]["from"]), name
        origins = {column: origin.split(".") for column, origin in data[name]["from"].items()}
        for column, declared in columns:
            table, source = origins[column]
            assert source in metadata.tables[table].columns, (name, column)
            if declared != "NULL":  # an expression (NULLIF, COALESCE) has no declared type in SQLite
                assert declared == str(metadata.tables[table].columns[source].type), (name, column)
    for relation in relations().values():
        assert relation.summary and "\n" not in relation.summary, relation.name
        assert all(c.description for c in relation.columns), relation.name


def test_docs_schema_md_is_generated_from_the_descriptions() -> None:
    """docs/schema.md's table and view sections are what `python -m storage.schema_docs --write` makes of the
    data file: an edit to either alone fails here."""
    text = DOCS.read_text("utf-8")
    assert updated_docs(text) == text, "docs/schema.md is out of date: run python -m storage.schema_docs --write"
    for relation in relations().values():
        assert f"### `{relation.name}`" in text
