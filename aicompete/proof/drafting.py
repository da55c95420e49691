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
import functools
import re
from bisect import bisect_right
from collections.abc import Callable, Container, Iterable, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any, Literal

from aicompete.errors import UsageError
from aicompete.frozen import frozen
from aicompete.knowledge.catalog import fold, labels
from aicompete.knowledge.kinds import BY_NAME, KINDS
from aicompete.knowledge.models import (
    DAY_PATTERN,
    ID_PATTERN,
    Inference,
    KnowledgeBase,
    Money,
    Source,
    Time,
    as_written,
)
from aicompete.knowledge.source_texts import SourceText, slug
from aicompete.proof.clauses import campaign_names, comparisons
from aicompete.proof.entities import (
    acting_companies,
    described_companies,
    is_no_entity,
    starts_sentence_only,
)
from aicompete.proof.measurers import (
    DESCRIBED_BEFORE,
    data_sources,
    is_data_source,
    is_measurer,
    is_relay,
)
from aicompete.proof.metrics import VALUE, metric_spans
from aicompete.proof.names import possessives
from aicompete.proof.numbers import BOUNDS, PERCENT, StatedNumber, is_cap, read_numbers
from aicompete.proof.roles import people_with_roles
from aicompete.proof.rules import RULES
from aicompete.proof.speech import has_personal_pronoun, speaker, speech, without_attribution
from aicompete.proof.text import Mention, caseless, find_phrase, sentences, squeeze, words
from aicompete.proof.times import find, interval_ends, needs_published, resolve
from aicompete.proof.verification import Evidence, Fact, Prover

DraftStatus = Literal["proven", "inferred", "editorial", "left"]
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
class AliasProposal:
    """Another name of a record the knowledge base holds, as the article uses it: what the
    draft cannot write into that record, proposed with its evidence."""

    record: str
    name: str
    alias: str
    quote: str
    proven: bool
    reason: str


@frozen
class Draft:
    """A draft of one article: its source, whether the knowledge base holds it already, the
    candidates, in the knowledge file's order of kinds and then the article's, the other
    names it gives records of the knowledge base, and the standard metrics the knowledge
    base lacks (whose figures the draft cannot read)."""

    source: Source
    new_source: bool
    candidates: tuple[Candidate, ...]
    aliases: tuple[AliasProposal, ...] = ()
    missing_metrics: tuple[str, ...] = ()


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


def draft(
    knowledge: KnowledgeBase,
    source: Source,
    text: str,
    *,
    new_source: bool,
    progress: Callable[[int], None] | None = None,
) -> Draft:
    """The candidate facts of `text`, the article of `source`, against the knowledge base;
    `progress` is told how far into the text the draft has read."""
    return _Drafter(knowledge, source, text, new_source).draft(progress)


def missing_metrics(knowledge: KnowledgeBase) -> tuple[str, ...]:
    """The ids of the bundled file's metrics that the knowledge base does not hold."""
    from aicompete.knowledge.bundled import STANDARD_METRICS

    held = {metric.id for metric in knowledge.metrics}
    return tuple(metric for metric in STANDARD_METRICS if metric not in held)


def _no_campaign_name(name: str) -> bool:
    """Whether a capitalized phrase before "campaign" is only when it ran ("Spring Festival",
    "February"), no name of its own."""
    return is_no_entity(name) or (bool(find(name)) and find(name)[0].text == name)


def _counts(number: StatedNumber) -> str:
    """What a number can count, as a metric's `counts` says: money in a currency, a rate in
    percent, users or things in neither."""
    if number.currency == PERCENT:
        return "rate"
    return "money" if number.currency else "users"


# How many sentences back "the tracker's survey" may call a measurer named before.
_CALL_BACK_REACH = 30
# How far from who measured a figure an outlet that relays it stands.
_RELAY_REACH = 100
# What makes a figure's own company its measurer: "ByteDance said", "by Alibaba's count".
_SAYS_IT = re.compile(
    r"(?:['\u2019]s\s+(?:count|estimates?|data|figures|tally)|\s+(?:said|says|data\s+showed))(?!\w)"
)


def _says_it(text: str, mention: Mention) -> bool:
    """Whether the text makes a company the figure is about its own measurer."""
    return _SAYS_IT.match(text, mention.end) is not None


def _distance(number: StatedNumber, start: int, end: int) -> int:
    """How far words from `start` to `end` stand from a number."""
    if start >= number.end:
        return start - number.end
    return max(0, number.start - end)


def _value_of(number: Fraction) -> int | str:
    """A figure's value as the knowledge file writes it: an integer, or a decimal as text."""
    if number.denominator == 1:
        return int(number)
    return str(Decimal(number.numerator) / Decimal(number.denominator))


# A number with a scale word is a figure's, whatever it counts: "22 million".
_SCALED = re.compile(r"(?i:thousand|million|billion|trillion|bn|mn)")


def _campaign_phrase(text: str) -> str:
    """What a campaign's sentence calls it: the words of its campaign wording and the few
    before it ("coupon giveaway", "red packet pool"), else "campaign"."""
    found = _CAMPAIGN_WORDS.search(text)
    if found is None:
        return "campaign"
    before = re.findall(r"[A-Za-z][\w-]*", text[: found.start()])[-2:]
    phrase = " ".join([*before, found.group()])
    return phrase if len(phrase) > len(found.group()) else found.group()


def _fresh(base: str, *taken: Container[str], last: dict[str, int] | None = None) -> str:
    """`base`, or `base-2`, `base-3`...: the first that none of `taken` holds. `last` keeps
    the number given each base last, so that a thousand figures of one stem cost no more than
    one each."""
    base = base[:90].strip("-") or "record"
    number = (last or {}).get(base, 1)
    made = f"{base}-{number}" if number > 1 else base
    while any(made in names for names in taken):
        number += 1
        made = f"{base}-{number}"
    if last is not None and number > 1:
        last[base] = number
    return made


# How far around a candidate its evidence is looked for in the text, in characters; past that
# (a context from further back), the whole text is.
_EVIDENCE_REACH = 6000


class _DraftProver(Prover):
    """The prover of a draft: it finds a candidate's evidence near where the candidate
    stands (`near`), and in the whole text only when it is not there."""

    near: str | None = None

    def _evidence(self, fact: Fact) -> tuple[str, ...]:
        near = self.near
        spans = (fact.quote, *fact.context)
        if near is None or not all(squeeze(span) in near for span in spans):
            return super()._evidence(fact)
        return ()


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


# Campaign wording: a clause about an app or a company with one of these is about a campaign.
_CAMPAIGN_WORDS = re.compile(
    r"(?<!\w)(?:campaigns?|red[\s-]+packets?|promotions?|promotional|subsid(?:y|ies|ized|ising"
    r"|izing)|coupons?|partnered|partnership|partner|sponsor(?:ed|s|ship)?|giveaways?|pool"
    r"|free-order|budget|drive|cash)(?!\w)",
    re.IGNORECASE,
)
_PURPOSES = (
    re.compile(r"(?<!\w)(?i:aimed\s+at|in\s+order\s+to|so\s+as\s+to)\s+(?P<what>\S.*)"),
    re.compile(r"(?<!\w)to\s+(?P<what>[a-z].*)"),
)
# The fewest words a campaign's purpose is said in.
_PURPOSE_WORDS = 2
_REACH = re.compile(r"(?<!\w)(?i:reaching)\s+(?P<what>[^,;]+)")
_AIMED = re.compile(r"(?<!\w)(?i:aimed\s+at)\s")
# Wording that denies an amount: what follows gives none ("never disclosed a budget", "did
# not disclose how much", "has not said how much").
_DENIAL = re.compile(
    r"(?<!\w)(?:did\s+not|didn['\u2019]t|never|has\s+not|hasn['\u2019]t|have\s+not|declined\s+to"
    r"|would\s+not|won['\u2019]t)\s+(?:\w+\s+)?(?:disclose|disclosed|say|said|reveal|revealed"
    r"|give|given|confirm|confirmed)(?!\w)",
    re.IGNORECASE,
)
# A sentence that goes on with the campaign of the sentence before it: "It began on Jan 26",
# "Baidu announced the campaign on Jan 25".
_GOES_ON = re.compile(
    r"^(?:It|The\s+(?:campaign|pool|giveaway|promotion|drive|event))\b|(?<!\w)the\s+campaign\b"
)
# The words right before a date that make it a campaign's announcement, start or end.
_CAMPAIGN_TIMES = (
    (
        "announced",
        re.compile(r"(?<!\w)(?i:announced|unveiled)(?:\s+(?:it|the\s+campaign))?\s+(?:on\s+)?$"),
    ),
    (
        "start",
        re.compile(
            r"(?<!\w)(?i:began|begins|started|starts|launched|opened|kicked\s+off|went\s+live)"
            r"\s+(?:on\s+)?$"
        ),
    ),
    (
        "end",
        re.compile(
            r"(?<!\w)(?i:ends|ended|end|closes|closed|finishes|finished|running\s+through"
            r"|runs\s+through|ran\s+through|until|till)\s+(?:on\s+)?$"
        ),
    ),
)
# A date the announcement follows: "on Jan 25, when Tencent announced a cash pool".
_ANNOUNCED_AFTER = re.compile(
    r",?\s+when\s+(?:[\w'\u2019-]+\s+){1,3}?(?:announced|unveiled)(?!\w)", re.IGNORECASE
)
# Event categories, proposed from the wording (editorial: a person reviews them).
_LEADERSHIP = re.compile(
    r"(?<!\w)(?:resign\w*|depart\w*|appoint\w*|step(?:s|ped|ping)?\s+(?:down|away)|succeed\w*"
    r"|promoted|hired|took\s+over|retire\w*|fired|ousted|leaving|left\s+the\s+company|joined"
    r"|became\s+part\s+of)(?!\w)",
    re.IGNORECASE,
)
_ORGANISATION = re.compile(
    r"(?<!\w)(?:reorgani[sz]\w*|restructur\w*|establish\w*|set\s+up|merg\w*|spin\s+off|spun\s+off)"
    r"(?!\w)",
    re.IGNORECASE,
)
# A company's own launch, told as news: "Alibaba released four Qwen3.5 small models".
_LAUNCH = re.compile(r"^\S+\s+(?:released|launched|unveiled|introduced|rolled\s+out)(?!\w)")
# A number written like a year ("in 2025") is no figure.
_YEAR = re.compile(r"(?:1[89]|2\d)\d\d")
# What makes a number a length of time or a size, no figure of a player: "three years",
# "about 80 days", "9 billion parameters".
_NOT_A_FIGURE_AFTER = re.compile(
    r"(?:\s+|-)(?:(?:industry|market|sector)\s+average|(?:(?:more|less)\s+)?(?:seconds?|minutes?"
    r"|hours?|days?|weeks?|months?|years?|decades?|parameters?|times|gifts?|models?"
    r"|percentage\s+points?))(?!\w)",
    re.IGNORECASE,
)
# A sentence that means an app it does not name: "sent the app", "placed through it".
_APP_MEANT = re.compile(
    r"(?<!\w)(?:(?:the|its)\s+(?:app|assistant|chatbot)|through\s+it|(?i:it)\s+(?:had|sent|saw))(?!\w)"
)
# The day another time of the sentence names, called back: "that first day".
_THAT_DAY = re.compile(r"(?i:that|the)\s+(?:first|same)\s+day")
# A total over several players: "ByteDance, Alibaba and Tencent together spent".
_TOGETHER = re.compile(r"(?<!\w)(?:together|combined|between\s+them)(?!\w)", re.IGNORECASE)
# A statement of figures whose speaker the sentence calls back: "the company said".
_THE_COMPANY_SAID = re.compile(
    r"(?<!\w)the\s+(?:company|group|firm)\s+(?:said|says)(?!\w)", re.IGNORECASE
)
# The metrics that count money spent on no single campaign, which only a sentence that says
# so gives ("ad spend", "acquiring users"): any other amount is a campaign's.
_GENERIC_SPEND = ("total-spend", "campaign-budget")
# Who measured a figure, named before in the article and called back by what it is: "the
# tracker's survey showed".
_CALLED_BACK = re.compile(
    r"(?<!\w)the\s+(?P<noun>tracker|firm|outlet|company)['\u2019]s\s+"
    r"(?:survey|data|figures|estimates?|count|report|sample)(?!\w)",
    re.IGNORECASE,
)
# An app named after the company that runs it: "the standalone app of Hangzhou start-up
# DeepSeek".
_APP_OF = re.compile(
    r"(?i:(?:standalone|mobile|own)\s+)?(?i:app|application)\s+of\s+(?:[\w-]+\s+){0,3}$"
)
# What follows an app's name that a company's possessive owns: "Alibaba's Qianwen app".
_APP_WORD = re.compile(r"\s+(?:app|assistant|chatbot|application)(?!\w)", re.IGNORECASE)


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
        # The headline: its words name no record and state no fact.
        self.headline_end = self.line_breaks[0] if self.line_breaks else 0
        self.starts = {sentence.start for sentence in self.sentences}
        # The number each id's stem was given last (`_fresh`).
        self.last_numbers: dict[str, int] = {}
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
            self._call("person", person.id, person.name, person.aliases)
        self.entities: dict[str, list[dict[str, Any]]] = {"company": [], "app": [], "person": []}
        self.known: dict[tuple[str, str], dict[str, Any]] = {}
        # The entities this draft names for the first time.
        self.drafted: set[tuple[str, str]] = set()
        # Each person's company, as the knowledge base and the draft give it.
        self.companies_of = {person.id: person.company for person in knowledge.people}
        self.apps_of: dict[str, list[str]] = {}
        for app in knowledge.apps:
            self.apps_of.setdefault(app.company, []).append(app.id)
        self.candidates: list[Candidate] = []
        self.aliases: dict[tuple[str, str], AliasProposal] = {}
        self.prover: _DraftProver
        # The last figure drafted of each kind (by currency, percent or none), and where.
        self._last_figures: dict[str | None, tuple[int, dict[str, Any]]] = {}
        # The values of the figures drafted from each sentence, which no campaign restates.
        self._figure_values: dict[str, set[Any]] = {}

    # The first pass: who and what the article names -------------------------------------

    def draft(self, progress: Callable[[int], None] | None = None) -> Draft:
        self._find_people()
        self._find_companies_and_apps()
        self._find_described_companies()
        self._find_data_sources()
        self._find_aliases()
        self.prover = _DraftProver(self._with_entities(), {self.source.id: self._source_text()})
        self._settle_entities()
        self._prove_aliases()
        # A statement's company is its speaker's: the prover reads each person's as settled.
        for person_id, company in self.companies_of.items():
            person = self.prover.people.get(person_id)
            if person is not None and person.company != company:
                self.prover.people[person_id] = dataclasses.replace(person, company=company)
        for at, sentence in enumerate(self.sentences):
            if progress is not None:
                progress(sentence.end)
            if sentence.start < self.headline_end:
                continue
            before = len(self.candidates)
            self._figures(at, sentence)
            told = self._campaigns(at, sentence)
            if len(self.candidates) == before and not told:
                self._event(at, sentence)
        kinds = [kind.name for kind in KINDS]
        ordered = sorted(self.candidates, key=lambda c: (kinds.index(c.kind), c.at))
        return Draft(
            self.source,
            self.new,
            tuple(_settled(ordered)),
            tuple(self.aliases.values()),
            missing_metrics(self.knowledge),
        )

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

    def _no_entity(self, name: Mention) -> bool:
        """Whether a name found is none of a record: in the headline, a day, month, holiday,
        place or people, or a capitalized word that only starts sentences."""
        return (
            name.start < self.headline_end
            or is_no_entity(name.name)
            or (
                self._name_of(name.name) is None
                and starts_sentence_only(
                    self.text[self.headline_end :], name.name, self._starts_in_body()
                )
            )
        )

    @functools.cached_property
    def _body_starts(self) -> set[int]:
        return {start - self.headline_end for start in self.starts if start >= self.headline_end}

    def _starts_in_body(self) -> set[int]:
        # Each sentence's start, and the place after a white space at it (a line's indent).
        body = self.text[self.headline_end :]
        found = set(self._body_starts)
        for start in self._body_starts:
            found.add(start + len(body[start:]) - len(body[start:].lstrip()))
        return found

    def _new_entity(self, kind: str, values: dict[str, Any], stem: str | None = None) -> str:
        """A record for a name that nothing is called yet; its id is no name either, since
        the validator compares a later record's names with it too."""
        base = stem or slug(values["name"], default=kind)
        values["id"] = _fresh(base, self.taken[kind], self.names, last=self.last_numbers)
        self.taken[kind].add(values["id"])
        self._call(kind, values["id"], values["name"])
        self.drafted.add((kind, values["id"]))
        self.entities[kind].append(values)
        return str(values["id"])

    def _find_people(self) -> None:
        for name, role in people_with_roles(self.text):
            if self._no_entity(name):
                continue
            values = {
                "name": name.name,
                "role": _capitalized(role.name),
                "source": self.source.id,
                "quote": self.text[min(name.start, role.start) : max(name.end, role.end)],
                "at": min(name.start, role.start),
            }
            reordered = self._reordered_person(name.name)
            if reordered is not None:
                self._propose_alias(f"person:{reordered}", name.name, str(values["quote"]))
                continue
            held = self._held_name(name.name, "person")
            if self._name_of(name.name) is None:
                self._new_entity("person", values)
            elif held and ("person", held) not in self.known:
                self.known["person", held] = {**values, "id": held}

    def _reordered_person(self, name: str) -> str | None:
        """The person of the knowledge base whose name is these words in another order
        ("Junyang Lin" for Lin Junyang), when the name is not theirs already."""
        if self._name_of(name) is not None:
            return None
        wanted = sorted(words(name))
        for person in self.knowledge.people:
            if sorted(words(person.name)) == wanted:
                return person.id
        return None

    def _propose_alias(self, record: str, alias: str, quote: str) -> None:
        kind, _, record_id = record.partition(":")
        table = BY_NAME[kind].table
        held = next((r for r in getattr(self.knowledge, table) if r.id == record_id), None)
        if held is None or alias in (held.name, *held.aliases):
            return
        self.aliases.setdefault(
            (record, alias), AliasProposal(record, held.name, alias, quote, False, "")
        )
        self.names.setdefault(fold(alias), (kind, record_id))

    def _find_companies_and_apps(self) -> None:
        for owner, thing in possessives(self.text):
            # A possessive of two names is read wherever it stands, a sentence's start too.
            if any(
                name.start < self.headline_end or is_no_entity(name.name) for name in (owner, thing)
            ):
                continue
            company, app = self._name_of(owner.name), self._name_of(thing.name)
            if (company and company[0] != "company") or (app and app[0] != "app"):
                continue
            quote = self.text[owner.start : thing.end]
            if company is not None and app is None and company not in self.drafted:
                # A known company's other name for its one app: "Alibaba's Qianwen app".
                apps = self.apps_of.get(company[1], [])
                word = _APP_WORD.match(self.text, thing.end)
                if len(apps) == 1 and word:
                    self._propose_alias(f"app:{apps[0]}", thing.name, quote + word.group())
                    continue
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

    def _company(self, name: Mention, description: str, quote: Mention) -> None:
        """A company named as one, new or known."""
        held = self._held_name(name.name, "company")
        if self._name_of(name.name) is None:
            company_id = self._new_entity(
                "company",
                {
                    "name": name.name,
                    "description": description,
                    "source": self.source.id,
                    "quote": quote.name,
                    "at": quote.start,
                },
            )
            self._app_named_after(name, company_id)
        elif held and ("company", held) not in self.known:
            self.known["company", held] = self._known_values(
                held, name.name, quote.name, quote.start
            )

    def _app_named_after(self, name: Mention, company_id: str) -> None:
        """The app of a new company that the text names after it: "the standalone app of
        Hangzhou start-up DeepSeek"."""
        made = _APP_OF.search(self.text, max(0, name.start - 80), name.start)
        if made is None:
            return
        start = made.start()
        if re.match(r"(?i:standalone|mobile|own)\s", self.text[start:]):
            article = re.search(r"(?i:the)\s+$", self.text[max(0, start - 4) : start])
            start -= len(article.group()) if article else 0
        values: dict[str, Any] = {
            "name": name.name,
            "company": company_id,
            "source": self.source.id,
            "quote": self.text[start : name.end],
            "at": start,
        }
        values["id"] = _fresh(
            f"{slug(name.name)}-app", self.taken["app"], self.names, last=self.last_numbers
        )
        self.taken["app"].add(values["id"])
        self.drafted.add(("app", values["id"]))
        self.entities["app"].append(values)

    def _find_described_companies(self) -> None:
        for name, described in described_companies(self.text):
            if self._no_entity(name):
                continue
            quote = Mention(described.start, name.end, self.text[described.start : name.end])
            self._company(name, _capitalized(described.name), quote)
        for name, verb in acting_companies(self.text):
            if self._no_entity(name) or self._name_of(name.name) is not None:
                continue
            doing = "estimates" if verb.startswith("estimate") else "commits money"
            quote = Mention(name.start, name.end + 1 + len(verb), f"{name.name} {verb}")
            self._company(name, f"Named in the article as one that {doing}", quote)

    def _find_data_sources(self) -> None:
        for name, described in data_sources(self.text):
            if re.match(r"\.(?:com|cn|ai|io)\b", self.text[name.end :]):
                # "AICPB.com": the name goes on past what a name of words reads.
                continue
            if self._no_entity(name) or (
                described and re.match(r"(?i:his|her|its|their|our|my)\b", described.name)
            ):
                continue
            quote = self.text[described.start if described else name.start : name.end]
            at = described.start if described else name.start
            self._company(
                name,
                _capitalized(described.name) if described else "Named as a source of data",
                Mention(at, name.end, quote),
            )

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
        self._find_its_aliases()

    def _find_its_aliases(self) -> None:
        """A known company's one app called by another name after "its": "Baidu set aside
        500 million yuan for its Ernie assistant"."""
        for match in re.finditer(
            r"(?<!\w)its\s+(?P<name>[A-Z][\w-]*)(?=\s+(?:app|assistant|chatbot)\b)", self.text
        ):
            name = match["name"]
            if self._name_of(name) is not None or is_no_entity(name):
                continue
            start = max((s.start for s in self.sentences if s.start <= match.start()), default=0)
            before = self.text[start : match.start()]
            owners = [
                found
                for company in self.knowledge.companies
                for found in find_phrase(before, company.name)
            ]
            if not owners:
                continue
            last = max(owners, key=lambda found: found.start)
            company = self._name_of(last.name)
            apps = self.apps_of.get(company[1], []) if company else []
            word = _APP_WORD.match(self.text, match.end())
            if len(apps) == 1 and word:
                self._propose_alias(
                    f"app:{apps[0]}", name, self.text[start + last.start : word.end()]
                )

    def _prove_aliases(self) -> None:
        """Each proposed alias, proven by the rule for aliases on its evidence."""
        from aicompete.proof.rules import RULE_NAMES, alias_in

        for key, proposal in self.aliases.items():
            kind, _, record_id = proposal.record.partition(":")
            table = BY_NAME[kind].table
            record = next(r for r in getattr(self.knowledge, table) if r.id == record_id)
            proven = alias_in(self.prover, record, proposal.alias, squeeze(proposal.quote))
            reason = (
                RULE_NAMES["alias"]
                if proven
                else f"the rule for aliases does not read {proposal.alias!r} in its evidence"
            )
            self.aliases[key] = dataclasses.replace(proposal, proven=proven, reason=reason)

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
        # Every known app under its company, once: the set of those placed already is kept,
        # not made again for each app (ten thousand of them at 100,000 facts).
        placed = {app_id for apps in self.apps_of.values() for app_id in apps}
        for app in self.prover.knowledge.apps:
            if app.id not in placed:
                self.apps_of.setdefault(app.company, []).append(app.id)
                placed.add(app.id)

    def _propose_company(self, values: dict[str, Any]) -> None:
        """The company that the role names, or that runs an app the role names."""
        for mention in self.prover.index.find(values["role"]):
            for key in sorted(mention.keys):
                kind, _, record_id = key.partition(":")
                if kind == "company":
                    values["company"] = record_id
                    return
                if kind == "app" and record_id in self.prover.apps:
                    app = self.prover.apps[record_id]
                    values["company"] = app.company
                    # The role names the app, not its company: the company is inferred.
                    why = f"The role names {app.name}, the app of {app.company}."
                    values["inferred"] = {"company": Inference(app.company, why)}
                    return

    # The second pass: what the article says of them -------------------------------------

    def _paragraph(self, at: int) -> int:
        return bisect_right(self.line_breaks, self.sentences[at].start)

    def _mentions(self, text: str, prefix: str) -> list[tuple[Mention, str]]:
        """Each mention of one record of a kind (`app:`), with its id; ambiguous ones left
        out, but for an app named after the company that runs it, which is the app."""
        found = []
        for mention in self.prover.index.find(text):
            keys = [key for key in mention.keys if key.startswith(prefix)]
            if len(keys) == 1 and (len(mention.keys) == 1 or self._maker_and_app(mention)):
                found.append((mention, keys[0].removeprefix(prefix)))
        return found

    def _maker_and_app(self, mention: Mention) -> bool:
        apps = [key for key in mention.keys if key.startswith("app:")]
        companies = {key for key in mention.keys if key.startswith("company:")}
        return (
            len(apps) == 1
            and len(mention.keys) == 2
            and f"company:{self.prover.apps[apps[0][4:]].company}" in companies
        )

    def _apps_named(self, text: str) -> list[str]:
        return list(dict.fromkeys(app for _, app in self._mentions(text, "app:")))

    def _claims(
        self, text: str, subjects: Iterable[tuple[str, ...]]
    ) -> list[tuple[int, StatedNumber]]:
        """Each number the text ties to one subject alone (by its index in `subjects`). A
        number tied to several goes to the one it follows, as `bound_numbers` ties it
        first; one tied to several that way or none is left."""
        claimed: dict[int, list[tuple[int, StatedNumber]]] = {}
        for index, own in enumerate(subjects):
            for number in self.prover.bound(text, own) or []:
                claimed.setdefault(number.start, []).append((index, number))
        found = []
        listed = list(subjects)
        for claims in claimed.values():
            if len(claims) > 1:
                claims = [
                    (index, number)
                    for index, number in claims
                    if self._follows(text, listed[index], number)
                ]
            if len(claims) == 1:
                found.append(claims[0])
        return sorted(found, key=lambda claim: claim[1].start)

    def _follows(self, text: str, own: tuple[str, ...], number: StatedNumber) -> bool:
        """Whether the number comes after a mention of the subject, nothing else named
        between."""
        before = [m for m in self.prover.index.find(text) if m.end <= number.start]
        return bool(before) and bool(before[-1].keys & set(own))

    def _figure_numbers(self, text: str) -> list[StatedNumber]:
        """The numbers of a sentence that may be figures: none that is part of a time, a
        year, a length of time or a size, a comparison, a cap per unit, or what a denial
        denies."""
        times = [(m.start, m.end) for m in find(text)]
        compared = [(m.start, m.end) for m in comparisons(text)]
        denied = _DENIAL.search(text)
        found = []
        for number in read_numbers(text):
            inside = any(start <= number.start < end for start, end in (*times, *compared))
            if (
                inside
                or (number.currency is None and _YEAR.fullmatch(number.text.strip()))
                or _NOT_A_FIGURE_AFTER.match(text, number.end)
                or is_cap(text, number)
                or (denied is not None and number.start > denied.start())
            ):
                continue
            found.append(number)
        return found

    def _figures(self, at: int, sentence: Mention) -> None:
        text = sentence.name
        numbers = self._figure_numbers(text)
        if not numbers:
            return
        wanted = {number.start for number in numbers}
        apps = self._apps_named(text)
        subjects = [self.prover.owned(app) for app in apps]
        named = self._metrics_named(text, numbers)
        if self._total(at, sentence, numbers, named):
            return
        claims = [(index, n) for index, n in self._claims(text, subjects) if n.start in wanted]
        for index, number in claims:
            self._figure(at, sentence, apps[index], number, numbers, named[number.start])
        claimed = {number.start for _, number in claims}
        unclaimed = [number for number in numbers if number.start not in claimed]
        # "Users sent the app more than 1.9 billion queries": which app is inferred.
        inferred = self._app_meant(at, text) if unclaimed else None
        if inferred is not None:
            app, why = inferred
            for number in unclaimed:
                self._figure(at, sentence, app, number, numbers, named[number.start], {"app": why})

    def _app_meant(self, at: int, text: str) -> tuple[str, str] | None:
        """The app a sentence that names none means by "the app" or "it": the one app the
        sentence before it in its paragraph names, or the one app of the one company it
        names; with why."""
        if not _APP_MEANT.search(text):
            return None
        if at > 0 and self._paragraph(at - 1) == self._paragraph(at):
            before = self._apps_named(self.sentences[at - 1].name)
            if len(before) == 1:
                name = self.prover.apps[before[0]].name
                return before[0], f"The sentence names no app; the one before it is about {name}."
        companies = {company for _, company in self._mentions(text, "company:")}
        apps = [app for company in companies for app in self.apps_of.get(company, [])]
        if len(companies) == 1 and len(apps) == 1:
            company = next(iter(companies))
            return apps[0], f"'the app' is {company}'s one app in the knowledge file."
        return None

    def _total(
        self, at: int, sentence: Mention, numbers: list[StatedNumber], named: dict[int, set[str]]
    ) -> bool:
        """A total over several companies: "ByteDance, Alibaba and Tencent together spent more
        than ¥10 billion", a figure of theirs together (of no one of them)."""
        text = sentence.name
        together = _TOGETHER.search(text)
        if together is None:
            return False
        companies = list(
            dict.fromkeys(
                company
                for mention, company in self._mentions(text, "company:")
                if mention.end <= together.start()
            )
        )
        amounts = [number for number in numbers if number.start > together.end()]
        if len(companies) < 2 or not amounts:
            return False
        number = amounts[0]
        values: dict[str, Any] = {
            "companies": tuple(companies),
            "value": _value_of(number.value),
            "source": self.source.id,
            "quote": text,
        }
        metrics = [
            metric.id
            for metric in self.knowledge.metrics
            if metric.counts == _counts(number)
            and self._holds("figure", "metric", {**values, "metric": metric.id})
        ]
        left: dict[str, str] = {}
        # Spent "together" is a total, whatever else the sentence says it was spent on.
        metrics = [metric for metric in metrics if metric in _GENERIC_SPEND] or metrics
        if len(metrics) == 1:
            values["metric"] = metrics[0]
            values["unit"] = number.currency if number.currency else "count"
        else:
            left["metric"] = "the quote does not say what the total counts"
        values["bound"] = BOUNDS[number.qualifier]
        self._when(values, text, number, numbers, left)
        values["at"] = sentence.start + number.start
        stem = slug(f"total {values.get('metric', 'figure')} {values.get('date', '')}")
        self._add("figure", values, left=left, stem=stem)
        return True

    def _metrics_named(self, text: str, numbers: list[StatedNumber]) -> dict[int, set[str]]:
        """The metrics whose words the sentence gives each number: each time the words stand,
        they are the nearest number's ("5 billion requests and close to 200 million orders");
        a number given none takes those of the number of its kind before it, in a list
        ("monthly active users at about 200 million in February, Qianwen at roughly 130
        million"); and a statistic of a metric so named, at the number ("to a peak of 50
        million")."""
        named: dict[int, set[str]] = {number.start: set() for number in numbers}
        blank = self._without_names(text)
        for metric in self.knowledge.metrics:
            counts = "users" if metric.counts == "count" else metric.counts
            counted = [number for number in numbers if _counts(number) == counts]
            plain = [word for word in metric.words if VALUE not in word]
            for start, end in metric_spans(blank, plain, None) if counted else ():
                nearest = min(counted, key=lambda number: _distance(number, start, end))
                named[nearest.start].add(metric.id)
            valued = [word for word in metric.words if VALUE in word]
            for number in numbers:
                if valued and metric_spans(text, valued, number.text.strip()):
                    named[number.start].add(metric.id)
        before: dict[str, set[str]] = {}
        for number in numbers:
            kind = str(number.currency)
            if not named[number.start] and kind in before:
                named[number.start] = set(before[kind])
            if named[number.start]:
                before[kind] = named[number.start]
        for number in numbers:
            named[number.start] |= {
                metric.id
                for metric in self.knowledge.metrics
                if metric.statistic and metric.of in named[number.start]
            }
        return named

    def _without_names(self, text: str) -> str:
        """The text with every name, its possessive, and the words that describe who measured
        a figure ("advertising tracker AppGrowing") blanked out, in place: "acquiring Yuanbao
        users" reads "acquiring users"."""
        blank = list(text)
        for mention in self.prover.index.find(text):
            start, end = mention.start, mention.end
            possessive = re.match(r"['\u2019]s(?!\w)", text[end:])
            end += possessive.end() if possessive else 0
            if is_measurer(text, mention) or is_relay(text, mention):
                described = DESCRIBED_BEFORE.search(text, 0, start)
                start = described.start() if described else start
            blank[start:end] = " " * (end - start)
        return "".join(blank)

    def _metrics_for(
        self, values: Mapping[str, Any], number: StatedNumber, named: set[str]
    ) -> list[str]:
        """The metrics whose rule proves the figure, of those the sentence gives its number
        and that count what it is: money in a currency, a rate in percent, users and things in
        neither."""
        found = []
        for metric in self.knowledge.metrics:
            if metric.id not in named:
                continue
            money, rate = metric.counts == "money", metric.counts == "rate"
            currency = number.currency not in (None, PERCENT)
            if money != currency or rate != (number.currency == PERCENT):
                continue
            if metric.id in _GENERIC_SPEND:
                continue
            if self._holds("figure", "metric", {**values, "metric": metric.id}):
                found.append(metric.id)
        return found

    def _figure(
        self,
        at: int,
        sentence: Mention,
        app: str,
        number: StatedNumber,
        numbers: list[StatedNumber],
        named: set[str],
        why: dict[str, str] | None = None,
    ) -> None:
        text = sentence.name
        values: dict[str, Any] = {
            "app": app,
            "value": _value_of(number.value),
            "source": self.source.id,
            "quote": text,
        }
        inferred = dict(why or {})
        left: dict[str, str] = {}
        if inferred:
            values["inferred"] = {"app": app}
        metrics = self._metrics_for(values, number, named)
        money = number.currency not in (None, PERCENT)
        if money and len(metrics) != 1:
            # An amount that no spend metric names is a campaign's, drafted as one.
            return
        if not metrics and not (number.currency or _SCALED.search(number.text)):
            return
        carried: tuple[str, str | None] | None = None
        continued = self._continued(at, number, text) if not metrics else None
        last_at = self._last_figures[number.currency][0] if continued is not None else -1
        if len(metrics) == 1 or continued is not None:
            values["metric"] = metrics[0] if metrics else continued["metric"]  # type: ignore[index]
            counts = next(m.counts for m in self.knowledge.metrics if m.id == values["metric"])
            values["unit"] = number.currency if counts in ("money", "rate") else counts
            if not metrics and continued is not None:
                inferred["metric"] = (
                    f"The figure's clause names no measure; it continues the {values['metric']} "
                    "figure before it."
                )
                if not find(text) and continued.get("when") and last_at in (at, at - 1):
                    carried = (continued["when"], continued.get("date"))
        else:
            left["metric"] = (
                "the quote names " + " and ".join(repr(metric) for metric in metrics) + " for it"
                if metrics
                else "the quote does not say what the figure counts (none of the words of the "
                "knowledge file's metrics are in its clause)"
            )
            if number.currency is not None:
                values["unit"] = number.currency
        values["bound"] = BOUNDS[number.qualifier]
        context: list[str] = []
        if "when" not in values:
            self._when(values, text, number, numbers, left)
        measurers, relays, where = self._measurers(at, self.prover.owned(app))
        if "when" not in values and where != at and len(measurers) == 1:
            # "... showed that AI applications reached record DAU levels during this year's
            # Spring Festival holiday. ByteDance's Doubao recorded a peak of 145 million":
            # the time of the sentence that says who measured it.
            told = self.sentences[where].name
            if len(find(told)) == 1:
                left.pop("when", None)
                self._when(values, told, number, [], left)
                if "when" in values:
                    # verify proves a time of the quote alone; this one is read from context.
                    inferred["when"] = (
                        "The figure's own sentence gives no time; the sentence that says who "
                        "measured it gives this one."
                    )
        if "when" not in values and carried is not None:
            values["when"] = carried[0]
            if carried[1] is not None:
                values["date"] = carried[1]
            left.pop("when", None)
            left.pop("date", None)
            inferred["when"] = (
                f"The sentence gives no time; it continues the figures of {carried[0]!r} before it."
            )
        if not measurers:
            said_by = self._said_by(at, text)
            if said_by is not None:
                measurers = [said_by[0]]
                inferred["measured_by"] = said_by[1]
        if len(measurers) == 1:
            values["measured_by"] = measurers[0]
            if where != at:
                context.append(self.sentences[where].name)
        elif measurers:
            left["measured_by"] = (
                f"the article names {' and '.join(measurers)} as where the data come from"
            )
        else:
            left["measured_by"] = (
                "no sentence of its paragraph up to it names where the data come from"
            )
        if len(relays) == 1:
            values["reported_via"] = relays[0]
        own = set(self.prover.owned(app))
        for comparison in comparisons(text):
            # Of this figure's subject, the last named before it: "Yuanbao at 40.54 million —
            # showing that Qwen's user scale was roughly half that of Doubao" is Qwen's.
            before = self.prover.index.find(text[: comparison.start])
            if comparison.start >= number.end and before and before[-1].keys & own:
                values["reported_comparison"] = comparison.name
                break
        if context:
            values["context"] = context
        kept = {
            field: inference
            for field, inference in (values.pop("inferred", None) or {}).items()
            if isinstance(inference, Inference)
        }
        kept |= {
            field: Inference(as_written(values[field]), reason)
            for field, reason in inferred.items()
            if field in values
        }
        if kept:
            values["inferred"] = kept
        values["at"] = sentence.start + number.start
        first_day = str(values.get("date", "")).split("/")[0]
        stem = slug(f"{app} {values.get('metric', 'figure')} {first_day}")
        self._add("figure", values, left=left, stem=stem)
        self._last_figures[number.currency] = (at, values)
        self._figure_values.setdefault(text, set()).add(values["value"])

    def _continued(self, at: int, number: StatedNumber, text: str) -> dict[str, Any] | None:
        """The figure this one continues: the last drafted of its kind ("... Qianwen app
        counted 73.52 million daily active users. ByteDance's Doubao ... logged 78.71
        million"); a statistic continues as the metric it is of (after "a peak of 50 million",
        "22 million" is a DAU), unless the figure's own sentence names the statistic before
        it ("Qwen peaked at 73.52 million" goes on with the peak)."""
        last = self._last_figures.get(number.currency)
        if last is None:
            return None
        values: dict[str, Any] = dict(last[1])
        if "metric" not in values:
            return None
        metric = next(m for m in self.knowledge.metrics if m.id == values["metric"])
        if metric.statistic and metric.of and last[0] != at:
            # A list goes on with its statistic; another sentence, with what it is of, unless
            # it names the statistic ("peaked", "a peak of") itself.
            named = re.search(rf"(?i)\b{re.escape(metric.statistic)}", text[: number.start])
            if named is None:
                values["metric"] = metric.of
        return values

    def _said_by(self, at: int, text: str) -> tuple[str, str] | None:
        """Who a figure is said by where the sentence does not name a measurer: "the company
        said" after a sentence that names one company; "according to Wu Jia" whose company
        the knowledge base or the draft knows; with why."""
        if _THE_COMPANY_SAID.search(text) and at > 0:
            named = {c for _, c in self._mentions(self.sentences[at - 1].name, "company:")}
            if len(named) == 1:
                company = next(iter(named))
                return company, f"'the company' is {company}, named in the sentence before."
        for mention, person in self._mentions(text, "person:"):
            speaks_for = self.companies_of.get(person)
            if speaks_for and re.search(r"(?i:according\s+to)\s+$", text[: mention.start]):
                return (
                    speaks_for,
                    f"The figures come from {mention.name}, who speaks for {speaks_for}.",
                )
        return None

    def _when(
        self,
        values: dict[str, Any],
        text: str,
        number: StatedNumber,
        numbers: list[StatedNumber],
        left: dict[str, str],
    ) -> None:
        """The time of the figure: the first time expression after its number and before the
        next one; else, where its sentence gives one time alone, that one."""
        from aicompete.proof.times import resolve_in

        published = self.source.published
        day = datetime.date.fromisoformat(published) if published else None
        resolved = resolve_in(text, day)
        following = [n.start for n in numbers if n.start > number.end]
        after = [
            (expression, resolution)
            for expression, resolution in resolved
            if number.end <= expression.start < min(following, default=len(text))
        ]
        chosen = after[0] if after else resolved[0] if len(resolved) == 1 else None
        if chosen is None:
            left["when"] = (
                "its sentence gives several times, none right after the figure: "
                + ", ".join(repr(expression.text) for expression, _ in resolved)
                if resolved
                else "its sentence gives no time"
            )
            return
        expression, resolution = chosen
        if self._unanchored(expression.text, left, "when"):
            return
        values["when"] = expression.text
        earlier = [(e, r) for e, r in resolved if e.start < expression.start and r.span is not None]
        if resolution.span is not None:
            values["date"] = resolution.span.text
        elif _THAT_DAY.fullmatch(expression.text) and earlier:
            # "reached 15 million by the end of that first day" after "the launch on Feb 6".
            named, said = earlier[-1]
            assert said.span is not None
            values["date"] = said.span.text
            values.setdefault("inferred", {})["date"] = Inference(
                values["date"],
                f"{expression.text!r} is {named.text}, named before it in its sentence.",
            )
        else:
            left["date"] = resolution.reason or "no rule resolves it"

    def _measurers(self, at: int, own: tuple[str, ...]) -> tuple[list[str], list[str], int]:
        """The companies the sentence names as who measured its figures, or else the nearest
        sentence before it in its paragraph, or the one that names what "the tracker's
        survey" calls back; the outlets that relay them there; and which sentence that is."""
        paragraph = self._paragraph(at)
        called = _CALLED_BACK.search(self.sentences[at].name)
        for where in range(at, max(-1, at - _CALL_BACK_REACH), -1):
            if self._paragraph(where) != paragraph and not called:
                break
            text = self.sentences[where].name
            companies = [
                (mention, company)
                for mention, company in self._mentions(text, "company:")
                if not (
                    called and where != at and not self._described_as(text, mention, called["noun"])
                )
            ]
            measuring = [
                (m, c)
                for m, c in companies
                if is_measurer(text, m)
                and (m.keys.isdisjoint(own) or _says_it(text, m))
                and not self._owns_app_named(text, m)
            ]
            if measuring:
                # An outlet relays what it stands beside: "AICPB.com, as reported by 36kr".
                relays = [
                    c
                    for m, c in companies
                    if is_relay(text, m)
                    and any(abs(m.start - other.start) < _RELAY_REACH for other, _ in measuring)
                ]
                found = [c for _, c in measuring]
                return list(dict.fromkeys(found)), list(dict.fromkeys(relays)), where
            if where != at and called is None and self._paragraph(where) != paragraph:
                break
        return [], [], at

    def _owns_app_named(self, text: str, mention: Mention) -> bool:
        """Whether the mention is a company's possessive before its app: "Alibaba's Qianwen
        app" names the app's owner, no measurer."""
        after = re.match(r"['\u2019]s\s+", text[mention.end :])
        if after is None:
            return False
        at = mention.end + after.end()
        return any(
            m.start == at and any(key.startswith("app:") for key in m.keys)
            for m in self.prover.index.find(text)
        )

    @staticmethod
    def _described_as(text: str, mention: Mention, noun: str) -> bool:
        return re.search(rf"(?i:{noun})\s+$", text[: mention.start]) is not None

    def _holds(self, kind: str, field: str, values: Mapping[str, Any]) -> bool:
        """Whether the rule for the field proves it from the values' quote."""
        record = self._model(kind, values, placeholder=True)
        spans = Evidence((squeeze(values["quote"]),))
        rule = RULES[str(BY_NAME[kind].rule(field))]
        return rule(self.prover, record, field, spans, getattr(record, field)) is None

    def _campaigns(self, at: int, sentence: Mention) -> bool:
        """The campaigns the sentence tells something of: an amount, a date, a cap per unit or
        a denial of its budget (a campaign named in passing is none); whether it told any, or
        more of the campaign of the sentence before."""
        text = sentence.name
        owners = [("app", app) for app in self._apps_named(text)]
        owners += [
            ("company", company)
            for _, company in self._mentions(text, "company:")
            if not self.apps_of.get(company) and not self._is_measurer_only(text, company)
        ]
        if not owners:
            return self._goes_on(at, sentence)
        subjects = [
            self.prover.owned(record) if kind == "app" else (f"company:{record}",)
            for kind, record in owners
        ]
        denied = _DENIAL.search(text)
        money = [
            number
            for number in read_numbers(text)
            if number.currency not in (None, PERCENT)
            and not is_cap(text, number)
            and not (denied is not None and number.start > denied.start())
        ]
        claims = self._claims(text, subjects)
        drafted = False
        for index, (kind, record) in enumerate(owners):
            amounts = [
                number for claimant, number in claims if claimant == index and number in money
            ]
            if amounts and all(self._spent_on_figure(text, number) for number in amounts):
                continue
            clause = self._clause(text, subjects[index])
            if clause is None:
                continue
            start, subject_end, end = clause
            if not amounts and not self._tells_of_campaign(text, start, end):
                continue
            self._campaign(at, sentence, kind, record, amounts, (subject_end, end))
            drafted = True
        return drafted or self._goes_on(at, sentence)

    def _tells_of_campaign(self, text: str, start: int, end: int) -> bool:
        """Whether a clause with no amount tells something of a campaign it names: a date, a
        cap per unit, or a denial of its budget."""
        if not _CAMPAIGN_WORDS.search(text[start:end]):
            return False
        times: dict[str, Any] = {}
        self._campaign_times(times, text)
        capped = any(is_cap(text, number) for number in read_numbers(text))
        reached = _REACH.search(text[start:end]) or _AIMED.search(text[start:end])
        return bool(times) or capped or bool(reached) or _DENIAL.search(text) is not None

    def _spent_on_figure(self, text: str, number: StatedNumber) -> bool:
        """Whether a figure drafted from this sentence holds the amount."""
        return _value_of(number.value) in self._figure_values.get(text, set())

    def _is_measurer_only(self, text: str, company: str) -> bool:
        mentions = [m for m, c in self._mentions(text, "company:") if c == company]
        return bool(mentions) and all(is_measurer(text, m) or is_relay(text, m) for m in mentions)

    def _clause(self, text: str, own: tuple[str, ...]) -> tuple[int, int, int] | None:
        """The clause about a subject: where its first mention starts and ends, and where
        the clause ends: at the mention of anything else, or the end of the sentence."""
        mentions = self.prover.index.find(text)
        first = next((i for i, m in enumerate(mentions) if m.keys & set(own)), None)
        if first is None:
            return None
        last = first
        while last + 1 < len(mentions) and mentions[last + 1].keys & set(own):
            last += 1
        end = next((m.start for m in mentions[last + 1 :] if not m.keys & set(own)), len(text))
        start = mentions[first].start
        return start, mentions[last].end, end

    def _campaign(
        self,
        at: int,
        sentence: Mention,
        kind: str,
        record: str,
        amounts: list[StatedNumber],
        clause: tuple[int, int],
    ) -> None:
        text = sentence.name
        values: dict[str, Any] = {kind: record, "source": self.source.id, "quote": text}
        # What it is for and whom it reached, said after its amounts in its own clause.
        subject_end, end = clause
        after = max((number.end for number in amounts), default=subject_end)
        rest = text[after:end]
        for pattern in _PURPOSES:
            purpose = pattern.search(rest)
            # "the last of the big holiday giveaways to close" says no purpose: one word.
            if purpose and len(purpose.group("what").split()) >= _PURPOSE_WORDS:
                stated = without_attribution(purpose.group("what"))
                values["purpose"] = _capitalized(stated.rstrip(" .;:,"))
                break
        reach = _REACH.search(text[:end])
        if reach:
            values["reach"] = reach.group("what").rstrip(" .;:")
        left: dict[str, str] = {}
        currencies = [number.currency for number in amounts]
        if len(set(currencies)) < len(currencies):
            left["amounts"] = "the quote ties several amounts in one currency to it: " + ", ".join(
                f'"{number.text}"' for number in amounts
            )
        elif amounts:
            values["amounts"] = tuple(
                Money(int(number.value), str(number.currency), BOUNDS[number.qualifier])
                for number in amounts
            )
        named = next(
            (name for name in campaign_names(text) if not _no_campaign_name(name.name)), None
        )
        if named:
            values["name"] = named.name
        self._campaign_times(values, text)
        values["description"] = (
            f'"{named.name}" campaign' if named else _capitalized(_campaign_phrase(text))
        )
        values["at"] = sentence.start
        stem = slug(" ".join([record, *(values.get("name") or "campaign").split()[:4]]))
        self._add("campaign", values, left=left, stem=stem)
        self._last_campaign = (self._paragraph(at), len(self.candidates) - 1)

    def _campaign_times(self, values: dict[str, Any], text: str) -> None:
        """A campaign's announcement, start and end, by the words right before each time
        ("announced Jan 25", "began on Jan 26", "ends on Thursday"), and both ends of an
        interval ("runs from Jan 26 to Mar 12")."""
        published = self.source.published
        day = datetime.date.fromisoformat(published) if published else None
        for expression in find(text):
            if self._unanchored(expression.text, {}, "when"):
                continue
            ends = interval_ends(expression.text, day)
            if ends is not None:
                for field, (words_of, span) in zip(("start", "end"), ends, strict=True):
                    values.setdefault(field, Time(words_of, span.text if span else None))
                continue
            for field, before in _CAMPAIGN_TIMES:
                if before.search(text, 0, expression.start) or (
                    field == "announced" and _ANNOUNCED_AFTER.match(text, expression.end)
                ):
                    span = resolve(expression.text, day).span
                    values.setdefault(field, Time(expression.text, span.text if span else None))

    def _goes_on(self, at: int, sentence: Mention) -> bool:
        """A sentence that tells more of the campaign drafted from the sentence before it, in
        its paragraph ("It began on Jan 26"): its times join that campaign."""
        last = getattr(self, "_last_campaign", None)
        if last is None or last[0] != self._paragraph(at) or not _GOES_ON.search(sentence.name):
            return False
        candidate = self.candidates[last[1]]
        if candidate.known or self.sentences[at - 1].name not in candidate.values.get("quote", ""):
            return False
        values: dict[str, Any] = {}
        self._campaign_times(values, sentence.name)
        if not values:
            return False
        start = self.text.find(candidate.values["quote"])
        merged = dict(candidate.values)
        for field in ("announced", "start", "end"):
            if field in values and field not in merged:
                merged[field] = values[field]
        merged["quote"] = self.text[start : sentence.end]
        merged["at"] = candidate.at
        del self.candidates[last[1]]
        self.taken["campaign"].discard(candidate.id)
        self._add("campaign", merged, stem=candidate.id)
        self._last_campaign = (last[0], len(self.candidates) - 1)
        return True

    def _event(self, at: int, sentence: Mention) -> None:
        """A leadership or organisation change of someone named, a launch a company makes,
        or a statement whose speaker the sentence names; nothing else (no sentence that only
        restates a figure)."""
        text = sentence.name
        said = speech(text)
        # "Born in 1993" is a profile's figure, not when anything happened.
        times = {
            caseless(m.text): m.text
            for m in find(text)
            if not re.search(r"(?i:born)\s+(?:in\s+)?$", text[: m.start])
        }
        people = self._mentions(text, "person:")
        start = sentence.start
        if not people and has_personal_pronoun(text) and at > 0 and (times or said):
            # "Earlier this week, he also appeared at a school": the person named just before.
            previous = self.sentences[at - 1]
            named = self._mentions(previous.name, "person:")
            if named and self._paragraph(at - 1) == self._paragraph(at):
                start = previous.start + named[-1][0].start
                text = self.text[start : sentence.end]
                people = self._mentions(text, "person:")
        values: dict[str, Any] = {"source": self.source.id, "quote": text, "at": start}
        left: dict[str, str] = {}
        # What a quotation says is the speaker's statement, not a deed of theirs.
        unquoted = re.sub(r"[\"\u201c][^\"\u201d]*[\"\u201d]", " ", text)
        leadership = bool(people) and _LEADERSHIP.search(unquoted) is not None
        organisation = _ORGANISATION.search(unquoted) is not None
        launch = _LAUNCH.search(text) is not None and bool(times)
        dated = bool(people) and len(times) == 1
        if said != "direct" and (leadership or organisation):
            self._subject(text, values)
            said = None
        elif said:
            attributed = speaker(text)
            if attributed is None:
                return
            if attributed[0] is not None:
                self._speaker(text, attributed[0], attributed[1], values, left)
            elif has_personal_pronoun(attributed[1]) and people:
                # "he added": the person named just before.
                self._subject(text, values)
            else:
                return
        elif launch:
            self._subject(text, values)
            if "person" in values or "company" not in values:
                return
        elif dated:
            # What a person named did on a day the sentence gives: "On Feb 4, ... Ma visited".
            self._subject(text, values)
        else:
            return
        if "person" not in values and "company" not in values:
            return
        if len(times) == 1 and not self._unanchored(next(iter(times.values())), left, "when"):
            values["when"] = next(iter(times.values()))
            self._event_date(values, text, left)
        elif times:
            left["when"] = "the sentence gives several time expressions: " + ", ".join(
                repr(name) for name in times.values()
            )
        if said:
            values["speech"] = speech(text)
        values["category"] = (
            "statement"
            if said
            else "leadership"
            if leadership
            else "organisation"
            if organisation
            else "context"
        )
        values["summary"] = self._summary(text, said, people)
        stem = slug(" ".join(values["summary"].split()[:5]), default="event")
        subject = values.get("person") or values.get("company")
        if subject and not stem.startswith(subject):
            stem = f"{subject}-{stem}"
        self._add("event", values, left=left, stem=stem)

    def _unanchored(self, words: str, left: dict[str, str], field: str) -> bool:
        """Whether a time counts from the day the article was published, which the source
        does not give (the knowledge file refuses it then); if so, say so in `left`."""
        if self.source.published or not needs_published(words):
            return False
        left[field] = f"{words!r} counts from the day the article was published: give --published"
        return True

    def _event_date(self, values: dict[str, Any], text: str, left: dict[str, str]) -> None:
        from aicompete.proof.times import resolve_in

        published = self.source.published
        day = datetime.date.fromisoformat(published) if published else None
        for expression, resolution in resolve_in(text, day):
            if expression.text == values["when"]:
                if resolution.span is not None:
                    values["date"] = resolution.span.text
                else:
                    left["date"] = resolution.reason or "no rule resolves it"
                return

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
        words_of: str,
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
            left["company"] = f"who said it, {name.name!r} ({words_of!r}), is no record known here"

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
            values["id"] = _fresh(stem or kind, self.taken[kind], last=self.last_numbers)
            self.taken[kind].add(values["id"])
        # The evidence is read near where the candidate stands, not in the whole text: a long
        # article's candidates would each read all of it.
        reach = (max(0, at - _EVIDENCE_REACH), at + len(values.get("quote", "")) + _EVIDENCE_REACH)
        self.prover.near = squeeze(self.text[reach[0] : reach[1]])
        check = self.prover.check(kind, self._model(kind, values, placeholder=True))
        self.prover.near = None
        statuses: dict[str, DraftStatus] = {}
        reasons: dict[str, str] = {}
        for field in check.fields:
            if field.field not in values or values[field.field] == "":
                continue
            if field.status == "failed":
                proposed = plain_text(values.pop(field.field))
                if field.field in values.get("inferred", {}):
                    values["inferred"] = {
                        k: v for k, v in values["inferred"].items() if k != field.field
                    } or None
                statuses[field.field] = "left"
                reasons[field.field] = f"{proposed} is not proven: {field.reason}"
            elif field.status == "editorial":
                statuses[field.field], reasons[field.field] = "editorial", EDITORIAL
            elif field.status == "inferred":
                statuses[field.field], reasons[field.field] = "inferred", field.reason
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
        ordered = {name: values[name] for name in order if values.get(name) is not None}
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
