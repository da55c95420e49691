"""Text from the knowledge file made safe for where it goes: a terminal, JSON, CSV, Markdown.

Text in the data is data, never instructions: a control character must not move a terminal's
cursor or retitle its window, a bidi override must not turn text around, an invisible
character must not make two texts print alike, and a cell must not become a spreadsheet
formula or a link. Each output escapes what its readers would act on, and no more, so that
the machine formats still round-trip.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable

# What a terminal or a reader would act on, or cannot show: control characters (Cc), format
# characters such as bidi overrides and zero-width spaces (Cf, as of Unicode 15), line and
# paragraph separators, and noncharacters (which XML forbids too). Surrogates cannot occur:
# the knowledge file is UTF-8, which has none. Ranges of code points, first and last.
UNSAFE: tuple[tuple[int, int], ...] = tuple(sorted((
    (0x00, 0x1F), (0x7F, 0x9F), (0xAD, 0xAD), (0x600, 0x605), (0x61C, 0x61C), (0x6DD, 0x6DD),
    (0x70F, 0x70F), (0x890, 0x891), (0x8E2, 0x8E2), (0x180E, 0x180E), (0x200B, 0x200F),
    (0x2028, 0x202E), (0x2060, 0x2064), (0x2066, 0x206F), (0xFDD0, 0xFDEF), (0xFEFF, 0xFEFF),
    (0xFFF9, 0xFFFB), (0x110BD, 0x110BD), (0x110CD, 0x110CD), (0x13430, 0x1343F),
    (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A), (0xE0001, 0xE0001), (0xE0020, 0xE007F),
    *((plane * 0x10000 + 0xFFFE, plane * 0x10000 + 0xFFFF) for plane in range(17)),
)))  # fmt: skip
_FIRSTS = tuple(first for first, _ in UNSAFE)


def _unsafe(code: int) -> bool:
    at = bisect_right(_FIRSTS, code) - 1
    return at >= 0 and code <= UNSAFE[at][1]


def _escaped(text: str, escape: Callable[[int], str], least: int = 0) -> str:
    """The text with each unsafe character from `least` up replaced by its escape. Only the
    distinct characters the text holds are looked up: far cheaper, for every answer, than
    compiling a pattern of these ranges or a table of them all."""
    # ASCII, most text of all, is judged without a look at each character: its unsafe
    # characters are the controls (below U+0020) and DEL.
    if text.isascii() and (text.isprintable() or (least > 0x1F and "\x7f" not in text)):
        return text
    table = {code: escape(code) for code in map(ord, set(text)) if code >= least and _unsafe(code)}
    return text.translate(table) if table else text


# A text cell that a spreadsheet would run as a formula (OWASP's list).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# What Markdown (and the HTML it may hold) would read as markup in a table cell.
_MARKDOWN = re.escape("\\`*_[]<>!|~") + "&"


def _visible(code: int) -> str:
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def clean(text: str) -> str:
    """Text for a terminal or a person: every unsafe character written as its escape (`\\x1b`,
    `\\u202e`), visibly, so that it can be seen and never acts."""
    return _escaped(text, _visible)


def json_safe(encoded: str) -> str:
    """JSON text with every unsafe character as a `\\u` escape: still the same JSON, which a
    parser reads back exactly, but safe to print on a terminal. JSON escapes those below U+0020
    itself, and the rest can only stand inside strings: structural JSON is ASCII."""
    return _escaped(encoded, _json_escape, least=0x7F)


def toml_safe(encoded: str) -> str:
    """TOML text (a basic string as JSON writes it) with every unsafe character as a `\\u` or
    `\\U` escape, which TOML reads back as the same text."""
    return _escaped(encoded, _toml_escape, least=0x7F)


def _toml_escape(code: int) -> str:
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _json_escape(code: int) -> str:
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def spreadsheet_safe(text: str) -> str:
    """A text cell that a spreadsheet would run as a formula, made inert with a leading `'`."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def markdown_safe(text: str) -> str:
    """Text for a Markdown table cell: read as the text it is, never as markup, a link or a
    second row. Markup characters are backslash-escaped, `&`, `<` and `>` written as HTML
    entities, a line break as `<br>`, and the rest as `clean` writes it."""
    lines = re.split(r"\r\n|\n|\r", text)
    return "<br>".join(clean(re.sub(f"[{_MARKDOWN}]", _markdown_escape, line)) for line in lines)


def _markdown_escape(match: re.Match[str]) -> str:
    character = match.group()
    return {"&": "&amp;", "<": "&lt;", ">": "&gt;"}.get(character, "\\" + character)
