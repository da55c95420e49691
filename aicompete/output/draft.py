"""A draft as the knowledge file's own TOML, to review and append, or as JSON.

In the TOML, each field that is a claim carries the status `verify` gives it as a comment
(`# proven`, `# editorial: ...`); a field left for a person is a comment naming it and why,
above its record; a record that lacks a required field is written commented out, with an
empty value for each field to fill, so that the draft as printed always appends cleanly and
an incomplete record is refused by `validate` until it is completed. Text from the article
is escaped wherever it is printed: in values as TOML escapes, in comments as `\\x1b`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from aicompete.knowledge.kinds import BY_NAME
from aicompete.listings.draft import Item
from aicompete.output.escaping import clean, json_safe
from aicompete.output.toml import to_toml, value
from aicompete.proof.drafting import field_order, required_fields

# The fields of a fact that are its evidence: written plainly, with no status.
_EVIDENCE = ("id", "source", "quote", "context")
_STATUS_NOTES = {
    "proven": "proven",
    "inferred": "inferred: the evidence does not state it; review why",
    "editorial": "editorial: drafted here, review it",
}

_HEADER = """\
# Draft by `aicompete draft` of {file}
# Candidate facts, read by the rules that `aicompete verify` proves fields with. Review
# and edit each record, append what you keep to the knowledge file, then run
# `aicompete validate` and `aicompete verify`. After each field is the status verify
# gives it: "proven" (by its rule) or "editorial" (written here for you to review).
# "left for you" names a field the draft could not fill, and why. A record that lacks a
# required field is commented out: fill in its empty values, then uncomment it.
"""


def draft_to_json(items: Sequence[Item]) -> str:
    """The draft as one JSON array: the source, then each candidate."""
    return json_safe(json.dumps(list(items), ensure_ascii=False, indent=2)) + "\n"


def draft_to_toml(items: Sequence[Item], file: str) -> str:
    """The draft as TOML: a header naming what the knowledge file already holds, the
    `[[sources]]` block of a new source, then a block for each new candidate."""
    parts = [_HEADER.format(file=_comment(file))]
    source = items[0]
    candidates = [item for item in items[1:] if item["kind"] != "alias"]
    aliases = [item for item in items[1:] if item["kind"] == "alias"]
    known = [item for item in candidates if item["draft"] == "known"]
    if source.get("missing_metrics"):
        parts.append(
            "#\n# The knowledge file lacks the standard metrics "
            + _comment(", ".join(source["missing_metrics"]))
            + ":\n# the draft reads a figure only by the words of a metric the file holds. Start"
            "\n# a base with `aicompete init DIR`, which copies them, or copy their [[metrics]]"
            "\n# records from the bundled facts.toml.\n"
        )
    if aliases:
        parts.append(
            "#\n# Other names the article gives records of the knowledge file. A draft does not"
            "\n# edit a record of the file: add each alias you keep to that record's `aliases`.\n"
        )
        parts += [f"#   {_alias(item)}\n" for item in aliases]
    if source["draft"] == "known":
        parts.append(
            f"#\n# The article is source {_comment(source['id'])} of the knowledge file.\n"
        )
    if known:
        parts.append("#\n# Already in the knowledge file, reused by id:\n")
        parts += [f"#   {_known(item)}\n" for item in known]
    if source["draft"] == "new":
        parts.append("\n" + to_toml("sources", [source["record"]]))
    for item in candidates:
        if item["draft"] != "known":
            parts.append("\n" + _block(item))
    return "".join(parts)


def _alias(item: Item) -> str:
    record = item["record"]
    status = (
        "proven" if item["fields"].get("alias") == "proven" else f"left: {item['reasons']['alias']}"
    )
    return _comment(
        f"{record['record']} ({record['name']}): alias {record['alias']!r} ({status}); "
        f"evidence: {record['quote']!r}"
    )


def _known(item: Item) -> str:
    name = item["record"].get("name")
    line = f"{item['kind']} {item['id']}" + (f" ({name})" if name else "")
    for conflict in item["conflicts_with"]:
        line += (
            f"; the article gives {conflict['field']} {item['record'][conflict['field']]!r}, "
            f"the knowledge file {conflict['value']!r}"
        )
    return _comment(line)


def _block(item: Item) -> str:
    """One candidate's notes and record; commented out when it is incomplete."""
    kind = BY_NAME[item["kind"]]
    record, statuses, reasons = item["record"], item["fields"], item["reasons"]
    complete = item["draft"] == "new"
    notes = []
    if not complete:
        notes.append(f"{kind.name} {item['id']}: incomplete; fill in what is left for you")
    notes += [_agreement("agrees with", other) for other in item["agrees_with"]]
    notes += [_agreement("conflicts with", other) for other in item["conflicts_with"]]
    notes += [_restates(other) for other in item["may_restate"]]
    notes += [
        f"left for you: {name}: {reasons[name]}"
        for name, status in statuses.items()
        if status == "left"
    ]
    lines = [f"[[{kind.table}]]"]
    for name in field_order(kind.name):
        if name in record:
            line = f"{name} = {value(record[name])}"
            if name not in _EVIDENCE and statuses.get(name) in _STATUS_NOTES:
                line += f"  # {_STATUS_NOTES[statuses[name]]}"
            lines.append(line)
        elif not complete and name in required_fields(kind.name):
            lines.append(f'{name} = ""  # left for you')
    if not complete:
        lines = [f"# {line}" for line in lines]
    return "".join(f"# {_comment(note)}\n" for note in notes) + "\n".join(lines) + "\n"


def _agreement(verb: str, other: Item) -> str:
    said = f"{verb} {other['kind']} {other['id']} of source {other['source']}"
    if "field" in other:
        said += f", whose {other['field']} is {_shown(other['value'])}"
    return said


def _restates(other: Item) -> str:
    said = (
        f"may restate {other['kind']} {other['id']} of source {other['source']}: if so, add "
        f'same_as = "{other["id"]}"'
    )
    if other["verdict"]:
        verdict = other["verdict"].removesuffix("s")
        said += f"; their {other['field']} {verdict} ({_shown(other['value'])} there)"
    return said


def _shown(item: object) -> str:
    """A value of the knowledge file as a person reads it: amounts as `600,000,000 USD`."""
    if isinstance(item, list):
        return ", ".join(_shown(inner) for inner in item) or "none"
    if isinstance(item, dict) and set(item) == {"value", "currency"}:
        return f"{item['value']:,} {item['currency']}"
    if isinstance(item, int):
        return f"{item:,}"
    return json.dumps(item, ensure_ascii=False)


def _comment(text: str) -> str:
    """Text for a TOML comment: its control characters escaped, so that it stays one line."""
    return clean(text)
