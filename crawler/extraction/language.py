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
    import py3langid  # loads its model (about a second) only when a page has no lang attribute

    return py3langid.classify(sample)[0]


def load_model() -> None:
    """Load the classifier's model now rather than on the first page without a lang attribute."""
    import py3langid

    py3langid.classify("model warm-up text")
