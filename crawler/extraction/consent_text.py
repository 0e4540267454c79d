"""The consent text layer: drops consent notices, blocked-embed placeholders and newsletter prompts from
extracted text, with a vocabulary learned from real consent texts (`consent_data/`).

Each word carries two weights read from `consent_data/model.tsv`: the log-odds of the word in consent
texts (notices and embed placeholders of open-source consent tools, in some 35 languages) and in
newsletter prompts against ordinary text (news of the shared corpora, and the most frequent words of
each language). A paragraph's score is the sum of its words' weights; a notice is dense in them. The
model is built by `consent_data/build.py`; nothing here names a word of any language.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable

from crawler.extraction.removed import Removed

MODEL_FILE = files(__package__) / "consent_data" / "model.tsv"  # a Traversable: read from a zipped egg too
WORD = re.compile(r"\w+")
DIGIT = re.compile(r"\d")
# a sentence ends at a full stop, question or exclamation mark (of any script) before a space
SENTENCE_END = re.compile(r"(?<=[.!?…。؟])\s+")
SENTENCE_MARK = re.compile(r"[.!?…。؟]$")
# an unknown word looks up parts of itself, in turn: its prefixes of these lengths, longest first (a stem:
# "çerezleri" → "çerez-"), then its ending (a word after a clitic: "وملفات" → "-ملفات")
PREFIX_CHARS = (6, 5)
SUFFIX_CHARS = (5,)
PART_MARK = "-"
CONSENT, NEWSLETTER = 0, 1
RULES = ("text-classifier", "text-newsletter")
# a paragraph of at least this many words that is not a notice is article content
CONTENT_MIN_WORDS = 7
# longer paragraphs are not notices (banner paragraphs, even IAB TCF texts, stay under ~170 words)
MAX_NOTICE_WORDS = 200
# a short line that goes with a neighbouring notice ("Accept all", "Manage preferences")
MAX_JOIN_WORDS = 12
# a notice at the start or end of the text may have this many content paragraphs beyond it (a lead, or a
# closing line, that trafilatura takes from outside the article's container), in a text with more around it
EDGE_SLACK = 1
# in the middle of the text, a paragraph at the notice level is a notice when at most this share of its hits (at
# least ECHO_MIN_HITS) are words of the text's ordinary paragraphs (and an unmistakable one is not when all of
# them are): a notice may share a common hit ("our", "website") with the article, a news paragraph shares more
ECHO_MIN_HITS = 2
ECHOED_SHARE = 0.25
# a longer line is article content (trafilatura joins some pages' paragraphs into one line): a consent notice
# inside it is found by its sentences
LONG_LINE_WORDS = 100


@dataclass(frozen=True)
class Limits:
    """Mean weight per word, summed weight and distinct hits (words weighing at least the model's `hit`)
    that a paragraph reaches."""

    mean: float
    sum: float
    hits: int


@dataclass(frozen=True)
class Thresholds:
    """Decision thresholds of one class: a notice, and an unmistakable one (strong, dense for a short one,
    long: many hits and a large sum at a lower mean, as a long notice's function words dilute it, or plain:
    a fair mean and a few hits in a paragraph without digits, as news paragraphs that dense in the
    vocabulary often carry figures and notices seldom do)."""

    notice: Limits
    strong: Limits
    dense: Limits
    long: Limits
    plain: Limits
    # the lowest sum and hits of the levels: a paragraph under either reads as none (most paragraphs are)
    least_sum: float = 0.0
    least_hits: int = 0


@dataclass(frozen=True)
class Model:
    """Word weights per class, the words that name a language, and the decision thresholds."""

    weights: dict[str, tuple[float, float]]
    languages: dict[str, tuple[str, ...]]
    known_languages: frozenset[str]
    unknown: float
    hit: float
    topical: float
    join_mean: float
    thresholds: tuple[Thresholds, Thresholds]
    inline: Limits
    # below the notice level, a paragraph this dense in consent vocabulary is a notice when the article around
    # it uses hardly any of its hits (ECHOED_SHARE)
    unechoed: Limits


def read_model(path: Traversable) -> Model:
    """Parse model.tsv: `#name value` parameter lines, then `word<TAB>consent<TAB>newsletter<TAB>languages`
    (the comma-separated languages the word names, if any)."""
    params: dict[str, float] = {}
    weights: dict[str, tuple[float, float]] = {}
    languages: dict[str, tuple[str, ...]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            name, value = line[1:].split()
            params[name] = float(value)
            continue
        word, consent, newsletter, language = line.split("\t")
        weights[word] = (float(consent), float(newsletter))
        if language:
            languages[word] = tuple(language.split(","))

    def limits(name: str) -> Limits:
        return Limits(params[f"{name}_mean"], params[f"{name}_sum"], int(params[f"{name}_hits"]))

    def thresholds(prefix: str) -> Thresholds:
        levels = [limits(f"{prefix}_{level}") for level in ("notice", "strong", "dense", "long", "plain")]
        return Thresholds(*levels, least_sum=min(level.sum for level in levels),
                          least_hits=min(level.hits for level in levels))

    known = frozenset(code for named in languages.values() for code in named)
    return Model(weights, languages, known, params["unknown"], params["hit"], params["topical"], params["join_mean"],
                 (thresholds("consent"), thresholds("newsletter")), limits("consent_inline"),
                 limits("consent_unechoed"))


@cache
def model() -> Model:
    """The packaged model, read on first use."""
    return read_model(MODEL_FILE)


def words(text: str) -> list[str]:
    """Lowercased words of a text (a Turkish dotted capital I lowered without its combining dot)."""
    return WORD.findall(text.lower().replace("\u0307", ""))


def parts(token: str) -> list[str]:
    """The model keys that stand in for an unknown word, in the order they are looked up."""
    return ([token[:length] + PART_MARK for length in PREFIX_CHARS if len(token) > length]
            + [PART_MARK + token[-length:] for length in SUFFIX_CHARS if len(token) > length])


def guess_language(tokens: list[str], table: Model) -> str | None:
    """The language most of the words that name languages vote for (a word naming several splits its
    vote); None when unsure."""
    votes: dict[str, float] = {}
    for token in tokens:
        named = table.languages.get(token, ())
        for language in named:
            votes[language] = votes.get(language, 0.0) + 1 / len(named)
    ranked = sorted(votes.values(), reverse=True) + [0.0]
    if not votes or ranked[0] < 2 or ranked[0] < 2 * ranked[1]:
        return None
    return max(votes, key=votes.get)


def part_weight(token: str, table: Model) -> tuple[float, float] | None:
    """An unknown word's weights: those of the first of its parts the model knows."""
    return next((found for part in parts(token) if (found := table.weights.get(part)) is not None), None)


@dataclass(frozen=True)
class Signals:
    """What one paragraph says about itself: its words, summed weight and distinct hits per class, and its
    distinct words weighing at least the model's `topical` (those known whole, not by a part, apart)."""

    tokens: tuple[str, ...]
    sums: tuple[float, float]
    hits: tuple[int, int]
    topical: frozenset[str]
    whole: frozenset[str]
    hit_words: tuple[set[str], set[str]]  # the distinct hits themselves, per class (`hits` counts them)
    digits: bool = False

    @property
    def words(self) -> int:
        return len(self.tokens)

    def foreign(self, article: str | None, table: Model) -> bool:
        """In another language than the article's, by the vote of its words (five at least)."""
        if not article or self.words < 5:
            return False
        language = guess_language(list(self.tokens), table)
        return language is not None and language != article

    def about_consent(self, article: str | None, table: Model) -> bool:
        """About cookies or consent: two topical words, one of them known whole (a part may be another
        language's word), none of them a word of other languages only than the article's ("onze")."""
        own = {token for token in self.topical if not article or article in table.languages.get(token, (article,))}
        return len(own) >= 2 and bool(own & self.whole)

    def mean(self, kind: int) -> float:
        return self.sums[kind] / self.words if self.words else 0.0

    def reaches(self, kind: int, limits: Limits) -> bool:
        """Reaches all three limits in the class's vocabulary."""
        return self.mean(kind) >= limits.mean and self.sums[kind] >= limits.sum and self.hits[kind] >= limits.hits

    def reads_as(self, kind: int, table: Model, strong: bool = False) -> bool:
        """Dense enough in the class's vocabulary to be a notice (or unmistakably one). An unmistakable notice
        is a notice too: the strong and long limits ask for more hits but may ask a lower mean than the notice
        limits."""
        limits = table.thresholds[kind]
        if self.sums[kind] < limits.least_sum or self.hits[kind] < limits.least_hits:
            return False
        return self.words <= MAX_NOTICE_WORDS and (
            self.reaches(kind, limits.strong) or self.reaches(kind, limits.dense) or self.reaches(kind, limits.long)
            or not self.digits and self.reaches(kind, limits.plain) or not strong and self.reaches(kind, limits.notice))

    def kind(self, table: Model, strong: bool = False) -> int | None:
        """The class the paragraph reads as, consent first; None for ordinary text."""
        for kind in (CONSENT, NEWSLETTER):
            if self.reads_as(kind, table, strong):
                return kind
        return None

    def weak(self, table: Model) -> bool:
        """A short line dense in consent or newsletter vocabulary, or with a hit and no less typical of it
        than of ordinary text: enough to go with a neighbouring notice."""
        return 0 < self.words <= MAX_JOIN_WORDS and any(
            self.mean(kind) >= table.join_mean or self.hits[kind] and self.mean(kind) >= 0 for kind in (CONSENT, NEWSLETTER))


def signals(paragraph: str, table: Model) -> Signals | None:
    """A paragraph's signals; None when none of its words is consent or newsletter vocabulary."""
    tokens = words(paragraph)
    consent = newsletter = 0.0
    hits: tuple[set[str], set[str]] = (set(), set())
    topical: set[str] = set()
    whole: set[str] = set()
    known = False
    get = table.weights.get
    for token in tokens:
        weight = get(token)
        if weight is not None:
            whole.add(token)
        else:
            weight = part_weight(token, table)
        if weight is None:
            consent += table.unknown
            newsletter += table.unknown
            continue
        consent += weight[CONSENT]
        newsletter += weight[NEWSLETTER]
        known = known or weight[CONSENT] > 0 or weight[NEWSLETTER] > 0
        if weight[CONSENT] >= table.hit:
            hits[CONSENT].add(token)
            if weight[CONSENT] >= table.topical:
                topical.add(token)
        if weight[NEWSLETTER] >= table.hit:
            hits[NEWSLETTER].add(token)
    if not known:
        return None
    counted = (len(hits[CONSENT]), len(hits[NEWSLETTER]))
    # digits matter to the plain level only: looked for when a class has the hits it asks for
    digits = (any(counted[kind] >= table.thresholds[kind].plain.hits for kind in (CONSENT, NEWSLETTER))
              and DIGIT.search(paragraph) is not None)
    return Signals(tokens=tuple(tokens), sums=(consent, newsletter), hits=counted, topical=frozenset(topical),
                   whole=frozenset(topical & whole), digits=digits, hit_words=hits)


def looks_like_notice(text: str) -> bool:
    """Tell whether a short text reads like a cookie/consent notice (used for generic markup matches)."""
    table = model()
    found = signals(text, table)
    return found is not None and found.reads_as(CONSENT, table)


def _language_code(language: str | None, table: Model) -> str | None:
    """The ISO 639-1 code of a page language the model knows, else None."""
    if not language:
        return None
    code = language.strip().lower().replace("_", "-").split("-")[0]
    return code if code in table.known_languages else None


def notice_sentences(sentences: list[str], table: Model) -> list[tuple[int, int]]:
    """The runs of sentences (first and last index) of a long line, split by `SENTENCE_END`, that make a
    consent notice: a sentence unmistakably one, with its neighbours that read as a notice or go with one (a
    button's words), when the run as a whole is as dense as the model's `inline` limits ask."""
    found = [signals(sentence, table) for sentence in sentences]

    def joins(j: int) -> bool:
        s = found[j]
        return s is not None and (s.weak(table) or s.reads_as(CONSENT, table))

    runs: list[tuple[int, int]] = []
    for i, s in enumerate(found):
        if s is None or runs and i <= runs[-1][1] or not s.reads_as(CONSENT, table, strong=True):
            continue
        first, last = i, i
        while first > 0 and (not runs or first - 1 > runs[-1][1]) and joins(first - 1):
            first -= 1
        while last + 1 < len(sentences) and joins(last + 1):
            last += 1
        run = signals(" ".join(sentences[first:last + 1]), table)
        if run is not None and run.reaches(CONSENT, table.inline):
            runs.append((first, last))
    return runs


def dense_spans(pieces: list[str], table: Model) -> list[tuple[int, int]]:
    """The spans (first, end) of a long line's words (split at spaces) that make a consent notice without being
    a run of its sentences: a notice with no full stop runs into the article's next sentence. The span with the
    largest summed consent weight (article words weigh below nothing, a notice's above), as it is when in another
    language than the line, else taken to the start or the end of its sentence (a notice starts or ends one; a
    dense phrase inside a news sentence does neither), when it is unmistakably a notice as dense as the model's
    `inline` limits ask; then the same on either side of it."""
    weights = []
    for piece in pieces:
        found = [table.weights.get(token) or part_weight(token, table) for token in words(piece)]
        weights.append(sum(weight[CONSENT] if weight else table.unknown for weight in found))
    ends = [SENTENCE_MARK.search(piece) is not None for piece in pieces]
    language = guess_language(words(" ".join(pieces)), table)
    spans: list[tuple[int, int]] = []
    pending = [(0, len(pieces))]
    while pending:
        low, high = pending.pop()
        best, first, end, total, start = 0.0, low, low, 0.0, low
        for i in range(low, high):  # the largest sum of a span (Kadane)
            if total <= 0:
                total, start = 0.0, i
            total += weights[i]
            if total > best:
                best, first, end = total, start, i + 1
        if best <= 0:
            continue
        dense = signals(" ".join(pieces[first:end]), table)
        # in another language than the line: none of its words (five at least) is a word of the line's language
        if dense is not None and dense.words >= 5 and language is not None and not any(
                language in table.languages.get(token, ()) for token in dense.tokens):
            candidates = [(first, end)]
        else:
            opening = next(j for j in range(first, low - 1, -1) if j == low or ends[j - 1])
            closing = next(j for j in range(end, high + 1) if j == high or ends[j - 1])
            candidates = [(opening, end), (first, closing)]
        for span in candidates:
            found = signals(" ".join(pieces[span[0]:span[1]]), table)
            if found is not None and found.reads_as(CONSENT, table, strong=True) and found.reaches(CONSENT, table.inline):
                spans.append(span)
                pending += [(low, span[0]), (span[1], high)]
                break
    return sorted(spans)


def cut_notices(line: str, table: Model) -> tuple[str, list[str]]:
    """A long line without the consent notices inside it, and those notices: runs of its sentences
    (`notice_sentences`), then spans of its words (`dense_spans`)."""
    sentences = SENTENCE_END.split(line)
    runs = notice_sentences(sentences, table)
    cut = {j for first, last in runs for j in range(first, last + 1)}
    notices = [" ".join(" ".join(sentences[first:last + 1]).split()) for first, last in runs]
    pieces = " ".join(sentence for j, sentence in enumerate(sentences) if j not in cut).split()
    spans = dense_spans(pieces, table)
    notices += [" ".join(pieces[first:end]) for first, end in spans]
    inside = {j for first, end in spans for j in range(first, end)}
    return " ".join(piece for j, piece in enumerate(pieces) if j not in inside), notices


def drop_consent_paragraphs(text: str, language: str | None = None) -> tuple[str, list[Removed]]:
    """Drop paragraphs (newline-separated lines of trafilatura's txt output) that are consent notices,
    blocked-embed placeholders or newsletter prompts.

    They are dropped at the start or end of the text (give or take a content paragraph), or in another language
    than the article, or anywhere else when they read as foreign to the article: unmistakable ones unless the
    article's ordinary paragraphs use all their hits, those at the notice level when the article uses hardly any of
    them (a news paragraph dense in the vocabulary shares its subject's words with the rest of its article);
    short consent lines next to a dropped one go with it. A notice inside a
    long line (a page whose paragraphs trafilatura joined) is cut out of it by its sentences or words
    (`cut_notices`). An article about cookies or consent keeps its text.
    """
    table = model()
    lines = text.split("\n")
    found = [signals(line, table) for line in lines]
    # the notices inside long lines (of those with as many hits as such a notice needs)
    inside = {i: cut for i, s in enumerate(found)
              if s is not None and s.hits[CONSENT] >= table.inline.hits and len(lines[i].split()) > LONG_LINE_WORDS
              and (cut := cut_notices(lines[i], table))[1]}
    if not inside and not any(s is not None and (s.kind(table) is not None or s.reaches(CONSENT, table.unechoed))
                              for s in found):
        return text, []
    counts = [len(line.split()) for line in lines]
    language = _language_code(language, table) or guess_language(words(text), table)
    content = [i for i, s in enumerate(found) if counts[i] >= CONTENT_MIN_WORDS and not (s and s.kind(table) is not None)]
    slack = EDGE_SLACK if len(content) > 2 * EDGE_SLACK + 1 else 0
    first, last = (content[slack], content[-1 - slack]) if content else (len(lines), -1)
    # an article about cookies or consent: many of its paragraphs are about it, not all of them unmistakable
    # notices (a block of notices is no article)
    article = [i for i in range(len(lines)) if counts[i] >= CONTENT_MIN_WORDS]
    topical = [i for i in article if found[i] is not None and found[i].about_consent(language, table)]
    about_consent = (len(topical) >= 2 and len(topical) >= 0.25 * len(article)
                     and any(found[i].kind(table, strong=True) is None for i in topical))

    ordinary: Counter[str] | None = None  # in how many of the ordinary paragraphs (read as neither class) a word is

    def unechoed(i: int, kind: int) -> bool:
        """Hardly any of the paragraph's hits of the class (two at least; `ECHOED_SHARE`) is a word of the text's
        other ordinary paragraphs, and it has no digits: a notice's vocabulary is foreign to the article around
        it, while a news paragraph dense in the vocabulary shares its subject's words with the rest of its article."""
        hits = found[i].hit_words[kind]
        return (len(hits) >= ECHO_MIN_HITS and echoed(i, hits) <= ECHOED_SHARE * len(hits)
                and not DIGIT.search(lines[i]))

    def echoed(i: int, hits: set[str]) -> int:
        """How many of the hits are words of the text's ordinary paragraphs other than paragraph i."""
        nonlocal ordinary
        if ordinary is None:
            ordinary = Counter(token for j, line in enumerate(lines) if not (found[j] and found[j].kind(table) is not None)
                               for token in set(found[j].tokens if found[j] else words(line)))
        own = 1 if found[i].kind(table) is None else 0  # paragraph i is one of the ordinary paragraphs
        return sum(1 for token in hits if ordinary[token] > own)

    def seed(i: int) -> int | None:
        s = found[i]
        if s is None:
            return None
        kind = s.kind(table)
        if kind is None:  # below the notice level: a notice when dense enough and foreign to the article
            return (CONSENT if not about_consent and s.words <= MAX_NOTICE_WORDS and s.reaches(CONSENT, table.unechoed)
                    and unechoed(i, CONSENT) else None)
        if about_consent and not s.foreign(language, table):
            return None
        if s.foreign(language, table) or i < first or i > last:
            return kind
        # in the middle: an unmistakable notice unless the article uses all its hits, a notice when it uses hardly any
        if s.kind(table, strong=True) is not None:
            hits = s.hit_words[kind]
            return kind if echoed(i, hits) < len(hits) else None
        return kind if unechoed(i, kind) else None

    def joins(j: int) -> bool:
        s = found[j]
        return counts[j] == 0 or (s is not None and (s.weak(table) or s.kind(table) is not None))

    rules: list[str | None] = [None] * len(lines)
    for i in range(len(lines)):
        kind = None if rules[i] else seed(i)
        if kind is None:
            continue
        rules[i] = RULES[kind]
        for step in (-1, 1):
            j = i + step
            while 0 <= j < len(lines) and joins(j):
                if counts[j] and not rules[j]:
                    rules[j] = RULES[kind]
                j += step
    removed: list[Removed] = []
    for i, (line, notices) in inside.items() if not about_consent else ():
        if not rules[i]:
            removed += [Removed("text", RULES[CONSENT], notice) for notice in notices]
            lines[i] = line
    if not any(rules) and not removed:
        return text, []
    removed = [Removed("text", rule, " ".join(line.split()))
               for line, rule in zip(lines, rules) if rule] + removed
    kept = "\n".join(line for line, rule in zip(lines, rules) if not rule)
    return kept, removed
