"""`aicompete fields`: the fields of a listing command, as a listing of their own."""

from __future__ import annotations

from collections.abc import Sequence

from aicompete.listings.contract import Field, Listing, Row

FIELDS = (
    Field("name", "string", "Field name, as used by --fields and in JSON and CSV", "Field", "name"),
    Field("type", "string", "JSON type: string, integer, number, boolean or array", "Type"),
    Field("nullable", "boolean", "Whether the value can be null (unknown or not given)", "Null"),
    Field("derived", "boolean", "Whether aicompete computes it rather than the source", "Derived"),
    Field("description", "string", "What the field holds", "Description", "long"),
)


def build(command: str, fields: Sequence[Field]) -> Listing:
    """The fields of the listing command `command`."""
    rows: list[Row] = [
        {
            "name": item.name,
            "type": item.type,
            "nullable": item.nullable,
            "derived": item.derived,
            "description": item.description,
        }
        for item in fields
    ]
    return Listing(
        FIELDS,
        rows,
        ("name", "type", "nullable", "derived", "description"),
        title=f"Fields of aicompete {command}",
    )
