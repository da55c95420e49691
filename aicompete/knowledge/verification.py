"""Proof of every field of every fact against its source, each field by a stated rule.

A fact's evidence is its `quote` and its `context` spans: each must be a verbatim span of its
source's text (runs of white space may differ), and the source's text must still have the
SHA-256 the knowledge file records for it. Each other field is then a claim with a status:

- `proven`: the evidence states it, by the rule for that field (`RULES` below, and the README);
- `inferred`: the knowledge file declares, in the fact's `inferred` table, that the evidence
  does not state it, and why;
- `editorial`: written by whoever curates the file (a summary, a description, a category):
  shown as such, never proven;
- `failed`: none of these, with the reason.

Pure: the source texts are given, nothing is read or printed here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from fractions import Fraction
from typing import Any, Literal

from aicompete.frozen import frozen
from aicompete.knowledge import evidence
from aicompete.knowledge.kinds import BY_NAME, EVIDENCE_FIELDS, FACT_KINDS
from aicompete.knowledge.models import (
    App,
    Campaign,
    Company,
    Dau,
    Event,
    KnowledgeBase,
    Person,
    Rate,
)
from aicompete.knowledge.source_texts import SourceText, Unreadable

Fact = Company | App | Person | Dau | Campaign | Rate | Event
Status = Literal["proven", "inferred", "editorial", "failed"]
STATUSES: tuple[Status, ...] = ("proven", "inferred", "editorial", "failed")
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


_SUBJECT_KINDS: dict[type, str] = {Company: "company", App: "app", Person: "person"}

# A rule proves one field: it returns None when the evidence states the value, else why not.
Rule = Callable[["Prover", Any, Evidence, Any], "str | None"]


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
            source: text if isinstance(text, Unreadable) else evidence.squeeze(text.text)
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
        self.events = {event.id: event for event in knowledge.events}
        # What a text can name, for telling one subject's figures from another's.
        self.subjects: dict[str, tuple[str, ...]] = {}
        for company in knowledge.companies:
            self.subjects[f"company:{company.id}"] = (company.name, *company.aliases)
        for app in knowledge.apps:
            self.subjects[f"app:{app.id}"] = (app.name, *app.aliases)
        for person in knowledge.people:
            self.subjects[f"person:{person.id}"] = evidence.person_names(person.name)
        self.index = evidence.NameIndex(self.subjects)
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
        spans = Evidence(tuple(evidence.squeeze(span) for span in (fact.quote, *fact.context)))
        declared = fact.inferred or {}
        fields: list[FieldCheck] = []
        for name, value in _claims(fact):
            if name in BY_NAME[kind].editorial:
                fields.append(FieldCheck(name, "editorial", "written by whoever curates the file"))
            elif name in declared:
                fields.append(FieldCheck(name, "inferred", declared[name]))
            else:
                rule = RULES[kind, name]
                failure = rule(self, fact, spans, value)
                if failure is None:
                    fields.append(FieldCheck(name, "proven", RULE_NAMES[rule]))
                else:
                    fields.append(FieldCheck(name, "failed", failure))
        return FactCheck(kind, fact.id, fact.source, problems, tuple(fields))

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
            squeezed = evidence.squeeze(span)
            if squeezed not in source:
                problems.append(
                    f"{label} is not in source {fact.source!r}: {_departure(squeezed, source)}"
                )
        return tuple(problems)

    # What the evidence names ------------------------------------------------------------

    def names_of(self, key: str) -> tuple[str, ...]:
        return self.subjects.get(key, ())

    def mentions_of(self, text: str, key: str) -> list[evidence.Mention]:
        return [mention for mention in self.index.find(text) if key in mention.keys]

    def others(self, text: str, own: Sequence[str]) -> list[evidence.Mention]:
        """Mentions of every subject but `own` (a subject and the company that runs it)."""
        return [mention for mention in self.index.find(text) if not mention.keys & set(own)]

    def owned(self, app_id: str) -> tuple[str, ...]:
        """An app and the company that runs it: either names the subject of a figure."""
        app = self.apps.get(app_id)
        return (f"app:{app_id}", *((f"company:{app.company}",) if app else ()))

    def bound(self, text: str, own: Sequence[str]) -> list[evidence.StatedNumber] | None:
        """The numbers the text ties to the subject that `own` names (`evidence.bound_numbers`),
        or None when the text does not name it."""
        mentions = sorted(
            (mention for key in own for mention in self.mentions_of(text, key)),
            key=lambda mention: mention.start,
        )
        if not mentions:
            return None
        return evidence.bound_numbers(text, mentions, self.others(text, own))

    def named_alone(self, spans: Evidence, text: str, own: str, source: str) -> str | None:
        """None when the evidence names `text`, whole, as `own` alone, else why not: a mention
        of it that is neither part of a longer name nor a name that another record of the same
        source shares (records of other sources may share a name: two people called Wang Wei
        in two articles)."""
        within: list[evidence.Mention] = []
        partial: list[str] = []
        for span in spans.spans:
            mentions = self.index.find(span)
            for found in evidence.find_phrase(span, text):
                if not evidence.is_whole_name(span, found):
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
                    within.append(evidence.Mention(start, end, span[start:end], frozenset({own})))
                    continue
                shared = [m for m in around if self._shared(m, own, source)]
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

    def _shared(self, mention: evidence.Mention, own: str, source: str) -> bool:
        """Whether the mention names a record beside `own` that cites the same source."""
        return any(self.source_of.get(key) == source for key in mention.keys - {own})

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
                    return evidence.words(text[start : number.start])
        return []

    def source_position(self, fact: Fact, span: str) -> int:
        source = self.texts.get(fact.source)
        return source.find(span) if isinstance(source, str) else -1


def _claims(fact: Fact) -> Iterator[tuple[str, Any]]:
    """The fields that a fact claims: every field with a value, but its evidence."""
    for name in fact.__dataclass_fields__:
        value = getattr(fact, name)
        if name not in EVIDENCE_FIELDS and value not in (None, (), {}):
            yield name, value


# The rules -------------------------------------------------------------------------------


def _named(prover: Prover, fact: Fact, spans: Evidence, value: Any) -> str | None:
    """The name stands in the evidence as whole words, in its own case, naming this record
    alone: not a word of a longer name, not another record's name."""
    texts = value if isinstance(value, tuple) else (value,)
    own = f"{_SUBJECT_KINDS[type(fact)]}:{fact.id}"
    reasons = [prover.named_alone(spans, text, own, fact.source) for text in texts]
    return "; ".join(reason for reason in reasons if reason) or None


def _campaign_name(prover: Prover, fact: Campaign, spans: Evidence, value: str) -> str | None:
    """The evidence gives it as the campaign's name, whole: in quote marks or capitalized,
    right before "campaign" ('a 3 billion yuan "Spring Festival Treat" campaign')."""
    found = [m.name for span in spans.spans for m in evidence.campaign_names(span)]
    if evidence.squeeze(value) in found:
        return None
    given = ", ".join(map(repr, found)) or "none"
    return f"{value!r} is not a campaign's name in the evidence (it has: {given})"


def _comparison(prover: Prover, fact: Dau, spans: Evidence, value: str) -> str | None:
    """A comparison of the evidence with another subject, read whole: "roughly half that of
    Doubao"."""
    found = [mention.name for span in spans.spans for mention in evidence.comparisons(span)]
    if any(evidence.fold(text) == evidence.fold(value) for text in found):
        return None
    given = ", ".join(map(repr, found)) or "none"
    return f"{value!r} is not a comparison of the evidence (it has: {given})"


def _purpose(prover: Prover, fact: Campaign, spans: Evidence, value: str) -> str | None:
    """The evidence says it is what the campaign is for, as a whole clause: "to attract users
    to their AI applications", "aimed at integrating ..."."""
    if any(evidence.states_purpose(span, value) for span in spans.spans):
        return None
    return f"the evidence does not give {value!r} as what it is for"


def _reach(prover: Prover, fact: Campaign, spans: Evidence, value: str) -> str | None:
    """The evidence says the campaign reached it, as a whole clause: "reaching a nationwide
    audience"."""
    if any(evidence.states_reach(span, value) for span in spans.spans):
        return None
    return f"the evidence does not give {value!r} as whom it reached"


def _reference(kind: str) -> Rule:
    def rule(prover: Prover, fact: Fact, spans: Evidence, value: str) -> str | None:
        """The record it names is named in the evidence, by its name or an alias."""
        if prover.mentions_of(spans.text, f"{kind}:{value}"):
            return None
        names = " / ".join(prover.names_of(f"{kind}:{value}")) or "no such record"
        return f"{kind} {value!r} ({names}) is not named in the evidence"

    return rule


def _role(prover: Prover, fact: Person, spans: Evidence, value: str) -> str | None:
    """The whole role stands beside the name: "Alibaba CEO Eddie Wu", "Yu Bowen, head of
    post-training for the Qwen model"."""
    if any(evidence.role_beside(span, fact.name, value) for span in spans.spans):
        return None
    found = [role for span in spans.spans for role in evidence.roles_beside(span, fact.name)]
    given = ", ".join(map(repr, found)) or "none"
    return f"{value!r} is not the role given beside {fact.name!r} (it has: {given})"


def _metric(prover: Prover, fact: Dau, spans: Evidence, value: str) -> str | None:
    """Every word of the metric is in the quote that states the figure ("daily active users"
    says DAU), and the metric keeps what the quote says of this figure ("a peak of")."""
    said = evidence.metric_words(spans.quote)
    claimed = evidence.words(value)
    missing = [word for word in claimed if word not in said]
    if missing:
        return f"the quote does not say {', '.join(map(repr, missing))}"
    if all(
        word in evidence.METRIC_QUALIFIERS or word in evidence.FUNCTION_WORDS for word in claimed
    ):
        return f"{value!r} names no measure, only what qualifies one"
    dropped = [
        word
        for word in evidence.METRIC_QUALIFIERS
        if word in prover.said_of(spans.quote, prover.owned(fact.app), fact.value)
        and word not in claimed
    ]
    if dropped:
        return f"the quote says {', '.join(map(repr, dropped))} of this figure"
    return None


def _measurer(prover: Prover, fact: Dau, spans: Evidence, value: str) -> str | None:
    """The measurer is named in the evidence as where the data come from: "data from ... firm
    QuestMobile showed", "according to"."""
    for span in spans.spans:
        for mention in prover.mentions_of(span, f"company:{value}"):
            if evidence.is_data_source(span, mention):
                return None
    names = " / ".join(prover.names_of(f"company:{value}")) or "no such record"
    return f"company {value!r} ({names}) is not named in the evidence as where the data come from"


def _dau_value(prover: Prover, fact: Dau, spans: Evidence, value: int) -> str | None:
    """The number the quote ties to the app, exactly as stated (no "more than")."""
    return _bound(prover, spans, prover.owned(fact.app), [(value, None)], f"app {fact.app!r}")


def _amounts(prover: Prover, fact: Campaign, spans: Evidence, value: Any) -> str | None:
    """Each amount is a number the quote ties to the app or its company, in its currency."""
    wanted = [(money.value, money.currency) for money in value]
    return _bound(prover, spans, prover.owned(fact.app), wanted, f"app {fact.app!r}")


def _bound(
    prover: Prover,
    spans: Evidence,
    own: Sequence[str],
    wanted: Sequence[tuple[int, str | None]],
    subject: str,
) -> str | None:
    bound = prover.bound(spans.quote, own)
    if bound is None:
        return f"the quote does not name {subject}"
    missing = []
    for number, currency in wanted:
        if not any(
            stated.value == number
            and stated.qualifier is None
            and (currency is None or stated.currency == currency)
            for stated in bound
        ):
            missing.append(f"{number:,}" + (f" {currency}" if currency else ""))
    if not missing:
        return None
    given = ", ".join(f'"{stated.text.strip()}"' for stated in bound) or "no number"
    return f"{', '.join(missing)} is not what the quote ties to {subject}, which is {given}"


def _figures(prover: Prover, fact: Event, spans: Evidence, value: dict[str, int]) -> str | None:
    """Each figure is a number of the evidence, with the qualifier its name ends in
    (`parameters_more_than`: "more than"), and the other words of its name saying what it
    counts ("1 trillion parameters", "Born in 1993"), none of them a name of a record."""
    failures = []
    numbers = evidence.read_numbers(spans.text)
    named = {
        word for mention in prover.index.find(spans.text) for word in evidence.words(mention.name)
    }
    for name, number in value.items():
        base, qualifier = _qualified(name)
        name_words = evidence.words(base.replace("_", " "))
        near = [
            stated
            for stated in numbers
            if stated.value == number
            and stated.qualifier == qualifier
            and named.isdisjoint(name_words)
            and evidence.names_figure(spans.text, stated, name_words)
        ]
        if not near:
            stated = ", ".join(f'"{n.text.strip()}"' for n in numbers) or "no number"
            wording = f" {qualifier.replace('_', ' ')}" if qualifier else ""
            failures.append(
                f"{name} ={wording} {number:,} is not stated as such; the evidence states {stated}"
            )
    return "; ".join(failures) or None


def _qualified(name: str) -> tuple[str, str | None]:
    for qualifier in evidence.QUALIFIERS:
        if name.endswith("_" + qualifier):
            return name.removesuffix("_" + qualifier), qualifier
    return name, None


def _period(prover: Prover, fact: Dau, spans: Evidence, value: str) -> str | None:
    """A period of the evidence, read whole ("this year's Spring Festival holiday", "January
    2026"); a leading "the" aside."""
    found = [mention.name for span in spans.spans for mention in evidence.periods(span)]
    if any(evidence.same_period(text, value) for text in found):
        return None
    given = ", ".join(map(repr, dict.fromkeys(found))) or "none"
    return f"{value!r} is not a period of the evidence (it has: {given})"


def _when(prover: Prover, fact: Event, spans: Evidence, value: str) -> str | None:
    """A time expression of the quote, or of the context when the quote states none, read
    whole ("late Thursday", never "Thursday")."""
    found = [mention.name for mention in evidence.time_expressions(spans.quote)]
    if not found:
        found = [
            mention.name for span in spans.spans for mention in evidence.time_expressions(span)
        ]
    if any(evidence.fold(text) == evidence.fold(value) for text in found):
        return None
    given = ", ".join(map(repr, dict.fromkeys(found))) or "none"
    return f"{value!r} is not a time expression of the evidence (it has: {given})"


def _person(prover: Prover, fact: Event, spans: Evidence, value: str) -> str | None:
    """The person is the first person the quote names: who it is about."""
    people = [
        mention
        for mention in prover.index.find(spans.quote)
        if any(key.startswith("person:") for key in mention.keys)
    ]
    if not any(f"person:{value}" in mention.keys for mention in people):
        return f"person {value!r} is not named in the quote"
    if f"person:{value}" not in people[0].keys:
        return f"the quote names {people[0].name!r} first: it is about them"
    return None


def _after(prover: Prover, fact: Event, spans: Evidence, value: tuple[str, ...]) -> str | None:
    """Each event it follows, the evidence puts before it: "after" or "following" right
    before that event's own quote; "later" or "afterward" in this quote, after that one; or
    two weekdays of one week, in order."""
    unproven = [earlier for earlier in value if not _follows(prover, fact, spans, earlier)]
    if not unproven:
        return None
    return f"the evidence does not put {', '.join(map(repr, unproven))} before it"


def _follows(prover: Prover, fact: Event, spans: Evidence, earlier_id: str) -> bool:
    earlier = prover.events.get(earlier_id)
    if earlier is None:
        return False
    stated = evidence.squeeze(earlier.quote)
    after_words = "|".join(map(re.escape, evidence.AFTER_WORDS))
    for span in spans.spans:
        at = span.find(stated)
        if at >= 0 and re.search(rf"(?:^|\W)(?:{after_words})\s*$", span[:at], re.IGNORECASE):
            return True
    # "D. E ... later": the word comes in this fact's quote, after the earlier event's quote.
    earlier_at = prover.source_position(fact, stated)
    quote_at = prover.source_position(fact, spans.quote)
    if earlier_at >= 0 and quote_at >= 0 and any(stated in span for span in spans.spans):
        for word in evidence.LATER_WORDS:
            for mention in evidence.find_phrase(spans.quote, word, ignore_case=True):
                if quote_at + mention.start >= earlier_at + len(stated):
                    return True
    same_source = earlier.source == fact.source
    days = [evidence.weekday(when) if when else None for when in (fact.when, earlier.when)]
    return same_source and None not in days and days[0] > days[1]  # type: ignore[operator]


def _speech(prover: Prover, fact: Event, spans: Evidence, value: str) -> str | None:
    """Direct speech is quoted in quote marks; reported speech says what was said without."""
    found = evidence.speech(spans.quote)
    return None if found == value else f"the quote reports speech as {found or 'neither'}"


def _rate_value(prover: Prover, fact: Rate, spans: Evidence, value: str) -> str | None:
    """The rate is the number the quote states in the counter currency: "1 euro was worth
    7.8 yuan" is 7.8 (CNY per EUR)."""
    if any(
        number.value == Fraction(value) and number.currency == fact.counter
        for number in evidence.read_numbers(spans.quote)
    ):
        return None
    return f"the quote does not state {value} {fact.counter}"


def _counter(prover: Prover, fact: Rate, spans: Evidence, value: str) -> str | None:
    """The counter currency is the one the rate is stated in: "worth 7.8 yuan"."""
    try:
        rate = Fraction(fact.value)
    except ValueError:
        rate = None
    if any(
        number.currency == value and number.value == rate
        for number in evidence.read_numbers(spans.quote)
    ):
        return None
    return f"the quote does not state the rate in {value}"


def _base(prover: Prover, fact: Rate, spans: Evidence, value: str) -> str | None:
    """The base currency is the one the quote states one unit of: "1 euro", "per dollar"."""
    if any(
        number.currency == value and number.value == 1
        for number in evidence.read_numbers(spans.quote)
    ):
        return None
    names = [word for word, code in evidence.CURRENCY_WORDS.items() if code == value]
    if any(
        evidence.find_phrase(spans.quote, f"{unit} {name}", ignore_case=True)
        for name in names
        for unit in _ONE_UNIT
    ):
        return None
    return f"the quote does not state one {value} as the unit the rate is for"


# Wording that makes a currency the unit a rate is for: "per dollar", "to the dollar".
_ONE_UNIT = ("one", "a", "an", "per", "each", "to the", "against the")


RULES: dict[tuple[str, str], Rule] = {
    ("company", "name"): _named,
    ("company", "aliases"): _named,
    ("app", "name"): _named,
    ("app", "aliases"): _named,
    ("app", "company"): _reference("company"),
    ("person", "name"): _named,
    ("person", "role"): _role,
    ("person", "company"): _reference("company"),
    ("dau", "app"): _reference("app"),
    ("dau", "value"): _dau_value,
    ("dau", "metric"): _metric,
    ("dau", "period"): _period,
    ("dau", "measured_by"): _measurer,
    ("dau", "reported_comparison"): _comparison,
    ("campaign", "app"): _reference("app"),
    ("campaign", "name"): _campaign_name,
    ("campaign", "amounts"): _amounts,
    ("campaign", "purpose"): _purpose,
    ("campaign", "reach"): _reach,
    ("rate", "base"): _base,
    ("rate", "counter"): _counter,
    ("rate", "value"): _rate_value,
    ("event", "person"): _person,
    ("event", "company"): _reference("company"),
    ("event", "when"): _when,
    ("event", "after"): _after,
    ("event", "figures"): _figures,
    ("event", "speech"): _speech,
}


def _first_sentence(text: str) -> str:
    """The first sentence of a docstring, its lines joined."""
    joined = " ".join(text.split())
    # An ellipsis ("data from ... firm") ends no sentence.
    found = re.match(r".+?(?<!\.)[.!?](?!\.)(?=\s|$)", joined)
    return found.group() if found else joined


# Each rule as `verify` and the README state it: the first sentence of its docstring.
RULE_NAMES: dict[Rule, str] = {rule: _first_sentence(rule.__doc__ or "") for rule in RULES.values()}


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
