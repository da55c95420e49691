"""The way over from the first format of the knowledge file to figures and metrics.

The first format held DAU figures only, as `[[dau]]` records with a metric written as text
(`metric = "peak DAU"`) and a `period`. `migrate` rewrites such a file line by line, so that
its comments, order and layout stay: each `[[dau]]` becomes a `[[figures]]` record with
`unit = "users"`, its `period` becomes its `when` (and a `date` where a stated rule resolves
it from the source's `published`), its metric the id of a `[[metrics]]` record; the standard
metrics the file lacks are added before its first figure. No command reads the first format
itself: one model, one way over, and the file says what changed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from aicompete.errors import UsageError
from aicompete.frozen import frozen

_HEADER = re.compile(r"^\s*\[\[?\s*([A-Za-z0-9_.\"' -]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY = re.compile(r"^(\s*)([A-Za-z0-9_-]+)(\s*=\s*)(.*)$")


class NothingToMigrate(UsageError):
    """A file with no record of the first format."""


@frozen
class Migrated:
    """The rewritten text, and what a person must still do by hand."""

    text: str
    notes: tuple[str, ...]


def migrate(
    text: str, document: Mapping[str, Any], bundled: str, standard: Sequence[Mapping[str, Any]]
) -> Migrated:
    """The knowledge file `text` (parsed: `document`) in the current format. `bundled` is the
    bundled knowledge file's text and `standard` its metrics, whose blocks are copied as they
    are written there.

    Raise `NothingToMigrate` when the file holds no `[[dau]]` record.
    """
    from aicompete.knowledge.catalog import fold

    old = document.get("dau")
    if not isinstance(old, list) or not old:
        raise NothingToMigrate("the file holds no [[dau]] records: it is in the current format")
    have = {
        metric["id"]
        for metric in _tables(document.get("metrics"))
        if isinstance(metric.get("id"), str)
    }
    by_name = {fold(str(metric["name"])): str(metric["id"]) for metric in standard}
    by_name.update({fold(str(metric["id"])): str(metric["id"]) for metric in standard})
    # The metrics the file names that the standard ones lack: folded name -> id and name.
    custom: dict[str, tuple[str, str]] = {}
    published = {
        source["id"]: source.get("published")
        for source in _tables(document.get("sources"))
        if isinstance(source.get("id"), str)
    }
    lines = text.splitlines(keepends=True)
    out: list[str] = []
    table = ""
    record: dict[str, Any] = {}
    figures = iter(_tables(old))
    events = iter(_tables(document.get("events")))
    notes: list[str] = []
    first_figure = None
    for line in lines:
        header = _HEADER.match(line)
        if header and line.lstrip().startswith("["):
            table = header.group(1).strip()
            if table == "dau" and line.lstrip().startswith("[["):
                record = next(figures, {})
                first_figure = len(out) if first_figure is None else first_figure
                line = line.replace("dau", "figures", 1)
            elif table == "events" and line.lstrip().startswith("[["):
                record = next(events, {})
            out.append(line)
            continue
        key = _KEY.match(line)
        if key is None or table not in ("dau", "events"):
            out.append(line)
            continue
        indent, name, equals, rest = key.groups()
        end = "\n" if line.endswith("\n") else ""
        if table == "dau" and name == "metric" and isinstance(record.get("metric"), str):
            metric = str(record["metric"])
            found = by_name.get(fold(metric))
            if found is None:
                found = custom.setdefault(fold(metric), (_slug(metric), metric))[0]
            out.append(f'{indent}metric{equals}"{found}"{end}')
        elif table == "dau" and name == "value":
            out.append(line)
            out.append(f'{indent}unit{equals}"users"{end}')
        elif table == "dau" and name == "period":
            out.append(f"{indent}when{equals}{rest}{end}")
            dated = _date_line(record, str(record.get("period", "")), published, notes)
            out += [f'{indent}date{equals}"{dated}"{end}'] if dated else []
        elif table == "dau" and name == "inferred":
            out.append(re.sub(r"(?<=[{,])(\s*)period(\s*=)", r"\1when\2", line))
        elif table == "events" and name == "when" and "date" not in record:
            out.append(line)
            dated = _date_line(record, str(record.get("when", "")), published, notes)
            out += [f'{indent}date{equals}"{dated}"{end}'] if dated else []
        else:
            out.append(line)
    written = metric_blocks(bundled)
    added = [str(metric["id"]) for metric in standard if metric["id"] not in have]
    blocks = [written[ident] for ident in added if ident in written]
    blocks += [
        _custom_metric(ident, name)
        for ident, name in custom.values()
        if ident not in have and ident not in added
    ]
    if blocks:
        at = first_figure if first_figure is not None else len(out)
        comment = (
            "# What figures count: added by `aicompete migrate`; edit the words as needed.\n\n"
        )
        out[at:at] = [comment, *blocks]
    for ident, name in custom.values():
        notes.append(f"metric {name!r} is new: check the words of [[metrics]] {ident!r}")
    return Migrated("".join(out), tuple(dict.fromkeys(notes)))


def _tables(records: object) -> list[dict[str, Any]]:
    """The records of an array of tables, and nothing else it may hold."""
    return (
        [record for record in records if isinstance(record, dict)]
        if isinstance(records, list)
        else []
    )


def _date_line(
    record: Mapping[str, Any], when: str, published: Mapping[object, object], notes: list[str]
) -> str | None:
    """The date a `when` resolves to by a stated rule, from the source's `published`; else
    None, with a note when the source lacks the day it was written."""
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
        return None
    written = datetime.date.fromisoformat(str(day))
    for span in (record.get("quote"), *record.get("context", [])):
        if not isinstance(span, str):
            continue
        for expression, resolution in resolve_in(squeeze(span), written):
            if same_time(expression.text, when) and resolution.span is not None:
                return resolution.span.text
    return None


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


def _custom_metric(ident: str, name: str) -> str:
    """A metric the standard ones lack, named as the file named it: a count of users a day,
    read by its own words, for the curator to check."""
    import json

    quoted = json.dumps(name, ensure_ascii=False)
    return (
        f'[[metrics]]\nid = "{ident}"\nname = {quoted}\ncounts = "users"\nwindow = "day"\n'
        f"words = [{quoted}]\n\n"
    )


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-") or "metric"
