"""What every listing command produces: a `Listing`, its `Field`s and its rows.

A listing is the fields a command offers (with their types and how a table shows them) and
the rows, flat dicts of plain values. The listing modules build them from the knowledge base
with pure functions; the output renderers never look inside the models; nothing here prints.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import field, replace
from itertools import groupby
from operator import itemgetter
from typing import Literal

from aicompete.errors import UsageError
from aicompete.frozen import frozen
from aicompete.knowledge.models import inferred_fields

Scalar = str | int | float | bool | None
# An array field holds a tuple: of flat objects (a campaign, an event), or of text (ids).
Value = Scalar | tuple["Row", ...] | tuple[str, ...] | dict[str, str]
Row = dict[str, Value]
# How a table shows a value: `change` and `change_share` carry a sign (+30.0M, -12.5%);
# `amount` is an amount in the currency its row names.
Display = Literal[
    "text",
    "name",
    "count",
    "cny",
    "usd",
    "amount",
    "share",
    "long",
    "check",
    "change",
    "change_share",
    # A conflict's value: a figure, amounts as "N CUR; N CUR", or a time, by its row's `field`.
    "stated",
    # A figure in the unit and with the bound its row gives: ">100.0M", "44.5%", "¥3.0B".
    "figure",
    # A position that a row may not have (an undated event): none is no rank, not unknown.
    "rank",
]
# An `object` maps names to text, such as each field of a fact to its status.
FieldType = Literal["string", "integer", "number", "boolean", "array", "object"]


@frozen
class Field:
    """One output field: its name in every format, its type and its table column."""

    name: str
    type: FieldType
    description: str
    header: str
    display: Display = "text"
    derived: bool = False
    nullable: bool = False
    # When this field is empty, a table shows the named (derived) field in its place; and when
    # that is empty too but the `unconverted` field holds stated amounts, "no rate".
    fallback: str | None = None
    unconverted: str | None = None
    # An array field's item fields, and the ones a person reads for each item, in order; an
    # array field without item fields holds text.
    items: tuple[Field, ...] = ()
    item_text: tuple[str, ...] = ()
    # Holds the id of a source that states the row's facts: what a source line names.
    cites: bool = False

    def item(self, name: str) -> Field:
        return next(item for item in self.items if item.name == name)


@frozen
class Listing:
    """The answer of one command, ready to render in any format."""

    fields: tuple[Field, ...]
    rows: list[Row]
    table_fields: tuple[str, ...]
    title: str = ""
    # The field whose values a table draws as bars, and the value a full bar stands for when
    # it is not the largest shown (as when rows were filtered out).
    bar_field: str | None = None
    bar_scale: float | None = None
    notes: tuple[str, ...] = field(default=())
    # Notes on one field's values, by the field's name: said only where that field is shown.
    field_notes: tuple[tuple[str, str], ...] = field(default=())
    # When set, a table shows one column per row, headed by this field, and one row per field.
    columns_by: str | None = None
    # The spans of a cell's text that a terminal highlights, such as the words searched for.
    marks: Callable[[str], Sequence[tuple[int, int]]] | None = None
    # What a format for people says instead of an empty table, if anything.
    empty_message: str = ""
    # When set, rows that share these fields' values form a section: a table for people shows
    # each as a table of its own, headed by those values (rows come grouped already).
    sections_by: tuple[str, ...] = ()
    # Fields a table for people never leaves out for width: what the listing is there to show
    # (both sides of a conflict, the source where sources disagree).
    keeps: tuple[str, ...] = ()

    def field(self, name: str) -> Field:
        return next(item for item in self.fields if item.name == name)

    def bar_value(self, row: Row) -> Value:
        """What a row's bar draws: its bar field's value, else the one shown in its place."""
        if not self.bar_field:
            return None
        value = row[self.bar_field]
        fallback = self.field(self.bar_field).fallback if value is None else None
        return row.get(fallback) if fallback else value

    def bar_peak(self, rows: Sequence[Row] | None = None) -> float:
        """The value a full bar stands for: the listing's own scale, else the largest value of
        its rows (or of `rows`, a section's)."""
        if self.bar_scale is not None:
            return self.bar_scale
        values = [self.bar_value(row) for row in (self.rows if rows is None else rows)]
        return float(max((v for v in values if isinstance(v, (int, float))), default=0))

    def limited(self, count: int) -> Listing:
        """The first `count` rows, as they come (`--limit`): sorted and filtered already, each
        keeping its rank in the whole listing; sections are cut like any rows.

        A format for people says how many rows there were. Bars keep their scale: the largest
        value of the whole listing, or in a listing cut into sections, each section's leader,
        its first row, which a cut keeps.
        """
        if len(self.rows) <= count:
            return self
        scale = self.bar_scale
        if scale is None and self.bar_field and not self.sections_by:
            scale = self.bar_peak()
        return replace(
            self,
            rows=self.rows[:count],
            bar_scale=scale,
            notes=(*self.notes, f"First {count:,} of {len(self.rows):,} rows."),
        )


CITATION_FIELDS = (
    Field("source", "string", "Id of the source that states the fact", "Source", cites=True),
    Field("quote", "string", "Verbatim span of the source that states the fact", "Quote", "long"),
)

# When a fact is: its words of time as reported, and the date a stated rule resolves them to.
TIME_FIELDS = (
    Field("when", "string", "When, exactly as reported", "When", nullable=True),
    Field(
        "date",
        "string",
        "The ISO 8601 date `when` resolves to: a day, month, year or interval; null if none",
        "Date",
        nullable=True,
    ),
)

AGREEMENT_FIELDS = (
    Field(
        "sources_agreeing",
        "integer",
        "How many sources state this same value, its own included",
        "Sources",
    ),
    Field(
        "conflicts_with",
        "array",
        "Ids of the records of other sources that state the same thing differently",
        "Conflicts with",
    ),
)


INFERRED_FIELD = Field(
    "inferred",
    "array",
    "Names of this row's fields that the knowledge file infers, with why (`aicompete show "
    "ID`), rather than the source stating them; and of those that follow from one: a date "
    "from its `when`, a unit from its metric, a group's heading from what every figure in "
    "the group infers",
    "Inferred",
)
INFERRED_NOTE = (
    "* inferred: the source does not state it; the knowledge file says why (aicompete show ID)"
)


def inferred_names(
    fact: object, fields: Sequence[Field], shown_as: Mapping[str, tuple[str, ...]] = {}
) -> tuple[str, ...]:
    """The names of the `fields` of a row that show what the fact does not state: each of
    its inferred fields as `shown_as` maps it to the row's fields, else under its own name."""
    inferred = inferred_fields(fact)
    if not inferred:
        # Most facts infer nothing: they cost a call.
        return ()
    names = {field.name for field in fields}
    found: dict[str, None] = {}
    for name in inferred:
        found.update(
            dict.fromkeys(shown for shown in shown_as.get(name, (name,)) if shown in names)
        )
    return tuple(found)


def shown_agreement(rows: Sequence[Row]) -> tuple[str, ...]:
    """The agreement fields a table shows: those that say something of some row."""
    shown: tuple[str, ...] = ()
    if any(row.get("sources_agreeing") not in (None, 1) for row in rows):
        shown += ("sources_agreeing",)
    if any(row.get("conflicts_with") for row in rows):
        shown += ("conflicts_with",)
    return shown


DERIVED_NOTE = "† derived: computed by aicompete from the stated figures, not stated in the source"


class UnknownField(UsageError):
    """A `--fields` name that the command does not have, none at all, or one twice."""


def names_in_fields_option(text: str) -> list[str]:
    """The names of a `--fields` value: comma-separated, spaces around them ignored."""
    return [name.strip() for name in text.split(",") if name.strip()]


def check_field_names(fields: Sequence[Field], names: Sequence[str]) -> None:
    """Raise `UnknownField` unless `names` are fields of `fields`, at least one, each once."""
    valid = [field.name for field in fields]
    unknown = [name for name in names if name not in valid]
    if unknown:
        import difflib

        close = difflib.get_close_matches(unknown[0], valid, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise UnknownField(
            f"unknown field {', '.join(map(repr, unknown))}; valid fields: {', '.join(valid)}"
            + hint
        )
    if not names:
        raise UnknownField(f"no field named; valid fields: {', '.join(valid)}")
    repeated = sorted({name for name in names if names.count(name) > 1}, key=names.index)
    if repeated:
        raise UnknownField(f"field {', '.join(map(repr, repeated))} named more than once")


def one_of(name: str, choices: Sequence[str], error: type[UsageError]) -> str:
    """The choice `name` stands for, case and spaces aside, as every choice of the command
    line (`-f JSON`); raise `error`, naming the choices."""
    found = name.strip().casefold()
    if found not in choices:
        raise error(f"{name!r} is not one of {', '.join(map(repr, choices))}")
    return found


def select_fields(listing: Listing, names: Sequence[str]) -> Listing:
    """The listing showing only `names`, in that order (names already checked).

    Rows keep every value, so that a table can still fall back to a derived field.
    """
    return replace(
        listing,
        fields=tuple(listing.field(name) for name in names),
        table_fields=tuple(names),
        bar_field=listing.bar_field if listing.bar_field in names else None,
    )


def cited(fields: Sequence[Field], rows: Sequence[Row]) -> list[str]:
    """The ids of the sources that `rows` cite, in the fields that cite and in the items of
    array fields, each once, in the order first cited. `fields` are the whole listing's: rows
    keep the values of fields not shown, so a table without a source column still cites."""
    ids: dict[str, None] = {}
    for row in rows:
        for one in fields:
            value = row.get(one.name)
            if one.cites and isinstance(value, str):
                ids.setdefault(value)
            elif one.cites:
                ids.update(dict.fromkeys(texts(value)))
            elif one.items:
                ids.update(dict.fromkeys(cited(one.items, objects(value))))
    return list(ids)


def objects(value: Value) -> list[Row]:
    """The objects of an array value: a campaign's amounts, a player's campaigns."""
    return [item for item in value if isinstance(item, dict)] if isinstance(value, tuple) else []


def texts(value: Value) -> list[str]:
    """The text items of an array value: the ids a record conflicts with."""
    return [item for item in value if isinstance(item, str)] if isinstance(value, tuple) else []


def sections(listing: Listing) -> list[Listing]:
    """The listing cut where the values of its `sections_by` fields change: a listing of
    each of `table_parts`."""
    return [replace(listing, rows=list(rows)) for rows in table_parts(listing)]


def table_parts(listing: Listing) -> Sequence[Sequence[Row]]:
    """The rows of each table the listing is shown in: each section's, or all its rows (none,
    for a listing without rows) in one."""
    if not listing.sections_by or not listing.rows:
        return [listing.rows]
    return section_rows(listing)


def section_rows(listing: Listing) -> list[list[Row]]:
    """The rows of each of the listing's sections, as `sections` cuts them."""
    if not listing.sections_by:
        return [list(listing.rows)] if listing.rows else []
    return [list(rows) for _, rows in groupby(listing.rows, itemgetter(*listing.sections_by))]
