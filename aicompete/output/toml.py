"""Records as the knowledge file's own TOML, ready to append to it: `[[sources]]` blocks."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence

# What JSON leaves as it is and a terminal may act on: DEL, the C1 controls, the
# bidirectional marks and the line and paragraph separators. Written as `\uXXXX`, which TOML
# and JSON read back as the same text.
_UNSAFE = re.compile("[\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def to_toml(table: str, records: Sequence[Mapping[str, object]]) -> str:
    """Each record as a `[[table]]` block, its fields in order; None values left out."""
    blocks = []
    for record in records:
        lines = [f"[[{table}]]"]
        lines += [f"{name} = {value(item)}" for name, item in record.items() if item is not None]
        blocks.append("\n".join(lines) + "\n")
    return "\n".join(blocks)


def value(item: object) -> str:
    """A TOML value: JSON's strings, integers and arrays are TOML's too; tables are inline.
    Every control character is escaped, so that the text reads back unchanged and is safe
    on a terminal."""
    if isinstance(item, Mapping):
        return "{ " + ", ".join(f"{name} = {value(inner)}" for name, inner in item.items()) + " }"
    if isinstance(item, (list, tuple)):
        return "[" + ", ".join(value(inner) for inner in item) + "]"
    if isinstance(item, bool):
        return "true" if item else "false"
    return escaped(json.dumps(item, ensure_ascii=False))


def escaped(encoded: str) -> str:
    """JSON text with the characters that JSON leaves raw but a terminal may act on escaped."""
    return _UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", encoded)
