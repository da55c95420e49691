"""Validate a parsed knowledge file: its shape and types, then ids, references and circles.

Every problem is found, up to `MAX_PROBLEMS`, each with the TOML line where it can be found.
The kinds of record and the references between them come from `kinds`.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from aicompete.knowledge.catalog import fold, labels
from aicompete.knowledge.kinds import BY_NAME, EVIDENCE_FIELDS, KINDS
from aicompete.knowledge.models import LARGEST, PATTERN_MESSAGES, KnowledgeBase
from aicompete.knowledge.problems import Problem, dotted
from aicompete.knowledge.toml_lines import TomlLayout

if TYPE_CHECKING:
    from aicompete.knowledge.progress import LoadProgress

# Checking stops after this many problems: a file of a million bad records would otherwise
# take minutes to list, and nobody reads past the first screens.
MAX_PROBLEMS = 1000
# Records validated at a time, so that checking stops soon after MAX_PROBLEMS.
_CHUNK = 1000
# Dates and times have no JSON form: they are passed to pydantic as objects under this key.
_DATETIME = "TOML date or time"
# Deeper than any knowledge file goes (kinds, records, amounts, an amount, its value), and
# well inside the JSON parser's recursion limit; see `_shallow`.
_MAX_DEPTH = 8
# Events of a circle of `after` links named in its message; it can hold every event.
_CIRCLE_SHOWN = 5


def validate(
    text: str, document: dict[str, Any], progress: LoadProgress | None = None
) -> tuple[KnowledgeBase | None, list[Problem]]:
    """Check the document's shape, types and cross-references; return every problem.

    Every problem, up to `MAX_PROBLEMS`, in the order of the file's lines. Each stage is told
    to `progress`, and the records validated so far.
    """
    from aicompete.knowledge.progress import Unreported

    progress = progress or Unreported()
    knowledge, problems = _check_schema(document, progress)
    progress.stage("Checking ids, references and the order of events")
    problems += check_references(document)
    if not problems:
        return knowledge, []
    layout = TomlLayout(text)
    located = [replace(item, line=layout.line(item.path)) for item in problems[:MAX_PROBLEMS]]
    located.sort(key=lambda item: item.line or 0)
    if len(problems) > MAX_PROBLEMS:
        located.append(Problem(f"checking stopped after the first {MAX_PROBLEMS:,} problems"))
    return None, located


def check_references(document: Mapping[str, Any]) -> list[Problem]:
    """Ids unique within their kind, every reference naming something that exists, one amount
    per currency, `after` links that never lead an event back to itself, and the checks of
    `_check_meaning`.

    Read from the document itself, so that these problems are found together with those
    of shape and type: a record, id or reference of the wrong type is skipped here.
    """
    problems: list[Problem] = []
    ids: dict[str, set[str]] = {}
    for kind in KINDS:
        seen: set[str] = set()
        for index, record in _records(document, kind.table):
            identifier = record.get("id")
            if isinstance(identifier, str):
                if identifier in seen:
                    problems.append(
                        _problem((kind.table, index, "id"), f"duplicate id {identifier!r}")
                    )
                seen.add(identifier)
        ids[kind.name] = seen
    for kind in KINDS:
        for index, record in _records(document, kind.table):
            for reference in kind.references:
                value = record.get(reference.field)
                for name in value if isinstance(value, list) else [value]:
                    if isinstance(name, str) and name not in ids[reference.kind]:
                        message = f"no {BY_NAME[reference.kind].label} has id {name!r}"
                        problems.append(_problem((kind.table, index, reference.field), message))
    for index, campaign in _records(document, "campaigns"):
        amounts = campaign.get("amounts")
        currencies = [
            money.get("currency")
            for money in (amounts if isinstance(amounts, list) else [])
            if isinstance(money, dict) and isinstance(money.get("currency"), str)
        ]
        if len(set(currencies)) != len(currencies):
            problems.append(_problem(("campaigns", index, "amounts"), "a currency appears twice"))
    problems += _circles_of_after(document)
    problems += _check_meaning(document)
    return problems


def _check_meaning(document: Mapping[str, Any]) -> list[Problem]:
    """What a record's shape cannot say: an `inferred` table names claims of its record; a
    publication date is a day of the calendar; a source's file stays in the knowledge file's
    folder; a record restates one of another source; no name of a company or an app is what
    another company or app is called."""
    import datetime

    problems: list[Problem] = []
    for kind in KINDS:
        claims = [
            field
            for field in getattr(kind.model, "__dataclass_fields__", {})
            if field not in EVIDENCE_FIELDS and field not in kind.editorial
        ]
        for index, record in _records(document, kind.table):
            declared = record.get("inferred")
            for field in declared if isinstance(declared, dict) else ():
                if field not in claims:
                    message = (
                        f"{field!r} is not a field that can be inferred; "
                        f"{kind.name} claims are: {', '.join(claims)}"
                    )
                    problems.append(_problem((kind.table, index, "inferred", field), message))
            same_as = record.get("same_as")
            if isinstance(same_as, str):
                restated = next(
                    (
                        other
                        for _, other in _records(document, kind.table)
                        if other.get("id") == same_as
                    ),
                    None,
                )
                if same_as == record.get("id") or (
                    restated is not None and restated.get("source") == record.get("source")
                ):
                    message = f"restates {same_as!r} of the same source: name one of another source"
                    problems.append(_problem((kind.table, index, "same_as"), message))
    for index, source in _records(document, "sources"):
        published = source.get("published")
        if isinstance(published, str):
            try:
                datetime.date.fromisoformat(published)
            except ValueError:
                message = f"{published!r} is not a day of the calendar"
                problems.append(_problem(("sources", index, "published"), message))
        file = source.get("file")
        if isinstance(file, str) and (
            file.startswith(("/", "\\")) or ".." in re.split(r"[\\/]", file)
        ):
            message = f"{file!r} leaves the knowledge file's folder: name a file inside it"
            problems.append(_problem(("sources", index, "file"), message))
    problems += _shadowed_names(document)
    return problems


def _shadowed_names(document: Mapping[str, Any]) -> list[Problem]:
    """A company's or app's name or alias that is what an earlier company or app (of another
    company) is called, by id, name or alias, would make `compare` and the filters pick the
    wrong one: it is refused where it comes second."""
    called: dict[str, tuple[str, str]] = {}
    problems: list[Problem] = []
    for kind in (BY_NAME["company"], BY_NAME["app"]):
        for index, record in _records(document, kind.table):
            company = record.get("id") if kind.name == "company" else record.get("company")
            for field in kind.names:
                values = record.get(field)
                for text in values if isinstance(values, list) else [values]:
                    earlier = called.get(fold(text)) if isinstance(text, str) else None
                    if earlier is not None and earlier[1] != company:
                        message = f"{text!r} is already what {earlier[0]} is called"
                        problems.append(_problem((kind.table, index, field), message))
            for label in labels(record.get("id"), record.get("name"), record.get("aliases")):
                called.setdefault(label, (f"{kind.name}:{record.get('id')}", str(company)))
    return problems


def _circles_of_after(document: Mapping[str, Any]) -> list[Problem]:
    """One problem for each event whose `after` links lead back to it: no order satisfies them."""
    from aicompete.knowledge.cycles import on_circles

    events = _records(document, "events")
    links: dict[str, list[str]] = {}
    for _, event in events:
        identifier, after = event.get("id"), event.get("after")
        if isinstance(identifier, str) and isinstance(after, list):
            links.setdefault(identifier, []).extend(name for name in after if isinstance(name, str))
    circles = on_circles(links)
    problems: list[Problem] = []
    for index, event in events:
        identifier, after = event.get("id"), event.get("after")
        circle = circles.get(identifier) if isinstance(identifier, str) else None
        # With duplicate ids, only the records whose own links make the circle are named.
        if circle and isinstance(after, list) and any(name in circle for name in after):
            problems.append(_problem(("events", index, "after"), _circle_message(circle)))
    return problems


def _circle_message(circle: Sequence[str]) -> str:
    if len(circle) == 1:
        return "`after` names the event itself, so it has no order"
    shown = ", ".join(map(repr, circle[:_CIRCLE_SHOWN]))
    more = len(circle) - _CIRCLE_SHOWN
    return (
        f"`after` links go round in a circle through events {shown}"
        + (f" and {more:,} more" if more > 0 else "")
        + ", so they have no order"
    )


def _records(document: Mapping[str, Any], kind: str) -> list[tuple[int, dict[str, Any]]]:
    """The records of one kind that are tables, with their indexes."""
    records = document.get(kind)
    if not isinstance(records, list):
        return []
    return [(index, record) for index, record in enumerate(records) if isinstance(record, dict)]


@functools.cache
def _adapter() -> Any:
    from pydantic import TypeAdapter

    return TypeAdapter(KnowledgeBase)


def _check_schema(
    document: dict[str, Any], progress: LoadProgress
) -> tuple[KnowledgeBase | None, list[Problem]]:
    """Validate the document a chunk of records at a time, stopping after `MAX_PROBLEMS`;
    `progress` hears of each chunk."""
    import json

    from pydantic import ValidationError

    problems: list[Problem] = []
    records: dict[str, list[Any]] = {kind.table: [] for kind in KINDS}
    total = sum(_count(document.get(kind.table)) for kind in KINDS)
    progress.stage(f"Validating {total:,} records", total)
    for start, chunk in _chunks(document):
        try:
            part: KnowledgeBase = _adapter().validate_json(
                json.dumps(_shallow(chunk), default=_datetime), strict=True
            )
        except ValidationError as error:
            wanted = MAX_PROBLEMS + 1 - len(problems)
            for item in itertools.islice(error.errors(include_url=False), wanted):
                loc = tuple(item["loc"])
                if len(loc) > 1 and isinstance(loc[1], int):
                    loc = (loc[0], loc[1] + start, *loc[2:])
                problems.append(_problem(loc, _message(item)))
        else:
            for table, items in records.items():
                items.extend(getattr(part, table))
        progress.advance(sum(_count(chunk.get(kind.table)) for kind in KINDS))
        if len(problems) > MAX_PROBLEMS:
            break
    if problems:
        return None, problems
    return KnowledgeBase(**{table: tuple(items) for table, items in records.items()}), []


def _count(records: Any) -> int:
    """How many records a kind's value holds: none unless it is a list."""
    return len(records) if isinstance(records, list) else 0


def _chunks(document: dict[str, Any]) -> Iterator[tuple[int, dict[str, Any]]]:
    """The document in pieces of `_CHUNK` records of each kind, each with its first index.

    The first piece also holds every value that is not a list of records, and as many
    unknown keys as can be reported.
    """
    tables = {kind.table for kind in KINDS}
    unknown = [key for key in document if key not in tables][: MAX_PROBLEMS + 1]
    first = {key: value for key, value in document.items() if key in tables}
    first.update((key, document[key]) for key in unknown)
    lists = {
        key: value for key, value in first.items() if key in tables and isinstance(value, list)
    }
    longest = max(map(len, lists.values()), default=0)
    yield 0, {key: value[:_CHUNK] if key in lists else value for key, value in first.items()}
    for start in range(_CHUNK, longest, _CHUNK):
        yield start, {key: value[start : start + _CHUNK] for key, value in lists.items()}


def _shallow(value: Any, depth: int = 0) -> Any:
    """The value with whatever lies below `_MAX_DEPTH` levels cut off.

    A knowledge file never nests that deep, so a value that does is already of the wrong
    type at a shallower level, where validation reports it; cutting it keeps the JSON that
    pydantic parses inside its recursion limit.
    """
    if isinstance(value, dict):
        if depth >= _MAX_DEPTH:
            return {}
        return {key: _shallow(item, depth + 1) for key, item in value.items()}
    if isinstance(value, list):
        if depth >= _MAX_DEPTH:
            return []
        return [_shallow(item, depth + 1) for item in value]
    return value


def _datetime(value: Any) -> dict[str, str]:
    """A TOML date or time in the JSON that pydantic reads: an object, refused as text."""
    return {_DATETIME: str(value)}


def _message(error: Any) -> str:
    if error["type"] == "unexpected_keyword_argument":
        return "unknown key"
    if error["type"] == "missing":
        return "required key is missing"
    given = error.get("input")
    if isinstance(given, dict) and _DATETIME in given:
        return f"{error['msg']}, not a TOML date or time"
    if error["type"] == "string_pattern_mismatch":
        pattern = error.get("ctx", {}).get("pattern")
        if pattern in PATTERN_MESSAGES:
            return f"{given!r} {PATTERN_MESSAGES[pattern]}"
    if error["type"] == "less_than_equal" and error.get("ctx", {}).get("le") == LARGEST:
        return f"{given} is too large: the largest number a figure can hold is {LARGEST:,}"
    return str(error["msg"])


def _problem(loc: Iterable[int | str], message: str) -> Problem:
    path = tuple(loc)
    return Problem(message, dotted(path), path=path)
