"""JSON text in colour for a terminal, as gh and jq show it: keys, strings, numbers, true and
false, and null each in a colour of their own, and the punctuation plain.

Only colour codes are added: without them the text is the same JSON, character for character.
The text comes escaped already (`escaping.json_safe`), so nothing in it but these codes acts
on the terminal. Imported only when JSON goes to a terminal in colour.
"""

from __future__ import annotations

import re

# One pass over the text, left to right: a string is taken whole, so that nothing inside it
# (digits, `true`, an escaped quote) is read as a token of its own. A string is a key when a
# colon follows it. A number can only start where no string is.
_TOKENS = re.compile(
    r'(?P<key>"[^"\\]*(?:\\.[^"\\]*)*"(?=\s*:))'
    r'|(?P<string>"[^"\\]*(?:\\.[^"\\]*)*")'
    r"|(?P<number>-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)"
    r"|(?P<boolean>true|false)"
    r"|(?P<null>null)"
)
# SGR codes: bold blue keys and green strings as jq and gh have them; cyan numbers, yellow
# true and false, grey null.
COLORS = {
    "key": "\x1b[1;34m",
    "string": "\x1b[32m",
    "number": "\x1b[36m",
    "boolean": "\x1b[33m",
    "null": "\x1b[90m",
}
RESET = "\x1b[0m"


def highlight_json(text: str) -> str:
    """`text`, JSON or JSON Lines, with each token in its colour."""
    return _TOKENS.sub(_painted, text)


def _painted(match: re.Match[str]) -> str:
    # Each alternative is a group of its own, named after its colour.
    return f"{COLORS[str(match.lastgroup)]}{match.group()}{RESET}"
