"""The consent markup layer's platform selectors: taken from @duckduckgo/autoconsent's rules (with the few parts
of platforms it lacks), refreshed from the package by a script, and found through a scan of the page's id,
class, role and aria-label values that never hides a match."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path

import lxml.html
import pytest
from cssselect import parse
from trafilatura.utils import load_html

from crawler.extraction import autoconsent_refresh, consent
from crawler.extraction.consent import remove_consent_markup
from crawler.extraction.platform_selectors import selector_keys
from tests.test_consent import ARTICLE, BANNER, PLATFORMS, page

# banners of real pages (../shared/corpora) whose platforms the hand-made list before autoconsent lacked, and one
# that autoconsent lacks
REAL_BANNERS = [
    ("autoconsent:EU Cookie Law",  # zyte b0cf2bbf… (pv-magazine.com)
     '<div class="pea_cook_wrapper pea_cook_bottomcenter"><p>This website uses cookies to anonymously count visitor '
     'numbers. <a href="/privacy-policy/" id="fom">View our privacy policy.</a> <button id="pea_cook_btn" '
     'class="pea_cook_btn">×</button></p></div>', "anonymously count visitor numbers"),
    ("autoconsent:UK Cookie Consent",  # wcxb-dev 0462 (siliconangle.com)
     '<div id="catapult-cookie-bar" class=" rounded-corners drop-shadow"><h3>Cookies</h3><span class="ctcc-left-side">'
     'We employ the use of cookies. <a class="ctcc-more-info-link" href="/terms-of-use/">Find out more.</a></span>'
     '<span class="ctcc-right-side"><button id="catapultCookie">GOT IT!</button></span></div>', "We employ the use"),
    ("autoconsent:linkedin.com",  # wcxb-dev 0003
     '<div class="artdeco-global-alert artdeco-global-alert--NOTICE artdeco-global-alert--COOKIE_CONSENT" '
     'type="COOKIE_CONSENT"><section class="artdeco-global-alert__body"><h2>LinkedIn respects your privacy</h2>'
     '<p>LinkedIn and 3rd parties use essential and non-essential cookies to provide, secure, analyze and improve our '
     'Services.</p></section></div>', "respects your privacy"),
    ("cookie-notice",  # wcxb-dev 0305 (ambujayoga.com): a platform autoconsent lacks (consent_rules.txt)
     '<div id="cookie-notice" role="dialog" class="cookie-notice-hidden cookie-revoke-hidden cn-position-bottom" '
     'aria-label="Cookie Notice"><div class="cookie-notice-container"><span id="cn-notice-text" '
     'class="cn-text-container">We want to make sure you are happy at Ambuja Yoga, so we just wanted to let you '
     'know that we use cookies on our site to provide you with the best experience. If you have questions, please '
     'check out our Privacy Policy.</span><span id="cn-notice-buttons" class="cn-buttons-container"><a href="#" '
     'id="cn-accept-cookie" class="cn-set-cookie cn-button">Sounds Good</a></span></div></div>', "happy at Ambuja"),
]


@pytest.mark.parametrize(("rule", "banner", "marker"), REAL_BANNERS, ids=[r for r, _, _ in REAL_BANNERS])
def test_real_page_banners_are_removed_by_their_platform(rule: str, banner: str, marker: str) -> None:
    tree = load_html(page(banner))
    removed = remove_consent_markup(tree)
    assert [(r.layer, r.rule) for r in removed] == [("markup", rule)]
    assert marker in removed[0].text
    assert marker not in lxml.html.tostring(tree, encoding="unicode")


def test_the_page_scan_never_hides_a_platform_match() -> None:
    """Every element some platform selector matches on a page of many banners is a candidate, with the rule of
    one of the selectors that match it."""
    tree = load_html(page("".join(markup.format(BANNER) for _, markup, _ in PLATFORMS)
                          + "".join(banner for _, banner, _ in REAL_BANNERS)))
    body = consent.BODIES(tree)
    matched: dict[lxml.html.HtmlElement, set[str]] = {}
    for selector in consent.PLATFORM_SELECTORS:
        for element in consent.etree.XPath(selector.xpath)(tree, body=body):
            matched.setdefault(element, set()).add(selector.rule)
    candidates = {element: rule for element, rule in consent._candidates(tree) if rule is not None}
    assert len(matched) > len(PLATFORMS)
    assert candidates.keys() == matched.keys()
    assert all(rule in matched[element] for element, rule in candidates.items())


def test_a_platform_selector_on_the_article_itself_keeps_it() -> None:
    """Sourcepoint's `.message-overlay` is a common class name: an element holding most of the page's text is
    the article, whatever selector matches it."""
    paragraphs = ARTICLE * 3
    html = page("").replace('<div class="story-body">', '<div class="story-body message-overlay">')
    html = html.replace("".join(f"<p>{p}</p>" for p in ARTICLE), "".join(f"<p>{p}</p>" for p in paragraphs))
    tree = load_html(html)
    assert remove_consent_markup(tree) == []
    assert all(p in tree.text_content() for p in ARTICLE)


@pytest.mark.parametrize(("selector", "keys"), [
    ("#onetrust-banner-sdk", [("value", "onetrust-banner-sdk")]),
    (".cky-consent-container", [("token", "cky-consent-container")]),
    ("div[id^='sp_message_container_']", [("substring", "sp_message_container_")]),
    (".modal:has(.unic)", [("token", "modal"), ("token", "unic")]),  # the longest first: the rarest
    ("body.cookies-request #cookie-bar", [("token", "cookies-request"), ("value", "cookie-bar")]),
    ("#ccc", [("value", "ccc")]),
    ("div:not(.hidden).cc-banner", [("token", "cc-banner")]),  # never what a selector excludes
    ("div[role='dialog'][aria-modal='true']", [("value", "dialog")]),  # aria-modal is not scanned
    ("sibbo-cmp-layout", [("tag", "sibbo-cmp-layout")]),  # a custom element, only when nothing else names it
    ("csm-cookie-consent .csm-wrapper", [("token", "csm-wrapper")]),
    ("[data-project='mol-fe-cmp']", []),  # only attributes the scan does not read
    ("iframe[title='Consent window']", []),
])
def test_selector_keys(selector: str, keys: list[tuple[str, str]]) -> None:
    assert selector_keys(parse(selector)[0].parsed_tree) == keys


def test_selector_data_names_its_source_and_licence() -> None:
    header = [line for line in consent.AUTOCONSENT_FILE.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    text = "\n".join(header)
    assert "@duckduckgo/autoconsent 16.23.0" in text
    assert "Mozilla Public License, v. 2.0" in text and "https://mozilla.org/MPL/2.0/" in text
    rules = {selector.rule for selector in consent.PLATFORM_SELECTORS}
    assert len([r for r in rules if r.startswith("autoconsent:")]) > 150
    assert {r for r in rules if not r.startswith("autoconsent:")} == {"cookie-notice"}


def _tarball(path: Path, files: dict[str, str]) -> Path:
    """An npm package tarball holding the files (paths inside the package)."""
    with tarfile.open(path, "w:gz") as archive:
        for name, content in files.items():
            data = content.encode("utf-8")
            info = tarfile.TarInfo(f"package/{name}")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return path


def test_refresh_takes_the_hidden_elements_of_rules_for_every_site(tmp_path: Path, monkeypatch) -> None:
    rules = [
        {"name": "cmp-a", "prehideSelectors": ["#cmp-a-banner, .cmp-a-overlay"], "detectPopup": [{"visible": "#x"}],
         "optOut": [{"hide": ".cmp-a-modal:has(.cmp-a-text)"}]},
        {"name": "cmp-b", "detectPopup": [{"visible": "#cmp-b-popup"}], "optOut": []},  # hides nothing: its popup
        {"name": "site-c", "runContext": {"urlPattern": "^https://c\\.example/"}, "prehideSelectors": ["#c"]},
        {"name": "frame-d", "runContext": {"main": False, "frame": True}, "prehideSelectors": ["#d"]},
        {"name": "cmp-e", "prehideSelectors": ["[data-e=banner]", "xpath///div[@id='e']", "#e:visible",
                                               "div[", ".cmp-e"],
         "detectPopup": [{"visible": ["#e-host", "#e-in-shadow"]}], "optOut": [{"hide": ["#e-host", "#e-chain"]}]},
    ]
    code = ("const banner = '#cmp-f-banner';\nexport default class F extends AutoConsentCMPBase {\n"
            "    name = 'cmp-f';\n    prehideSelectors = ['.cmp-f-root', `${banner},.cmp-f-dark`];\n}\n")
    tarball = _tarball(tmp_path / "autoconsent-9.9.9.tgz", {
        "package.json": json.dumps({"name": "@duckduckgo/autoconsent", "version": "9.9.9"}),
        "rules/rules.json": json.dumps({"autoconsent": rules}), "lib/cmps/f.ts": code, "lib/cmps/base.ts": "",
    })
    monkeypatch.setattr(autoconsent_refresh, "DATA_FILE", tmp_path / "selectors.txt")
    header = autoconsent_refresh.refresh(tarball)
    lines = (tmp_path / "selectors.txt").read_text(encoding="utf-8").splitlines()
    assert [line for line in lines if not line.startswith("#")] == [
        "cmp-a\t#cmp-a-banner", "cmp-a\t.cmp-a-modal:has(.cmp-a-text)", "cmp-a\t.cmp-a-overlay",
        "cmp-b\t#cmp-b-popup", "cmp-e\t.cmp-e",
        "cmp-f\t#cmp-f-banner", "cmp-f\t.cmp-f-dark", "cmp-f\t.cmp-f-root"]
    assert "@duckduckgo/autoconsent 9.9.9" in header and "Mozilla Public License" in header
    assert "Rules for every site (no urlPattern, not frame-only): 4 (3 JSON, 1 code)." in header
    assert ("Their banner selectors: 13; kept 8 (62%; 8 distinct), dropped 5: 1 identified only by attributes other "
            "than id, class, role, aria-label, 1 XPath selectors, 1 not translated by cssselect, 1 not parsed by "
            "cssselect, 1 shadow-DOM or frame chains.") in header.replace("\n# ", " ")
