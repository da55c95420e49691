"""Candidate facts in a new article: the reading rules that `verify` proves fields with, run
the other way, and each field then checked by the real `Prover`.

Drafting reads the article in two passes. The first finds who and what it names: people with
a role beside their name, companies and apps named in possessives ("Tencent's Yuanbao"), the
firms named as where data come from, and the aliases a company takes ("Alibaba Group"). A
name the knowledge base already holds is reused by its id. The second pass reads each
sentence for facts about them: a DAU figure bound to its app, a campaign's amounts bound to
its app, an event dated by a time expression or a statement with who made it.

Every candidate is then checked as `verify` checks a fact. A field is written only when the
rules prove it (`proven`) or it is one that whoever curates the file writes (`editorial`: a
description, a summary, a category), which the draft proposes for review. A field the rules
do not prove, or that the text does not give, is left for a person, with why; a candidate
that lacks a required field is incomplete. So the draft and `verify` cannot disagree.

Pure: the article's text and the knowledge base in, candidates out.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from bisect import bisect_right
from collections.abc import Container, Iterable, Mapping
from typing import Any, Literal

from aicompete.errors import UsageError
from aicompete.frozen import frozen
from aicompete.knowledge.catalog import fold, labels
from aicompete.knowledge.kinds import BY_NAME, KINDS
from aicompete.knowledge.models import DAY_PATTERN, ID_PATTERN, KnowledgeBase, Money, Source
from aicompete.knowledge.source_texts import SourceText, slug
from aicompete.proof.clauses import campaign_names, comparisons
from aicompete.proof.measurers import data_sources, is_data_source
from aicompete.proof.metrics import metric_spans
from aicompete.proof.names import possessives
from aicompete.proof.numbers import BOUNDS, SCALES, StatedNumber
from aicompete.proof.roles import people_with_roles
from aicompete.proof.rules import RULES
from aicompete.proof.speech import has_personal_pronoun, speaker, speech, without_attribution
from aicompete.proof.text import Mention, caseless, sentences, squeeze
from aicompete.proof.times import find
from aicompete.proof.verification import Evidence, Fact, Prover

DraftStatus = Literal["proven", "editorial", "left"]
# What the draft says of an editorial field it proposes.
EDITORIAL = "written by whoever curates the file: drafted here, review it"


@frozen
class Candidate:
    """One record the draft proposes, or one the knowledge base already holds (`known`).

    `values` are the fields the draft fills, in the knowledge file's order and as the model
    takes them; `statuses` and `reasons` say, for each field that is a claim, whether the
    rules prove it (and by which rule), whether it is editorial, or why it is left for a
    person.
    """

    kind: str
    values: dict[str, Any]
    statuses: dict[str, DraftStatus]
    reasons: dict[str, str]
    # The id of the record of the knowledge base that already holds it: a name it knows,
    # or a fact it holds from this same source.
    known: str | None = None
    # Where in the article its quote begins: the draft lists each kind in the article's order.
    at: int = 0

    @property
    def id(self) -> str:
        value: str = self.values["id"]
        return value

    @property
    def complete(self) -> bool:
        """Whether every required field is filled: only then is it a record to append."""
        return all(name in self.values for name in required_fields(self.kind))

    def record(self) -> Fact:
        """The candidate as a record of the knowledge base; only for a complete one."""
        made: Fact = BY_NAME[self.kind].model(**self.values)
        return made


@frozen
class Draft:
    """A draft of one article: its source, whether the knowledge base holds it already, and
    the candidates, in the knowledge file's order of kinds and then the article's."""

    source: Source
    new_source: bool
    candidates: tuple[Candidate, ...]


class SourceNeedsPublisher(UsageError):
    """A new source without the publisher that the knowledge file requires."""

    option = "--publisher"


class ChangedSource(UsageError):
    """An article the knowledge base cites with another text."""

    option = "FILE"


class BadSourceOption(UsageError):
    """A source id or date that the knowledge file would refuse."""

    def __init__(self, option: str, message: str) -> None:
        super().__init__(message)
        self.option = option


def required_fields(kind: str) -> tuple[str, ...]:
    """The fields a record of `kind` must have."""
    return tuple(
        field.name
        for field in dataclasses.fields(BY_NAME[kind].model)
        if field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING
    )


def field_order(kind: str) -> list[str]:
    """The fields of a record of `kind` as the draft writes them: its id, what it claims,
    then its evidence."""
    names = [field.name for field in dataclasses.fields(BY_NAME[kind].model)]
    evidence_last = ("source", "quote", "context", "inferred")
    return [name for name in names if name not in evidence_last] + [
        name for name in evidence_last if name in names
    ]


def plain_text(value: Any) -> str:
    """A value as a person reads it in a reason: text in quotes, amounts as written."""
    if isinstance(value, tuple):
        return ", ".join(plain_text(item) for item in value)
    if isinstance(value, Money):
        return f"{value.value:,} {value.currency}"
    return repr(value)


def article_source(
    knowledge: KnowledgeBase, found: Mapping[str, str], options: Mapping[str, str | None]
) -> tuple[Source, bool]:
    """The source record of an article, and whether it is new to the knowledge base.

    `found` is what `source_texts.new_source` reads from the file (`id`, `title`, `file`,
    `sha256`); `options` are what the person gives (`id`, `title`, `publisher`, `url`,
    `published`, `author`). A source that names the same file or has the same hash is the
    knowledge base's own; a new one needs a publisher, and its id is made unique.
    """
    for source in knowledge.sources:
        if source.sha256 == found["sha256"]:
            return source, False
        if source.file == found["file"]:
            if source.sha256 is None:
                return source, False
            raise ChangedSource(
                f"{found['file']} is the text of source {source.id!r}, but it has changed since "
                "its sha256 was recorded: update that source first"
            )
    publisher = options.get("publisher")
    if not publisher or not publisher.strip():
        raise SourceNeedsPublisher(
            "the article is a new source: give its --publisher, which the knowledge file needs"
        )
    taken = {source.id for source in knowledge.sources}
    chosen = options.get("id")
    if chosen is not None and (not re.fullmatch(ID_PATTERN, chosen) or chosen in taken):
        raise BadSourceOption(
            "--id",
            f"--id {chosen!r} is not free: give lowercase ASCII words joined by hyphens that "
            "no source of the knowledge file has",
        )
    published = options.get("published")
    if published is not None and not re.fullmatch(DAY_PATTERN, published):
        raise BadSourceOption(
            "--published", f"--published {published!r} is not a date written YYYY-MM-DD"
        )
    source = Source(
        id=chosen or _fresh(found["id"], taken),
        title=options.get("title") or found["title"],
        publisher=publisher,
        file=found["file"],
        url=options.get("url") or None,
        published=published,
        author=options.get("author") or None,
        sha256=found["sha256"],
    )
    return source, True


def draft(knowledge: KnowledgeBase, source: Source, text: str, *, new_source: bool) -> Draft:
    """The candidate facts of `text`, the article of `source`, against the knowledge base."""
    return _Drafter(knowledge, source, text, new_source).draft()


def _fresh(base: str, *taken: Container[str]) -> str:
    """`base`, or `base-2`, `base-3`...: the first that none of `taken` holds."""
    base = base[:90].strip("-") or "record"
    made, number = base, 1
    while any(made in names for names in taken):
        number += 1
        made = f"{base}-{number}"
    return made


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


# Campaign wording: a clause about an app with one of these, or with an amount of money
# bound to it, is a campaign.
_CAMPAIGN_WORDS = re.compile(
    r"(?<!\w)(?:campaigns?|red\s+packets?|promotions?|promotional|subsid(?:y|ies|ized)"
    r"|coupons?|partnered|partnership|sponsor(?:ed|s|ship)?|advertising|ads|marketing"
    r"|giveaways?|spent|spend|invested)(?!\w)",
    re.IGNORECASE,
)
_PURPOSES = (
    re.compile(r"(?<!\w)(?i:aimed\s+at|in\s+order\s+to|so\s+as\s+to)\s+(?P<what>\S.*)"),
    re.compile(r"(?<!\w)to\s+(?P<what>[a-z].*)"),
)
_REACH = re.compile(r"(?<!\w)(?i:reaching)\s+(?P<what>[^,;]+)")
_SPENT_ON = re.compile(r"^[\s)\]]*(?i:in|on|for)\s+(?P<what>.+?)(?=\s+to\s|\s+aimed\s|[,;]|$)")
_CLAUSE_TAIL = re.compile(r"(?:[\s,;:\u2014\u2013]+|(?<!\w)(?:and|while|but|whereas))$")
# Event categories, proposed from the wording (editorial: a person reviews them).
_LEADERSHIP = re.compile(
    r"(?<!\w)(?:resign\w*|depart\w*|appoint\w*|step(?:s|ped)?\s+down|succeed\w*|promoted"
    r"|hired|took\s+over|retire\w*|fired|ousted)(?!\w)",
    re.IGNORECASE,
)
_ORGANISATION = re.compile(
    r"(?<!\w)(?:reorgani[sz]\w*|restructur\w*|establish\w*|set\s+up|merg\w*|spin\s+off|spun\s+off)"
    r"(?!\w)",
    re.IGNORECASE,
)
# A figure written like a year ("in 2025") is no count of users.
_YEAR = re.compile(r"(?:1[89]|2\d)\d\d")
# What a count of users is written with after its number: "145 million DAUs".
_USERS_AFTER = re.compile(
    r"\s*(?:DAUs?|daily[\s-]+active[\s-]+users?|(?:active\s+)?users)(?!\w)", re.IGNORECASE
)
_PERCENT_AFTER = re.compile(r"\s*(?:%|percent|per\s+cent)", re.IGNORECASE)
# The smallest count written in plain digits that is read as a number of users.
_SMALLEST_COUNT = 1000


class _Drafter:
    """One draft: the article, what it names, and the candidates found so far."""

    def __init__(self, knowledge: KnowledgeBase, source: Source, text: str, new: bool) -> None:
        self.knowledge = knowledge
        self.source = source
        self.text = text
        self.new = new
        self.sentences = sentences(text)
        self.squeezed = squeeze(text)
        self.line_breaks = [match.start() for match in re.finditer("\n", text)]
        self.taken: dict[str, set[str]] = {
            kind.name: {record.id for record in getattr(knowledge, kind.table)} for kind in KINDS
        }
        # What every record of the knowledge base and of the draft is called, as the
        # validator compares names: a drafted record that took one of these would be refused.
        self.names: dict[str, tuple[str, str]] = {}
        for company in knowledge.companies:
            self._call("company", company.id, company.name, company.aliases)
        for app in knowledge.apps:
            self._call("app", app.id, app.name, app.aliases)
        for person in knowledge.people:
            self._call("person", person.id, person.name)
        self.entities: dict[str, list[dict[str, Any]]] = {"company": [], "app": [], "person": []}
        self.known: dict[tuple[str, str], dict[str, Any]] = {}
        # The entities this draft names for the first time.
        self.drafted: set[tuple[str, str]] = set()
        # Each person's company, as the knowledge base and the draft give it.
        self.companies_of = {person.id: person.company for person in knowledge.people}
        self.candidates: list[Candidate] = []
        self.prover: Prover
        # The words of the metrics that count users a day: a sentence without any states no
        # daily-user figure.
        self.daily_words = [
            metric.words
            for metric in knowledge.metrics
            if metric.counts == "users" and metric.window == "day"
        ]

    # The first pass: who and what the article names -------------------------------------

    def draft(self) -> Draft:
        self._find_people()
        self._find_companies_and_apps()
        self._find_data_sources()
        self._find_aliases()
        self.prover = Prover(self._with_entities(), {self.source.id: self._source_text()})
        self._settle_entities()
        # A statement's company is its speaker's: the prover reads each person's as settled.
        for person_id, company in self.companies_of.items():
            person = self.prover.people.get(person_id)
            if person is not None and person.company != company:
                self.prover.people[person_id] = dataclasses.replace(person, company=company)
        for at, sentence in enumerate(self.sentences):
            self._dau_figures(at, sentence)
            self._campaigns(sentence)
            self._event(at, sentence)
        kinds = [kind.name for kind in KINDS]
        ordered = sorted(self.candidates, key=lambda c: (kinds.index(c.kind), c.at))
        return Draft(self.source, self.new, tuple(_settled(ordered)))

    def _source_text(self) -> SourceText:
        return SourceText(self.text, self.source.sha256 or "")

    def _call(self, kind: str, record_id: str, name: str, aliases: tuple[str, ...] = ()) -> None:
        """Note what a record is called; a name stays with the first record called so."""
        for label in labels(record_id, name, aliases):
            self.names.setdefault(label, (kind, record_id))

    def _name_of(self, name: str) -> tuple[str, str] | None:
        return self.names.get(fold(name))

    def _held_name(self, name: str, kind: str) -> str | None:
        """The id of the record of the knowledge base that `name` names, if it is of `kind`."""
        found = self._name_of(name)
        if found is None or found[0] != kind or found in self.drafted:
            return None
        return found[1]

    def _new_entity(self, kind: str, values: dict[str, Any]) -> str:
        """A record for a name that nothing is called yet; its id is no name either, since
        the validator compares a later record's names with it too."""
        values["id"] = _fresh(slug(values["name"], default=kind), self.taken[kind], self.names)
        self.taken[kind].add(values["id"])
        self._call(kind, values["id"], values["name"])
        self.drafted.add((kind, values["id"]))
        self.entities[kind].append(values)
        return str(values["id"])

    def _find_people(self) -> None:
        for name, role in people_with_roles(self.text):
            values = {
                "name": name.name,
                "role": _capitalized(role.name),
                "source": self.source.id,
                "quote": self.text[min(name.start, role.start) : max(name.end, role.end)],
                "at": min(name.start, role.start),
            }
            held = self._held_name(name.name, "person")
            if self._name_of(name.name) is None:
                self._new_entity("person", values)
            elif held and ("person", held) not in self.known:
                self.known["person", held] = {**values, "id": held}

    def _find_companies_and_apps(self) -> None:
        for owner, thing in possessives(self.text):
            company, app = self._name_of(owner.name), self._name_of(thing.name)
            if (company and company[0] != "company") or (app and app[0] != "app"):
                continue
            quote = self.text[owner.start : thing.end]
            if company is None:
                company_id = self._new_entity(
                    "company",
                    {
                        "name": owner.name,
                        "description": f"Maker of {thing.name}",
                        "source": self.source.id,
                        "quote": quote,
                        "at": owner.start,
                    },
                )
            else:
                company_id = company[1]
                held = self._held_name(owner.name, "company")
                if held and ("company", held) not in self.known:
                    self.known["company", held] = self._known_values(
                        held, owner.name, quote, owner.start
                    )
            values = {
                "name": thing.name,
                "company": company_id,
                "source": self.source.id,
                "quote": quote,
                "at": owner.start,
            }
            held = self._held_name(thing.name, "app")
            # Looked up again: the company just drafted may be called what the app is.
            if self._name_of(thing.name) is None:
                self._new_entity("app", values)
            elif held and ("app", held) not in self.known:
                self.known["app", held] = {**values, "id": held}

    def _known_values(self, record_id: str, name: str, quote: str, at: int) -> dict[str, Any]:
        return {"id": record_id, "name": name, "source": self.source.id, "quote": quote, "at": at}

    def _find_data_sources(self) -> None:
        for name, described in data_sources(self.text):
            quote = self.text[described.start if described else name.start : name.end]
            held = self._held_name(name.name, "company")
            if self._name_of(name.name) is None:
                self._new_entity(
                    "company",
                    {
                        "name": name.name,
                        "description": _capitalized(described.name)
                        if described
                        else "Named as a source of data",
                        "source": self.source.id,
                        "quote": quote,
                        "at": name.start,
                    },
                )
            elif held and ("company", held) not in self.known:
                self.known["company", held] = self._known_values(held, name.name, quote, name.start)

    def _find_aliases(self) -> None:
        """A new company's name with a word of incorporation after it ("Alibaba Group")."""
        for values in self.entities["company"]:
            pattern = (
                rf"(?<![\w'\u2019]){re.escape(values['name'])}\s+"
                r"(?:Group|Holdings|Inc|Ltd|Limited|Corp|Corporation)(?![\w'\u2019])"
            )
            for match in re.finditer(pattern, self.text):
                alias = squeeze(match.group())
                if self._name_of(alias):
                    continue
                values.setdefault("aliases", []).append(alias)
                self._call("company", values["id"], alias)
                if match.group() not in values["quote"]:
                    values.setdefault("context", []).append(match.group())

    def _with_entities(self) -> KnowledgeBase:
        """The knowledge base with the article's source and the entities the draft found."""
        made: dict[str, list[Any]] = {"company": [], "app": [], "person": []}
        for kind, found in self.entities.items():
            for values in found:
                made[kind].append(self._model(kind, values, placeholder=True))
        sources = self.knowledge.sources + ((self.source,) if self.new else ())
        return dataclasses.replace(
            self.knowledge,
            sources=sources,
            companies=self.knowledge.companies + tuple(made["company"]),
            apps=self.knowledge.apps + tuple(made["app"]),
            people=self.knowledge.people + tuple(made["person"]),
        )

    def _model(self, kind: str, values: Mapping[str, Any], *, placeholder: bool) -> Any:
        fields = {
            field.name: values[field.name]
            for field in dataclasses.fields(BY_NAME[kind].model)
            if field.name in values
        }
        if placeholder:
            for name in required_fields(kind):
                fields.setdefault(name, "")
        for name in ("aliases", "context", "after"):
            if name in fields:
                fields[name] = tuple(fields[name])
        return BY_NAME[kind].model(**fields)

    def _settle_entities(self) -> None:
        """Each entity as a candidate; a person's company from what the role names."""
        for values in self.entities["person"]:
            self._propose_company(values)
            self._add("person", values)
        for (kind, record_id), values in self.known.items():
            if kind == "person":
                self._propose_company(values)
            self._add(kind, values, known=record_id)
        for kind in ("company", "app"):
            for values in self.entities[kind]:
                self._add(kind, values)
        for candidate in self.candidates:
            if candidate.kind == "person" and not candidate.known:
                self.companies_of[candidate.id] = candidate.values.get("company")

    def _propose_company(self, values: dict[str, Any]) -> None:
        """The company that the role names, or that runs an app the role names."""
        for mention in self.prover.index.find(values["role"]):
            for key in sorted(mention.keys):
                kind, _, record_id = key.partition(":")
                if kind == "company":
                    values["company"] = record_id
                    return
                if kind == "app" and record_id in self.prover.apps:
                    values["company"] = self.prover.apps[record_id].company
                    return

    # The second pass: what the article says of them -------------------------------------

    def _paragraph(self, at: int) -> int:
        return bisect_right(self.line_breaks, self.sentences[at].start)

    def _mentions(self, text: str, prefix: str) -> list[tuple[Mention, str]]:
        """Each mention of one record of a kind (`app:`), with its id; ambiguous ones left out."""
        found = []
        for mention in self.prover.index.find(text):
            keys = [key for key in mention.keys if key.startswith(prefix)]
            if len(keys) == 1 and len(mention.keys) == 1:
                found.append((mention, keys[0].removeprefix(prefix)))
        return found

    def _apps_named(self, text: str) -> list[str]:
        return list(dict.fromkeys(app for _, app in self._mentions(text, "app:")))

    def _claims(
        self, text: str, apps: Iterable[str], money: bool
    ) -> list[tuple[str, StatedNumber]]:
        """Each number the text ties to one app alone, with that app. A number tied to
        several goes to the one it follows, as `bound_numbers` ties it first; one tied to
        several that way or none is left."""
        claimed: dict[int, list[tuple[str, StatedNumber]]] = {}
        for app in apps:
            for number in self.prover.bound(text, self.prover.owned(app)) or []:
                wanted = number.currency is not None if money else self._is_count(text, number)
                if wanted and number.qualifier is None and number.value.denominator == 1:
                    claimed.setdefault(number.start, []).append((app, number))
        found = []
        for claims in claimed.values():
            if len(claims) > 1:
                claims = [
                    (app, number)
                    for app, number in claims
                    if self._follows(text, self.prover.owned(app), number)
                ]
            if len(claims) == 1:
                found.append(claims[0])
        return found

    def _follows(self, text: str, own: tuple[str, ...], number: StatedNumber) -> bool:
        """Whether the number comes after a mention of the subject, nothing else named
        between."""
        before = [m for m in self.prover.index.find(text) if m.end <= number.start]
        return bool(before) and bool(before[-1].keys & set(own))

    @staticmethod
    def _is_count(text: str, number: StatedNumber) -> bool:
        """Whether a number reads as a count of users: no currency, a scale word or at least
        a thousand, neither a year nor a percentage."""
        if number.currency is not None or _YEAR.fullmatch(number.text):
            return False
        if _PERCENT_AFTER.match(text, number.end):
            return False
        return number.value >= _SMALLEST_COUNT or any(
            scale in number.text.lower() for scale in SCALES
        )

    def _subject_start(self, text: str, own: tuple[str, ...], before: int) -> int | None:
        """Where the last mention of the subject before `before` begins, with the mentions of
        it right before that one ("Alibaba's Qwen" begins at "Alibaba")."""
        mentions = self.prover.index.find(text)
        own_at = [
            index
            for index, mention in enumerate(mentions)
            if mention.keys & set(own) and mention.end <= before
        ]
        if not own_at:
            return None
        index = own_at[-1]
        while (
            index > 0
            and mentions[index - 1].keys & set(own)
            and re.fullmatch(
                r"(?:['\u2019]s)?\s+", text[mentions[index - 1].end : mentions[index].start]
            )
        ):
            index -= 1
        return mentions[index].start

    def _dau_figures(self, at: int, sentence: Mention) -> None:
        text = sentence.name
        if not any(metric_spans(text, words, None) for words in self.daily_words):
            return
        for app, number in self._claims(text, self._apps_named(text), money=False):
            self._dau(at, sentence, app, number)

    def _dau(self, at: int, sentence: Mention, app: str, number: StatedNumber) -> None:
        text = sentence.name
        own = self.prover.owned(app)
        start = self._subject_start(text, own, number.start)
        end = number.end
        units = _USERS_AFTER.match(text, end)
        if units:
            end = units.end()
        if start is None:
            after = [m for m in self.prover.index.find(text) if m.keys & set(own)]
            if not after:
                return
            start, end = number.start, max(end, after[0].end)
        values: dict[str, Any] = {
            "app": app,
            "value": int(number.value),
            "unit": "users",
            "source": self.source.id,
            "quote": text[start:end],
        }
        if number.qualifier is not None:
            values["bound"] = BOUNDS[number.qualifier]
        for comparison in comparisons(text):
            before = [m for m in self.prover.index.find(text) if m.end <= comparison.start]
            if comparison.start >= end and before and before[-1].keys & set(own):
                longer = {**values, "quote": text[start : comparison.end]}
                if self._holds("figure", "value", longer):
                    values = {**longer, "reported_comparison": comparison.name}
                break
        left: dict[str, str] = {}
        metrics = [
            metric
            for metric in self.knowledge.metrics
            if self._holds("figure", "metric", {**values, "metric": metric.id})
        ]
        if len(metrics) == 1:
            values["metric"] = metrics[0].id
        else:
            left["metric"] = (
                "the quote names " + " and ".join(repr(metric.id) for metric in metrics) + " for it"
                if metrics
                else "the quote does not say what the figure counts (none of the words of the "
                "knowledge file's metrics are in its clause)"
            )
        context: list[str] = []
        measurers, where = self._measurers(at)
        if len(measurers) == 1:
            values["measured_by"] = measurers[0]
            if not self._holds("figure", "measured_by", values):
                context.append(self.sentences[where].name)
        else:
            left["measured_by"] = (
                f"its paragraph names {' and '.join(measurers)} as where data come from"
                if measurers
                else "no sentence of its paragraph up to it names where the data come from"
            )
        periods = self._periods(values["quote"], [text, *context])
        if len(periods) == 1:
            period, used = periods[0]
            values["when"] = period
            if used != values["quote"]:
                context.append(used)
            self._date(values, used, left)
        else:
            left["when"] = (
                f"the text gives several: {', '.join(repr(p) for p, _ in periods)}"
                if periods
                else "no time expression in its sentence or the one naming who measured it"
            )
        context = [span for span in dict.fromkeys(context) if span != values["quote"]]
        if context:
            values["context"] = context
        values["at"] = sentence.start + start
        stem = slug(f"{app} {values.get('metric', 'figure')}")
        self._add("figure", values, left=left, stem=stem)

    def _date(self, values: dict[str, Any], span: str, left: dict[str, str]) -> None:
        """The date that `values`' `when`, read in `span`, resolves to, by the rule that
        `verify` proves it with; else why it is left."""
        from aicompete.proof.times import resolve_in

        published = self.source.published
        day = datetime.date.fromisoformat(published) if published else None
        for expression, resolution in resolve_in(squeeze(span), day):
            if caseless(expression.text) == caseless(values["when"]):
                if resolution.span is not None:
                    values["date"] = resolution.span.text
                else:
                    left["date"] = resolution.reason or "no rule resolves it"
                return

    def _measurers(self, at: int) -> tuple[list[str], int]:
        """The companies named as where data come from in the sentence, or else in the
        nearest sentence before it in its paragraph; and which sentence that is."""
        paragraph = self._paragraph(at)
        for where in range(at, -1, -1):
            if self._paragraph(where) != paragraph:
                break
            text = self.sentences[where].name
            found = [
                company
                for mention, company in self._mentions(text, "company:")
                if is_data_source(text, mention)
            ]
            if found:
                return list(dict.fromkeys(found)), where
        return [], at

    @staticmethod
    def _periods(quote: str, spans: list[str]) -> list[tuple[str, str]]:
        """The time expressions of the quote, else of the first span that has any, each
        with the span it is read from."""
        for span in (quote, *spans):
            found = {caseless(m.text): m.text for m in find(span)}
            if found:
                return [(name, span) for name in found.values()]
        return []

    def _holds(self, kind: str, field: str, values: Mapping[str, Any]) -> bool:
        """Whether the rule for the field proves it from the values' quote."""
        record = self._model(kind, values, placeholder=True)
        spans = Evidence((squeeze(values["quote"]),))
        rule = RULES[str(BY_NAME[kind].rule(field))]
        return rule(self.prover, record, field, spans, getattr(record, field)) is None

    def _campaigns(self, sentence: Mention) -> None:
        text = sentence.name
        apps = self._apps_named(text)
        if not apps:
            return
        claims = self._claims(text, apps, money=True)
        for app in apps:
            clause = self._clause(text, self.prover.owned(app))
            if clause is None:
                continue
            start, subject_end, end = clause
            amounts = [number for claimant, number in claims if claimant == app]
            if not amounts and not _CAMPAIGN_WORDS.search(text[start:end]):
                continue
            start = min([start, *(number.start for number in amounts)])
            end = max([end, *(number.end for number in amounts)])
            self._campaign(sentence, app, (start, subject_end, end), amounts)

    def _clause(self, text: str, own: tuple[str, ...]) -> tuple[int, int, int] | None:
        """The clause about a subject: where its first mention starts and ends, and where
        the clause ends: at the mention of anything else, or the end of the sentence,
        without the words that join it to the next."""
        mentions = self.prover.index.find(text)
        first = next((i for i, m in enumerate(mentions) if m.keys & set(own)), None)
        if first is None:
            return None
        last = first
        while last + 1 < len(mentions) and mentions[last + 1].keys & set(own):
            last += 1
        end = next((m.start for m in mentions[last + 1 :] if not m.keys & set(own)), len(text))
        clause = text[mentions[first].start : end]
        while True:
            shorter = _CLAUSE_TAIL.sub("", clause)
            if shorter == clause:
                break
            clause = shorter
        start = mentions[first].start
        return start, mentions[last].end, start + len(clause)

    def _campaign(
        self,
        sentence: Mention,
        app: str,
        clause: tuple[int, int, int],
        amounts: list[StatedNumber],
    ) -> None:
        text = sentence.name
        start, subject_end, end = clause
        quote = text[start:end]
        values: dict[str, Any] = {"app": app, "source": self.source.id, "quote": quote}
        left: dict[str, str] = {}
        currencies = [number.currency for number in amounts]
        if len(set(currencies)) < len(currencies):
            left["amounts"] = "the quote ties several amounts in one currency to it: " + ", ".join(
                f'"{number.text}"' for number in amounts
            )
        elif amounts:
            values["amounts"] = tuple(
                Money(int(number.value), str(number.currency)) for number in amounts
            )
        after = max((number.end for number in amounts), default=subject_end)
        rest = text[after:end]
        named = next(iter(campaign_names(quote)), None)
        if named:
            values["name"] = named.name
        for pattern in _PURPOSES:
            purpose = pattern.search(rest)
            if purpose:
                stated = without_attribution(purpose.group("what"))
                values["purpose"] = _capitalized(stated.rstrip(" .;:,"))
                break
        reach = _REACH.search(quote)
        if reach:
            values["reach"] = reach.group("what").rstrip(" .;:")
        spent_on = _SPENT_ON.search(rest) if amounts else None
        if named:
            description = f'"{values["name"]}" campaign'
        elif spent_on:
            description = _capitalized(spent_on.group("what").rstrip(" ."))
        else:
            verb_phrase = text[subject_end:end].split(",")[0].strip(" .")
            description = _capitalized(verb_phrase) or "Campaign"
        values["description"] = description
        values["at"] = sentence.start + start
        stem = slug(" ".join([app, *(values.get("name") or description).split()[:4]]))
        self._add("campaign", values, left=left, stem=stem)

    def _event(self, at: int, sentence: Mention) -> None:
        text = sentence.name
        times = {caseless(m.text): m.text for m in find(text)}
        said = speech(text)
        if not times and said is None:
            return
        start = sentence.start
        people = self._mentions(text, "person:")
        if not people and has_personal_pronoun(text) and at > 0:
            previous = self.sentences[at - 1]
            if self._paragraph(at - 1) == self._paragraph(at):
                named = self._mentions(previous.name, "person:")
                if named:
                    start = previous.start + named[-1][0].start
        quote = self.text[start : sentence.end]
        values: dict[str, Any] = {"source": self.source.id, "quote": quote, "at": start}
        left: dict[str, str] = {}
        # What a statement is about is who made it, where the sentence says: "Baidu said",
        # "according to QuestMobile"; "the firm said" names no one, and is left for a person.
        attributed = speaker(quote) if said else None
        if attributed is None:
            # Speech that no one is said to make ("responded to", "announced his departure")
            # is no statement: verify reads a statement's person and company as its speaker.
            said = None
        if attributed is not None and attributed[0] is None:
            if has_personal_pronoun(attributed[1]):
                # "he added": the person the quote names, from the sentence before.
                self._subject(quote, values)
            else:
                left["company"] = f"the sentence does not name who said it: {attributed[1]!r}"
        elif attributed is not None and attributed[0] is not None:
            self._speaker(quote, attributed[0], attributed[1], values, left)
        else:
            self._subject(quote, values)
        if len(times) == 1:
            values["when"] = next(iter(times.values()))
        elif times:
            left["when"] = "the sentence gives several time expressions: " + ", ".join(
                repr(name) for name in times.values()
            )
        if said:
            values["speech"] = speech(quote)
        values["category"] = (
            "statement"
            if said
            else "leadership"
            if "person" in values and _LEADERSHIP.search(text)
            else "organisation"
            if _ORGANISATION.search(text)
            else "context"
        )
        values["summary"] = self._summary(text, said, people)
        stem = slug(" ".join(values["summary"].split()[:5]), default="event")
        subject = values.get("person") or values.get("company")
        if subject and not stem.startswith(subject):
            stem = f"{subject}-{stem}"
        self._add("event", values, left=left, stem=stem)

    def _subject(self, quote: str, values: dict[str, Any]) -> None:
        """Who an event is about: the first person the quote names and that person's company,
        else the first company it names that is not where data come from."""
        first = next(
            (
                m
                for m in self.prover.index.find(quote)
                if any(k.startswith("person:") for k in m.keys)
            ),
            None,
        )
        if first is not None and len(first.keys) == 1:
            values["person"] = next(iter(first.keys)).removeprefix("person:")
        companies = self._mentions(quote, "company:")
        person_company = self.companies_of.get(values.get("person", ""))
        if person_company and any(company == person_company for _, company in companies):
            values["company"] = person_company
        elif "person" not in values:
            subjects = [c for m, c in companies if not is_data_source(quote, m)]
            if subjects:
                values["company"] = subjects[0]

    def _speaker(
        self,
        quote: str,
        name: Mention,
        words: str,
        values: dict[str, Any],
        left: dict[str, str],
    ) -> None:
        """A statement's person and company: whom its attribution names ("Alibaba President
        Eddie Wu said": the person, and the company that is theirs)."""
        inside = [
            mention
            for mention in self.prover.index.find(quote)
            if name.start <= mention.start and mention.end <= name.end and len(mention.keys) == 1
        ]
        people = [next(iter(m.keys)) for m in inside if next(iter(m.keys)).startswith("person:")]
        companies = [
            next(iter(m.keys)) for m in inside if next(iter(m.keys)).startswith("company:")
        ]
        apps = [next(iter(m.keys)) for m in inside if next(iter(m.keys)).startswith("app:")]
        if people:
            values["person"] = people[0].removeprefix("person:")
            company = self.companies_of.get(values["person"])
            if company:
                values["company"] = company
        elif companies:
            values["company"] = companies[0].removeprefix("company:")
        elif apps:
            app = self.prover.apps.get(apps[0].removeprefix("app:"))
            if app is not None:
                values["company"] = app.company
        if not values.get("company") and "person" not in values:
            values.pop("company", None)
            left["company"] = f"who said it, {name.name!r} ({words!r}), is no record known here"

    @staticmethod
    def _summary(text: str, said: str | None, people: list[tuple[Mention, str]]) -> str:
        """A summary to review: what was said in quote marks, else what the sentence says
        after the person it names, else the sentence."""
        if said == "direct":
            quoted = max(re.findall(r"[\"\u201c]([^\"\u201d]+)[\"\u201d]", text), key=len)
            summary = quoted.strip().rstrip(",.")
        elif people and len(text[people[0][0].end :].split()) >= 3:
            # What follows the name, without a role set off by commas after it.
            after = re.sub(r"^,[^,]*,", "", text[people[0][0].end :])
            summary = re.sub(r"^(?:['\u2019]s(?!\w))?[\s,;:]*", "", after)
        else:
            summary = text
        return _capitalized(summary.rstrip(" ."))

    # Checking each candidate as `verify` would -----------------------------------------

    def _add(
        self,
        kind: str,
        values: dict[str, Any],
        *,
        left: Mapping[str, str] | None = None,
        stem: str | None = None,
        known: str | None = None,
    ) -> None:
        """Check the candidate's fields with the prover; keep those it proves and the
        editorial ones, and leave the rest, with why."""
        # A proposal read as white space alone is none: the knowledge file refuses blank text.
        values = {
            name: value
            for name, value in values.items()
            if not isinstance(value, str) or value.strip()
        }
        at = values.pop("at", 0)
        held = known or self._held(kind, values)
        if held:
            values["id"] = held
        elif "id" not in values:
            values["id"] = _fresh(stem or kind, self.taken[kind])
            self.taken[kind].add(values["id"])
        check = self.prover.check(kind, self._model(kind, values, placeholder=True))
        statuses: dict[str, DraftStatus] = {}
        reasons: dict[str, str] = {}
        for field in check.fields:
            if field.field not in values or values[field.field] == "":
                continue
            if field.status == "failed":
                proposed = plain_text(values.pop(field.field))
                statuses[field.field] = "left"
                reasons[field.field] = f"{proposed} is not proven: {field.reason}"
            elif field.status == "editorial":
                statuses[field.field], reasons[field.field] = "editorial", EDITORIAL
            else:
                statuses[field.field], reasons[field.field] = "proven", field.reason
        for name, why in (left or {}).items():
            statuses[name], reasons[name] = "left", why
        for name in required_fields(kind):
            if name not in values and name not in statuses:
                statuses[name] = "left"
                reasons[name] = "the draft found none in the text: it is yours to write"
        for problem in check.evidence:
            statuses["quote"], reasons["quote"] = "left", problem
            values.pop("quote", None)
        order = field_order(kind)
        ordered = {name: values[name] for name in order if name in values}
        self.candidates.append(
            Candidate(
                kind,
                ordered,
                {name: statuses[name] for name in order if name in statuses},
                {name: reasons[name] for name in order if name in reasons},
                held,
                at,
            )
        )

    def _held(self, kind: str, values: Mapping[str, Any]) -> str | None:
        """The fact of this same source that the knowledge base already holds and that the
        candidate restates: its quote overlaps the candidate's, about the same subject."""
        if self.new or kind not in ("figure", "campaign", "event") or "quote" not in values:
            return None
        ours = _place(self.squeezed, values["quote"])
        best: tuple[int, str] | None = None
        for fact in getattr(self.knowledge, BY_NAME[kind].table):
            if fact.source != self.source.id or not _same_subject(kind, fact, values):
                continue
            theirs = _place(self.squeezed, fact.quote)
            overlap = min(ours[1], theirs[1]) - max(ours[0], theirs[0])
            if overlap > 0 and (best is None or overlap > best[0]):
                best = (overlap, fact.id)
        return best[1] if best else None


def _settled(candidates: list[Candidate]) -> list[Candidate]:
    """The candidates, with every reference to an incomplete candidate taken out: a
    required one makes the record that holds it incomplete too."""
    settled = list(candidates)
    changed = True
    while changed:
        changed = False
        incomplete = {(c.kind, c.id) for c in settled if not c.complete and not c.known}
        for index, candidate in enumerate(settled):
            if not candidate.complete or candidate.known:
                continue
            for reference in BY_NAME[candidate.kind].references:
                named = candidate.values.get(reference.field)
                ids = named if isinstance(named, tuple) else (named,)
                if not any((reference.kind, value) in incomplete for value in ids):
                    continue
                settled[index] = dataclasses.replace(
                    candidate,
                    values={k: v for k, v in candidate.values.items() if k != reference.field},
                    statuses={**candidate.statuses, reference.field: "left"},
                    reasons={
                        **candidate.reasons,
                        reference.field: f"the {reference.kind} it names is left for you to "
                        "complete first",
                    },
                )
                changed = True
                break
    return settled


def _place(squeezed: str, quote: str) -> tuple[int, int]:
    quoted = squeeze(quote)
    at = squeezed.find(quoted)
    return (at, at + len(quoted)) if at >= 0 else (-1, -1)


def _same_subject(kind: str, fact: Any, values: Mapping[str, Any]) -> bool:
    """Whether a fact of the knowledge base is about what the candidate is about: the same
    app; for an event, the same person and day where both give one."""
    if kind in ("figure", "campaign"):
        return bool(fact.app == values.get("app"))
    for field in ("person", "when"):
        ours, theirs = values.get(field), getattr(fact, field)
        if ours is not None and theirs is not None and caseless(ours) != caseless(theirs):
            return False
    return True
