"""The way over from the first format of the knowledge file to figures, metrics and
inferences keyed to their values.

The first format held DAU figures only, as `[[dau]]` records with a metric written as text
(`metric = "peak DAU"`) and a `period`, and gave each inferred field a reason alone
(`inferred = { metric = "..." }`). `migrate` rewrites such a file line by line, so that its
comments, order and layout stay: each `[[dau]]` becomes a `[[figures]]` record with
`unit = "users"`, its `period` becomes its `when` (and a `date` where a stated rule resolves
it from the source's `published`), its metric the id of a `[[metrics]]` record; the standard
metrics the file lacks are added before its first figure; and each inferred reason records
the value it was written for (`inferred.metric = { value = "peak-dau", why = "..." }`). No
command reads the first format itself: one model, one way over, and the file says what
changed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from aicompete.errors import UsageError
from aicompete.frozen import frozen

_HEADER = re.compile(r"^\s*\[\[\s*([A-Za-z0-9_-]+)\s*\]\]\s*(?:#.*)?$")
_TABLE = re.compile(r"^\s*\[")
_KEY = re.compile(r"^(\s*)([A-Za-z0-9_-]+)(\s*=\s*)(.*)$")
# What the first format called a DAU figure's time.
_RENAMED = {"period": "when"}


class NothingToMigrate(UsageError):
    """A file with nothing of the first format."""


@frozen
class Migrated:
    """The rewritten text, and what a person must still do by hand."""

    text: str
    notes: tuple[str, ...]


def migrate(
    text: str,
    document: Mapping[str, Any],
    bundled: str,
    standard: Sequence[Mapping[str, Any]],
    written: Callable[[object], str],
) -> Migrated:
    """The knowledge file `text` (parsed: `document`) in the current format. `bundled` is the
    bundled knowledge file's text and `standard` its metrics, whose blocks are copied as they
    are written there; `written` writes a value as TOML.

    Raise `NothingToMigrate` when the file holds nothing of the first format.
    """
    from aicompete.knowledge.catalog import normalized

    have = {
        metric["id"]
        for metric in _tables(document.get("metrics"))
        if isinstance(metric.get("id"), str)
    }
    by_name = {normalized(str(metric["name"])): str(metric["id"]) for metric in standard}
    by_name.update({normalized(str(metric["id"])): str(metric["id"]) for metric in standard})
    # The metrics the file names that the standard ones lack: folded name -> id and name.
    custom: dict[str, tuple[str, str]] = {}
    published = {
        source["id"]: source.get("published")
        for source in _tables(document.get("sources"))
        if isinstance(source.get("id"), str)
    }
    records = {table: iter(_tables(value)) for table, value in document.items()}
    out: list[str] = []
    notes: list[str] = []
    table = ""
    record: dict[str, Any] = {}
    first_figure: int | None = None
    changed = False
    for line in text.splitlines(keepends=True):
        header = _HEADER.match(line)
        if header:
            table = header.group(1)
            record = dict(next(records.get(table, iter(())), {}))
            if table == "dau":
                first_figure = len(out) if first_figure is None else first_figure
                line = line.replace("dau", "figures", 1)
                changed = True
                metric = record.get("metric")
                if isinstance(metric, str):
                    found = by_name.get(normalized(metric))
                    if found is None:
                        found = custom.setdefault(normalized(metric), (_slug(metric), metric))[0]
                    record["metric"] = found
                record["unit"] = "users"
                for old, new in _RENAMED.items():
                    if old in record:
                        record[new] = record.pop(old)
            out.append(line)
            continue
        if _TABLE.match(line):
            table, record = "", {}
        key = _KEY.match(line)
        if key is None or not record:
            out.append(line)
            continue
        indent, name, equals, _ = key.groups()
        end = "\n" if line.endswith("\n") else ""
        if table == "dau" and name == "metric":
            out.append(f"{indent}metric{equals}{written(record['metric'])}{end}")
        elif table == "dau" and name == "value":
            out += [line, f'{indent}unit{equals}"users"{end}']
        elif table == "dau" and name in _RENAMED:
            new = _RENAMED[name]
            out.append(f"{indent}{new}{equals}{written(record[new])}{end}")
            out += _date(record, str(record[new]), published, notes, f"{indent}date{equals}", end)
        elif name == "inferred" and isinstance(record.get("inferred"), dict):
            reasons = record["inferred"]
            if all(isinstance(reason, str) for reason in reasons.values()):
                changed = True
                out += [
                    f"{indent}inferred.{_RENAMED.get(field, field)}{equals}"
                    + written({"value": record.get(_RENAMED.get(field, field)), "why": reason})
                    + end
                    for field, reason in reasons.items()
                ]
            else:
                out.append(line)
        elif table == "events" and name == "when" and "date" not in record:
            out.append(line)
            out += _date(
                record, str(record["when"]), published, notes, f"{indent}date{equals}", end
            )
        else:
            out.append(line)
    if not changed:
        raise NothingToMigrate("the file holds nothing of the first format: it is current")
    written_blocks = metric_blocks(bundled)
    added = [str(metric["id"]) for metric in standard if metric["id"] not in have]
    blocks = [written_blocks[ident] for ident in added if ident in written_blocks]
    blocks += [
        f'[[metrics]]\nid = {written(ident)}\nname = {written(name)}\ncounts = "users"\n'
        f'window = "day"\nwords = {written([name])}\n\n'
        for ident, name in custom.values()
        if ident not in have and ident not in added
    ]
    if blocks and first_figure is not None:
        comment = (
            "# What figures count, added by `aicompete migrate`: edit their words at will.\n\n"
        )
        out[first_figure:first_figure] = [comment, *blocks]
    for ident, name in custom.values():
        notes.append(f"metric {name!r} is new: check the words of [[metrics]] {ident!r}")
    return Migrated("".join(out), tuple(dict.fromkeys(notes)))


def _tables(records: object) -> list[dict[str, Any]]:
    """The records of an array of tables, and nothing else it may hold."""
    if not isinstance(records, list):
        return []
    return [record for record in records if isinstance(record, dict)]


def _date(
    record: Mapping[str, Any],
    when: str,
    published: Mapping[object, object],
    notes: list[str],
    key: str,
    end: str,
) -> list[str]:
    """The `date` line of a `when`, where a stated rule resolves it from the source's
    `published`; else none, with a note when the source lacks the day it was written."""
    import datetime

    from aicompete.proof.text import squeeze
    from aicompete.proof.times import needs_published, resolve_in, same_time

    source = record.get("source")
    day = published.get(source) if isinstance(source, str) else None
    if day is None:
        if needs_published(when):
            notes.append(
                f"source {source!r} has no `published`, which {when!r} needs: add it, then "
                "`aicompete verify` says which dates to write"
            )
        return []
    written = datetime.date.fromisoformat(str(day))
    for span in (record.get("quote"), *record.get("context", [])):
        if not isinstance(span, str):
            continue
        for expression, resolution in resolve_in(squeeze(span), written):
            if same_time(expression.text, when) and resolution.span is not None:
                return [f'{key}"{resolution.span.text}"{end}']
    return []


def metric_blocks(text: str) -> dict[str, str]:
    """Each `[[metrics]]` block of a knowledge file's text, as written there, by its id."""
    blocks: dict[str, str] = {}
    lines: list[str] = []
    for line in [*text.splitlines(keepends=True), "[[end]]\n"]:
        if line.lstrip().startswith("[") or (lines and not line.strip()):
            if lines and lines[0].strip() == "[[metrics]]":
                found = re.search(r'^id\s*=\s*"([^"]+)"', "".join(lines), re.M)
                if found:
                    blocks[found.group(1)] = "".join(lines).rstrip("\n") + "\n\n"
            lines = []
        if line.lstrip().startswith("[") or lines:
            lines.append(line)
    return blocks


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-") or "metric"
