"""Read a knowledge file and validate it, turning every problem into a domain error.

Nothing here prints or exits: problems are collected as `Problem`s, each with the TOML line
where it can be found, and raised together in one `KnowledgeFileError`.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from aicompete import records as record_classes
from aicompete.lines import TomlLayout
from aicompete.models import KnowledgeBase

# Files larger than this are refused unread. It holds over 250,000 facts like the generated
# ones (100,000 take 25 MB), while the slowest file to answer, dense TOML with a problem on
# every record, is parsed and checked at about 6 MB a second: seconds, not minutes.
MAX_FILE_BYTES = 64 * 1024 * 1024
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


@record_classes.record
class Problem:
    """One thing wrong with a knowledge file."""

    message: str
    location: str = ""
    line: int | None = None
    # Where in the document: kind, record index, field and below, as pydantic reports it.
    path: tuple[int | str, ...] = ()

    def describe(self, path: Path | str) -> str:
        where = f"{path}:{self.line}" if self.line else str(path)
        return (
            f"{where}: {self.location}: {self.message}"
            if self.location
            else (f"{where}: {self.message}")
        )


class KnowledgeFileError(Exception):
    """The knowledge file cannot be used; carries every problem found."""

    def __init__(self, path: Path | str, problems: Sequence[Problem]) -> None:
        self.path = path
        self.problems = tuple(problems)
        first = problems[0].describe(path)
        more = len(problems) - 1
        suffix = f" (and {more} more problem{'s' * (more > 1)}; see `aicompete validate`)"
        super().__init__(first + (suffix if more else ""))


def read_bytes(path: Path) -> bytes:
    """Read the file, refusing folders, missing files and files too large to be facts."""
    if path.is_dir():
        raise KnowledgeFileError(path, [Problem("is a folder, not a knowledge file")])
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise KnowledgeFileError(path, [_too_large(size)])
        # Read at most one byte past the limit: a device or pipe may report no size at all.
        with path.open("rb") as file:
            data = file.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            raise KnowledgeFileError(path, [_too_large(len(data))])
        return data
    except FileNotFoundError:
        raise KnowledgeFileError(path, [Problem("no such file")]) from None
    except OSError as error:
        raise KnowledgeFileError(path, [Problem(f"cannot be read: {error.strerror}")]) from None


def parse_toml(path: Path | str, data: bytes) -> tuple[str, dict[str, Any]]:
    """Decode and parse the file's bytes; return its text and the TOML document."""
    import tomli

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise KnowledgeFileError(
            path,
            [
                Problem(
                    f"is not UTF-8 text (byte {data[error.start]:#04x})",
                    line=data.count(b"\n", 0, error.start) + 1,
                )
            ],
        ) from None
    nul = data.find(b"\0")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        raise KnowledgeFileError(path, [Problem("contains a NUL byte", line=line)])
    try:
        return text, tomli.loads(text)
    except tomli.TOMLDecodeError as error:
        message = getattr(error, "msg", str(error))
        raise KnowledgeFileError(
            path, [Problem(f"invalid TOML: {message}", line=getattr(error, "lineno", None))]
        ) from None
    except RecursionError:
        raise KnowledgeFileError(
            path, [Problem("invalid TOML: arrays or tables are nested too deeply")]
        ) from None
    except ValueError:
        # tomli lets Python's limit on the digits of an integer escape as a plain ValueError.
        raise KnowledgeFileError(
            path, [Problem("invalid TOML: a number has too many digits to read")]
        ) from None


def validate(text: str, document: dict[str, Any]) -> tuple[KnowledgeBase | None, list[Problem]]:
    """Check the document's shape, types and cross-references; return every problem.

    Every problem, up to `MAX_PROBLEMS`, in the order of the file's lines.
    """
    knowledge, problems = _check_schema(document)
    problems += check_references(document)
    if not problems:
        return knowledge, []
    layout = TomlLayout(text)
    located = [replace(item, line=layout.line(item.path)) for item in problems[:MAX_PROBLEMS]]
    located.sort(key=lambda item: item.line or 0)
    if len(problems) > MAX_PROBLEMS:
        located.append(Problem(f"checking stopped after the first {MAX_PROBLEMS:,} problems"))
    return None, located


def check_file(path: Path) -> tuple[dict[str, Any], list[Problem]]:
    """The document in the file at `path` (empty if unreadable) and every problem found in it."""
    try:
        text, document = parse_toml(path, read_bytes(path))
    except KnowledgeFileError as error:
        return {}, list(error.problems)
    return document, validate(text, document)[1]


def load_knowledge(path: Path) -> KnowledgeBase:
    """Read, parse and validate a knowledge file; raise `KnowledgeFileError` on any problem.

    A file whose bytes were validated before comes from the cache, without parsing.
    """
    from aicompete import cache

    data = read_bytes(path)
    entry_key = cache.key(data)
    knowledge = cache.load(entry_key)
    if knowledge is not None:
        return knowledge
    text, document = parse_toml(path, data)
    knowledge, problems = validate(text, document)
    if problems or knowledge is None:
        raise KnowledgeFileError(path, problems)
    cache.store(entry_key, knowledge)
    return knowledge


def check_references(document: Mapping[str, Any]) -> list[Problem]:
    """Ids unique within their kind, every reference naming something that exists, one amount
    per currency, and `after` links that never lead an event back to itself.

    Read from the document itself, so that these problems are found together with those
    of shape and type: a record, id or reference of the wrong type is skipped here.
    """
    problems: list[Problem] = []
    ids: dict[str, set[str]] = {}
    for kind in KINDS:
        seen: set[str] = set()
        for index, record in _records(document, kind):
            identifier = record.get("id")
            if isinstance(identifier, str):
                if identifier in seen:
                    problems.append(_problem((kind, index, "id"), f"duplicate id {identifier!r}"))
                seen.add(identifier)
        ids[kind] = seen
    for kind, fields in _REFERENCES.items():
        for index, record in _records(document, kind):
            for field, target in fields.items():
                value = record.get(field)
                for name in value if isinstance(value, list) else [value]:
                    if isinstance(name, str) and name not in ids[target]:
                        message = f"no {_SINGULAR[target]} has id {name!r}"
                        problems.append(_problem((kind, index, field), message))
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
    return problems


def _circles_of_after(document: Mapping[str, Any]) -> list[Problem]:
    """One problem for each event whose `after` links lead back to it: no order satisfies them."""
    from aicompete.circles import on_circles

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


KINDS = ("sources", "companies", "apps", "people", "dau", "campaigns", "events")
# The fields of each kind that name a record, and the kind they name.
_REFERENCES = {
    "companies": {"source": "sources"},
    "apps": {"source": "sources", "company": "companies"},
    "people": {"source": "sources", "company": "companies"},
    "dau": {"source": "sources", "app": "apps", "measured_by": "companies"},
    "campaigns": {"source": "sources", "app": "apps"},
    "events": {"source": "sources", "person": "people", "company": "companies", "after": "events"},
}
_SINGULAR = {
    "sources": "source",
    "companies": "company",
    "apps": "app",
    "people": "person",
    "dau": "DAU figure",
    "campaigns": "campaign",
    "events": "event",
}


@functools.cache
def _adapter() -> Any:
    from pydantic import TypeAdapter

    return TypeAdapter(KnowledgeBase)


def _check_schema(document: dict[str, Any]) -> tuple[KnowledgeBase | None, list[Problem]]:
    """Validate the document a chunk of records at a time, stopping after `MAX_PROBLEMS`."""
    import json

    from pydantic import ValidationError

    problems: list[Problem] = []
    records: dict[str, list[Any]] = {kind: [] for kind in KINDS}
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
            if len(problems) > MAX_PROBLEMS:
                break
            continue
        for kind in KINDS:
            records[kind].extend(getattr(part, kind))
    if problems:
        return None, problems
    return KnowledgeBase(**{kind: tuple(items) for kind, items in records.items()}), []


def _chunks(document: dict[str, Any]) -> Iterator[tuple[int, dict[str, Any]]]:
    """The document in pieces of `_CHUNK` records of each kind, each with its first index.

    The first piece also holds every value that is not a list of records, and as many
    unknown keys as can be reported.
    """
    unknown = [key for key in document if key not in KINDS][: MAX_PROBLEMS + 1]
    first = {key: value for key, value in document.items() if key in KINDS}
    first.update((key, document[key]) for key in unknown)
    lists = {key: value for key, value in first.items() if key in KINDS and isinstance(value, list)}
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


def _too_large(size: int) -> Problem:
    return Problem(f"is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}")


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
    return str(error["msg"])


def _problem(loc: Iterable[int | str], message: str) -> Problem:
    path = tuple(loc)
    return Problem(message, dotted(path), path=path)


def dotted(loc: Sequence[int | str]) -> str:
    """A document path as people write it: `campaigns[0].amounts[1].value`."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
