"""Refresh `autoconsent_selectors.txt`, the consent-platform selectors of the markup layer, from the npm
package @duckduckgo/autoconsent (MPL-2.0).

Run from the repository root: `.venv/bin/python -m crawler.extraction.autoconsent_refresh [--version V]
[--tarball FILE]`. Without --tarball it fetches the package with `npm pack`. It takes autoconsent's rules
for every site (those without a `urlPattern`, and not for frames only): the JSON rules of
`rules/rules.json` and the rules written in code (`lib/cmps/*.ts`). A rule's banner selectors are the
elements it hides: `prehideSelectors` and its `hide` steps; a rule that hides nothing gives the popup its
`detectPopup` waits to see (`visible` steps; `elementVisible` calls in code). Selector lists are split;
a selector is kept when lxml's cssselect translates it to XPath and it names something the markup layer's
page scan reads (an id, class, role or aria-label value, or a custom element: `platform_selectors`). Dropped,
and counted in the file's header: shadow-DOM and frame chains (lists of selectors), autoconsent's `xpath/`
selectors, what cssselect cannot evaluate, and selectors found only by other attributes.
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import tarfile
import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from cssselect import HTMLTranslator, SelectorError, parse

from crawler.extraction.platform_selectors import SCANNED_ATTRIBUTES, selector_keys

PACKAGE = "@duckduckgo/autoconsent"
VERSION = "16.23.0"
DATA_FILE = Path(__file__).with_name("autoconsent_selectors.txt")
# a string literal of TypeScript ('…', "…" or `…` with ${constant} placeholders)
STRING = r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`"
HEADER = """\
# Consent-platform selectors of the markup layer (crawler/extraction/consent.py), generated from
# {package} {version} by crawler/extraction/autoconsent_refresh.py; do not edit by hand.
#
# This Source Code Form is subject to the terms of the Mozilla Public License, v. 2.0. If a copy of the
# MPL was not distributed with this file, You can obtain one at https://mozilla.org/MPL/2.0/.
# (The selectors are taken from autoconsent's rules, Copyright DuckDuckGo, Inc. and contributors; the
# package's source is on npm: `npm pack {package}@{version}`.)
#
# Rules for every site (no urlPattern, not frame-only): {rules} ({json_rules} JSON, {code_rules} code).
# Their banner selectors: {total}; kept {kept} ({share:.0%}; {distinct} distinct), dropped {dropped}: {reasons}.
# One line per selector: "<autoconsent rule name><TAB><selector>".
"""


def read_package(tarball: Path) -> dict[str, str]:
    """The text of the package's package.json, rules.json and code rules, by path inside the package."""
    with tarfile.open(tarball) as archive:
        return {member.name.removeprefix("package/"): archive.extractfile(member).read().decode("utf-8")
                for member in archive.getmembers()
                if member.isfile() and (member.name in ("package/package.json", "package/rules/rules.json")
                                        or re.fullmatch(r"package/lib/cmps/[\w-]+\.ts", member.name))}


def steps(value: Any, key: str) -> Iterator[Any]:
    """The values of every `key` in a rule's nested steps."""
    if isinstance(value, dict):
        for name, inner in value.items():
            yield from [inner] if name == key else steps(inner, key)
    elif isinstance(value, list):
        for inner in value:
            yield from steps(inner, key)


def json_rules(rules: list[dict[str, Any]]) -> Iterator[tuple[str, Any]]:
    """(rule name, selector) of the JSON rules for every site; selectors may be lists (chains)."""
    for rule in rules:
        context = rule.get("runContext") or {}
        if "urlPattern" in context or context.get("main") is False:
            continue
        hidden = [*(rule.get("prehideSelectors") or []),
                  *steps([rule.get(k) for k in ("detectCmp", "detectPopup", "optIn", "optOut")], "hide")]
        for selector in hidden or list(steps(rule.get("detectPopup"), "visible")):
            yield rule["name"], selector


def _literal(token: str, constants: dict[str, str]) -> str:
    """The value of a TypeScript string literal, placeholders filled from the file's constants."""
    if token.startswith("`"):
        return re.sub(r"\$\{(\w+)\}", lambda m: constants[m.group(1)], token[1:-1])
    return json.loads('"' + token[1:-1].replace('"', '\\"').replace("\\'", "'") + '"')


def code_rules(sources: dict[str, str]) -> Iterator[tuple[str, str]]:
    """(rule name, selector) of the rules written in code: string literals in `prehideSelectors` and
    `hide(...)`, else in the `elementVisible(...)` calls of `detectPopup`."""
    for path, code in sorted(sources.items()):
        if not path.startswith("lib/cmps/") or path.endswith(("base.ts", "all.ts")):
            continue
        name = re.search(r"\bname = (" + STRING + ")", code)
        if name is None or re.search(r"urlPattern:", code) or re.search(r"\bmain: false", code):
            continue
        constants = {m.group(1): m.group(2)[1:-1] for m in re.finditer(r"^const (\w+) = ('[^']*'|\"[^\"]*\");", code, re.M)}
        hidden = [*(m.group(1) for m in re.finditer(
                      r"prehideSelectors(?:\(\): string\[\] \{\s*return| =) \[((?:" + STRING + r"|[\s,])*)\]", code)),
                  *(m.group(1) for m in re.finditer(r"\bhide\((" + STRING + ")", code))]
        if not hidden:
            popup = re.search(r"async detectPopup\(\) \{(.*?)\n    \}", code, re.S)
            hidden = re.findall(r"elementVisible\((" + STRING + ")", popup.group(1)) if popup else []
        for group in hidden:
            for token in re.findall(STRING, group):
                yield _literal(name.group(1), {}), _literal(token, constants)


def convert(pairs: list[tuple[str, Any]]) -> tuple[list[tuple[str, str]], int, Counter]:
    """(selector, rule) lines for the selectors cssselect can evaluate (each once, with its first rule),
    how many selectors were kept before removing repeats, and the dropped ones counted by reason."""
    translator, lines, kept, dropped = HTMLTranslator(), {}, 0, Counter()
    for rule, selector in pairs:
        if not isinstance(selector, str):
            dropped["shadow-DOM or frame chains"] += 1
            continue
        if selector.startswith("xpath/"):
            dropped["XPath selectors"] += 1
            continue
        try:
            parts = parse(selector)
        except SelectorError:
            dropped["not parsed by cssselect"] += 1
            continue
        for part in parts:
            try:
                translator.selector_to_xpath(part)
            except SelectorError:
                dropped["not translated by cssselect"] += 1
                continue
            if not selector_keys(part.parsed_tree):
                dropped[f"identified only by attributes other than {', '.join(SCANNED_ATTRIBUTES)}"] += 1
                continue
            kept += 1
            lines.setdefault(part.canonical(), rule)
    return sorted(lines.items(), key=lambda item: (item[1].lower(), item[0])), kept, dropped


def refresh(tarball: Path) -> str:
    """Write the data file from the package's tarball and return its header."""
    sources = read_package(tarball)
    version = json.loads(sources["package.json"])["version"]
    rules = json.loads(sources["rules/rules.json"])["autoconsent"]
    from_json, from_code = list(json_rules(rules)), list(code_rules(sources))
    lines, kept, dropped = convert(from_json + from_code)
    total = kept + sum(dropped.values())
    header = HEADER.format(
        package=PACKAGE, version=version, rules=len({r for r, _ in from_json + from_code}),
        json_rules=len({r for r, _ in from_json}), code_rules=len({r for r, _ in from_code}), total=total,
        kept=kept, share=kept / total, distinct=len(lines), dropped=total - kept,
        reasons=", ".join(f"{count} {reason}" for reason, count in dropped.most_common()))
    DATA_FILE.write_text(header + "".join(f"{rule}\t{selector}\n" for selector, rule in lines), encoding="utf-8")
    return header


def npm_pack(version: str, directory: Path) -> Path:
    """Fetch the package's tarball with npm into a directory."""
    output = subprocess.run(["npm", "pack", f"{PACKAGE}@{version}", "--json"], cwd=directory, check=True,
                            capture_output=True, text=True).stdout
    return directory / json.loads(output)[0]["filename"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--version", default=VERSION, help=f"package version to fetch (default {VERSION})")
    parser.add_argument("--tarball", type=Path, help="the package's .tgz, instead of fetching it with npm pack")
    args = parser.parse_args()
    if args.tarball:
        print(refresh(args.tarball))
        return
    with tempfile.TemporaryDirectory() as directory:
        print(refresh(npm_pack(args.version, Path(directory))))


if __name__ == "__main__":
    main()
