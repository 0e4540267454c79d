"""What a fetched page is (crawler/extraction/outcome.py): the article, the free part of a paywalled one, a
consent wall, a bot challenge, a login wall, or no article. The pages are hand-written after the structure of
real ones (tests/fixtures/outcomes/), in English, German, French and Turkish; the code before this module
stored every one of them but the two consent walls as an article, or none of them as what it is."""
from __future__ import annotations

from pathlib import Path

import pytest

from crawler.extraction.outcome import (OUTCOMES, STORED, classify, drop_prompts, has_prose, navigation_only,
                                        read_paywall)
from crawler.extraction.page import examine_page
from crawler.extraction.parse import parse_html
from crawler.encoding import DecodedPage
from storage.records import OUTCOME_NAMES

FIXTURES = Path(__file__).parent / "fixtures" / "outcomes"
URL = "https://www.example.org/world/2026/story.html"
ARTICLE_BODY = "".join(f"<p>Paragraph {n}: at least {n + 3} people were killed when the river burst its banks "
                       f"overnight, officials in the northern province said on Monday.</p>" for n in range(8))


@pytest.mark.parametrize("name, outcome", [
    ("consent-google-en.html", "consent_wall"),
    ("consent-cmp-de.html", "consent_wall"),
    ("consent-didomi-fr.html", "consent_wall"),
    ("consent-kvkk-tr.html", "consent_wall"),
    ("challenge-cloudflare-en.html", "bot_challenge"),
    ("challenge-cloudflare-de.html", "bot_challenge"),
    ("challenge-datadome-fr.html", "bot_challenge"),
    ("challenge-perimeterx-en.html", "bot_challenge"),
    ("challenge-generic-en.html", "bot_challenge"),
    ("challenge-generic-tr.html", "bot_challenge"),
    ("login-wall-en.html", "login_wall"),
    ("login-wall-de.html", "login_wall"),
    ("paywall-jsonld-en.html", "partial"),
    ("paywall-prompt-de.html", "partial"),
    ("paywall-prompt-fr.html", "partial"),
    ("paywall-microdata-tr.html", "partial"),
    ("navigation-only.html", "not_article"),
    ("index-en.html", "not_article"),
    ("soft-404-en.html", "not_article"),
])
def test_each_kind_of_page_gets_its_outcome(name: str, outcome: str) -> None:
    verdict, extraction = examine_page((FIXTURES / name).read_bytes(), URL)
    assert verdict.outcome == outcome, verdict.reason
    assert (extraction is not None) == (outcome in STORED)
    assert extraction is None or extraction.outcome == outcome


@pytest.mark.parametrize("name, first, killed", [
    ("paywall-jsonld-en.html", "At least 14 people have been killed", 14),
    ("paywall-prompt-de.html", "ist die Zahl der Toten auf mindestens 23 gestiegen", None),
    ("paywall-prompt-fr.html", "Au moins neuf personnes sont mortes", None),
    ("paywall-microdata-tr.html", "hayatını kaybedenlerin sayısı 11'e yükseldi", None),
])
def test_a_paywalled_article_keeps_its_free_part_and_loses_its_prompt(name: str, first: str,
                                                                     killed: int | None) -> None:
    extraction = examine_page((FIXTURES / name).read_bytes(), URL).extraction
    assert extraction is not None and first in extraction.text
    lowered = extraction.text.lower()
    for prompt in ("subscri", "log in", "abonn", "anmelden", "€", "abone", "giriş", "connecter"):
        assert prompt not in lowered
    if killed is not None:  # figures are read from the free part as from any article (English only, for now)
        assert extraction.totals["killed"].value == killed


def test_the_prompt_is_taken_out_of_the_text_with_the_lines_that_belong_to_it() -> None:
    free = "At least 14 people have been killed in the floods, officials said on Monday."
    text = "\n".join([free, "Subscribe to continue reading.", "Already a subscriber? Log in.",
                      "Get unlimited access to our journalism for just $1 a week.", "", "Related: floods"])
    kept, removed = drop_prompts(text)
    assert kept == free + "\nRelated: floods"
    assert [(r.layer, r.rule) for r in removed] == [("text", "paywall-prompt")] * 3
    german, removed = drop_prompts("Die Zahl der Toten stieg auf 23, teilten die Behörden mit.\n"
                                   "Dieser Artikel ist exklusiv für Abonnenten.\nJederzeit kündbar.\nBereits Abonnent?")
    assert german == "Die Zahl der Toten stieg auf 23, teilten die Behörden mit." and len(removed) == 3


@pytest.mark.parametrize("line", [
    "Disney's teams continued to sign up additional subscribers throughout the week.",
    "Subscribe to our newsletter to get the day's top headlines.",
    "Log in to comment.",
    "Sign in to view comments and join the discussion.",
    "Memberships – create recurring revenue with member-only content and access tiers.",
    "Small investors in Hong Kong have welcomed the deal, subscribing for so many shares.",
    "Les abonnés du service ont reçu un courriel, a indiqué l'entreprise.",
])
def test_words_about_subscriptions_and_logins_in_an_article_are_not_a_prompt(line: str) -> None:
    text = "Officials said at least 12 people were killed in the attack on Sunday.\n" + line
    assert drop_prompts(text) == (text, [])


def test_signals_of_walls_on_a_real_article_page_do_not_make_it_a_wall() -> None:
    """Cloudflare's detection script, a login form with a password field, a cookie banner, a page that declares a
    paywall but serves the whole text: an article all the same."""
    page = f"""<html lang="en"><head><title>Floods kill dozens | Example Daily</title>
    <meta name="robots" content="noindex">
    <script type="application/ld+json">{{"@type": "NewsArticle", "isAccessibleForFree": false,
      "hasPart": {{"@type": "WebPageElement", "isAccessibleForFree": false, "cssSelector": ".paywall"}}}}</script>
    </head><body>
    <div id="login-modal" role="dialog"><form><input type="email"><input type="password">
    <button>Log in</button></form></div>
    <div id="cookie-banner">We use cookies to improve your experience. <button>Accept all</button></div>
    <article><h1>Floods kill dozens</h1><div class="paywall">{ARTICLE_BODY}</div></article>
    <script>(function(){{var a=document.createElement('script');
    a.src='/cdn-cgi/challenge-platform/scripts/jsd/main.js';document.head.appendChild(a);}})();</script>
    </body></html>"""
    verdict, extraction = examine_page(page, URL)
    assert verdict.outcome == "article", verdict.reason
    assert extraction is not None and "Paragraph 7" in extraction.text


def test_a_short_article_is_still_an_article() -> None:
    """A one-paragraph news flash on a page with a login form is an article; so is a text of one headline."""
    page = """<html><head><title>Blast in Kabul</title></head><body>
    <form><input type="password" name="p"></form>
    <article><p>At least 12 people were killed in a blast in Kabul on Sunday, police said.</p></article>
    </body></html>"""
    assert examine_page(page, URL).verdict.outcome == "article"
    assert not navigation_only("BREAKING: Blast in Kabul kills at least 12")
    assert navigation_only("Home") and navigation_only("Home\nWorld news")
    assert navigation_only("World\nFlood toll rises in the valley\nTalks resume in the capital")


def test_prose_is_told_in_every_script() -> None:
    assert has_prose("先日、不正に改造したiPhoneを販売したとして、商標法違反の疑いで20代の男性が逮捕されました。")
    assert has_prose("At least 12 people were killed in the attack.")
    assert not has_prose("Home\nWorld\nMore options")


def test_paywall_markup_is_read_from_json_ld_and_microdata() -> None:
    json_ld = ('<html><head><script type="application/ld+json">{"@graph": [{"@type": "NewsArticle", '
               '"isAccessibleForFree": "False", "wordCount": 1205, "hasPart": [{"@type": "WebPageElement", '
               '"isAccessibleForFree": "False", "cssSelector": [".locked", "#rest"]}]}]}</script></head>'
               "<body><p>text</p></body></html>")
    microdata = ('<html><body><div itemscope><meta itemprop="isAccessibleForFree" content="false">'
                 '<span itemprop="hasPart" itemscope><meta itemprop="isAccessibleForFree" content="False">'
                 '<meta itemprop="cssSelector" content=".metered"></span></div></body></html>')
    free = '<html><head><script type="application/ld+json">{"isAccessibleForFree": true}</script></head></html>'
    broken = '<html><head><script type="application/ld+json">{"isAccessibleForFree": false,,}</script></head></html>'
    read = {name: read_paywall(parse_html(page), DecodedPage(page))
            for name, page in (("json_ld", json_ld), ("microdata", microdata), ("free", free), ("broken", broken))}
    assert (read["json_ld"].declared, read["json_ld"].selectors, read["json_ld"].word_count) == (
        True, (".locked", "#rest"), 1205)
    assert (read["microdata"].declared, read["microdata"].selectors) == (True, (".metered",))
    assert not read["free"].declared
    assert read["broken"].declared and read["broken"].selectors == ()


def test_a_cut_off_text_of_a_declared_paywall_is_partial() -> None:
    """No prompt anywhere, but the page declares a paywall and the text gives a third of its words or breaks
    off: partial. Declared, and whole: an article."""
    whole = "\n".join(f"Paragraph {n}: at least {n} people were killed in the floods, officials said." for n in range(9))
    page = ('<html><head><script type="application/ld+json">{"isAccessibleForFree": false, "wordCount": %d}'
            "</script></head><body></body></html>")
    for words, text, outcome in ((120, whole, "article"), (400, whole, "partial"),
                                 (0, whole + "\nMore in the full report...", "partial")):
        html = page % words
        verdict = classify(DecodedPage(html), text, [], read_paywall(parse_html(html), DecodedPage(html)))
        assert verdict.outcome == outcome, (words, verdict.reason)


def test_storage_names_every_outcome() -> None:
    assert set(OUTCOME_NAMES) == {*OUTCOMES, "error"}
