"""Changes of one field of the bundled file, made from the file itself: none is reported proven.

Each change either fails `verify` (a field failed, or the evidence is no longer the source's)
or lands in a field that `verify` labels inferred or editorial. The changes are drawn from the
knowledge base: another record's value of the same field, another number or name of the same
quote, a time expression cut short, an `after` link added or turned round, a qualifier
dropped, a figure filed under another name, and the source's text edited with a quote and a
figure.
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import tomli

from aicompete.knowledge.kinds import BY_TABLE, FACT_KINDS, KINDS
from aicompete.knowledge.source_texts import SourceText
from aicompete.knowledge.validation import validate
from aicompete.proof.numbers import read_numbers
from aicompete.proof.text import words_beside
from aicompete.proof.verification import check_facts
from tests.conftest import BUNDLED_TEXT, ROOT
from tests.tomlwrite import dumps

DOCUMENT: dict[str, Any] = tomli.loads(BUNDLED_TEXT)
SEED = ROOT / DOCUMENT["sources"][0]["file"]
SEED_TEXT = SEED.read_text(encoding="utf-8")


@dataclass(frozen=True)
class Mutation:
    """One changed field: where, how, and the document and source text it makes."""

    table: str
    index: int
    field: str
    how: str
    document: dict[str, Any]
    source_text: str = SEED_TEXT

    @property
    def name(self) -> str:
        record = self.document[self.table][self.index]
        return f"{BY_TABLE[self.table].name}:{record['id']}.{self.field}: {self.how}"


def _changed(table: str, index: int, field: str, value: Any, how: str) -> Mutation:
    document = copy.deepcopy(DOCUMENT)
    if value is None:
        document[table][index].pop(field, None)
    else:
        document[table][index][field] = value
    return Mutation(table, index, field, how, document)


def _others(table: str, field: str, value: Any) -> list[Any]:
    """Other records' values of the same field, each once."""
    seen = []
    for record in DOCUMENT[table]:
        other = record.get(field)
        if other is not None and other != value and other not in seen:
            seen.append(other)
    return seen


def _ids(table: str, but: str | None) -> list[str]:
    return [record["id"] for record in DOCUMENT[table] if record["id"] != but]


def mutations() -> Iterator[Mutation]:
    """Single-field changes of every kind of record and every kind of field."""
    references = {
        reference.field: reference.kind
        for kind in FACT_KINDS
        for reference in kind.references
        if reference.field not in ("source", "after", "same_as")
    }
    tables = {kind.name: kind.table for kind in KINDS}
    for kind in FACT_KINDS:
        for index, record in enumerate(DOCUMENT.get(kind.table, [])):
            for field, value in record.items():
                if field in ("id", "source", "quote", "context", "inferred"):
                    continue
                if field in kind.editorial:
                    yield _changed(kind.table, index, field, value + " (edited)", "rewritten")
                    continue
                if field in references:
                    target = tables[references[field]]
                    for other in _ids(target, value)[:2]:
                        yield _changed(kind.table, index, field, other, f"now {other!r}")
                    continue
                yield from _value_changes(kind.table, index, record, field, value)
    yield from _reversed_links()
    yield from _source_edits()


def _reversed_links() -> Iterator[Mutation]:
    """An `after` link turned round: the earlier event now said to follow the later one."""
    position = {event["id"]: index for index, event in enumerate(DOCUMENT["events"])}
    for event in DOCUMENT["events"]:
        for earlier in event.get("after", []):
            index = position[earlier]
            links = [*DOCUMENT["events"][index].get("after", []), event["id"]]
            yield _changed("events", index, "after", links, f"now after {event['id']!r}")


def _value_changes(
    table: str, index: int, record: dict[str, Any], field: str, value: Any
) -> Iterator[Mutation]:
    quote = record["quote"]
    if field == "value" and isinstance(value, int):
        for number in read_numbers(quote):
            if number.value != value and number.value.denominator == 1:
                yield _changed(
                    table, index, field, int(number.value), f"another number: {number.text}"
                )
        yield _changed(table, index, field, value + 1, "off by one")
    elif field == "amounts":
        first = dict(value[0])
        yield _changed(table, index, field, [{**first, "value": first["value"] * 2}], "doubled")
        other = "USD" if first["currency"] == "CNY" else "CNY"
        yield _changed(table, index, field, [{**first, "currency": other}], "other currency")
    elif field == "figures":
        name, number = next(iter(value.items()))
        for word in _words_beside_number(record, number):
            if word not in name:
                yield _changed(
                    table, index, field, {word: number}, f"named by a word beside it: {word}"
                )
        if name.endswith("_more_than"):
            bare = name.removesuffix("_more_than")
            yield _changed(table, index, field, {bare: number}, "qualifier dropped")
        yield _changed(table, index, field, {"parameters": number}, "filed under another name")
        yield _changed(table, index, field, {name: number + 1}, "off by one")
    elif field == "when":
        yield _changed(table, index, field, "the", "a word of the quote")
        yield _changed(table, index, field, "last year's Spring Festival holiday", "another time")
        if value.casefold().startswith("late "):
            yield _changed(table, index, field, value[5:], "cut short")
        for other in _others(table, field, value)[:1]:
            yield _changed(table, index, field, other, f"another event's: {other}")
    elif field == "after":
        dated = [e["id"] for e in DOCUMENT["events"] if e.get("when") and e["id"] != record["id"]]
        added = next(other for other in dated if other not in value)
        yield _changed(table, index, field, [*value, added], f"link to {added!r} added")
    elif field == "speech":
        flipped = "reported" if value == "direct" else "direct"
        yield _changed(table, index, field, flipped, "direct and reported swapped")
    elif field == "bound":
        for other in ("about", "over", "under", "up_to"):
            yield _changed(table, index, field, other, f"bound {other}")
    elif field == "unit":
        for other in ("count", "percent", "CNY"):
            yield _changed(table, index, field, other, f"unit {other}")
    elif field == "date":
        for other in ("2026-02-16", "2025-01-28/2025-02-04", "2026-03", value[:4]):
            if other != value:
                yield _changed(table, index, field, other, f"another date: {other}")
    elif field == "role":
        for other in _others(table, field, value)[:2]:
            yield _changed(table, index, field, other, f"another person's role: {other}")
        edited = value.replace("CEO", "CFO") if "CEO" in value else value + " emeritus"
        yield _changed(table, index, field, edited, f"edited: {edited}")
    elif isinstance(value, list):
        yield _changed(table, index, field, [*value[:-1], value[-1] + " Holdings"], "edited")
    elif isinstance(value, str):
        for other in _others(table, field, value)[:2]:
            yield _changed(table, index, field, other, f"another record's: {other}")
        yield _changed(table, index, field, value + " Plus", "edited")
    if isinstance(value, str) and field not in ("when", "speech"):
        for phrase in _phrases(record, value):
            yield _changed(table, index, field, phrase, f"another phrase of its evidence: {phrase}")


def _phrases(record: dict[str, Any], value: str) -> list[str]:
    """Other phrases of a record's evidence: a word of the value alone, the value without its
    first or last word, every other record's name that the evidence holds, and runs of two
    and three words from the start, the middle and the end of each span."""
    found = [*value.split(), " ".join(value.split()[1:]), " ".join(value.split()[:-1])]
    spans = [record["quote"], *record.get("context", [])]
    names = [r["name"] for kind in FACT_KINDS for r in DOCUMENT.get(kind.table, []) if "name" in r]
    found += [name for name in names if any(name in span for span in spans)]
    for span in spans:
        words = span.rstrip(".").split()
        for size in (2, 3):
            for at in (0, max(0, len(words) // 2 - 1), max(0, len(words) - size)):
                found.append(" ".join(words[at : at + size]))
    # "To attract users" and "attract users" state one purpose: not a change.
    same = {value, value.removeprefix("To ").removeprefix("to ")}
    return [phrase for phrase in dict.fromkeys(found) if phrase and phrase not in same]


def _words_beside_number(record: dict[str, Any], number: int) -> list[str]:
    """The words beside the number in the record's evidence, each a name it could be filed
    under."""
    text = " ".join([record["quote"], *record.get("context", [])])
    return [
        word.replace("-", "_")
        for stated in read_numbers(text)
        if stated.value == number
        for word in dict.fromkeys(words_beside(text, stated.start, stated.end))
    ]


def _source_edits() -> Iterator[Mutation]:
    """The source's text edited, and a quote and a figure with it, so that they agree."""
    for index, record in enumerate(DOCUMENT["figures"]):
        number = read_numbers(record["quote"])[0]
        edited = number.text.replace(number.text.split()[0], "99")
        document = copy.deepcopy(DOCUMENT)
        changed = document["figures"][index]
        changed["quote"] = record["quote"].replace(number.text, edited, 1)
        changed["value"] = 99 * 10**6
        yield Mutation(
            "figures",
            index,
            "value",
            "source text edited with it",
            document,
            SEED_TEXT.replace(number.text, edited, 1),
        )


MUTATIONS = list(mutations())


def _verdict(mutation: Mutation) -> str:
    """`caught`, `labelled` or `proven`: what verify says of the changed field."""
    text = dumps(mutation.document)
    knowledge, problems = validate(text, mutation.document)
    if problems or knowledge is None:
        return "caught"
    data = mutation.source_text.encode("utf-8")
    texts = {"chinadaily-qwen": SourceText(mutation.source_text, hashlib.sha256(data).hexdigest())}
    checks = check_facts(knowledge, texts)
    record_id = mutation.document[mutation.table][mutation.index]["id"]
    kind = BY_TABLE[mutation.table].name
    (check,) = [c for c in checks if (c.kind, c.id) == (kind, record_id)]
    if any(not other.ok for other in checks) or not check.ok:
        return "caught"
    status = {field.field: field.status for field in check.fields}.get(mutation.field)
    return "proven" if status == "proven" else "labelled"


def test_there_are_enough_changes_of_every_kind() -> None:
    assert len(MUTATIONS) >= 60
    kinds = {mutation.table for mutation in MUTATIONS}
    assert kinds == {kind.table for kind in FACT_KINDS if DOCUMENT.get(kind.table)}
    fields = {mutation.field for mutation in MUTATIONS}
    assert {"value", "amounts", "figures", "when", "after", "role", "person", "app"} <= fields


@pytest.mark.parametrize("mutation", MUTATIONS, ids=lambda mutation: mutation.name)
def test_no_change_is_reported_proven(mutation: Mutation) -> None:
    assert _verdict(mutation) != "proven"


def test_the_bundled_file_itself_is_proven_field_by_field() -> None:
    data = SEED_TEXT.encode("utf-8")
    knowledge, problems = validate(BUNDLED_TEXT, DOCUMENT)
    assert not problems and knowledge is not None
    checks = check_facts(
        knowledge, {"chinadaily-qwen": SourceText(SEED_TEXT, hashlib.sha256(data).hexdigest())}
    )
    assert all(check.ok for check in checks)


def test_the_readme_gives_the_number_of_changes_tried() -> None:
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert f"in {len(MUTATIONS)} ways drawn from the file itself" in readme
