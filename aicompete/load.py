"""Read a knowledge file and validate it, turning every problem into a domain error.

Nothing here prints or exits: problems are collected as `Problem`s, each with the TOML line
where it can be found, and raised together in one `KnowledgeFileError`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from aicompete import records
from aicompete.models import KnowledgeBase

# Files larger than this are refused before parsing: a knowledge base of 100,000 facts is
# about 40 MB, and parsing far more would keep the user waiting for minutes.
MAX_FILE_BYTES = 256 * 1024 * 1024


@records.record
class Problem:
    """One thing wrong with a knowledge file."""

    message: str
    location: str = ""
    line: int | None = None

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
            raise KnowledgeFileError(
                path, [Problem(f"is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}")]
            )
        return path.read_bytes()
    except FileNotFoundError:
        raise KnowledgeFileError(path, [Problem("no such file")]) from None
    except OSError as error:
        raise KnowledgeFileError(path, [Problem(f"cannot be read: {error.strerror}")]) from None


def parse_toml(path: Path | str, data: bytes) -> tuple[str, dict[str, Any]]:
    """Decode and parse the file's bytes; return its text and the TOML document."""
    import tomli

    nul = data.find(b"\0")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        raise KnowledgeFileError(path, [Problem("contains a NUL byte", line=line)])
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


def validate(text: str, document: dict[str, Any]) -> tuple[KnowledgeBase | None, list[Problem]]:
    """Check the document's shape, types and cross-references; return every problem."""
    import json

    from pydantic import ValidationError

    try:
        knowledge: KnowledgeBase = _adapter().validate_json(
            json.dumps(document, default=str), strict=True
        )
    except ValidationError as error:
        problems = [
            _problem(text, item["loc"], _message(item)) for item in error.errors(include_url=False)
        ]
        return None, problems
    return knowledge, check_references(text, knowledge)


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


def check_references(text: str, knowledge: KnowledgeBase) -> list[Problem]:
    """Ids unique within their kind, and every reference naming something that exists."""
    problems: list[Problem] = []
    ids: dict[str, set[str]] = {}
    for kind in KINDS:
        seen: set[str] = set()
        for index, record in enumerate(getattr(knowledge, kind)):
            if record.id in seen:
                problems.append(_problem(text, (kind, index, "id"), f"duplicate id {record.id!r}"))
            seen.add(record.id)
        ids[kind] = seen

    def expect(kind: str, index: int, field: str, value: str | None, target: str) -> None:
        if value is not None and value not in ids[target]:
            problems.append(
                _problem(text, (kind, index, field), f"no {_SINGULAR[target]} has id {value!r}")
            )

    for kind in KINDS[1:]:
        for index, record in enumerate(getattr(knowledge, kind)):
            expect(kind, index, "source", record.source, "sources")
    for index, app in enumerate(knowledge.apps):
        expect("apps", index, "company", app.company, "companies")
    for index, person in enumerate(knowledge.people):
        expect("people", index, "company", person.company, "companies")
    for index, dau in enumerate(knowledge.dau):
        expect("dau", index, "app", dau.app, "apps")
        expect("dau", index, "measured_by", dau.measured_by, "companies")
    for index, campaign in enumerate(knowledge.campaigns):
        expect("campaigns", index, "app", campaign.app, "apps")
        currencies = [money.currency for money in campaign.amounts]
        if len(set(currencies)) != len(currencies):
            problems.append(
                _problem(text, ("campaigns", index, "amounts"), "a currency appears twice")
            )
    for index, event in enumerate(knowledge.events):
        expect("events", index, "person", event.person, "people")
        expect("events", index, "company", event.company, "companies")
        for earlier in event.after:
            expect("events", index, "after", earlier, "events")
    return problems


KINDS = ("sources", "companies", "apps", "people", "dau", "campaigns", "events")
_SINGULAR = {
    "sources": "source",
    "companies": "company",
    "apps": "app",
    "people": "person",
    "dau": "DAU figure",
    "campaigns": "campaign",
    "events": "event",
}


def _adapter() -> Any:
    from pydantic import TypeAdapter

    return TypeAdapter(KnowledgeBase)


def _message(error: Any) -> str:
    if error["type"] == "unexpected_keyword_argument":
        return "unknown key"
    if error["type"] == "missing":
        return "required key is missing"
    return str(error["msg"])


def _problem(text: str, loc: Iterable[int | str], message: str) -> Problem:
    path = tuple(loc)
    return Problem(message, _dotted(path), locate(text, path))


def _dotted(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


_HEADER = re.compile(r"^\s*\[\[\s*([A-Za-z0-9_-]+)\s*\]\]", re.MULTILINE)
_ANY_HEADER = re.compile(r"^\s*\[", re.MULTILINE)


def locate(text: str, loc: tuple[int | str, ...]) -> int | None:
    """The line of the TOML text that holds `loc` (kind, index, field...), where it can be found.

    Knowledge files are written as arrays of tables (`[[campaigns]]`), so the n-th header of
    a kind starts record n, and the field is the first key of that name below it.
    """
    if not loc or not isinstance(loc[0], str):
        return None
    kind = loc[0]
    headers = [match for match in _HEADER.finditer(text) if match.group(1) == kind]
    if len(loc) < 2 or not isinstance(loc[1], int) or loc[1] >= len(headers):
        key = re.search(rf"^\s*{re.escape(kind)}\s*=", text, re.MULTILINE)
        return text.count("\n", 0, key.start()) + 1 if key else None
    start = headers[loc[1]].start()
    line = text.count("\n", 0, start) + 1
    if len(loc) < 3 or not isinstance(loc[2], str):
        return line
    following = _ANY_HEADER.search(text, headers[loc[1]].end())
    block = text[start : following.start() if following else len(text)]
    key = re.search(rf"^\s*{re.escape(loc[2])}\s*=", block, re.MULTILINE)
    return line + block.count("\n", 0, key.start()) if key else line
