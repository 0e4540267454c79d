"""Text on its way to a terminal or a log line: control characters made visible, long user values shortened.

Standard library only, so every layer (the database messages here in `storage`, the command line's output
and error lines in `scheduler`) uses the same rule, and `tollwatch --help` loads nothing more for it.
"""
from __future__ import annotations

import re

# C0, DEL and C1 controls, and the two Unicode line breaks that some terminals and log viewers honour: what
# page text, HTTP headers or a user's value could use to move the cursor, retitle a terminal or forge a line.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
MAX_SHOWN = 80  # characters of a user's value (a name, a duration, a key) echoed in a message
MAX_PATH_SHOWN = 300  # of a file path or URL, which can be long and still right


def escape_controls(text: str, keep: str = "") -> str:
    """`text` with each control character but those in `keep` written as a visible escape (`\\n`, `\\x1b`,
    `\\u2028`); every other character, letters of any script included, is left as it is."""
    return CONTROL.sub(lambda match: match.group() if match.group() in keep else _escape(match.group()), text)


def _escape(char: str) -> str:
    """One control character as the escape Python would write for it."""
    code = ord(char)
    return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def shorten(text: str, limit: int = MAX_SHOWN) -> str:
    """`text` cut to `limit` characters, the last an ellipsis, when it is longer: a value echoed in a message."""
    return text if len(text) <= limit else text[:limit - 1] + "…"
