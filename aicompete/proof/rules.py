"""The rules that prove each field of a fact from its evidence, by name.

Each kind declares, field by field, the name of the rule here that proves it (`kinds`), and
`verify` and `draft` read the rule's docstring's first sentence as the rule stated: a new
field is proven the day it names a rule, and a test fails while one names none.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from aicompete.knowledge.models import App, Campaign, Company, Event, Figure, Person, Rate, Time
from aicompete.proof.clauses import campaign_names, comparisons, states_purpose, states_reach
from aicompete.proof.measurers import DESCRIBED_BEFORE, is_measurer, is_relay
from aicompete.proof.metrics import ANY_NUMBER, metric_spans, statistic_spans
from aicompete.proof.names import possessives
from aicompete.proof.numbers import (
    BOUNDS,
    CURRENCY_WORDS,
    PERCENT,
    QUALIFIERS,
    SENTENCE_END,
    StatedNumber,
    is_cap,
    names_figure,
    read_numbers,
)
from aicompete.proof.order import AFTER_WORDS, LATER_WORDS
from aicompete.proof.roles import role_beside, roles_beside
from aicompete.proof.speakers import Speaker, speaker_of
from aicompete.proof.speech import speech
from aicompete.proof.statements import bound_from, clauses, in_own_words, said_words
from aicompete.proof.text import Mention, caseless, find_phrase, squeeze, words
from aicompete.proof.times import find, interval_ends, readings, same_time, weekday_of

if TYPE_CHECKING:
    from aicompete.proof.verification import Evidence, Fact, Prover, Rule

_SUBJECT_KINDS: dict[type, str] = {Company: "company", App: "app", Person: "person"}


def _named(prover: Prover, fact: Fact, field: str, spans: Evidence, value: Any) -> str | None:
    """The name stands in the evidence as whole words, in its own case, naming this record
    alone: not a word of a longer name, not another record's name."""
    texts = value if isinstance(value, tuple) else (value,)
    own = f"{_SUBJECT_KINDS[type(fact)]}:{fact.id}"
    reasons = [prover.named_alone(spans, text, own, fact.source) for text in texts]
    return "; ".join(reason for reason in reasons if reason) or None


def _campaign_name(
    prover: Prover, fact: Campaign, field: str, spans: Evidence, value: str
) -> str | None:
    """The evidence gives it as the campaign's name, whole: in quote marks or capitalized,
    right before "campaign" ('a 3 billion yuan "Spring Festival Treat" campaign')."""
    found = [m.name for span in spans.spans for m in campaign_names(span)]
    if squeeze(value) in found:
        return None
    given = ", ".join(map(repr, found)) or "none"
    return f"{value!r} is not a campaign's name in the evidence (it has: {given})"


def _comparison(
    prover: Prover, fact: Figure, field: str, spans: Evidence, value: str
) -> str | None:
    """A comparison of the evidence with another subject, read whole: "roughly half that of
    Doubao"."""
    found = [mention.name for span in spans.spans for mention in comparisons(span)]
    if any(caseless(text) == caseless(value) for text in found):
        return None
    given = ", ".join(map(repr, found)) or "none"
    return f"{value!r} is not a comparison of the evidence (it has: {given})"


def _purpose(prover: Prover, fact: Campaign, field: str, spans: Evidence, value: str) -> str | None:
    """The evidence says it is what the campaign is for, as a whole clause: "to attract users
    to their AI applications", "aimed at integrating ..."."""
    if any(states_purpose(span, value) for span in spans.spans):
        return None
    return f"the evidence does not give {value!r} as what it is for"


def _reach(prover: Prover, fact: Campaign, field: str, spans: Evidence, value: str) -> str | None:
    """The evidence says the campaign reached it, as a whole clause: "reaching a nationwide
    audience"."""
    if any(states_reach(span, value) for span in spans.spans):
        return None
    return f"the evidence does not give {value!r} as whom it reached"


def _role(prover: Prover, fact: Person, field: str, spans: Evidence, value: str) -> str | None:
    """The whole role stands beside the name: "Alibaba CEO Eddie Wu", "Yu Bowen, head of
    post-training for the Qwen model"."""
    if any(role_beside(span, fact.name, value) for span in spans.spans):
        return None
    found = [role for span in spans.spans for role in roles_beside(span, fact.name)]
    given = ", ".join(map(repr, found)) or "none"
    return f"{value!r} is not the role given beside {fact.name!r} (it has: {given})"


def _measurer(prover: Prover, fact: Figure, field: str, spans: Evidence, value: str) -> str | None:
    """The measurer is named in the evidence as where the data come from, or as who said the
    figure: "data from ... firm QuestMobile showed", "according to", "by QuestMobile's
    count", "ByteDance said"; an outlet that only relays it is none."""
    for span in spans.spans:
        for mention in prover.mentions_of(span, f"company:{value}"):
            if is_measurer(span, mention):
                return None
    names = " / ".join(prover.names_of(f"company:{value}")) or "no such record"
    return f"company {value!r} ({names}) is not named in the evidence as where the data come from"


def _figures(
    prover: Prover, fact: Event, field: str, spans: Evidence, value: dict[str, int]
) -> str | None:
    """Each figure is a number of the quote's clause that states the event (where its summary's
    words stand, else the quote's only clause), bound to what the summary says ("which
    features more than 1 trillion parameters" is the Qwen3-Max model's), with the qualifier
    its name ends in (`parameters_more_than`: "more than") and the other words of its name
    saying what it counts ("Born in 1993"), none of them a record's name."""
    quote = spans.quote
    stating = _event_clause(prover, fact, quote)
    if isinstance(stating, str):
        return stating
    clause, summary = stating
    failures = []
    numbers = read_numbers(quote)
    named = {word for mention in prover.index.find(quote) for word in words(mention.name)}
    for name, number in value.items():
        base, qualifier = _qualified(name)
        name_words = words(base.replace("_", " "))
        stated = [
            found
            for found in numbers
            if found.value == number
            and found.qualifier == qualifier
            and named.isdisjoint(name_words)
            and names_figure(quote, found, name_words)
        ]
        inside = [n for n in stated if clause.start <= n.start and n.end <= clause.end]
        bound = [n for n in inside if _bound_to_summary(quote, clause, summary, n)]
        if bound:
            continue
        wording = f" {qualifier.replace('_', ' ')}" if qualifier else ""
        if inside:
            noun = quote[clause.start : bound_from(quote, clause.start, inside[0].start)]
            failures.append(
                f'{name} ={wording} {number:,} is bound to "{noun.strip()}", which the summary '
                "leaves out"
            )
        elif stated:
            failures.append(
                f"{name} ={wording} {number:,} is stated outside the clause that states this "
                f'event ("{clause.name.strip()}")'
            )
        else:
            given = ", ".join(f'"{n.text.strip()}"' for n in numbers) or "no number"
            failures.append(
                f"{name} ={wording} {number:,} is not stated as such; the quote states {given}"
            )
    return "; ".join(failures) or None


def _event_clause(prover: Prover, fact: Event, quote: str) -> tuple[Mention, Mention | None] | str:
    """The clause of the quote that states the event, and where its summary stands in it:
    the clauses its summary's words stand in, else the quote's only clause; or why none."""
    parts = clauses(quote)
    summary = in_own_words(quote, fact.summary, _left_out(prover, fact)).span
    stating = [
        part for part in parts if summary and part.start < summary.end and summary.start < part.end
    ]
    if not stating and len(parts) != 1:
        return (
            "the quote states several clauses, and its summary, not in the quote's own words, "
            "does not say which states this event"
        )
    stating = stating or parts
    start, end = stating[0].start, stating[-1].end
    return Mention(start, end, quote[start:end]), summary


def _bound_to_summary(
    quote: str, clause: Mention, summary: Mention | None, number: StatedNumber
) -> bool:
    """Whether the number is of what the summary says: not in a clause bound to a noun ("the
    Qwen3-Max model, which features ...") that the summary leaves out."""
    bound_at = bound_from(quote, clause.start, number.start)
    return summary is None or bound_at is None or summary.start < bound_at


def _qualified(name: str) -> tuple[str, str | None]:
    for qualifier in QUALIFIERS:
        if name.endswith("_" + qualifier):
            return name.removesuffix("_" + qualifier), qualifier
    return name, None


def is_statement(fact: Event) -> bool:
    """Whether the event is something said: it records its speech, or is a statement."""
    return fact.speech is not None or fact.category == "statement"


def _person(prover: Prover, fact: Event, field: str, spans: Evidence, value: str) -> str | None:
    """The person of a statement is the one the quote gives the words to ("Cao said", "said
    Cao", "according to Cao Lei", "he added" after "Cao said"), never one the context alone
    names; of any other event, the first person the quote names."""
    if is_statement(fact):
        return _spoken_by(prover, fact, spans, f"person:{value}")
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


def _event_company(
    prover: Prover, fact: Event, field: str, spans: Evidence, value: str
) -> str | None:
    """The company of a statement is the speaker's: the company the quote gives the words to
    ("Alibaba Group told", "the company said" after it), or the company of the person it
    gives them to ("Wu stressed": Eddie Wu's), never one the context alone names; of any
    other event, a company its evidence names."""
    if not is_statement(fact):
        return _reference(prover, fact, field, spans, value)
    found = speaker_of(prover, fact, spans)
    if isinstance(found, str):
        return found
    if found.keys == {f"company:{value}"}:
        return None
    (key, *others) = sorted(found.keys)
    person = prover.people.get(key.removeprefix("person:"))
    if not others and key.startswith("person:") and person and person.company == value:
        if person.inferred and "company" in person.inferred:
            return (
                f"the speaker, person {person.id!r}, has company {value!r} only as inferred: "
                "declare it inferred here too, with why"
            )
        return None
    return f"the quote gives its words to {found.words!r} ({', '.join(sorted(found.keys))})"


def _spoken_by(prover: Prover, fact: Fact, spans: Evidence, key: str) -> str | None:
    found = speaker_of(prover, fact, spans)
    if isinstance(found, str):
        return found
    if found.keys == {key}:
        return None
    return f"the quote gives its words to {found.words!r} ({', '.join(sorted(found.keys))})"


def _after(
    prover: Prover, fact: Event, field: str, spans: Evidence, value: tuple[str, ...]
) -> str | None:
    """Each event it follows, the evidence puts before it: "after" or "following" right
    before that event's own quote; "later" or "afterward" in this quote, after that one; or
    two weekdays of one week, in order, neither of them inferred."""
    unproven = [earlier for earlier in value if not _follows(prover, fact, spans, earlier)]
    if not unproven:
        return None
    return f"the evidence does not put {', '.join(map(repr, unproven))} before it"


def _follows(prover: Prover, fact: Event, spans: Evidence, earlier_id: str) -> bool:
    earlier = prover.events.get(earlier_id)
    if earlier is None:
        return False
    stated = squeeze(earlier.quote)
    after_words = "|".join(map(re.escape, AFTER_WORDS))
    for span in spans.spans:
        at = span.find(stated)
        if at >= 0 and re.search(rf"(?:^|\W)(?:{after_words})\s*$", span[:at], re.IGNORECASE):
            return True
    # "D. E ... later": the word comes in this fact's quote, after the earlier event's quote.
    earlier_at = prover.source_position(fact, stated)
    quote_at = prover.source_position(fact, spans.quote)
    if earlier_at >= 0 and quote_at >= 0 and any(stated in span for span in spans.spans):
        for word in LATER_WORDS:
            for mention in find_phrase(spans.quote, word, ignore_case=True):
                if quote_at + mention.start >= earlier_at + len(stated):
                    return True
    # Two weekdays order the events only as far as each `when` is stated, not inferred.
    stated_days = earlier.source == fact.source and not any(
        "when" in (event.inferred or {}) for event in (fact, earlier)
    )
    days = [weekday_of(when) if when else None for when in (fact.when, earlier.when)]
    return stated_days and None not in days and days[0] > days[1]  # type: ignore[operator]


def _speech(prover: Prover, fact: Event, field: str, spans: Evidence, value: str) -> str | None:
    """Direct speech is quoted in quote marks; reported speech says what was said without."""
    found = speech(spans.quote)
    return None if found == value else f"the quote reports speech as {found or 'neither'}"


def _rate_value(prover: Prover, fact: Rate, field: str, spans: Evidence, value: str) -> str | None:
    """The rate is the number the quote states in the counter currency: "1 euro was worth
    7.8 yuan" is 7.8 (CNY per EUR)."""
    if any(
        number.value == Fraction(value) and number.currency == fact.counter
        for number in read_numbers(spans.quote)
    ):
        return None
    return f"the quote does not state {value} {fact.counter}"


def _counter(prover: Prover, fact: Rate, field: str, spans: Evidence, value: str) -> str | None:
    """The counter currency is the one the rate is stated in: "worth 7.8 yuan"."""
    try:
        rate = Fraction(fact.value)
    except ValueError:
        rate = None
    if any(
        number.currency == value and number.value == rate for number in read_numbers(spans.quote)
    ):
        return None
    return f"the quote does not state the rate in {value}"


def _base(prover: Prover, fact: Rate, field: str, spans: Evidence, value: str) -> str | None:
    """The base currency is the one the quote states one unit of: "1 euro", "per dollar"."""
    if any(number.currency == value and number.value == 1 for number in read_numbers(spans.quote)):
        return None
    names = [word for word, code in CURRENCY_WORDS.items() if code == value]
    if any(
        find_phrase(spans.quote, f"{unit} {name}", ignore_case=True)
        for name in names
        for unit in _ONE_UNIT
    ):
        return None
    return f"the quote does not state one {value} as the unit the rate is for"


def _first_sentence(text: str) -> str:
    """The first sentence of a docstring, its lines joined."""
    joined = " ".join(text.split())
    # An ellipsis ("data from ... firm") ends no sentence.
    found = re.match(r".+?(?<!\.)[.!?](?!\.)(?=\s|$)", joined)
    return found.group() if found else joined


# Wording that makes a currency the unit a rate is for: "per dollar", "to the dollar".
_ONE_UNIT = ("one", "a", "an", "per", "each", "to the", "against the")


def _alias(prover: Prover, fact: Fact, field: str, spans: Evidence, value: Any) -> str | None:
    """Each alias is a name of this record in the evidence of a fact about it: named alone in
    its own evidence, the same words as its name in another order ("Junyang Lin"), owned by
    the app's company ("Alibaba's Qianwen", "Baidu ... for its Ernie assistant"), or beside
    another of its names."""
    kind = _SUBJECT_KINDS[type(fact)]
    own = f"{kind}:{fact.id}"
    reasons = []
    for alias in value:
        reason = prover.named_alone(spans, alias, own, fact.source)
        if reason is None or any(
            _uses_alias(prover, fact, own, other, alias) for other in prover.referrers(own)
        ):
            continue
        reasons.append(reason)
    return "; ".join(reasons) or None


def _uses_alias(prover: Prover, record: Fact, own: str, fact: Fact, alias: str) -> bool:
    """Whether the fact's evidence uses `alias` as the name of `record`."""
    return any(alias_in(prover, record, alias, span) for span in prover.evidence_of(fact).spans)


def alias_in(prover: Prover, record: Fact, alias: str, span: str) -> bool:
    """Whether the span uses `alias` as a name of `record`: the same words as its name in
    another order, owned by the app's company, or beside another of its names."""
    own = f"{_SUBJECT_KINDS[type(record)]}:{record.id}"
    names = prover.names_of(own) or (getattr(record, "name", ""),)
    for found in find_phrase(span, alias):
        if isinstance(record, Person) and sorted(words(alias)) == sorted(words(record.name)):
            return True
        if isinstance(record, App):
            owners = prover.names_of(f"company:{record.company}")
            for owner, thing in possessives(span):
                if thing.start == found.start and owner.name in owners:
                    return True
            if _its(prover, span, found.start, f"company:{record.company}"):
                return True
        near = span[max(0, found.start - 40) : found.end + 40]
        others = [name for name in names if name != alias]
        if any(
            re.search(rf"{re.escape(name)}\s*\(\s*{re.escape(alias)}\s*\)", near)
            or re.search(rf"{re.escape(alias)}\s*\(\s*{re.escape(name)}\s*\)", near)
            or re.search(
                rf"{re.escape(name)},?\s+(?:also\s+)?(?:known|called|named)\s+(?:as\s+)?"
                rf"{re.escape(alias)}",
                near,
            )
            for name in others
        ):
            return True
    return False


def _its(prover: Prover, span: str, at: int, company: str) -> bool:
    """Whether "its" right before `at` is the company's: the last company its sentence names
    before it ("Baidu set aside 500 million yuan for its Ernie assistant")."""
    if not re.search(r"(?<!\w)(?i:its)\s+$", span[:at]):
        return False
    starts = [match.end() for match in SENTENCE_END.finditer(span, 0, at)]
    sentence = span[max(starts, default=0) : at]
    named = [
        mention
        for mention in prover.index.find(sentence)
        if any(key.startswith("company:") for key in mention.keys)
    ]
    return bool(named) and company in named[-1].keys


def _reference(prover: Prover, fact: Fact, field: str, spans: Evidence, value: Any) -> str | None:
    """The record it names is named in the evidence, by its name or an alias."""
    kind = next(ref.kind for ref in _references(fact) if ref.field == field)
    missing = []
    for target in value if isinstance(value, tuple) else (value,):
        if not prover.mentions_of(spans.text, f"{kind}:{target}"):
            names = " / ".join(prover.names_of(f"{kind}:{target}")) or "no such record"
            missing.append(f"{kind} {target!r} ({names})")
    return f"{'; '.join(missing)} is not named in the evidence" if missing else None


def _references(fact: Fact) -> Sequence[Any]:
    from aicompete.knowledge.kinds import KINDS

    return next(kind.references for kind in KINDS if isinstance(fact, kind.model))


def _owner(fact: Figure | Campaign) -> tuple[str, ...]:
    """The records that name a figure's or a campaign's subject: its app and the company
    that runs it, or its company, or each company of a total."""
    if fact.app is not None:
        return ()
    if isinstance(fact, Campaign):
        return (f"company:{fact.company}",)
    return tuple(f"company:{company}" for company in fact.subjects)


def _subject_keys(prover: Prover, fact: Figure | Campaign) -> tuple[str, ...]:
    return prover.owned(fact.app) if fact.app is not None else _owner(fact)


_SUBJECT_FIELDS = ("app", "company", "companies")


def _stated_numbers(prover: Prover, fact: Figure | Campaign, quote: str) -> list[StatedNumber]:
    """The numbers the quote ties to the fact's subject: for a total over companies, those
    tied to any of them; never a cap per unit ("up to 10,000 yuan each"). Where the file
    infers the subject ("Users sent the app ...": which app is the inference), every number
    the quote states."""
    if any(field in (fact.inferred or {}) for field in _SUBJECT_FIELDS):
        return [number for number in read_numbers(quote) if not is_cap(quote, number)]
    keys = _subject_keys(prover, fact)
    groups = [keys] if fact.app is not None or isinstance(fact, Campaign) else [(k,) for k in keys]
    found: list[StatedNumber] = []
    for own in groups:
        found += prover.bound(quote, own) or []
    return [number for number in found if not is_cap(quote, number)]


def _value(prover: Prover, fact: Figure, field: str, spans: Evidence, value: Any) -> str | None:
    """The number the quote ties to the subject, as stated: "Alibaba's Qwen at 73.52 million"
    ties 73.52 million to Qwen alone; a cap per unit is no figure."""
    wanted = Fraction(value)
    found = _stated_numbers(prover, fact, spans.quote)
    if any(number.value == wanted for number in found):
        return None
    given = ", ".join(f'"{number.text.strip()}"' for number in found) or "no number"
    shown = f"{value:,}" if isinstance(value, int) else str(value)
    return f"{shown} is not what the quote ties to {_subject(fact)}, which is {given}"


def _subject(fact: Figure | Campaign) -> str:
    if fact.app is not None:
        return f"app {fact.app!r}"
    ids = (fact.company,) if isinstance(fact, Campaign) else fact.subjects
    return " and ".join(f"company {company!r}" for company in ids)


def _figure_number(prover: Prover, fact: Figure, quote: str) -> StatedNumber | None:
    """The number of the quote that states the figure: its value, tied to its subject; else,
    when the value is not what the quote states (which its own rule says), the first number
    tied to the subject, so that what is said of the number is read where it is."""
    wanted = Fraction(fact.value)
    found = _stated_numbers(prover, fact, quote)
    return next((number for number in found if number.value == wanted), None) or next(
        iter(found), None
    )


def _bound(prover: Prover, fact: Figure, field: str, spans: Evidence, value: str) -> str | None:
    """The bound is what the words before the number say: "passed" and "more than" are over,
    "less than" under, "up to" up_to, "about", "roughly" and "close to" about; none, exact."""
    number = _figure_number(prover, fact, spans.quote)
    if number is None:
        return "the quote ties no number to its subject"
    stated = BOUNDS[number.qualifier]
    return (
        None
        if stated == value
        else f'the quote states "{number.text.strip()}" {_bound_words(number)}, a bound of {stated}'
    )


def _bound_words(number: StatedNumber) -> str:
    return (
        f"with {number.qualifier.replace('_', ' ')!r}" if number.qualifier else "with no qualifier"
    )


def _unit(prover: Prover, fact: Figure, field: str, spans: Evidence, value: str) -> str | None:
    """A count's unit is its metric's (users, count); a percentage and a currency are stated
    beside the number ("44.5 percent", "3 billion yuan")."""
    if value in ("users", "count"):
        metric = prover.metrics.get(fact.metric)
        if metric is not None and {"users": "users", "count": "count"}.get(metric.counts) == value:
            return None
        return f"metric {fact.metric!r} does not count {value}"
    number = _figure_number(prover, fact, spans.quote)
    if number is None:
        return "the quote ties no number to its subject"
    if number.currency == value:
        return None
    stated = "percent" if number.currency == PERCENT else number.currency or "no unit"
    return f'the quote states "{number.text.strip()}" in {stated}'


def _metric(prover: Prover, fact: Figure, field: str, spans: Evidence, value: str) -> str | None:
    """The metric is named in the figure's own clause by one of the words of its
    `[[metrics]]` record (the subject's names aside: "acquiring Yuanbao users" names
    acquiring users), or, where that clause names none, earlier in its sentence (a list
    "Doubao's monthly active users at about 200 million, Qianwen at roughly 130 million");
    and no other metric's words there say more of it ("a peak of 145 million DAUs" is a peak
    DAU, never a plain DAU)."""
    number = _figure_number(prover, fact, spans.quote)
    keys = _subject_keys(prover, fact)
    start, end = _clause(prover, fact, spans.quote, number)
    number_text = number.text.strip() if number else None
    found, statistics = _metrics_named(
        prover, _without(prover, spans.quote[start:end], keys), number_text
    )
    if not any(found.values()) and not statistics:
        before = [m.end() for m in SENTENCE_END.finditer(spans.quote, 0, start)]
        sentence = _without(prover, spans.quote[max(before, default=0) : end], keys)
        found, statistics = _metrics_named(prover, sentence, number_text)
        # "a peak of 145 million DAUs, followed by Qwen at 73.52 million": the list is of
        # peaks, which says more of this one than a plain DAU.
        statistics |= {
            metric.id
            for metric in prover.metrics.values()
            if metric.statistic
            and metric.of == value
            and metric_spans(sentence, metric.words, ANY_NUMBER)
        }
    own = found.get(value, [])
    if not own and value not in statistics:
        record = prover.metrics.get(value)
        said = ", ".join(repr(word) for word in record.words) if record else "no such metric"
        return f"the figure's clause does not name metric {value!r} ({said})"
    wider = sorted(
        other
        for other, spans_of in found.items()
        if other != value
        and (
            (other in statistics and prover.metrics[other].of == value)
            or (
                bool(own)
                and all(
                    any(
                        start <= o_start and o_end <= end and (start, end) != (o_start, o_end)
                        for start, end in spans_of
                    )
                    for o_start, o_end in own
                )
            )
        )
    )
    if wider:
        return f"the quote says more of this figure: {', '.join(map(repr, wider))}"
    return None


def _metrics_named(
    prover: Prover, text: str, number: str | None
) -> tuple[dict[str, list[tuple[int, int]]], set[str]]:
    """Where the text names each metric by its words; and the metrics it names as a
    statistic of another, by that one's words and the statistic at the number ("daily active
    users ... to a peak of 50 million" names the peak DAU of 50 million)."""
    found = {
        metric.id: metric_spans(text, metric.words, number) for metric in prover.metrics.values()
    }
    statistics = {
        metric.id
        for metric in prover.metrics.values()
        if metric.statistic
        and metric.of
        and number
        and found.get(metric.of)
        and statistic_spans(text, metric.statistic, number)
    }
    return found, statistics


def _without(prover: Prover, text: str, keys: Sequence[str]) -> str:
    """The text with the subject's own names (and their possessive) taken out, and who
    measured or relayed it with the words that describe them."""
    subjects = prover.subjects_beside(text, keys)
    kept, at = [], 0
    for mention in prover.index.find(text):
        if not mention.keys.isdisjoint(keys):
            start = mention.start
        elif mention not in subjects:
            described = DESCRIBED_BEFORE.search(text, 0, mention.start)
            start = described.start() if described else mention.start
        else:
            continue
        if start < at:
            continue
        kept.append(text[at:start])
        at = mention.end
        possessive = re.match(r"['\u2019]s(?!\w)", text[at:])
        if possessive:
            at += possessive.end()
    kept.append(text[at:])
    return squeeze(" ".join(kept))


def _clause(
    prover: Prover, fact: Figure, quote: str, number: StatedNumber | None
) -> tuple[int, int]:
    """Where the part of the quote that states the figure is: from the last mention of its
    subject before its number to the next mention of anything else, or the sentence's end."""
    if number is None:
        return 0, len(quote)
    keys = _subject_keys(prover, fact)
    mentions = [m for key in keys for m in prover.mentions_of(quote, key)]
    starts = [m.start for m in mentions if m.start <= number.start]
    start = max(starts, default=0)
    stops = [m.start for m in prover.subjects_beside(quote, keys) if m.start > number.end]
    stops += [
        match.end() for match in re.finditer(r"[.;!?](?=\s|$)", quote) if match.end() > number.end
    ]
    return start, min(stops, default=len(quote))


def _relay(prover: Prover, fact: Figure, field: str, spans: Evidence, value: str) -> str | None:
    """The outlet is named as one that relays the figure: "as reported by 36kr", "36kr
    reported", "cited by"."""
    for span in spans.spans:
        for mention in prover.mentions_of(span, f"company:{value}"):
            if is_relay(span, mention):
                return None
    names = " / ".join(prover.names_of(f"company:{value}")) or "no such record"
    return f"company {value!r} ({names}) is not named in the evidence as relaying it"


def _when(
    prover: Prover, fact: Figure | Event, field: str, spans: Evidence, value: str
) -> str | None:
    """A time expression of the quote, read whole ("late Thursday", never "Thursday"; "this
    year's Spring Festival holiday"), or the date a deadline names ("still had 22 million by
    Feb 21" is of Feb 21); or, when the quote states none, of the context sentence the quote
    refers back to ("the company said" after "Alibaba Group told China Daily late Thursday");
    a time that the context alone gives is declared inferred."""
    return _quoted_time(prover, fact, spans, value)


def _time_spans(prover: Prover, fact: Fact, spans: Evidence) -> Evidence:
    """Where a time of the fact may stand: its quote, and the context sentence the quote
    refers back to (`speaker_of`), if any."""
    from aicompete.proof.verification import Evidence

    found = speaker_of(prover, fact, spans)
    referred = found.referred if isinstance(found, Speaker) else None
    return Evidence((spans.quote, *filter(None, (referred,))))


def _quoted_time(prover: Prover, fact: Fact, spans: Evidence, when: str) -> str | None:
    """Whether `when` is a time of the quote, or of the context sentence it refers back to; a
    time of the context alone fails, saying so."""
    failure = _time_words(_time_spans(prover, fact, spans), when)
    if failure is None or _time_words(spans, when) is not None:
        return failure
    return (
        f"{when!r} is a time of the context, which the quote does not refer back to: declare "
        "it inferred, with why"
    )


def _time_words(spans: Evidence, value: str) -> str | None:
    found = [expression.text for expression in find(spans.quote)]
    if not found:
        found = [expression.text for span in spans.spans for expression in find(span)]
    if any(same_time(reading, value) for text in found for reading in readings(text)):
        return None
    given = ", ".join(map(repr, dict.fromkeys(found))) or "none"
    return f"{value!r} is not a time expression of the evidence (it has: {given})"


def _date(
    prover: Prover, fact: Figure | Event, field: str, spans: Evidence, value: str
) -> str | None:
    """The date is what its `when` resolves to, by the rule for those words, from the day the
    source was published ("Wednesday" in an article of Saturday 2026-03-07 is 2026-03-04)."""
    if fact.when is None:
        return "there is no `when` to resolve"
    return _resolves(prover, fact.source, spans, fact.when, value)


def _resolves(prover: Prover, source: str, spans: Evidence, when: str, value: str) -> str | None:
    from aicompete.proof.times import resolve_in

    published = prover.published.get(source)
    reasons = []
    for span in spans.spans:
        for expression, resolution in resolve_in(span, published):
            if not any(same_time(reading, when) for reading in readings(expression.text)):
                continue
            if resolution.span is None:
                reasons.append(resolution.reason or "no rule resolves it")
            elif resolution.span.text == value:
                return None
            else:
                reasons.append(f"{resolution.rule}: {resolution.span.text}")
    if not reasons:
        return f"{when!r} is not a time expression of the evidence"
    return f"{when!r} resolves otherwise: {'; '.join(dict.fromkeys(reasons))}"


def _time(prover: Prover, fact: Campaign, field: str, spans: Evidence, value: Time) -> str | None:
    """A campaign's time is a time expression of its quote (or of the context sentence the
    quote refers back to, as for `when`), and its date what that resolves to, by the rule for
    those words; a start or an end may be that end of an interval ("from Jan 26 to Mar 12":
    starts Jan 26, 2026-01-26)."""
    if field in ("start", "end"):
        published = prover.published.get(fact.source)
        for span in _time_spans(prover, fact, spans).spans:
            for expression in find(span):
                ends = interval_ends(expression.text, published)
                if ends is None:
                    continue
                words, date = ends[0] if field == "start" else ends[1]
                if same_time(words, value.when):
                    if value.date is None or (date is not None and date.text == value.date):
                        return None
                    given = date.text if date else "no date"
                    return f"{value.when!r}, the {field} of {expression.text!r}, is {given}"
    failure = _quoted_time(prover, fact, spans, value.when)
    if failure is not None or value.date is None:
        return failure
    return _resolves(prover, fact.source, spans, value.when, value.date)


def _amounts(prover: Prover, fact: Campaign, field: str, spans: Evidence, value: Any) -> str | None:
    """Each amount is a number the quote ties to the campaign's app or company, in its
    currency, with its bound ("up to 1 billion yuan"); a cap per unit is no amount."""
    found = _stated_numbers(prover, fact, spans.quote)
    missing = [
        f"{money.value:,} {money.currency}"
        + (f" ({money.bound})" if money.bound != "exact" else "")
        for money in value
        if not any(
            number.value == money.value
            and number.currency == money.currency
            and BOUNDS[number.qualifier] == money.bound
            for number in found
        )
    ]
    if not missing:
        return None
    given = ", ".join(f'"{number.text.strip()}"' for number in found) or "no number"
    return f"{', '.join(missing)} is not what the quote ties to {_subject(fact)}, which is {given}"


def _own_words(prover: Prover, fact: Fact, field: str, spans: Evidence, value: str) -> str | None:
    """A summary or description is proven when it is its quote's own words in order, case and
    punctuation aside: a span of the quote, or one that leaves out only "also", a pronoun and
    the names, role and time its fact records ("Born in 1993; was one of Alibaba's youngest
    P10-level technical leaders"); else it is editorial."""
    found = in_own_words(spans.quote, value, _left_out(prover, fact))
    if found.span is not None:
        return None
    given, next_word = said_words(value, found.words)
    if next_word is None:
        return "it has no word to find in the quote"
    if not given:
        return f"the quote does not have {next_word!r}"
    return f"the quote does not go on from {given!r} to {next_word!r}"


def _left_out(prover: Prover, fact: Fact) -> set[str]:
    """The words a summary or description may leave out of its quote: the names of the
    records its fact is about, the role of its person ("Alibaba CEO"), and its time."""
    kind = _SUBJECT_KINDS.get(type(fact))
    keys = [f"{kind}:{fact.id}"] if kind else []
    keys += [
        f"{reference.kind}:{target}"
        for reference in _references(fact)
        if reference.field in ("person", "company", "companies", "app")
        for target in _ids_of(getattr(fact, reference.field))
    ]
    texts = [name for key in keys for name in prover.names_of(key)]
    person = prover.people.get(getattr(fact, "person", None) or "")
    texts += [person.role if person else "", getattr(fact, "when", None) or ""]
    return {word for text in texts for word in text.split()}


def _ids_of(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    return value if isinstance(value, tuple) else (value,)


RULES: dict[str, Rule] = {
    "named": _named,
    "alias": _alias,
    "reference": _reference,
    "subject": _reference,
    "role": _role,
    "metric": _metric,
    "value": _value,
    "unit": _unit,
    "bound": _bound,
    "when": _when,
    "date": _date,
    "measurer": _measurer,
    "relay": _relay,
    "comparison": _comparison,
    "campaign_name": _campaign_name,
    "amounts": _amounts,
    "purpose": _purpose,
    "reach": _reach,
    "time": _time,
    "rate_base": _base,
    "rate_counter": _counter,
    "rate_value": _rate_value,
    "person": _person,
    "event_company": _event_company,
    "own_words": _own_words,
    "after": _after,
    "figures": _figures,
    "speech": _speech,
}
# Each rule as `verify` and the README state it: the first sentence of its docstring.
RULE_NAMES: dict[str, str] = {
    name: _first_sentence(rule.__doc__ or "") for name, rule in RULES.items()
}
