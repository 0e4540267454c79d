"""What a fetched page is: the article, the free part of a paywalled one, a wall or challenge served instead
of it, or no article at all.

Plain functions over the parsed page, its HTML and the text extracted from it, which `page.examine_page`
calls in turn. Structural signals come first: schema.org `isAccessibleForFree` and the `cssSelector` of a
paywalled part, the markup of bot-protection services, a password field, the page's title, a text with no
sentence in it; words second. A wall also needs a short extracted text and a small page, so a real article
that mentions a captcha or a login is never one. The vocabulary is data: `outcome_rules.toml`.
"""
from __future__ import annotations

import html
import json
import re
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any

import lxml.html
from cssselect import HTMLTranslator
from cssselect.parser import SelectorError
from lxml import etree

from crawler.encoding import DecodedPage
from crawler.extraction.removed import Removed

ARTICLE, PARTIAL = "article", "partial"
CONSENT_WALL, BOT_CHALLENGE, LOGIN_WALL, NOT_ARTICLE = "consent_wall", "bot_challenge", "login_wall", "not_article"
OUTCOMES = (ARTICLE, PARTIAL, CONSENT_WALL, BOT_CHALLENGE, LOGIN_WALL, NOT_ARTICLE)
STORED = frozenset({ARTICLE, PARTIAL})  # the outcomes that are stored as a version
NO_TEXT = "no article text found on the page"

RULES_FILE = files(__package__) / "outcome_rules.toml"
SHORT_WORDS = 100  # an extracted text shorter than this may be a wall's
WALL_PAGE_WORDS = 600  # a page with more text than this is a page extraction failed on, not a wall
PROSE_WORDS = 6  # a line of at least this many words that ends like a sentence is prose
LONG_LINE_WORDS = 20  # a line this long is prose however it ends
LABEL_WORDS = 4  # navigation labels ("Home", "World news") are at most this long
PROMPT_WORDS = 40  # a paywall or login prompt line is at most this long
SECTION_WORDS = 40  # a paywalled part with less text holds a prompt or nothing, not the article
DECLARED_SHARE = 0.67  # a text shorter than this share of the word count the page declares is cut off
PROMPT_HEAD, PROMPT_TAIL = 1000, 3000  # characters at the start and the end of a text searched for a prompt
FREE_PART_CHARS = 2500  # a longer text is a whole article, unless the page declares a paywall (a teaser is shorter)
TAIL_WORDS = 3  # words of the text's end looked for in the page, to read what follows them
AFTER_CHARS = 2000  # characters of the page after the text's end read for a prompt
SHOWN = 80  # characters of a title or phrase quoted in a reason
PAYWALL_RULES = frozenset({"paywall-section", "paywall-prompt", "login-prompt"})

WORD = re.compile(r"\w+")
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
SENTENCE_END = re.compile(r"[.!?…。！？।؟:;\"'”’»)]\s*$")
TITLE = re.compile(r"<title\b[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)
HIDDEN = re.compile(r"<(script|style|template|svg|head)\b.*?</\1\s*>|<!--.*?-->", re.IGNORECASE | re.DOTALL)
TAG = re.compile(r"<[^>]*>")
PASSWORD = re.compile(r"<input\b[^>]*\btype\s*=\s*[\"']?password", re.IGNORECASE)
NOINDEX = re.compile(r"<meta\b[^>]*\bname\s*=\s*[\"']?robots[^>]*\bnoindex", re.IGNORECASE)
NOT_FREE = re.compile(r"\"isAccessibleForFree\"\s*:\s*\"?false", re.IGNORECASE)
MICRODATA_NOT_FREE = etree.XPath(
    "//*[@itemprop='isAccessibleForFree'][translate(@content, 'FALSE', 'false') = 'false']")
MICRODATA_SELECTORS = etree.XPath(
    "//*[@itemprop='hasPart'][.//*[@itemprop='isAccessibleForFree'][translate(@content, 'FALSE', 'false') = "
    "'false']]//*[@itemprop='cssSelector']/@content")


def _load_rules(path: Traversable) -> dict[str, dict[str, list[str]]]:
    """The rules file, by outcome and kind of rule."""
    with path.open("rb") as file:
        return tomllib.load(file)


def _any(patterns: Iterable[str]) -> re.Pattern[str]:
    """One expression matching any of `patterns`."""
    return re.compile("|".join(f"(?:{pattern})" for pattern in patterns))


def _word_starts(patterns: Iterable[str]) -> re.Pattern[str]:
    r"""Expressions that each start at a word, as one `\W(...)` to search in " " + text (group 1 is the match):
    grouped by first letter, so that `re` skips in C to the non-word characters and tries there only the
    expressions of the next letter, not every expression at every position (a hundred times slower)."""
    groups: dict[str, list[str]] = {}
    for pattern in patterns:
        if not pattern[:1].isalpha():
            raise ValueError(f"{RULES_FILE.name}: an expression read at word starts must start with a letter: "
                             f"{pattern!r}")
        groups.setdefault(pattern[0], []).append(pattern[1:])
    return re.compile(r"\W(" + "|".join(f"{first}(?:{'|'.join(rest)})" for first, rest in groups.items()) + ")")


RULES = _load_rules(RULES_FILE)
CHALLENGE_MARKERS = tuple(RULES["bot_challenge"]["markers"])
CHALLENGE_TITLES = _any(RULES["bot_challenge"]["titles"])
CHALLENGE_PHRASES = _any(RULES["bot_challenge"]["phrases"])
CHALLENGE_WEAK = _any(RULES["bot_challenge"]["weak_phrases"])
LOGIN_TITLES = _any(RULES["login_wall"]["titles"])
LOGIN_PHRASES = _word_starts(RULES["login_wall"]["phrases"])
PAYWALL_PROMPTS = _word_starts(RULES["paywall"]["prompts"])
ANY_PROMPT = _word_starts(RULES["paywall"]["prompts"] + RULES["login_wall"]["phrases"])
PROMPT_LINES = _any(RULES["paywall"]["lines"])
CONSENT_TITLES = _any(RULES["consent_wall"]["titles"])
CONSENT_PHRASES = _any(RULES["consent_wall"]["phrases"])
NOTICE_WORDS = _any(RULES["consent_wall"]["notice_words"])
ERROR_TITLES = _any(RULES["not_article"]["titles"])
ERROR_PHRASES = _any(RULES["not_article"]["phrases"])


@dataclass(frozen=True)
class Verdict:
    """What a page turned out to be (one of OUTCOMES) and what told, for people."""

    outcome: str
    reason: str

    @property
    def stored(self) -> bool:
        """Whether the page is stored as a version of its article."""
        return self.outcome in STORED


@dataclass(frozen=True)
class Paywall:
    """What a page's schema.org markup says of a paywall: whether part of it is not free, the CSS selectors of
    its paywalled parts and the word count it gives the article."""

    declared: bool = False
    selectors: tuple[str, ...] = ()
    word_count: int | None = None


NO_PAYWALL = Paywall()


# --- before extraction: the structure trafilatura drops (scripts, forms) ------------------------------

def read_paywall(tree: lxml.html.HtmlElement, page: DecodedPage) -> Paywall:
    """The page's schema.org paywall markup (JSON-LD or microdata); read before extraction, which drops
    scripts. A page that never names `isAccessibleForFree` costs one search of its bytes."""
    if not _contains(page, "isAccessibleForFree"):
        return NO_PAYWALL
    declared, selectors, word_count = False, [], None
    for script in tree.iter("script"):
        source = script.text or ""
        if "isAccessibleForFree" not in source or "ld+json" not in (script.get("type") or ""):
            continue
        declared = declared or bool(NOT_FREE.search(source))  # also when the JSON is broken
        for found in _json_objects(source):
            if _not_free(found.get("isAccessibleForFree")):
                declared = True
                selectors += _strings(found.get("cssSelector"))
            if word_count is None and str(found.get("wordCount", "")).strip().isdigit():
                word_count = int(str(found["wordCount"]).strip())
    if any(_contains(page, f"itemprop={quote}isAccessibleForFree") for quote in "\"'") and MICRODATA_NOT_FREE(tree):
        declared = True
        selectors += [str(selector) for selector in MICRODATA_SELECTORS(tree)]
    return Paywall(declared, tuple(dict.fromkeys(s.strip() for s in selectors if s.strip())), word_count)


def remove_paywalled_parts(tree: lxml.html.HtmlElement, paywall: Paywall) -> list[Removed]:
    """Remove the paywalled parts the page names (`hasPart` with `cssSelector`) that hold a prompt or nothing
    instead of the article; a part with the article's text in it (served whole) stays."""
    removed = []
    for selector in paywall.selectors:
        for element in _selected(tree, selector):
            if element.tag in ("html", "body") or element.getparent() is None:
                continue
            text = " ".join(" ".join(element.itertext()).split())
            if _words(text) < SECTION_WORDS:
                element.drop_tree()
                removed.append(Removed("markup", "paywall-section", text[:500]))
    return removed


# --- after extraction: the text -----------------------------------------------------------------------

def drop_prompts(text: str) -> tuple[str, list[Removed]]:
    """Drop a paywall or login prompt from the extracted text: a short line saying the rest is for
    subscribers or after a login, with the lines next to it that belong to it ("Already a subscriber? Log
    in", "$1 a week")."""
    ends = text if len(text) <= PROMPT_HEAD + PROMPT_TAIL else text[:PROMPT_HEAD] + "\n" + text[-PROMPT_TAIL:]
    if not ANY_PROMPT.search(" " + ends.lower()):  # one pass over its ends; most texts have no prompt
        return text, []
    lines = text.split("\n")
    seeds = {i: rule for i, line in enumerate(lines) if (rule := _prompt(line))}
    dropped: dict[int, str] = dict(seeds)
    for i, rule in seeds.items():
        for step in (-1, 1):
            j = i + step
            while 0 <= j < len(lines) and j not in dropped and _goes_with_prompt(lines[j]):
                dropped[j] = rule
                j += step
    removed = [Removed("text", dropped[i], " ".join(lines[i].split())) for i in sorted(dropped) if lines[i].strip()]
    return "\n".join(line for i, line in enumerate(lines) if i not in dropped), removed


def classify(page: DecodedPage, text: str, removed: list[Removed], paywall: Paywall = NO_PAYWALL) -> Verdict:
    """What the page is, from its HTML, the text extracted from it (consent notices and prompts dropped)
    and what the consent and paywall layers removed on the way."""
    prose = has_prose(text)
    raw = _RawPage(page) if _short(text) else None
    challenge = raw and _challenge(raw)
    if challenge:
        return Verdict(BOT_CHALLENGE, f"bot challenge instead of the page: {challenge}")
    paywalled = _paywalled(page, paywall, text, removed)
    if paywalled:
        if prose:
            return Verdict(PARTIAL, f"partial: {paywalled}")
        return Verdict(LOGIN_WALL, f"login wall: {paywalled}, and no article text before it")
    if raw is None:
        return Verdict(ARTICLE, "article")
    login = _login(raw, prose)
    if login:
        return Verdict(LOGIN_WALL, f"login wall instead of the article: {login}")
    consent = _consent(raw, text, prose, removed)
    if consent:
        return Verdict(CONSENT_WALL, f"consent wall instead of the article: {consent}")
    error = _error_page(raw)
    if error:
        return Verdict(NOT_ARTICLE, f"not an article: an error page ({error})")
    if not text.strip():
        return Verdict(NOT_ARTICLE, NO_TEXT)
    if not prose and navigation_only(text):
        return Verdict(NOT_ARTICLE, f"not an article: only navigation or links ({_quote(text)})")
    return Verdict(ARTICLE, "article")


def _short(text: str) -> bool:
    """Whether a text has fewer than SHORT_WORDS words (counted only when its length leaves that possible)."""
    return len(text) < 20 * SHORT_WORDS and _words(text) < SHORT_WORDS


def has_prose(text: str) -> bool:
    """Whether the text has a sentence in it: a line of a few words that ends like one, or a long line."""
    for line in text.split("\n"):
        words = _words(line)
        if words >= LONG_LINE_WORDS or (words >= PROSE_WORDS and SENTENCE_END.search(line)):
            return True
    return False


def navigation_only(text: str) -> bool:
    """Whether a text without sentences is navigation or a list of links: nothing but short labels ("Home"),
    or several lines (an index of headlines). A single headline-like line is left to be an article."""
    lines = [line for line in text.split("\n") if line.strip()]
    return len(lines) >= 3 or all(_words(line) <= LABEL_WORDS for line in lines)


# --- the signals ---------------------------------------------------------------------------------------

class _RawPage:
    """The page's HTML as the wall rules read it, worked out on first use (only for short texts)."""

    def __init__(self, page: DecodedPage):
        self.html = page.text

    @cached_property
    def title(self) -> str:
        """The page's title, lower case with single spaces."""
        found = TITLE.search(self.html)
        return _normal(html.unescape(found.group(1))) if found else ""

    @cached_property
    def text(self) -> str:
        """The page's text, hidden parts (scripts, styles, the head) left out; noscript text kept."""
        return _normal(html.unescape(TAG.sub(" ", HIDDEN.sub(" ", self.html))))

    @cached_property
    def words(self) -> int:
        """Words of the page's text."""
        return _words(self.text)

    @property
    def small(self) -> bool:
        """Small enough to be a wall rather than a page of content."""
        return self.words < WALL_PAGE_WORDS


def _challenge(raw: _RawPage) -> str | None:
    """The bot-protection signal of a page: its markup, its title or its words."""
    for marker in CHALLENGE_MARKERS:
        if marker in raw.html:
            return f"challenge markup ({marker})"
    found = CHALLENGE_PHRASES.search(raw.text)
    if found:
        return f"challenge text ({_quote(found.group())})"
    if not raw.small:
        return None
    if CHALLENGE_TITLES.search(raw.title):
        return f"challenge page title ({_quote(raw.title)})"
    weak = CHALLENGE_WEAK.search(raw.text)
    if weak and NOINDEX.search(raw.html):
        return f"a noindex page that asks for a check ({_quote(weak.group())})"
    return None


def _paywalled(page: DecodedPage, paywall: Paywall, text: str, removed: list[Removed]) -> str | None:
    """Why the text is the free part of a paywalled article, if it is: a prompt was removed from it or follows
    it on the page, or the page declares content that is not free and the text shows it is missing."""
    prompts = [r for r in removed if r.rule in ("paywall-prompt", "login-prompt")]
    if prompts:
        shown = next((r for r in prompts if _prompt(r.text)), prompts[0])  # the prompt, not a line that went with it
        kind = "subscription" if shown.rule == "paywall-prompt" else "login"
        return f"a {kind} prompt was removed ({_quote(shown.text)})"
    after = _prompt_after(page, text) if paywall.declared or len(text) < FREE_PART_CHARS else None
    if after:
        return f"a subscription or login prompt follows the text on the page ({_quote(after)})"
    if not paywall.declared:
        return None
    if any(r.rule == "paywall-section" for r in removed):
        return "isAccessibleForFree is false and its paywalled part holds no article text"
    words = _words(text)
    if paywall.word_count and words < DECLARED_SHARE * paywall.word_count:
        return f"isAccessibleForFree is false and the text has {words} of the {paywall.word_count} words it declares"
    if text.rstrip().endswith(("…", "...")):
        return "isAccessibleForFree is false and the text breaks off"
    return None


def _prompt_after(page: DecodedPage, text: str) -> str | None:
    """A subscription or login prompt in the page right after where the extracted text ends (extraction often
    leaves a paywall's prompt out), found from the text's last words in the HTML."""
    last = text.rstrip().rsplit("\n", 1)[-1].split()[-TAIL_WORDS:]
    if len(last) < TAIL_WORDS:
        return None
    source, ending = page.utf8(), html.escape(" ".join(last), quote=False).encode()
    end = 0
    for _ in range(3):  # the body's text, and copies of it in scripts or metadata
        end = source.find(ending, end)
        if end < 0:
            return None
        end += len(ending)
        after = source[end:end + AFTER_CHARS].decode("utf-8", "replace")
        prompt = ANY_PROMPT.search(" " + _normal(html.unescape(TAG.sub(" ", after))))
        if prompt:
            return prompt.group(1)
    return None


def _login(raw: _RawPage, prose: bool) -> str | None:
    """The login-wall signal of a small page with a short text: a password field, with no sentence in the
    text or words asking to log in; or those words, or a login title, alone."""
    if not raw.small:
        return None
    asks = LOGIN_PHRASES.search(" " + raw.text)
    if PASSWORD.search(raw.html) and (not prose or asks or LOGIN_TITLES.search(raw.title)):
        return "a password field" + (f" ({_quote(asks.group(1))})" if asks else "")
    if asks:
        return f"it asks to log in ({_quote(asks.group(1))})"
    if not prose and LOGIN_TITLES.search(raw.title):
        return f"login page title ({_quote(raw.title)})"
    return None


def _consent(raw: _RawPage, text: str, prose: bool, removed: list[Removed]) -> str | None:
    """The consent-wall signal of a small page with a short text: its consent notice was removed and no
    sentence is left; or it has a consent dialog's title or buttons and what was extracted is about cookies
    or consent (the notice itself)."""
    if not raw.small:
        return None
    notices = [r for r in removed if r.rule not in PAYWALL_RULES and NOTICE_WORDS.search(_normal(r.text))]
    if notices and not prose:
        return f"its consent notice was removed ({notices[0].layer}: {notices[0].rule}) and no article text is left"
    if text.strip() and not NOTICE_WORDS.search(_normal(text)):
        return None
    if CONSENT_TITLES.search(raw.title):
        return f"consent page title ({_quote(raw.title)})"
    buttons = {found.group() for found in CONSENT_PHRASES.finditer(raw.text)}
    if len(buttons) >= 2:
        return f"consent dialog ({', '.join(sorted(buttons))})"
    return None


def _error_page(raw: _RawPage) -> str | None:
    """The soft-404 signal of a small page: an error title or words."""
    if not raw.small:
        return None
    if ERROR_TITLES.search(raw.title):
        return _quote(raw.title)
    found = ERROR_PHRASES.search(raw.text)
    return _quote(found.group()) if found else None


def _prompt(line: str) -> str | None:
    """The rule a short line is a paywall or login prompt by, if it is one."""
    if len(line) > 20 * PROMPT_WORDS or _words(line) > PROMPT_WORDS:
        return None
    padded = " " + _normal(line)
    if PAYWALL_PROMPTS.search(padded):
        return "paywall-prompt"
    if LOGIN_PHRASES.search(padded):
        return "login-prompt"
    return None


def _goes_with_prompt(line: str) -> bool:
    """Whether a line next to a prompt belongs to it: empty, or short with subscription or login words."""
    return not line.strip() or (_words(line) <= PROMPT_WORDS // 2 and bool(PROMPT_LINES.search(_normal(line))))


# --- helpers -------------------------------------------------------------------------------------------

def _contains(page: DecodedPage, needle: str) -> bool:
    """Whether the page's HTML holds `needle` (searched in its UTF-8 body when there is one: faster)."""
    if page.body_utf8 is not None:
        return needle.encode() in page.body_utf8
    return needle in page.text


def _json_objects(source: str) -> Iterator[dict[str, Any]]:
    """Every object of a JSON-LD script, nested ones included; none when it is not JSON."""
    try:
        stack: list[Any] = [json.loads(source)]
    except (ValueError, RecursionError):  # not JSON, or nested deeper than Python parses
        return
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            yield value
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)


def _not_free(value: Any) -> bool:
    """Whether an `isAccessibleForFree` value says false (false, "False", "false")."""
    return value is False or (isinstance(value, str) and value.strip().lower() == "false")


def _strings(value: Any) -> list[str]:
    """A JSON-LD value that is a string or a list of them, as a list."""
    if isinstance(value, str):
        return [value]
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _selected(tree: lxml.html.HtmlElement, selector: str) -> list[lxml.html.HtmlElement]:
    """The elements a page's CSS selector picks; none for a selector cssselect cannot read."""
    xpath = _css_xpath(selector)
    return list(xpath(tree)) if xpath is not None else []


@lru_cache(maxsize=256)
def _css_xpath(selector: str) -> etree.XPath | None:
    """A CSS selector compiled to XPath, or None when it is not one cssselect reads."""
    try:
        return etree.XPath(HTMLTranslator().css_to_xpath(selector))
    except (SelectorError, etree.XPathSyntaxError, ValueError):
        return None


def _words(text: str) -> int:
    """Words in a text; each two characters of Chinese, Japanese or Korean count as one."""
    return max(len(WORD.findall(text)), len(CJK.findall(text)) // 2)


def _normal(text: str) -> str:
    """Lower case ("İ" as "i"), single spaces."""
    return " ".join(text.split()).lower().replace("i\u0307", "i")


def _quote(text: str) -> str:
    """A title or phrase as a reason quotes it: on one line, at most SHOWN characters."""
    text = " ".join(text.split())
    return repr(text if len(text) <= SHOWN else text[:SHOWN - 1] + "…")
