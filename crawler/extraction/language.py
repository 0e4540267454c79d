"""Language of an extracted text: the page's own `lang` attribute when valid, else a fast classifier."""
from __future__ import annotations

import re

_LANG_ATTR = re.compile(r"^([a-zA-Z]{2,3})(?:[-_][a-zA-Z0-9]+)*$")
SAMPLE_CHARS = 2000


def detect_language(text: str, lang_attr: str | None = None) -> str | None:
    """ISO 639-1 code such as "en"; the attribute wins because the classifier guesses on short texts."""
    if lang_attr:
        match = _LANG_ATTR.match(lang_attr.strip())
        if match:
            return match.group(1).lower()
    sample = text[:SAMPLE_CHARS].strip()
    if len(sample) < 20:
        return None
    load_model()  # only when a page has no lang attribute
    import py3langid

    return py3langid.classify(sample)[0]


def load_model() -> None:
    """Load the classifier's model (from tollwatch's cache of it) unless it is loaded already."""
    from crawler.extraction.language_model import install

    install()
