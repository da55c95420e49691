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
from itertools import repeat
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
# A knowledge file of the first format, read by no command: the way over is one command.
LEGACY_DAU = (
    "`[[dau]]` is the first format's table of DAU figures, now `[[figures]]` with `[[metrics]]`: "
    "`aicompete migrate FILE` rewrites the file"
)
# What each kind of metric is counted in.
_UNITS = {"users": "users", "rate": "percent", "count": "count"}


def validate(
    text: str,
    document: dict[str, Any],
    progress: LoadProgress | None = None,
    *,
    consume: bool = False,
) -> tuple[KnowledgeBase | None, list[Problem]]:
    """Check the document's shape, types and cross-references; return every problem.

    Every problem, up to `MAX_PROBLEMS`, in the order of the file's lines. Each stage is told
    to `progress`, and the records validated so far. To `consume` the document is to let
    each chunk of its records go once validated (they are `None` after): a large file's
    document and its records are then never held whole together.
    """
    from aicompete.knowledge.progress import Unreported

    progress = progress or Unreported()
    # Read from the document as it is, before validation lets its records go.
    progress.stage("Checking ids, references and the order of events")
    references = check_references(document)
    knowledge, problems = _check_schema(document, progress, consume)
    problems += references
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
    document = _Read(document)
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
    problems += _check_subjects(document)
    problems += _check_figures(document)
    problems += _check_times(document)
    return problems


def _check_subjects(document: Mapping[str, Any]) -> list[Problem]:
    """A figure is about one app, one company or several companies (one of the three); a
    campaign names its app, its company, or both, the app then being that company's."""
    problems: list[Problem] = []
    apps = {ident: app.get("company") for ident, app in _by_id(document, "apps").items()}
    for index, figure in _records(document, "figures"):
        given = [name for name in ("app", "company", "companies") if figure.get(name)]
        if len(given) != 1:
            message = (
                "names no subject: give its app, its company, or the companies it is a total over"
                if not given
                else f"gives {' and '.join(given)}: give one, the app or the company or companies"
            )
            problems.append(_problem(("figures", index, given[-1] if given else "app"), message))
        companies = figure.get("companies")
        if isinstance(companies, list) and figure.get("companies"):
            if len(companies) < 2:
                message = "a total over companies names two or more; for one, give `company`"
                problems.append(_problem(("figures", index, "companies"), message))
            elif len(set(map(str, companies))) != len(companies):
                problems.append(
                    _problem(("figures", index, "companies"), "a company appears twice")
                )
    for index, campaign in _records(document, "campaigns"):
        app, company = campaign.get("app"), campaign.get("company")
        if app is None and company is None:
            message = "names no owner: give its app, or its company where it promotes no one app"
            problems.append(_problem(("campaigns", index, "app"), message))
        elif (
            isinstance(app, str) and isinstance(company, str) and apps.get(app, company) != company
        ):
            message = f"app {app!r} is {apps[app]!r}'s, not {company!r}'s"
            problems.append(_problem(("campaigns", index, "company"), message))
    return problems


def _check_figures(document: Mapping[str, Any]) -> list[Problem]:
    """A figure's unit is what its metric counts in (people, a percentage, things, a
    currency), and only a percentage is written with decimals; a metric that is a statistic
    names what it is of, and the other way round."""
    problems: list[Problem] = []
    metrics = _by_id(document, "metrics")
    for index, metric in _records(document, "metrics"):
        statistic, of = metric.get("statistic"), metric.get("of")
        if (statistic is None) != (of is None):
            field = "of" if of is None else "statistic"
            message = "a statistic names the metric it is of, with both `statistic` and `of`"
            problems.append(_problem(("metrics", index, field), message))
    for index, figure in _records(document, "figures"):
        metric_id = figure.get("metric")
        named = metrics.get(metric_id) if isinstance(metric_id, str) else None
        unit, value = figure.get("unit"), figure.get("value")
        counts = named.get("counts") if named else None
        if isinstance(unit, str) and isinstance(counts, str):
            wanted = _UNITS.get(counts)
            money = counts == "money"
            if (money and unit in _UNITS.values()) or (not money and unit != wanted):
                expected = "a currency code such as 'CNY'" if money else repr(wanted)
                message = (
                    f"metric {figure.get('metric')!r} counts {counts}, so its unit is {expected}"
                )
                problems.append(_problem(("figures", index, "unit"), message))
        if isinstance(value, str) and unit != "percent":
            message = (
                'only a percentage is written as text with decimals ("44.5"); write a whole '
                "number without quotes"
            )
            problems.append(_problem(("figures", index, "value"), message))
    return problems


def _check_times(document: Mapping[str, Any]) -> list[Problem]:
    """Every `date` is a date of the calendar, an interval running forward; and a source whose
    facts give a time relative to when it was written states when that was (`published`)."""
    from aicompete.knowledge import dates
    from aicompete.proof.times import needs_published

    problems: list[Problem] = []
    dated = {
        ident for ident, source in _by_id(document, "sources").items() if source.get("published")
    }
    # Each distinct date and time read once: a large file repeats the same few thousand.
    refused: dict[str, str | None] = {}
    relative: dict[str, bool] = {}
    for table, index, path, time in _times(document):
        date = time.get("date")
        if isinstance(date, str):
            if date not in refused:
                try:
                    dates.parse(date)
                    refused[date] = None
                except ValueError as error:
                    refused[date] = str(error)
            if refused[date] is not None:
                problems.append(_problem((table, index, *path, "date"), str(refused[date])))
        when, record = time.get("when"), document[table][index]
        source = record.get("source")
        if isinstance(when, str) and when not in relative:
            relative[when] = needs_published(when)
        if (
            isinstance(when, str)
            and isinstance(source, str)
            and source not in dated
            and relative[when]
        ):
            message = (
                f"{when!r} is a time relative to when source {source!r} was written: "
                "give that source's `published`"
            )
            problems.append(_problem((table, index, *path, "when"), message))
    return problems


def _times(
    document: Mapping[str, Any],
) -> Iterator[tuple[str, int, tuple[str, ...], Mapping[str, Any]]]:
    """Every time of the document, as `{ when, date }`, with where it stands: a figure's or
    an event's own, and a campaign's `announced`, `start` and `end`."""
    for table in ("figures", "events"):
        for index, record in _records(document, table):
            yield table, index, (), record
    for index, campaign in _records(document, "campaigns"):
        for field in ("announced", "start", "end"):
            time = campaign.get(field)
            if isinstance(time, dict):
                yield "campaigns", index, (field,), time


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
        by_id = _by_id(document, kind.table)
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
                restated = by_id.get(same_as)
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


def _by_id(document: Mapping[str, Any], kind: str) -> dict[str, dict[str, Any]]:
    """The records of one kind whose ids are text, by id (of two with one id, the first)."""
    found: dict[str, dict[str, Any]] = {}
    for _, record in _records(document, kind):
        if isinstance(record.get("id"), str):
            found.setdefault(record["id"], record)
    return found


def _records(document: Mapping[str, Any], kind: str) -> list[tuple[int, dict[str, Any]]]:
    """The records of one kind that are tables, with their indexes."""
    if isinstance(document, _Read):
        return document.records(kind)
    records = document.get(kind)
    if not isinstance(records, list):
        return []
    return [(index, record) for index, record in enumerate(records) if isinstance(record, dict)]


class _Read(Mapping[str, Any]):
    """A document as the checks read it: its records of each kind listed once, however many
    checks read them (a dozen checks, 100,000 records)."""

    def __init__(self, document: Mapping[str, Any]) -> None:
        self._document = document
        self._records: dict[str, list[tuple[int, dict[str, Any]]]] = {}

    def records(self, kind: str) -> list[tuple[int, dict[str, Any]]]:
        found = self._records.get(kind)
        if found is None:
            found = self._records[kind] = _records(self._document, kind)
        return found

    def __getitem__(self, key: str) -> Any:
        return self._document[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._document)

    def __len__(self) -> int:
        return len(self._document)


@functools.cache
def _adapter() -> Any:
    from pydantic import TypeAdapter

    return TypeAdapter(KnowledgeBase)


def _check_schema(
    document: dict[str, Any], progress: LoadProgress, consume: bool = False
) -> tuple[KnowledgeBase | None, list[Problem]]:
    """Validate the document a chunk of records at a time, stopping after `MAX_PROBLEMS`;
    `progress` hears of each chunk. To `consume` the document is to set each chunk's records
    to `None` in it once validated."""
    from pydantic import ValidationError

    problems: list[Problem] = []
    records: dict[str, list[Any]] = {kind.table: [] for kind in KINDS}
    total = sum(_count(document.get(kind.table)) for kind in KINDS)
    progress.stage(f"Validating {total:,} records", total)
    for start, chunk in _chunks(document):
        try:
            part: KnowledgeBase = _validated_chunk(chunk)
        except ValidationError as error:
            wanted = MAX_PROBLEMS + 1 - len(problems)
            for item in itertools.islice(_one_per_union(error.errors(include_url=False)), wanted):
                loc = tuple(item["loc"])
                if len(loc) > 1 and isinstance(loc[1], int):
                    loc = (loc[0], loc[1] + start, *loc[2:])
                problems.append(_problem(loc, _message(item)))
        else:
            for table, items in records.items():
                items.extend(getattr(part, table))
        progress.advance(sum(_count(chunk.get(kind.table)) for kind in KINDS))
        if consume:
            for key, value in chunk.items():
                if isinstance(value, list) and isinstance(document.get(key), list):
                    document[key][start : start + len(value)] = repeat(None, len(value))
        del chunk
        if len(problems) > MAX_PROBLEMS:
            break
    if problems:
        return None, problems
    return KnowledgeBase(**{table: tuple(items) for table, items in records.items()}), []


def _validated_chunk(chunk: dict[str, Any]) -> KnowledgeBase:
    """A chunk of the document validated, through its JSON; raise `ValidationError`.

    A knowledge file never nests deeper than `_MAX_DEPTH`, so the chunk goes as it is; one
    nested too deep for either JSON encoder or parser goes again with its depths cut off
    (`_shallow`), which the file's validity does not depend on.
    """
    import json

    from pydantic import ValidationError

    try:
        encoded = json.dumps(chunk, default=_datetime)
    except RecursionError:
        encoded = json.dumps(_shallow(chunk), default=_datetime)
    try:
        part: KnowledgeBase = _adapter().validate_json(encoded, strict=True)
    except ValidationError as error:
        if not any(item["type"] == "json_invalid" for item in error.errors()):
            raise
        encoded = json.dumps(_shallow(chunk), default=_datetime)
        part = _adapter().validate_json(encoded, strict=True)
    return part


# How pydantic names the branch of a union that an error is about: a value that may be an
# integer or decimal text (a figure's value) is checked as both.
_UNION_BRANCHES = {"constrained-int": int, "int": int, "constrained-str": str, "str": str}


def _one_per_union(errors: Iterable[Any]) -> Iterator[Any]:
    """The errors, each union's given once: for the branch of the value's own type (text is
    read as text, a number as a number), its branch's name dropped from where it is."""
    kept: dict[tuple[Any, ...], Any] = {}
    for item in errors:
        loc = tuple(item["loc"])
        branch = _UNION_BRANCHES.get(loc[-1]) if loc and isinstance(loc[-1], str) else None
        if branch is None:
            yield item
            continue
        key = loc[:-1]
        if key not in kept or isinstance(item.get("input"), branch):
            kept[key] = {**item, "loc": key}
    yield from kept.values()


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
        if tuple(error["loc"]) == ("dau",):
            return LEGACY_DAU
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
