"""Changes of one field of the bundled file, made from the file itself: none is reported proven.

Each change either fails `verify` (a field failed, or the evidence is no longer the source's)
or lands in a field that `verify` labels inferred or editorial. The changes are drawn from the
knowledge base: another record's value of the same field, another number or name of the same
quote, a time expression cut short, an `after` link added or turned round, a qualifier
dropped, a figure filed under another name, and the source's text edited with a quote and a
figure. And the changes a careless or hostile curator makes to what a field rests on: a
statement given another speaker's quote, a figure moved to a sibling event of the same
sentence, a day taken from a swapped context sentence, a value changed under an inference
written for the old one, a figure's metric changed to every other metric's id and its bound
to every other bound, and a summary given another's words or stripped of a word that turns it.
"""

from __future__ import annotations

import copy
import datetime
import hashlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import tomli
from tomli_w import dumps

from aicompete.knowledge.kinds import BY_TABLE, FACT_KINDS, KINDS
from aicompete.knowledge.source_texts import SourceText
from aicompete.knowledge.validation import validate
from aicompete.proof.numbers import read_numbers
from aicompete.proof.text import sentences, words_beside
from aicompete.proof.times import resolve_in
from aicompete.proof.verification import check_facts
from tests.conftest import BUNDLED_TEXT, ROOT

DOCUMENT: dict[str, Any] = tomli.loads(BUNDLED_TEXT)
SEED = ROOT / DOCUMENT["sources"][0]["file"]
SEED_TEXT = SEED.read_text(encoding="utf-8")


# The classes of change beyond one field's value, by what a curator changes.
SPEAKER_SWAP = "speaker swap"
SIBLING_FIGURE = "figure moved to a sibling event"
SWAPPED_CONTEXT = "day from a swapped context"
OLD_INFERENCE = "changed value under an old inference"
MODEL = "bound or metric id"
SUMMARY = "summary or description changed"
FIELD_VALUE = "field value"
CLASSES = (
    FIELD_VALUE,
    SPEAKER_SWAP,
    SIBLING_FIGURE,
    SWAPPED_CONTEXT,
    OLD_INFERENCE,
    MODEL,
    SUMMARY,
)


@dataclass(frozen=True)
class Mutation:
    """One change: where, how, the fields it leaves false (none of them may be reported
    proven), its class, and the document and source text it makes."""

    table: str
    index: int
    fields: tuple[str, ...]
    how: str
    document: dict[str, Any]
    source_text: str = SEED_TEXT
    group: str = FIELD_VALUE

    @property
    def name(self) -> str:
        record = self.document[self.table][self.index]
        return f"{BY_TABLE[self.table].name}:{record['id']}.{','.join(self.fields)}: {self.how}"


def _changed(
    table: str, index: int, field: str, value: Any, how: str, group: str = FIELD_VALUE
) -> Mutation:
    document = copy.deepcopy(DOCUMENT)
    if value is None:
        document[table][index].pop(field, None)
    else:
        document[table][index][field] = value
    return Mutation(table, index, (field,), how, document, group=group)


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
    yield from _speaker_swaps()
    yield from _sibling_figures()
    yield from _swapped_contexts()
    yield from _old_inferences()
    yield from _bounds_and_metric_ids()
    yield from _summaries()


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
            ("value",),
            "source text edited with it",
            document,
            SEED_TEXT.replace(number.text, edited, 1),
        )


def _is_statement(event: dict[str, Any]) -> bool:
    return "speech" in event or event["category"] == "statement"


def _speaker_swaps() -> Iterator[Mutation]:
    """A statement given the quote of a statement by someone else, its person and company
    kept: then those that the other's speaker does not share are false. Again with its time
    and order dropped, so that only who speaks can catch it."""
    events = DOCUMENT["events"]
    statements = [index for index, event in enumerate(events) if _is_statement(event)]
    for index in statements:
        event = events[index]
        for other in statements:
            speaker = tuple(
                field
                for field in ("person", "company")
                if field in event and event[field] != events[other].get(field)
            )
            if not speaker:
                continue
            for dropped in ((), ("when", "date", "after")):
                document = copy.deepcopy(DOCUMENT)
                changed = document["events"][index]
                changed["quote"] = events[other]["quote"]
                for field in dropped:
                    changed.pop(field, None)
                how = f"the quote of {events[other]['id']!r}" + (", undated" if dropped else "")
                yield Mutation("events", index, speaker, how, document, group=SPEAKER_SWAP)


def _sibling_figures() -> Iterator[Mutation]:
    """An event's figures added to a sibling: another event whose quote overlaps its quote in
    the source, or states the same number ("more than 1 trillion parameters", Qwen3-Max's,
    given to the Qwen3.5 event of the same sentence)."""
    events = DOCUMENT["events"]
    for event in events:
        start = SEED_TEXT.find(event["quote"])
        for name, number in event.get("figures", {}).items():
            for index, sibling in enumerate(events):
                at = SEED_TEXT.find(sibling["quote"])
                overlaps = at < start + len(event["quote"]) and start < at + len(sibling["quote"])
                stated = number in {n.value for n in read_numbers(sibling["quote"])}
                if sibling is event or not (overlaps or stated):
                    continue
                figures = {**sibling.get("figures", {}), name: number}
                how = f"{name} of {event['id']!r}"
                yield _changed("events", index, "figures", figures, how, SIBLING_FIGURE)


def _timed_sentences() -> list[tuple[str, str, str]]:
    """Each sentence of the source with a time expression that resolves: the sentence, the
    time's words and the date they resolve to."""
    published = datetime.date.fromisoformat(DOCUMENT["sources"][0]["published"])
    found = []
    for sentence in sentences(SEED_TEXT):
        for expression, resolution in resolve_in(sentence.name, published):
            if resolution.span is not None:
                found.append((sentence.name, expression.text, resolution.span.text))
    return found


def _swapped_contexts() -> Iterator[Mutation]:
    """A dated fact dated by another sentence of the source, on another day: that sentence as
    its whole context, its time and date as the fact's, any inference of the old time
    dropped."""
    timed = _timed_sentences()
    for table in ("figures", "events"):
        for index, record in enumerate(DOCUMENT[table]):
            for sentence, when, date in timed:
                if record.get("date") in (None, date) or sentence in record["quote"]:
                    continue
                document = copy.deepcopy(DOCUMENT)
                changed = document[table][index]
                changed.update(context=[sentence], when=when, date=date)
                inferred = changed.get("inferred", {})
                for field in ("when", "date"):
                    inferred.pop(field, None)
                if not inferred:
                    changed.pop("inferred", None)
                how = f"{when!r} from {sentence[:40]!r}"
                yield Mutation(table, index, ("when", "date"), how, document, group=SWAPPED_CONTEXT)


def _old_inferences() -> Iterator[Mutation]:
    """Each inferred field given another value, its inference left as written for the old
    one: another record's value of the field, or another id it could name."""
    for kind in FACT_KINDS:
        for index, record in enumerate(DOCUMENT.get(kind.table, [])):
            for field, inference in record.get("inferred", {}).items():
                value = inference["value"]
                others = _others(kind.table, field, value)
                reference = next((r for r in kind.references if r.field == field), None)
                if reference is not None:
                    target = next(k.table for k in KINDS if k.name == reference.kind)
                    others += [[i] if isinstance(value, list) else i for i in _ids(target, None)]
                if field == "when":
                    others += [when for _, when, _ in _timed_sentences()]
                others = list(dict.fromkeys(map(_hashable, others)))
                for other in [o for o in others if o != _hashable(value)][:4]:
                    shown = list(other) if isinstance(other, tuple) else other
                    how = f"now {shown!r}, inferred for {value!r}"
                    yield _changed(kind.table, index, field, shown, how, OLD_INFERENCE)


def _hashable(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def _bounds_and_metric_ids() -> Iterator[Mutation]:
    """Each figure's metric changed to every other metric's id, and a figure stated exactly
    given every bound."""
    metrics = [metric["id"] for metric in DOCUMENT["metrics"]]
    for index, figure in enumerate(DOCUMENT["figures"]):
        for other in metrics:
            if other != figure["metric"]:
                yield _changed("figures", index, "metric", other, f"metric {other!r}", MODEL)
        if "bound" not in figure:
            for bound in ("about", "over", "under", "up_to"):
                yield _changed("figures", index, "bound", bound, f"bound {bound}", MODEL)


# Words whose loss turns what a summary says: "has never been assessed", "may be linked".
_SENSE_WORDS = ("never", "not", "no", "may", "could", "without", "only", "more", "less")


def _summaries() -> Iterator[Mutation]:
    """A summary or description given another record's, or with a word dropped that turns what
    it says ("has never been assessed" as "has been assessed")."""
    for kind in FACT_KINDS:
        for field in ("summary", "description"):
            for index, record in enumerate(DOCUMENT.get(kind.table, [])):
                value = record.get(field)
                if value is None:
                    continue
                for other in _others(kind.table, field, value)[:2]:
                    how = f"another record's: {other[:30]!r}"
                    yield _changed(kind.table, index, field, other, how, SUMMARY)
                words = value.split()
                for at, word in enumerate(words):
                    if word.casefold() in _SENSE_WORDS:
                        dropped = " ".join(words[:at] + words[at + 1 :])
                        yield _changed(
                            kind.table, index, field, dropped, f"{word!r} dropped", SUMMARY
                        )


MUTATIONS = list(mutations())
# Each change's verdict, once: the totals read those the tests above gave.
_VERDICTS: dict[int, str] = {}


def _verdict(mutation: Mutation) -> str:
    """`caught`, `labelled` or `proven`: what verify says of the fields the change made false."""
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
    status = {field.field: field.status for field in check.fields}
    return (
        "proven" if any(status.get(field) == "proven" for field in mutation.fields) else "labelled"
    )


def _verdict_of(index: int) -> str:
    if index not in _VERDICTS:
        _VERDICTS[index] = _verdict(MUTATIONS[index])
    return _VERDICTS[index]


def test_there_are_enough_changes_of_every_kind() -> None:
    assert len(MUTATIONS) >= 60
    kinds = {mutation.table for mutation in MUTATIONS}
    assert kinds == {kind.table for kind in FACT_KINDS if DOCUMENT.get(kind.table)}
    fields = {field for mutation in MUTATIONS for field in mutation.fields}
    assert {
        "value",
        "amounts",
        "figures",
        "when",
        "after",
        "role",
        "person",
        "app",
        "bound",
        "unit",
        "date",
        "metric",
    } <= fields
    assert {mutation.group for mutation in MUTATIONS} == set(CLASSES)


@pytest.mark.parametrize("index", range(len(MUTATIONS)), ids=lambda i: MUTATIONS[i].name)
def test_no_change_is_reported_proven(index: int) -> None:
    assert _verdict_of(index) != "proven"


def totals() -> dict[str, Counter[str]]:
    """Of each class of change, and of all: how many were tried, caught (verify fails),
    labelled (inferred or editorial) and proven."""
    found: dict[str, Counter[str]] = {group: Counter() for group in ("all", *CLASSES)}
    for index, mutation in enumerate(MUTATIONS):
        verdict = _verdict_of(index)
        for group in ("all", mutation.group):
            found[group].update(("tried", verdict))
    return found


def test_the_totals_are_of_every_change_and_none_is_proven() -> None:
    counted = totals()
    for group, counts in counted.items():
        assert counts["tried"] == counts["caught"] + counts["labelled"] + counts["proven"], group
        assert counts["tried"] and counts["proven"] == 0, group
    assert counted["all"]["tried"] == len(MUTATIONS)


def test_the_bundled_file_itself_is_proven_field_by_field() -> None:
    data = SEED_TEXT.encode("utf-8")
    knowledge, problems = validate(BUNDLED_TEXT, DOCUMENT)
    assert not problems and knowledge is not None
    checks = check_facts(
        knowledge, {"chinadaily-qwen": SourceText(SEED_TEXT, hashlib.sha256(data).hexdigest())}
    )
    assert all(check.ok for check in checks)


def test_the_manual_gives_the_number_of_changes_tried() -> None:
    curating = " ".join((ROOT / "docs" / "curating.md").read_text(encoding="utf-8").split())
    assert f"in {len(MUTATIONS)} ways drawn from the file itself" in curating
