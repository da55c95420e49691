"""Records as the knowledge file's own TOML, ready to append to it: `[[sources]]` blocks."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence


def to_toml(table: str, records: Sequence[Mapping[str, object]]) -> str:
    """Each record as a `[[table]]` block, its fields in order; None values left out."""
    blocks = []
    for record in records:
        lines = [f"[[{table}]]"]
        lines += [f"{name} = {_value(item)}" for name, item in record.items() if item is not None]
        blocks.append("\n".join(lines) + "\n")
    return "\n".join(blocks)


def _value(value: object) -> str:
    """A TOML value: JSON's strings, integers and arrays are TOML's too; tables are inline."""
    if isinstance(value, Mapping):
        return "{ " + ", ".join(f"{name} = {_value(item)}" for name, item in value.items()) + " }"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_value(item) for item in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value, ensure_ascii=False)
