"""Where things are in a knowledge file's text: the line of a record or of one of its keys.

Knowledge files are written as arrays of tables (`[[campaigns]]`), so the n-th header of a
kind starts record n, and a field is the first key of that name below it. The headers and
line breaks are found once per text, and a record's keys once per record, so that a file of
megabytes with a thousand problems is still located in a moment.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

# Each pattern starts at the line break before what it finds: a literal first character
# lets the regular expression engine skip ahead, many times faster than `^` on long lines.
_LINE_BREAK = re.compile("\n")
_RECORD_HEADER = re.compile(r"\n[ \t]*\[\[[ \t]*([A-Za-z0-9_-]+)[ \t]*\]\]")
_ANY_HEADER = re.compile(r"\n[ \t]*\[")
# A key, or a dotted key (`inferred.metric = ...`), whose first part is found as well.
_KEY = re.compile(r"\n[ \t]*([A-Za-z0-9_-]+(?:[ \t]*\.[ \t]*[A-Za-z0-9_-]+)*)[ \t]*=")


class TomlLayout:
    """The lines of one TOML text, indexed for many look-ups."""

    def __init__(self, text: str) -> None:
        # A line break before the first line, so that every line starts after one; offsets
        # below are into this text.
        self._text = "\n" + text
        self._breaks = [match.start() for match in _LINE_BREAK.finditer(self._text)]
        self._sections = [match.start() + 1 for match in _ANY_HEADER.finditer(self._text)]
        self._records: dict[str, list[int]] = {}
        for match in _RECORD_HEADER.finditer(self._text):
            self._records.setdefault(match.group(1), []).append(match.start() + 1)
        root_end = self._sections[0] if self._sections else len(self._text)
        self._root_keys = self._keys(0, root_end)
        self._record_keys: dict[int, dict[str, int]] = {}

    def line(self, loc: tuple[int | str, ...]) -> int | None:
        """The line that holds `loc` (kind, index, field...), or None if it cannot be found."""
        if not loc or not isinstance(loc[0], str):
            return None
        kind = loc[0]
        headers = self._records.get(kind, [])
        if len(loc) < 2 or not isinstance(loc[1], int) or loc[1] >= len(headers):
            offset = self._root_keys.get(kind)
            return None if offset is None else self._line_of(offset)
        start = headers[loc[1]]
        if len(loc) >= 3 and isinstance(loc[2], str):
            keys = self._keys_of_record(start)
            dotted = ".".join(part for part in loc[2:4] if isinstance(part, str))
            key = keys.get(dotted, keys.get(loc[2]))
            if key is not None:
                return self._line_of(key)
        return self._line_of(start)

    def _keys_of_record(self, start: int) -> dict[str, int]:
        if start not in self._record_keys:
            following = bisect_right(self._sections, start)
            end = self._sections[following] if following < len(self._sections) else len(self._text)
            self._record_keys[start] = self._keys(start, end)
        return self._record_keys[start]

    def _keys(self, start: int, end: int) -> dict[str, int]:
        keys: dict[str, int] = {}
        for match in _KEY.finditer(self._text, start, end):
            parts = [part.strip() for part in match.group(1).split(".")]
            keys.setdefault(".".join(parts), match.start(1))
            keys.setdefault(parts[0], match.start(1))
        return keys

    def _line_of(self, offset: int) -> int:
        """The line holding an offset: how many line breaks come before it."""
        return bisect_left(self._breaks, offset)
