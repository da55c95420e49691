"""Every record of the knowledge base in one place: its kind, a one-line summary, the records
it names and the records that name it, and finding one by id or by name.

Pure: nothing here reads files, prints or exits.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

from aicompete.errors import UsageError
from aicompete.frozen import frozen
from aicompete.knowledge.kinds import BY_NAME, KINDS
from aicompete.knowledge.models import (
    PRINTS_AS_NOTHING,
    App,
    Campaign,
    Company,
    Event,
    Figure,
    KnowledgeBase,
    Metric,
    Person,
    Rate,
    Source,
)

AnyRecord = Company | App | Person | Figure | Campaign | Rate | Event | Source | Metric
# How a bound reads before a number in a sentence: "over 100,000,000 users".
BOUND_WORDS = {
    "exact": "",
    "about": "about ",
    "over": "over ",
    "under": "under ",
    "up_to": "up to ",
}


@frozen
class Entry:
    """One record and its kind."""

    kind: str
    record: AnyRecord

    @property
    def id(self) -> str:
        return self.record.id

    @property
    def ref(self) -> str:
        """The record's id qualified by its kind, as `show` accepts it: `app:qwen`."""
        return f"{self.kind}:{self.id}"


@frozen
class Link:
    """A reference from one record to another: `field` of the referring record names it."""

    field: str
    entry: Entry


class UnknownName(UsageError):
    """A name or id that matches nothing; says what is known and what was probably meant."""

    def __init__(
        self, name: str, what: str, known: Sequence[str], suggestion: str | None, hint: str = ""
    ) -> None:
        parts = [f"unknown {what} {name!r}" + (f" ({hint})" if hint else "")]
        if known:
            parts.append(f"known: {', '.join(known)}")
        if suggestion:
            parts.append(f"did you mean {suggestion!r}?")
        super().__init__("; ".join(parts))


class AmbiguousId(UsageError):
    """An id that several kinds of record use."""

    def __init__(self, name: str, entries: Sequence[Entry]) -> None:
        choices = ", ".join(entry.ref for entry in entries)
        super().__init__(f"{name!r} is the id of several records; name one of: {choices}")


def fold(text: str) -> str:
    """A name as validation compares it, so that no two names look alike: `normalized`, then
    each character beyond ASCII read as the one it looks like, by Unicode's confusables data
    ("Acme" with a Cyrillic A is "acme"). Loads that data, for a name beyond ASCII: for
    validation, and for what must name records as validation will accept them, never for a
    command answered from the cache."""
    from aicompete.knowledge.look_alikes import skeleton

    # Case aside before and after: the data reads capitals as other letters ("I" as "l").
    return re.sub(r"\s+", " ", skeleton(normalized(text)).casefold()).strip()


def normalized(text: str) -> str:
    """A name as typed names are matched: case folded, runs of spaces as one; and, beyond
    ASCII, in Unicode's compatibility form (NFKC: "Café" written either way is one name),
    without the characters that print as nothing."""
    if not text.isascii():
        import unicodedata

        text = "".join(
            character
            for character in _NOTHING.sub("", unicodedata.normalize("NFKC", text))
            if unicodedata.category(character) != "Cf"
        )
    return re.sub(r"\s+", " ", text.casefold()).strip()


# What prints as nothing, as the knowledge file's text pattern reads it.
_NOTHING = re.compile(f"[{PRINTS_AS_NOTHING}]")


def labels(identifier: object, name: object, aliases: object = ()) -> set[str]:
    """What a record is called, as validation compares names: its id, name and aliases,
    folded. The values may come from a file not yet validated: what is not text calls it
    nothing."""
    return {fold(text) for text in _texts(identifier, name, aliases)}


def _texts(identifier: object, name: object, aliases: object) -> list[str]:
    texts = [identifier, name, *(aliases if isinstance(aliases, (list, tuple)) else ())]
    return [text for text in texts if isinstance(text, str)]


def suggest(name: str, labels: Iterable[str]) -> str | None:
    """The label closest to `name`, if one is close enough to be a likely typo."""
    import difflib

    close = difflib.get_close_matches(normalized(name), sorted(set(labels)), n=1)
    return close[0] if close else None


def company_named(knowledge: KnowledgeBase, name: str) -> str:
    """The id of the company `name` stands for: a company's id, name or alias, or an app's,
    which stands for the company that runs it (a company wins over an app of its name).

    Raise `UnknownName`, with the known names and a close one, for a name that is neither.
    """
    called = _names_of(knowledge).companies
    found = called.get(normalized(name))
    if found is None:
        known = [company.name for company in knowledge.companies]
        known += [app.name for app in knowledge.apps]
        raise UnknownName(name, "company or app", known, suggest(name, called))
    return found


def app_named(knowledge: KnowledgeBase, name: str) -> str:
    """The id of the app `name` stands for, by its id, name or alias; raise `UnknownName`."""
    called = _names_of(knowledge).apps
    found = called.get(normalized(name))
    if found is None:
        raise UnknownName(name, "app", [app.name for app in knowledge.apps], suggest(name, called))
    return found


@frozen
class _Names:
    """What the companies and apps of one knowledge base are called, each label normalized
    once: the company each label stands for, and the app. Validation has made sure that no
    two of them look alike."""

    knowledge: KnowledgeBase
    companies: dict[str, str]
    apps: dict[str, str]


# The names of the knowledge base last asked about: a run asks about one, often many times
# (the brief names every company), and folding every label each time made it quadratic.
_last_names: list[_Names] = []


def _names_of(knowledge: KnowledgeBase) -> _Names:
    if _last_names and _last_names[0].knowledge is knowledge:
        return _last_names[0]
    companies: dict[str, str] = {}
    apps: dict[str, str] = {}
    for company in knowledge.companies:
        for text in _texts(company.id, company.name, company.aliases):
            companies.setdefault(normalized(text), company.id)
    for app in knowledge.apps:
        for label in map(normalized, _texts(app.id, app.name, app.aliases)):
            companies.setdefault(label, app.company)
            apps.setdefault(label, app.id)
    _last_names[:] = [_Names(knowledge, companies, apps)]
    return _last_names[0]


class Catalog:
    """The knowledge base indexed by kind and id, in the order of the knowledge file."""

    def __init__(self, knowledge: KnowledgeBase) -> None:
        self.entries: list[Entry] = [
            Entry(kind.name, record) for kind in KINDS for record in getattr(knowledge, kind.table)
        ]
        self._by_ref = {(entry.kind, entry.id): entry for entry in self.entries}
        # What each record is called, once asked: a search index names an app or a company
        # for every record that refers to it.
        self._names: dict[tuple[str, str], str] = {}

    def get(self, kind: str, record_id: str | None) -> Entry | None:
        return self._by_ref.get((kind, record_id)) if record_id is not None else None

    def name(self, kind: str, record_id: str | None) -> str | None:
        """What a person calls the record: its name or title, else its id."""
        if record_id is None:
            return None
        called = self._names.get((kind, record_id))
        if called is None:
            entry = self.get(kind, record_id)
            if entry is None:
                return None
            called = self._names[kind, record_id] = next(iter(names(entry)), entry.id)
        return called

    def links(self, entry: Entry) -> list[Link]:
        """The records this one names, field by field."""
        return [Link(field, target) for field, target in self.linked(entry)]

    def linked(self, entry: Entry) -> Iterator[tuple[str, Entry]]:
        """The records this one names, each after the field that names it: `links` without
        making a `Link` of each, which a search index would make for every record."""
        by_ref = self._by_ref
        for reference in BY_NAME[entry.kind].references:
            value = getattr(entry.record, reference.field)
            for target_id in value if isinstance(value, tuple) else (value,):
                target = by_ref.get((reference.kind, target_id))
                if target is not None:
                    yield reference.field, target

    def referrers(self, entry: Entry) -> list[Link]:
        """The records that name this one, each with the field that names it."""
        return [
            Link(link.field, other)
            for other in self.entries
            for link in self.links(other)
            if link.entry.ref == entry.ref
        ]

    def find(self, name: str) -> Entry:
        """The record with this id (`kind:id` picks among kinds), else with this exact name."""
        kind, _, record_id = name.partition(":")
        # A kind is a name from a list: read case aside, as formats and sorts are.
        kind = kind.lower()
        if record_id and kind in BY_NAME:
            found = self.get(kind, record_id)
            matches = [found] if found else []
        else:
            matches = [entry for entry in self.entries if entry.id == name]
            if not matches:
                wanted = normalized(name)
                matches = [
                    entry for entry in self.entries if wanted in map(normalized, names(entry))
                ]
        if len(matches) > 1:
            raise AmbiguousId(name, matches)
        if not matches:
            # A close id, or the id of a close name: "Lin Junyan" suggests 'lin-junyang'.
            ids = {entry.id: entry.id for entry in self.entries}
            for entry in self.entries:
                for text in names(entry):
                    ids.setdefault(normalized(text), entry.id)
            guess = suggest(name, ids)
            hint = "`aicompete lookup WORDS` finds ids"
            raise UnknownName(name, "id", (), ids[guess] if guess else None, hint)
        return matches[0]

    def summary(self, entry: Entry) -> str:
        """The record in one line, in the source's terms."""
        record = entry.record
        if isinstance(record, Company):
            return f"{record.name}: {record.description}"
        if isinstance(record, App):
            return f"{record.name}, AI app of {self.name('company', record.company)}"
        if isinstance(record, Person):
            company = self.name("company", record.company)
            return f"{record.name}: {record.role}" + (f" ({company})" if company else "")
        if isinstance(record, Figure):
            metric = self.name("metric", record.metric)
            when = f", {record.when}" if record.when else ""
            return (
                f"{self.subject(record)}: {stated(record.value, record.unit, record.bound)} "
                f"{metric}{when}"
            )
        if isinstance(record, Campaign):
            amounts = " / ".join(
                stated(money.value, money.currency, money.bound) for money in record.amounts
            )
            return f"{self.subject(record)}: {record.description}, {amounts or 'amount unknown'}"
        if isinstance(record, Metric):
            return f"{record.name}: a metric of {record.counts}, per {record.window}"
        if isinstance(record, Event):
            who = self.who(record)
            when = f" ({record.when})" if record.when else ""
            return (f"{who}: " if who else "") + record.summary + when
        if isinstance(record, Rate):
            return f"1 {record.base} = {record.value} {record.counter}"
        return f"{record.title} ({record.publisher})"

    def about(self, entry: Entry) -> tuple[str | None, str | None]:
        """The company and the app a record is about, where it is about one."""
        record = entry.record
        if isinstance(record, Company):
            return record.id, None
        if isinstance(record, (Figure, Campaign)):
            if record.app is None:
                if isinstance(record, Campaign):
                    return record.company, None
                return next(iter(record.subjects), None), None
            app = self.get("app", record.app)
            return (app.record.company if app and isinstance(app.record, App) else None), record.app
        if isinstance(record, App):
            return record.company, record.id
        if isinstance(record, Event) and record.company is None and record.person:
            person = self.get("person", record.person)
            return (
                person.record.company if person and isinstance(person.record, Person) else None
            ), None
        if isinstance(record, (Person, Event)):
            return record.company, None
        return None, None

    def who(self, event: Event) -> str | None:
        """Who acts in an event: its person, else its company; none for context that the
        file only infers a company of (speculation about Alibaba's departures is not
        Alibaba's act)."""
        inferred = event.inferred or {}
        if event.person is None and event.category == "context" and "company" in inferred:
            return None
        return self.name("person", event.person) or self.name("company", event.company)

    def subject(self, record: Figure | Campaign) -> str:
        """Who a figure or a campaign is about: its app and the company that runs it, or its
        company, or the companies a total is over."""
        if record.app is not None:
            app = self.get("app", record.app)
            if app is None or not isinstance(app.record, App):
                return record.app
            return f"{app.record.name} ({self.name('company', app.record.company)})"
        ids = (record.company,) if isinstance(record, Campaign) else record.subjects
        return " + ".join(self.name("company", company) or "" for company in ids if company)


def stated(value: int | str, unit: str, bound: str) -> str:
    """A number as a sentence states it, before what it counts: "over 100,000,000", "44.5%",
    "1,000,000,000 CNY"."""
    number = f"{value:,}" if isinstance(value, int) else value
    written = {"users": number, "count": number, "percent": f"{number}%"}.get(unit)
    return BOUND_WORDS[bound] + (written or f"{number} {unit}")


def names(entry: Entry) -> list[str]:
    """The names a record goes by: name and aliases, a campaign's own name, a source's title."""
    return [text for _, text in named(entry)]


def named(entry: Entry) -> list[tuple[str, str]]:
    """The record's names, each with the field that holds it."""
    found: list[tuple[str, str]] = []
    for field in BY_NAME[entry.kind].names:
        value = getattr(entry.record, field)
        found.extend(
            (field, text) for text in (value if isinstance(value, tuple) else [value]) if text
        )
    return found
