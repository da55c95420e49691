"""Proof of every field of every fact against its source, each field by a stated rule.

A fact's evidence is its `quote` and its `context` spans: each must be a verbatim span of its
source's text (runs of white space may differ), and the source's text must still have the
SHA-256 the knowledge file records for it. Each other field is then a claim with a status:

- `proven`: the evidence states it, by the rule for that field (`RULES` below, and the README);
- `inferred`: the knowledge file declares, in the fact's `inferred` table, that the evidence
  does not state it, and why, for the value the field holds (a reason written for another
  value fails);
- `editorial`: written by whoever curates the file (a category, a summary or description that
  is not its quote's own words): shown as such, never proven;
- `failed`: none of these, with the reason.

Pure: the source texts are given, nothing is read or printed here.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, Literal

from aicompete.frozen import frozen
from aicompete.knowledge.kinds import BY_NAME, EVIDENCE_FIELDS, FACT_KINDS
from aicompete.knowledge.models import (
    FOLLOWS,
    App,
    Campaign,
    Company,
    Event,
    Figure,
    Inference,
    KnowledgeBase,
    Person,
    Rate,
    as_written,
)
from aicompete.knowledge.source_texts import SourceText, Unreadable
from aicompete.proof.measurers import is_measurer, is_relay
from aicompete.proof.names import NameIndex, is_whole_name, person_names
from aicompete.proof.numbers import StatedNumber, bound_numbers
from aicompete.proof.text import Mention, find_phrase, squeeze, words

Fact = Company | App | Person | Figure | Campaign | Rate | Event
Status = Literal["proven", "inferred", "editorial", "failed"]
STATUSES: tuple[Status, ...] = ("proven", "inferred", "editorial", "failed")
# Why an editorial field is editorial.
EDITORIAL = "written by whoever curates the file"
# How much of a quote to show around the place where it departs from its source.
_CONTEXT = 24


@frozen
class FieldCheck:
    """One field of a fact and its status: the rule that proved it, the file's reason for
    inferring it, or why it failed."""

    field: str
    status: Status
    reason: str


@frozen
class FactCheck:
    """The verdict on one fact: what is wrong with its evidence, and each field's status."""

    kind: str
    id: str
    source: str
    evidence: tuple[str, ...]
    fields: tuple[FieldCheck, ...]

    @property
    def failures(self) -> tuple[str, ...]:
        """Every reason the fact is not proven: its evidence, then each failed field."""
        failed = (
            f"{check.field}: {check.reason}" for check in self.fields if check.status == "failed"
        )
        return (*self.evidence, *failed)

    @property
    def ok(self) -> bool:
        return not self.failures

    @property
    def is_proven(self) -> bool:
        """Whether the fact is proven: nothing failed and its evidence proves at least one of
        its fields (a fact of inferred and editorial fields alone rests on no proof)."""
        return self.ok and self.count("proven") > 0

    def count(self, status: Status) -> int:
        return sum(check.status == status for check in self.fields)


@frozen
class Evidence:
    """A fact's spans, white space squeezed: its quote first, then its context."""

    spans: tuple[str, ...]

    @property
    def quote(self) -> str:
        return self.spans[0]

    @property
    def text(self) -> str:
        """Every span, as one text whose spans are kept apart as sentences are."""
        return " ¶ ".join(self.spans)


# A rule proves one field: given the prover, the fact, the field's name, the evidence and the
# value, it returns None when the evidence states the value, else why not.
Rule = Callable[["Prover", Any, str, Evidence, Any], "str | None"]


def check_facts(
    knowledge: KnowledgeBase, texts: Mapping[str, SourceText | Unreadable]
) -> list[FactCheck]:
    """Every fact of the knowledge base checked against its source's text, in file order.

    `texts` maps a source id to that source's text, or to why it could not be read.
    """
    prover = Prover(knowledge, texts)
    return [
        prover.check(kind.name, fact)
        for kind in FACT_KINDS
        for fact in getattr(knowledge, kind.table)
    ]


class Prover:
    """The knowledge base and its source texts, indexed for proving fields."""

    def __init__(
        self, knowledge: KnowledgeBase, texts: Mapping[str, SourceText | Unreadable]
    ) -> None:
        self.texts = {
            source: text if isinstance(text, Unreadable) else squeeze(text.text)
            for source, text in texts.items()
        }
        self.changed = {
            source.id
            for source in knowledge.sources
            if source.sha256
            and isinstance(texts.get(source.id), SourceText)
            and texts[source.id].sha256 != source.sha256  # type: ignore[union-attr]
        }
        self.apps = {app.id: app for app in knowledge.apps}
        self.people = {person.id: person for person in knowledge.people}
        self.events = {event.id: event for event in knowledge.events}
        self.metrics = {metric.id: metric for metric in knowledge.metrics}
        self.published = {
            source.id: datetime.date.fromisoformat(source.published) if source.published else None
            for source in knowledge.sources
        }
        self.knowledge = knowledge
        self._referrers: dict[str, list[Fact]] | None = None
        # What a text can name, for telling one subject's figures from another's.
        self.subjects: dict[str, tuple[str, ...]] = {}
        for company in knowledge.companies:
            self.subjects[f"company:{company.id}"] = (company.name, *company.aliases)
        for app in knowledge.apps:
            self.subjects[f"app:{app.id}"] = (app.name, *app.aliases)
        for person in knowledge.people:
            self.subjects[f"person:{person.id}"] = (
                *person_names(person.name),
                *(name for alias in person.aliases for name in person_names(alias)),
            )
        self.index = NameIndex(self.subjects)
        # The source each subject cites: records of one source must not share a name.
        self.source_of = {
            f"{kind}:{record.id}": record.source
            for kind, records in (
                ("company", knowledge.companies),
                ("app", knowledge.apps),
                ("person", knowledge.people),
            )
            for record in records
        }

    def check(self, kind: str, fact: Fact) -> FactCheck:
        problems = self._evidence(fact)
        if fact.source in self.changed or not isinstance(self.texts.get(fact.source), str):
            # No text to prove anything against: the one reason says so, field by field is noise.
            return FactCheck(kind, fact.id, fact.source, problems, ())
        from aicompete.proof.rules import RULE_NAMES, RULES

        spans = Evidence(tuple(squeeze(span) for span in (fact.quote, *fact.context)))
        declared = fact.inferred or {}
        declared_kind = BY_NAME[kind]
        fields: dict[str, FieldCheck] = {}
        for name, value in _claims(fact):
            rule_name = declared_kind.rule(name)
            editorial = name in declared_kind.editorial
            if editorial and rule_name is None:
                fields[name] = FieldCheck(name, "editorial", EDITORIAL)
            elif name in declared and not editorial:
                fields[name] = _inferred(name, declared[name], value)
            elif rule_name is None:
                fields[name] = FieldCheck(name, "failed", f"no rule proves a {kind}'s {name}")
            else:
                rule = RULES[rule_name]
                failure = rule(self, fact, name, spans, value)
                if failure is None:
                    fields[name] = FieldCheck(name, "proven", RULE_NAMES[rule_name])
                elif editorial:
                    # Nothing proves it: shown as written by the curator, with why.
                    fields[name] = FieldCheck(name, "editorial", f"{EDITORIAL}: {failure}")
                else:
                    fields[name] = FieldCheck(name, "failed", failure)
        for name, basis in FOLLOWS.items():
            check, base = fields.get(name), fields.get(basis)
            if check and base and check.status == "proven" and base.status == "inferred":
                reason = f"follows from {basis}, which is inferred: {base.reason}"
                fields[name] = FieldCheck(name, "inferred", reason)
        return FactCheck(kind, fact.id, fact.source, problems, tuple(fields.values()))

    def _evidence(self, fact: Fact) -> tuple[str, ...]:
        """What is wrong with the fact's evidence itself."""
        source = self.texts.get(fact.source)
        if isinstance(source, Unreadable):
            return (f"the text of source {fact.source!r} cannot be read: {source.reason}",)
        if source is None:
            return (f"source {fact.source!r} has no text",)
        if fact.source in self.changed:
            return (f"the text of source {fact.source!r} no longer matches its sha256",)
        problems = []
        for label, span in (
            ("quote", fact.quote),
            *((f"context[{n}]", s) for n, s in enumerate(fact.context)),
        ):
            squeezed = squeeze(span)
            if squeezed not in source:
                problems.append(
                    f"{label} is not in source {fact.source!r}: {_departure(squeezed, source)}"
                )
        return tuple(problems)

    # What the evidence names ------------------------------------------------------------

    def names_of(self, key: str) -> tuple[str, ...]:
        return self.subjects.get(key, ())

    def mentions_of(self, text: str, key: str) -> list[Mention]:
        return [mention for mention in self.index.find(text) if key in mention.keys]

    def others(self, text: str, own: Sequence[str]) -> list[Mention]:
        """Mentions of every subject but `own` (a subject and the company that runs it)."""
        return [mention for mention in self.index.find(text) if not mention.keys & set(own)]

    def owned(self, app_id: str) -> tuple[str, ...]:
        """An app and the company that runs it: either names the subject of a figure."""
        app = self.apps.get(app_id)
        return (f"app:{app_id}", *((f"company:{app.company}",) if app else ()))

    def bound(self, text: str, own: Sequence[str]) -> list[StatedNumber] | None:
        """The numbers the text ties to the subject that `own` names (`bound_numbers`),
        or None when the text does not name it; only other subjects stop it
        (`subjects_beside`)."""
        mentions = sorted(
            (mention for key in own for mention in self.mentions_of(text, key)),
            key=lambda mention: mention.start,
        )
        if not mentions:
            return None
        return bound_numbers(text, mentions, self.subjects_beside(text, own))

    def subjects_beside(self, text: str, own: Sequence[str]) -> list[Mention]:
        """The mentions of other subjects than `own`: every other record named, but a company
        named only as who measured or relayed a figure ("..., AppGrowing estimates, with about
        5.76 billion yuan")."""
        return [
            mention
            for mention in self.others(text, own)
            if not (
                all(key.startswith("company:") for key in mention.keys)
                and (is_measurer(text, mention) or is_relay(text, mention))
            )
        ]

    def named_alone(self, spans: Evidence, text: str, own: str, source: str) -> str | None:
        """None when the evidence names `text`, whole, as `own` alone, else why not: a mention
        of it that is neither part of a longer name nor a name that another record of the same
        source shares (records of other sources may share a name: two people called Wang Wei
        in two articles)."""
        within: list[Mention] = []
        partial: list[str] = []
        for span in spans.spans:
            mentions = self.index.find(span)
            for found in find_phrase(span, text):
                if not is_whole_name(span, found):
                    partial.append(found.name)
                    continue
                around = [m for m in mentions if m.start < found.end and found.start < m.end]
                # A name beside another of the same record is one longer name ("Alibaba"
                # and "Group" in "Alibaba Group").
                joined = [
                    m
                    for m in mentions
                    if own in m.keys
                    and (
                        (m.end <= found.start and not span[m.end : found.start].strip(" "))
                        or (found.end <= m.start and not span[found.end : m.start].strip(" "))
                    )
                ]
                if joined:
                    start = min(m.start for m in (*joined, found))
                    end = max(m.end for m in (*joined, found))
                    within.append(Mention(start, end, span[start:end], frozenset({own})))
                    continue
                shared = [m for m in around if self._shared(span, m, own, source)]
                if [(m.start, m.end) for m in around] == [(found.start, found.end)] and not shared:
                    return None
                within += around
        if not within and partial:
            return f"{text!r} stands in the evidence only as a part of a longer name"
        if not within:
            return f"{text!r} is not in the evidence"
        names = ", ".join(dict.fromkeys(repr(m.name) for m in within))
        others = sorted(
            key for m in within for key in m.keys - {own} if self.source_of.get(key) == source
        )
        if not others:
            return f"{text!r} stands in the evidence only as part of the longer name {names}"
        return f"{text!r} stands in the evidence only as {names}, a name of {', '.join(others)}"

    def _shared(self, span: str, mention: Mention, own: str, source: str) -> bool:
        """Whether the mention names a record beside `own` that cites the same source. An
        app named after the company that runs it ("DeepSeek") shares no name with it where
        the words around say which it is: "the standalone app of start-up DeepSeek", "the
        DeepSeek app" is the app, any other mention the company."""
        return any(
            self.source_of.get(key) == source
            and self._maker_and_app(own, key)
            != ("app" if _read_as_app(span, mention) else "company")
            for key in mention.keys - {own}
        )

    def _maker_and_app(self, own: str, other: str) -> str | None:
        """Which of the two `own` is, "app" or "company", when they are an app and the company
        that runs it; else None."""
        kinds = {own.partition(":")[0]: own, other.partition(":")[0]: other}
        app = self.apps.get(kinds.get("app", "").removeprefix("app:"))
        if app is None or kinds.get("company") != f"company:{app.company}":
            return None
        return own.partition(":")[0]

    def said_of(self, text: str, own: Sequence[str], value: int) -> list[str]:
        """The words from the last mention of the subject before the number `value` that the
        text ties to it, up to that number: "Doubao recorded a peak of 145 million"."""
        mentions = sorted(
            (mention for key in own for mention in self.mentions_of(text, key)),
            key=lambda mention: mention.start,
        )
        for number in self.bound(text, own) or ():
            if number.value == value:
                start = max((m.start for m in mentions if m.end <= number.start), default=None)
                if start is not None:
                    return words(text[start : number.start])
        return []

    def referrers(self, key: str) -> list[Fact]:
        """The facts that refer to the record `key` (`app:qwen`) by any reference field."""
        if self._referrers is None:
            found: dict[str, list[Fact]] = {}
            for kind in FACT_KINDS:
                for fact in getattr(self.knowledge, kind.table):
                    for reference in kind.references:
                        value = getattr(fact, reference.field)
                        for target in value if isinstance(value, tuple) else (value,):
                            if isinstance(target, str) and reference.field != "source":
                                found.setdefault(f"{reference.kind}:{target}", []).append(fact)
            self._referrers = found
        return self._referrers.get(key, [])

    def evidence_of(self, fact: Fact) -> Evidence:
        return Evidence(tuple(squeeze(span) for span in (fact.quote, *fact.context)))

    def source_position(self, fact: Fact, span: str) -> int:
        source = self.texts.get(fact.source)
        return source.find(span) if isinstance(source, str) else -1


_APP_OF = re.compile(
    r"(?i:app|application|chatbot|assistant)\s+(?i:of|from|by)\s+(?:[\w-]+\s+){0,3}$"
)
_APP_AFTER = re.compile(r"(?:['\u2019]s)?\s+(?:[a-z][\w-]*\s+)?(?i:app|application|chatbot)(?!\w)")


def _read_as_app(span: str, mention: Mention) -> bool:
    """Whether the words around a name make it an app's: "the standalone app of ... DeepSeek",
    "the DeepSeek app", "DeepSeek's chatbot"."""
    return bool(
        _APP_OF.search(span, max(0, mention.start - 60), mention.start)
        or _APP_AFTER.match(span, mention.end)
    )


def _inferred(name: str, inference: Inference, value: Any) -> FieldCheck:
    """An inferred field, as long as it holds the value its reason was written for."""
    if as_written(value) == inference.value:
        return FieldCheck(name, "inferred", inference.why)
    return FieldCheck(
        name,
        "failed",
        f"inferred for {inference.value!r}, but it is now {as_written(value)!r}: write the "
        "reason again, for the new value",
    )


def _claims(fact: Fact) -> Iterator[tuple[str, Any]]:
    """The fields that a fact claims: every field with a value, but its evidence."""
    for name in fact.__dataclass_fields__:
        value = getattr(fact, name)
        if name not in EVIDENCE_FIELDS and value not in (None, (), {}):
            yield name, value


def _departure(quote: str, text: str) -> str:
    """Where the quote stops following the text: the longest start of it that the text holds."""
    low, high = 0, len(quote)
    while low < high:
        middle = (low + high + 1) // 2
        if quote[:middle] in text:
            low = middle
        else:
            high = middle - 1
    if low == 0:
        return "no part of it is"
    before = "…" * (low > _CONTEXT) + quote[max(0, low - _CONTEXT) : low]
    after = quote[low : low + _CONTEXT] + "…" * (len(quote) > low + _CONTEXT)
    return f'it follows the source up to "{before}", then reads "{after}"'
