"""Parsing a large knowledge file a part at a time, so that its parse can tell its progress.

The TOML parser is one call that holds the interpreter until it ends: at 100,000 facts, four
seconds in which nothing else runs, not even a progress display. A knowledge file is a list of
arrays of tables (`[[sources]]`, `[[events]]`...), so it can be cut before any top-level
`[[name]]` header into parts that parse on their own, and the parts' arrays joined are the
whole file's. Whatever the parts cannot show to be the whole file's (a part that does not
parse, a key that two parts define other than as an array of tables) is parsed whole instead,
so the document and every error (with its line) are exactly the parser's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from itertools import chain
from typing import Any

# Characters in a part: about a tenth of a second of parsing.
PART_SIZE = 512 * 1024
# A top-level array-of-tables header, its name a bare key: where a part may begin.
_HEADER = re.compile(r"^[ \t]*\[\[[ \t]*([A-Za-z0-9_-]+)[ \t]*\]\]", re.MULTILINE)


def loads(text: str, advance: Callable[[int], None]) -> dict[str, Any]:
    """The TOML document in `text`, as `tomli.loads` reads it; `advance` is told how many
    characters each part held as it is parsed. Raise what `tomli.loads(text)` raises."""
    import tomli

    parsed = 0

    def told(characters: int) -> None:
        nonlocal parsed
        parsed += characters
        advance(characters)

    parts = _parts(text)
    first = next(parts)
    if len(first) < len(text):
        document = _joined(chain([first], parts), told)
        if document is not None:
            return document
    document = tomli.loads(text)
    # Parsed whole after parts that were told: the rest of the way.
    advance(max(0, len(text) - parsed))
    return document


def _parts(text: str) -> Iterator[str]:
    """The text cut before top-level headers, into parts of about `PART_SIZE` characters,
    each cut as it is asked for: all of them at once would be another copy of the text."""
    start = 0
    for header in _HEADER.finditer(text, PART_SIZE):
        if header.start() - start >= PART_SIZE:
            yield text[start : header.start()]
            start = header.start()
    yield text[start:]


def _joined(parts: Iterable[str], advance: Callable[[int], None]) -> dict[str, Any] | None:
    """The parts' documents joined, or None where that might not be the whole text's."""
    import tomli

    document: dict[str, Any] = {}
    # The keys of the document so far that every part defined as arrays of tables.
    arrays: set[str] = set()
    for part in parts:
        try:
            parsed = tomli.loads(part)
        except (tomli.TOMLDecodeError, RecursionError, ValueError):
            # Cut inside a multi-line string, or an error: the whole text says which.
            return None
        headed = {header.group(1) for header in _HEADER.finditer(part)}
        for key, value in parsed.items():
            if key not in document:
                document[key] = value
                if key in headed:
                    arrays.add(key)
            elif key in arrays and key in headed:
                document[key].extend(value)
            else:
                return None
        advance(len(part))
    return document
