"""Cookie-consent banner removal: markup rules before trafilatura, a paragraph classifier after it.

Trafilatura keeps consent banners when their markup does not carry its English class names; the
markup layer removes consent-platform containers and generic consent containers from the DOM, the
text layer drops notice paragraphs that still come through.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from pathlib import Path

import lxml.html
from cssselect import HTMLTranslator
from lxml import etree

RULES_FILE = Path(__file__).with_name("consent_rules.txt")
MAX_RECORDED_CHARS = 500
# generic (non-platform) containers: longest notice text accepted and largest share of the page
MAX_GENERIC_CHARS = 4000
MAX_PAGE_SHARE = 0.5
# platform roots: largest share of the page's text they may hold (guards against wrapper misuse)
MAX_PLATFORM_SHARE = 0.8
PROTECTED_TAGS = frozenset({"html", "head", "body", "main", "article"})
# text layer: a paragraph of at least this many words that is not a notice is article content
CONTENT_MIN_WORDS = 7
# longer paragraphs are not notices (banner paragraphs, even IAB TCF texts, stay under ~170 words)
MAX_NOTICE_WORDS = 200
# notices are dense in consent vocabulary: at least one hit per this many words
WORDS_PER_HIT = 15
# consent terms in id/class names, each attribute tested on its own (lowercased)
ATTRIBUTE_TOKENS = (
    "cookie", "consent", "gdpr", "cerez", "çerez", "kvkk", "datenschutz", "dsgvo",
    "rgpd", "lgpd", "ciasteczk", "einwilligung", "toestemming", "privacy-banner",
    "privacy-notice", "privacy-popup",
)


@dataclass(frozen=True)
class Removed:
    """One piece of consent boilerplate taken out of a page, with the layer and rule that did it."""

    layer: str
    rule: str
    text: str

    def to_dict(self) -> dict:
        """Return the record as a plain dict for JSON output."""
        return asdict(self)


def _load_platform_rules(path: Path) -> list[tuple[str, str, bool, etree.XPath]]:
    """Read "<rule> <css selector>" lines into (rule name, lowercase id/class literal, whether the
    literal is only a prefix, XPath finding the rule's elements)."""
    translator = HTMLTranslator()
    rules = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, selector = line.split(None, 1)
        literal = max(re.findall(r"[\w-]+", selector.split("=")[-1]), key=len).lower()
        xpath = etree.XPath(translator.css_to_xpath(selector, prefix="$body//"))
        rules.append((name, literal, "^=" in selector, xpath))
    return rules


def _token_xpath(token: str) -> etree.XPath:
    """Elements whose id or class contains a token in lower or capitalised form, each attribute
    tested on its own."""
    tests = " or ".join(f"contains(., '{variant}')" for variant in sorted({token, token.capitalize()}))
    return etree.XPath(f"$body//*/@id[{tests}]/.. | $body//*/@class[{tests}]/..")


# The queries run on $body, the page's body elements (found once per page), and test attribute
# nodes before taking their elements (`.../@role[...]/..`): libxml2 evaluates a predicate on every
# element of `//body//*[...]` several times slower than it walks the few matching attributes.
BODIES = etree.XPath("//body")
PLATFORM_RULES = _load_platform_rules(RULES_FILE)
TOKEN_RULES = [(token, _token_xpath(token)) for token in ATTRIBUTE_TOKENS]
DIALOGS = etree.XPath(
    "($body//*/@role[. = 'dialog' or . = 'alertdialog'] | $body//*/@aria-modal[. = 'true']"
    " | $body//*/@aria-label[contains(., 'ookie') or contains(., 'onsent')])/..")
# the values of the attributes the rules look at, to skip rules whose literal is absent (one query
# per attribute: only the set of values matters, and a union would sort them)
ATTRIBUTE_VALUES = [etree.XPath(f"$body/descendant-or-self::*/@{attribute}", smart_strings=False)
                    for attribute in ("id", "class", "role", "aria-label")]
VISIBLE_TEXT = etree.XPath(
    "descendant::text()[not(ancestor::script | ancestor::style | ancestor::noscript)]", smart_strings=False)
SKIPPED_TAGS = frozenset({"script", "style", "noscript", "template", "link", "meta"})


def _alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a regex (its "|" outside groups and character classes)."""
    parts, start, depth, in_class, i = [], 0, 0, False, 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 1
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char in "()":
            depth += 1 if char == "(" else -1
        elif char == "|" and not depth:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    return [*parts, pattern[start:]]


def _word_start(alternatives: str) -> re.Pattern:
    r"""`\b(?:alternatives)` as `\W(...)` with the alternatives grouped by first letter, to search in
    " " + text (group 1 is the match): `re` then skips in C to non-word characters, where a leading
    `\b` makes it try every alternative at every position."""
    groups: dict[str, list[str]] = {}
    for alternative in _alternatives(alternatives):
        # a letter first and a word character last: no match ends on the \W of the next one
        if not alternative[:1].isalpha():
            raise ValueError(f"alternative must start with a letter: {alternative!r}")
        groups.setdefault(alternative[0], []).append(alternative[1:])
    return re.compile(r"\W(" + "|".join(f"{first}(?:{'|'.join(rest)})" for first, rest in groups.items()) + ")")


# --- vocabulary of consent notices, in English, Turkish, German, French, Spanish, Italian,
# Portuguese, Dutch, Polish, Russian, Ukrainian and Arabic: word prefixes, matched on lowercased text
# (the `_word_start` ones on it with a space in front)
COOKIE_TERMS = re.compile(
    r"cookie|çerez|cerez|ciasteczk|куки|кукі|файл(?:ы|и|ів|ов)? cookie|كوكيز|ملفات تعريف الارتباط"
    r"|tracking technolog|similar technolog",
)
CONSENT_TERMS = _word_start(
    r"consent|agree|accept|reject|decline|opt[- ]?out|prefer|settings|privacy|personal data"
    r"|third[- ]part|withdraw|manage"
    r"|onay|kabul|rıza|izin|tercih|ayar|gizlilik|kişisel veri|kvkk|aydınlatma"
    r"|zustimm|stimmen sie|einverstanden|einwillig|akzeptier|ablehn|einstellung|datenschutz|personenbezogen|widerruf"
    r"|consentement|accepte|refuse|paramètr|préférence|confidentialité|données personnelles"
    r"|consentimiento|acept|rechaz|configuraci|preferencia|privacidad|datos personales"
    r"|consenso|accett|rifiut|impostazion|preferenz|dati personali"
    r"|consentimento|aceit|rejeit|configuraç|preferência|privacidade|dados pessoais"
    r"|toestemming|akkoord|accepteer|weiger|instelling|voorkeur|persoonsgegevens"
    r"|zgod|akceptuj|odrzu|ustawie|preferencj|prywatno|dane osobowe|danych osobowych"
    r"|согласи|принима|принять|отклон|настройк|конфиденциальн|персональн"
    r"|згод|прийня|погоджу|відхил|налаштуван|конфіденційн|персональн"
    r"|موافق|قبول|رفض|إعدادات|الخصوصية|البيانات الشخصية",
)
PURPOSE_TERMS = _word_start(
    r"analy[sz]|advertis|ads\b|marketing|personali[sz]|traffic|social media|experience"
    r"|functionalit|statistic|measure|browser|device|partners"
    r"|reklam|pazarlama|analiz|deneyim|kişiselleştir|istatisti|tarayıcı|cihaz"
    r"|werbung|analyse|statistik|personalisier|funktion|erlebnis|nutzungserlebnis|nutzererlebnis|gerät"
    r"|publicité|audience|statistiques|personnalis|trafic|expérience|navigateur|appareil"
    r"|publicidad|analític|personaliz|tráfico|experiencia|estadístic|navegador|dispositivo"
    r"|pubblicit|analisi|personalizz|traffico|esperienza|statistic"
    r"|publicidade|análise|tráfego|experiência|estatístic"
    r"|advertentie|personaliser|verkeer|ervaring|statistie|apparaat"
    r"|doświadcz|statysty|przeglądar|urządze"
    r"|реклам|аналити|персонализ|трафик|статисти|браузер|устройств"
    r"|аналіти|персоналіз|трафік|пристр"
    r"|الإعلان|تحليل|تخصيص|تجربة|المتصفح|جهاز",
)
# the site speaking to its visitor about its own use of cookies or data
ADDRESS_TERMS = _word_start(
    r"we (?:and our \w+ )?(?:use|store|collect|process|value|care|respect|would like|'d like)"
    r"|we and (?:our|selected) (?:partners|vendors)|uses cookies|we use cookies|site use cookies"
    r"|website use cookies|our use of cookies|use of our cookies"
    r"|our (?:web)?(?:site|page|store)|this (?:web)?(?:site|page|store)|with our cookies"
    r"|by (?:continuing|using|clicking|browsing|visiting|staying|scrolling|accepting)"
    r"|you (?:agree|consent|accept)|you're (?:agree|consent|accept)|you are (?:agree|consent|accept)"
    r"|do you (?:mind|agree|accept)"
    r"|if you (?:continue|agree|click|accept|consent)|your (?:consent|cookie|privacy) (?:choices|preferences|settings)"
    r"|click(?:ing)? (?:on )?[\"“'‘]?(?:accept|ok|agree|allow)"
    r"|sitemiz|sitelerimiz|kullanılmaktadır|kullanıyoruz|kullanmaktayız|devam ederek|kabul etmiş"
    r"|wir (?:verwenden|nutzen|setzen)|unsere (?:web)?seite|diese (?:web)?seite|indem sie|durch (?:die )?(?:weitere )?nutzung"
    r"|nous utilisons|notre site|ce site|en poursuivant|en continuant|vous acceptez"
    r"|utilizamos|usamos|nuestro sitio|este sitio|si continúa|si contin[uú]as|al continuar|aceptas|acepta el uso"
    r"|utilizziamo|usiamo|questo sito|nostro sito|proseguendo|continuando la navigazione|accetti"
    r"|nosso site|este site|ao continuar|você concorda|voce concorda"
    r"|wij gebruiken|we gebruiken|onze (?:web)?site|deze (?:web)?site|door verder|gaat u akkoord|ga je akkoord"
    r"|używamy|wykorzystujemy|nasz(?:a|ej)? (?:stron|serwis)|ta strona|ten serwis|kontynuując|korzystając z (?:tej|naszej|serwisu|witryny|strony)|wyrażasz"
    r"|мы используем|используем|наш сайт|этот сайт|продолжая|вы соглашаетесь|вы принимаете"
    r"|ми використовуємо|використовуємо|наш сайт|цей сайт|продовжуючи|ви погоджуєтеся|ви приймаєте"
    r"|نستخدم|موقعنا|هذا الموقع|باستخدامك|بالاستمرار|بمواصلة|توافق على",
)
YOU_TERMS = re.compile(
    r"\b(?:you|your|vous|votre|vos|usted|tu|tus|tuo|tua|tuoi|você|uw|je|jouw|twoj\w*|twój|вы|ваш\w*|ви|siz\w*)\b"
    r"|(?:ınız|iniz|unuz|ünüz)\b"
)
PRIVACY_TERMS = re.compile(
    r"consent|privacy|personal data|gdpr|datenschutz|einwillig|zustimm|consentement|confidentialité"
    r"|données personnelles|consentimiento|privacidad|datos personales|consenso|consentimento|privacidade"
    r"|dados pessoais|toestemming|persoonsgegevens|zgod|prywatno|dane osobowe|danych osobowych|согласи"
    r"|конфиденциальн|персональн|згод|конфіденційн|rıza|gizlilik|kişisel veri|kvkk|الخصوصية"
    r"|البيانات الشخصية|موافق"
)
FORMAL_YOU = re.compile(r"\b(?:Sie|Ihre?[mnrs]?)\b")
WORD = re.compile(r"\w+")

# --- a small stopword-based language guess: enough to see a notice in another language
STOPWORDS = {
    "en": "the and of to in is that for with on are this was by it be as at from have",
    "tr": "ve bir bu ile için da de olarak daha gibi çok olan sonra kadar ancak ise",
    "de": "der die das und ist nicht mit den von zu ein eine auf für sich dem des auch",
    "fr": "le la les et des est une pour dans que qui du sur pas au avec sont ce",
    "es": "el la los las y de que en es por para con una del se al lo como",
    "it": "il di che la e è per un una del della non sono con gli si le",
    "pt": "o a os as e de que em do da para com um uma não no na se",
    "nl": "de het een en van is dat op te met voor zijn niet aan ook er",
    "pl": "i w na z się nie do to jest że o jak za od po tak są",
    "ru": "и в не на что с по это как из он за от для у так же",
    "uk": "і в не на що з до це як та за від для у його також є",
    "ar": "في من على أن إلى التي الذي عن مع هذا هذه كان",
}
STOPWORD_SETS = {lang: frozenset(words.split()) for lang, words in STOPWORDS.items()}


def _normalise(text: str) -> str:
    return " ".join(text.split())


def _guess_language(words: list[str]) -> str | None:
    """Guess a text's language from its stopwords; None when unsure."""
    counts = {lang: sum(1 for w in words if w in stop) for lang, stop in STOPWORD_SETS.items()}
    best = max(counts, key=counts.get)
    ranked = sorted(counts.values(), reverse=True)
    if ranked[0] < 2 or ranked[0] < 2 * ranked[1]:
        return None
    return best


@dataclass(frozen=True)
class _Signals:
    """Consent signals of one paragraph."""

    words: int
    hits: int
    cookie: bool
    privacy: bool
    address: bool
    you: bool
    consent: int
    purpose: int
    foreign: bool

    @property
    def score(self) -> int:
        return (3 * self.cookie + 3 * self.address + self.you + self.consent + self.purpose
                + 2 * self.foreign)

    @property
    def notice(self) -> bool:
        """Reads like a consent notice addressed to the visitor: about cookies, or about privacy and
        consent in the site's own voice."""
        if self.words > MAX_NOTICE_WORDS or self.hits * WORDS_PER_HIT < self.words:
            return False
        if self.cookie:
            return (self.address or self.you or self.foreign) and self.consent + self.purpose >= 1 and self.score >= 5
        return self.address and self.privacy and self.consent >= 2 and self.score >= 6

    @property
    def strong(self) -> bool:
        """Unmistakably a notice, wherever it stands in the text."""
        return (self.cookie and (self.address or self.foreign) and self.consent >= 1
                and self.consent + self.purpose >= 2 and self.words <= MAX_NOTICE_WORDS)

    @property
    def weak(self) -> bool:
        """Consent vocabulary, enough to go with a neighbouring notice."""
        return (self.cookie or self.consent >= 1 or self.address) and self.words <= 12


def _signals(paragraph: str, language: str | None) -> _Signals | None:
    """Consent signals of a paragraph; None when it has no consent vocabulary at all."""
    lowered = paragraph.lower()
    padded = " " + lowered
    cookie = COOKIE_TERMS.findall(lowered)
    address = ADDRESS_TERMS.findall(padded)
    consent = CONSENT_TERMS.findall(padded)
    if not (cookie or address or consent):
        return None
    purpose = PURPOSE_TERMS.findall(padded)
    words = WORD.findall(lowered)
    guessed = _guess_language(words) if len(words) >= 5 else None
    return _Signals(
        words=len(words),
        hits=len(cookie) + len(address) + len(consent) + len(purpose),
        cookie=bool(cookie),
        privacy=bool(PRIVACY_TERMS.search(lowered)),
        address=bool(address),
        you=bool(YOU_TERMS.search(lowered) or FORMAL_YOU.search(paragraph)),
        consent=min(2, len(set(consent))),
        purpose=min(2, len(set(purpose))),
        foreign=bool(language and guessed and guessed != language),
    )


def looks_like_notice(text: str, language: str | None = None) -> bool:
    """Tell whether a short text reads like a cookie/consent notice (used for generic markup matches)."""
    signals = _signals(text, language)
    return signals is not None and signals.notice


def _visible_text(elem: lxml.html.HtmlElement) -> str:
    return _normalise(" ".join(VISIBLE_TEXT(elem)))


def _delete(elem: lxml.html.HtmlElement) -> None:
    """Remove an element but keep its tail text in the tree."""
    parent = elem.getparent()
    if elem.tail:
        previous = elem.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + elem.tail
        else:
            parent.text = (parent.text or "") + elem.tail
    parent.remove(elem)


def _generic_rule(elem: lxml.html.HtmlElement) -> str:
    """Name the generic signal an element matched."""
    for attribute in ("id", "class", "aria-label"):
        value = elem.get(attribute, "").lower()
        for token in ATTRIBUTE_TOKENS:
            if token in value:
                return f"{attribute}-token:{token}"
    return "dialog"


def _candidates(tree: lxml.html.HtmlElement) -> list[tuple[lxml.html.HtmlElement, str | None]]:
    """Elements matched by a platform rule (with its name) or a generic signal (None), outermost first.

    One cheap scan of the id/class/role/aria-label values decides which compiled rules can match;
    only those walk the tree.
    """
    body = BODIES(tree)
    values = " ".join({value for xpath in ATTRIBUTE_VALUES for value in xpath(tree, body=body)}).lower()
    names = set(values.split())
    found: dict[lxml.html.HtmlElement, str | None] = {}
    for name, literal, prefix, xpath in PLATFORM_RULES:
        if (literal in values) if prefix else (literal in names):
            for elem in xpath(tree, body=body):
                found.setdefault(elem, name)
    for token, xpath in TOKEN_RULES:
        if token in values:
            for elem in xpath(tree, body=body):
                found.setdefault(elem, None)
    if "dialog" in names or "cookie" in values or "consent" in values:
        for elem in DIALOGS(tree, body=body):
            found.setdefault(elem, None)
    return sorted(found.items(), key=lambda item: sum(1 for _ in item[0].iterancestors()))


def remove_consent_markup(tree: lxml.html.HtmlElement) -> list[Removed]:
    """Remove consent-management containers from the parsed page in place, before trafilatura.

    Platform roots go unless they hold most of the page's text; elements with a generic signal
    (consent token in id, class or aria-label; a modal dialog) go only when their text reads like
    a consent notice.
    """
    page_chars, removed_chars = None, 0
    removed: list[Removed] = []
    gone: set[lxml.html.HtmlElement] = set()
    for elem, rule in _candidates(tree):
        if elem.tag in PROTECTED_TAGS or elem.tag in SKIPPED_TAGS or elem.getparent() is None:
            continue
        if any(ancestor in gone for ancestor in elem.iterancestors()):
            continue
        text = _visible_text(elem)
        if rule is None and (not text or len(text) > MAX_GENERIC_CHARS or not looks_like_notice(text)):
            continue
        if rule is None or len(text) > 1000:
            if page_chars is None:
                page_chars = len(_visible_text(tree)) + removed_chars
            if len(text) > (MAX_PLATFORM_SHARE if rule else MAX_PAGE_SHARE) * page_chars:
                continue
        gone.add(elem)
        removed_chars += len(text)
        _delete(elem)
        removed.append(Removed("markup", rule or _generic_rule(elem), text[:MAX_RECORDED_CHARS]))
    return removed


def _language_code(language: str | None) -> str | None:
    if not language:
        return None
    code = language.strip().lower().replace("_", "-").split("-")[0]
    return code if code in STOPWORD_SETS else None


def drop_consent_paragraphs(text: str, language: str | None = None) -> tuple[str, list[Removed]]:
    """Drop paragraphs (newline-separated lines of trafilatura's txt output) that are consent notices.

    Notices are dropped at the start or end of the text, or anywhere when unmistakable; consent
    lines next to a dropped notice go with it. An article about cookies or consent keeps its text.
    """
    lowered = text.lower()
    if not (COOKIE_TERMS.search(lowered) or ADDRESS_TERMS.search(" " + lowered)):
        return text, []
    lines = text.split("\n")
    language = _language_code(language) or _guess_language(WORD.findall(lowered))
    signals = [_signals(line, language) for line in lines]
    words = [len(line.split()) for line in lines]
    content = [i for i, s in enumerate(signals) if words[i] >= CONTENT_MIN_WORDS and not (s and s.notice)]
    first, last = (content[0], content[-1]) if content else (len(lines), -1)
    # an article about cookies or consent: many of its paragraphs carry consent vocabulary
    topical = [i for i in content if signals[i] and (signals[i].cookie or signals[i].privacy)]
    about_consent = len(topical) >= 2 and len(topical) >= 0.25 * len(content)

    def seed(i: int) -> bool:
        s = signals[i]
        if s is None or not s.notice:
            return False
        if s.foreign or (s.strong and not about_consent):
            return True
        return (i < first or i > last) and not about_consent

    def joins(j: int) -> bool:
        s = signals[j]
        return words[j] == 0 or (s is not None and (s.weak or s.notice))

    drop = [False] * len(lines)
    for i in range(len(lines)):
        if drop[i] or not seed(i):
            continue
        drop[i] = True
        for step in (-1, 1):
            j = i + step
            while 0 <= j < len(lines) and joins(j):
                drop[j] = words[j] > 0
                j += step
    if not any(drop):
        return text, []
    removed = [Removed("text", "text-classifier", _normalise(lines[i])) for i in range(len(lines)) if drop[i]]
    kept = "\n".join(line for i, line in enumerate(lines) if not drop[i])
    return kept, removed
