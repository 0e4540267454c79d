"""`tollwatch extract`: one page's extraction as text, JSON or JSON lines, from files, stdin and URLs."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from storage.display import CONTROL
from tests.test_daemon import cli
from tests.conftest import run_cli
from tests.site import FixtureSite

SEED = Path(__file__).parent / "fixtures" / "consent" / "aa-ukraine-turkey.html"


def test_extract_json_has_metadata_text_and_figures(tmp_path: Path) -> None:
    result = run_cli("extract", "--format", "json", str(SEED), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert {"url", "title", "published", "language", "text", "removed", "figures", "totals"} <= set(data)
    assert data["title"] == "U.S. thanks Turkey for helping Ukraine over Russian invasion"
    assert data["published"] == "2022-03-16T17:15:00+00:00"  # the page's 20:15 at +03:00, in UTC
    assert data["language"] == "en"
    assert "At least 726 civilians have been killed" in data["text"]
    assert data["totals"]["killed"]["value"] == 726


def test_extract_text_from_stdin_and_url(tmp_path: Path, site: FixtureSite) -> None:
    article = site.articles[0]  # type: ignore[attr-defined]
    result = run_cli("extract", "-", cwd=tmp_path, input=SEED.read_text())
    assert result.returncode == 0 and "1,174 injured" in result.stdout
    result = run_cli("extract", "--format", "json", site.url + article.path, cwd=tmp_path)
    data = json.loads(result.stdout)
    assert data["url"] == site.url + article.path and data["title"] == article.title
    assert "Copyright" not in data["text"]


def test_extract_jsonl_many_inputs_and_plain_text(tmp_path: Path) -> None:
    copies = []
    for n in range(3):
        copies.append(tmp_path / f"page{n}.html")
        shutil.copy(SEED, copies[-1])
    empty = tmp_path / "empty.html"
    empty.write_text("<html><body></body></html>")
    result = run_cli("extract", "--format", "jsonl", *map(str, copies), str(empty), cwd=tmp_path)
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["input"] for line in lines] == [*map(str, copies), str(empty)]
    assert [line.get("totals", {}).get("injured", {}).get("value") for line in lines] == [1174, 1174, 1174, None]
    assert lines[-1]["error"] == "no article text found"
    text = tmp_path / "story.txt"
    text.write_text("Gunmen killed 22 people and wounded 10 others in an attack on a market on Sunday.")
    result = run_cli("extract", "--input-format", "text", "--format", "json", str(text), cwd=tmp_path)
    totals = json.loads(result.stdout)["totals"]
    assert {c: t["value"] for c, t in totals.items()} == {"killed": 22, "injured": 10}
    assert totals["killed"]["figures"] == [0] and totals["killed"]["vague"] is False


def test_extract_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli("extract", "nope.html", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == "tollwatch: error: cannot read nope.html: No such file or directory"


def test_extract_escapes_control_characters_and_keeps_letters(tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    story.write_text("At least 12 people were killed in Ümraniye \x1b[2J\x1b]0;pwned\x07 on Sunday, officials "
                     "said \x9b31m, according to the report: قتلى.", encoding="utf-8")
    empty = tmp_path / "empty\x1b[2J.html"
    empty.write_text("<html><body></body></html>")
    # the commands run at once: loading the extractor is most of their time
    formats = ("text", "json", "jsonl")
    running = [cli("extract", "--input-format", "text", "--format", fmt, str(story), cwd=tmp_path) for fmt in formats]
    running += [cli("extract", "--input-format", "text", str(story), cwd=tmp_path), cli("extract", str(empty), cwd=tmp_path)]
    done = [(command.communicate(timeout=120), command.returncode) for command in running]
    for fmt, ((out, err), code) in zip(formats, done):
        assert code == 0, err
        assert not CONTROL.search(out.replace("\n", "")), fmt
        assert "Ümraniye" in out and "قتلى" in out, fmt
    assert "Ümraniye \\x1b[2J\\x1b]0;pwned\\x07 on Sunday, officials said \\x9b31m" in done[3][0][0]
    assert "\x1b]0;pwned\x07" in json.loads(done[2][0][0])["text"]  # JSON escapes: the exact text back
    assert done[4][0][1] == f"tollwatch: {tmp_path}/empty\\x1b[2J.html: no article text found\n"


def test_extract_tells_what_a_page_that_is_no_article_is(tmp_path: Path) -> None:
    outcomes = Path(__file__).parent / "fixtures" / "outcomes"
    wall, paywall = outcomes / "consent-google-en.html", outcomes / "paywall-jsonld-en.html"
    result = run_cli("extract", str(wall), cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith(f"tollwatch: {wall}: no article text found (consent wall instead of the article: ")
    result = run_cli("extract", "--format", "jsonl", str(wall), str(paywall), cwd=tmp_path)
    walled, partial = (json.loads(line) for line in result.stdout.splitlines())
    assert (walled["error"], walled["outcome"]) == ("no article text found", "consent_wall")
    assert partial["outcome"] == "partial" and "Subscribe" not in partial["text"]
    assert partial["totals"]["killed"]["value"] == 14
