"""Records as the knowledge file's own TOML, ready to append to it: `[[sources]]` blocks."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from aicompete.output.escaping import toml_safe


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
    return toml_safe(json.dumps(item, ensure_ascii=False))
