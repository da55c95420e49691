"""Write a valid knowledge file of N facts, and the synthetic articles its quotes come from.

    python benchmarks/generate_facts.py 10000 -o facts-10k.toml
    python benchmarks/generate_facts.py 10000    # benchmarks/.output/facts-10000.toml

The facts come in about the proportions of the bundled knowledge file: each synthetic article
yields 40 of them (5 companies, 4 apps, 6 people, 4 figures, 4 campaigns and 17 events),
and the last article is cut short to give exactly N. Every quote is a verbatim span of its
article, figures are written the way the seed article writes them ("73.52 million", "1 billion
yuan ($145 million)"), every reference resolves and every id and name is unique, so the file
passes validation and verification. The output depends only on N.

Each article is dated (`published`) a few days after a Chinese statutory holiday, and its
figures and events say when as reports do: a peak DAU during "this year's Spring Festival
holiday", a DAU that "passed 90 million ... on Feb 16", more than so many monthly active users
"in February", a departure "on Wednesday", red packets paid out "starting Feb 8 and ending Mar
2". Each `date` is what `aicompete.proof.times` resolves those words to in the same evidence
`verify` reads. The figures name the bundled file's `[[metrics]]`, copied as written there.

The articles go in a folder beside the knowledge file, named after it (`facts-10k.sources/`).
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import IO, Any

from aicompete.knowledge.dates import MONTH_NAMES
from aicompete.knowledge.kinds import KINDS

FACTS_PER_ARTICLE = 40
SYLLABLES = (
    "an", "bao", "chen", "da", "fei", "gao", "hai", "hua", "jin", "kai", "lan", "long",
    "ming", "nan", "ping", "qi", "rui", "shan", "tian", "wei", "xin", "yang", "yun", "zhi",
)  # fmt: skip
SURNAMES = ("Chen", "Gao", "He", "Li", "Liu", "Ma", "Sun", "Wang", "Xu", "Yang", "Zhang", "Zhou")
# The statutory holiday each article reports on, and the day it was published, a week or so
# after the holiday ended: the articles take them in turn.
SEASONS = (
    ("Spring Festival holiday", date(2026, 3, 7)),
    ("National Day holiday", date(2025, 10, 16)),
    ("Labor Day holiday", date(2025, 5, 14)),
    ("Mid-Autumn Festival holiday", date(2024, 9, 25)),
    ("Spring Festival holiday", date(2025, 2, 12)),
    ("National Day holiday", date(2024, 10, 15)),
    ("Labor Day holiday", date(2024, 5, 13)),
    ("Mid-Autumn Festival holiday", date(2025, 10, 17)),
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
# Months as news agencies abbreviate them before a day: "Feb 16", "Sept 8", "June 2".
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "June", "July", "Aug", "Sept", "Oct", "Nov", "Dec")
ROLES = (
    "chief executive officer",
    "chief technology officer",
    "head of post-training for the {app} model",
    "core leader of the {app} model",
    "founder",
)
# The metrics the figures name; a metric that is another's statistic (`of`) brings that one.
FIGURE_METRICS = ("peak-dau", "dau", "mau")
# Where a file goes unless told otherwise: the benchmarks' own folder, which git ignores, so
# that a trial run leaves nothing untracked in a checkout.
DEFAULT_FOLDER = Path(__file__).resolve().parent / ".output"
# Yuan to dollars at the rate the seed article implies: 1 billion yuan ($145 million).
USD_PER_CNY = 0.145


def figure(value: int) -> str:
    """A number as the article writes it: 145 million, 73.52 million, 1 trillion, 1993."""
    for size, word in ((10**12, "trillion"), (10**9, "billion"), (10**6, "million")):
        if value >= size:
            return f"{value / size:.2f}".rstrip("0").rstrip(".") + f" {word}"
    return str(value)


def _name(number: int, parts: int, step: int = 1) -> str:
    """A pronounceable name of `parts` syllables, one for each number: the numbers past
    len(SYLLABLES) ** parts take `step` syllables more, and so on, so that names never run out.

    No syllable begins another, so names of different syllables are different words."""
    size = len(SYLLABLES) ** parts
    while number >= size:
        number -= size
        parts += step
        size = len(SYLLABLES) ** parts
    # 7919 is a prime other than 2 and 3, so prime to every power of 24: scrambling keeps
    # names of the same length distinct.
    number = (number * 7919 + 11) % size
    syllables = []
    for _ in range(parts):
        number, digit = divmod(number, len(SYLLABLES))
        syllables.append(SYLLABLES[digit])
    return "".join(syllables).capitalize()


def company_name(number: int) -> str:
    """A company's name: an odd number of syllables (3, then 5...)."""
    return _name(number, 3, step=2)


def app_name(number: int) -> str:
    """An app's name: 4 syllables or more, then "AI", which no company name ends in."""
    return _name(number, 4) + "AI"


def given_name(number: int) -> str:
    """A person's given name: an even number of syllables (2, then 4...), so that no word of a
    person's name is a company's name."""
    return _name(number, 2, step=2)


@dataclass(frozen=True)
class Names:
    """The names of one article's records, different from every other article's."""

    makers: tuple[str, ...]
    analyst: str
    apps: tuple[str, ...]
    people: tuple[str, ...]


def article_names(number: int) -> Names:
    """Article `number`'s 5 companies (4 app makers and an analytics firm), 4 apps and 6
    people: each kind numbers its names on from the articles before."""
    n = number
    return Names(
        makers=tuple(company_name(n * 5 + k) for k in range(4)),
        analyst=company_name(n * 5 + 4) + " Data",
        apps=tuple(app_name(n * 4 + k) for k in range(4)),
        people=tuple(
            f"{SURNAMES[(n + k) % len(SURNAMES)]} {given_name(n * 6 + k)}" for k in range(6)
        ),
    )


def day_words(day: date) -> str:
    """A day as the articles write it: "Feb 16"."""
    return f"{MONTHS[day.month - 1]} {day.day}"


@functools.cache
def holiday(season: int) -> tuple[date, date]:
    """The first and last day of the season's holiday, by the rule `verify` reads it with."""
    from aicompete.proof.times import resolve

    period, published = SEASONS[season]
    span = resolve(f"this year's {period}", published).span
    assert span is not None, period
    return span.first, span.last


# The time expressions of a span and the dates they resolve to, by the span with the words
# that vary between articles masked, and the day it was published.
_RESOLVED: dict[tuple[str, date], tuple[tuple[str, str | None], ...]] = {}


def resolved(
    span: str, published: date, varying: tuple[str, ...] = ()
) -> tuple[tuple[str, str | None], ...]:
    """Each time expression of the span and the date it resolves to (None when it has none),
    as `aicompete.proof.times.resolve_in` gives them, the way `verify` reads the span.

    Remembered, since a file of a million facts holds about 350,000 times: spans that differ
    only in `varying` words (the articles' names and figures, which no rule of time reads)
    have the same times, so the first such span is resolved and the others read it back.
    """
    from aicompete.proof.text import squeeze

    span = squeeze(span)
    masked = span
    for words in varying:
        masked = masked.replace(words, "\0")
    key = (masked, published)
    found = _RESOLVED.get(key)
    if found is None:
        from aicompete.proof.times import resolve_in

        found = tuple(
            (expression.text, resolution.span.text if resolution.span else None)
            for expression, resolution in resolve_in(span, published)
        )
        _RESOLVED[key] = found
    return found


@dataclass
class Article:
    """One synthetic article: its sentences, and the records that quote them."""

    number: int
    sentences: list[str] = field(default_factory=list)
    records: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    # What differs between articles of the same season: names and figures, longest first.
    varying: tuple[str, ...] = ()

    @property
    def source_id(self) -> str:
        return f"article-{self.number:05d}"

    @property
    def season(self) -> int:
        return self.number % len(SEASONS)

    @property
    def published(self) -> date:
        return SEASONS[self.season][1]

    def state(self, kind: str, record: dict[str, Any], sentence: str, quote: str) -> None:
        """Add the sentence to the text and a record quoting `quote`, which it contains."""
        assert quote in sentence, (quote, sentence)
        self.sentences.append(sentence)
        self.records.append((kind, {**record, "source": self.source_id, "quote": quote}))

    def time(self, when: str, quote: str, context: tuple[str, ...] = ()) -> dict[str, str]:
        """`{ when, date }`: the date that `when`, a time expression of the quote (or of the
        context when the quote has none, which the record then declares inferred), resolves
        to."""
        from aicompete.proof.times import same_time

        spans = [resolved(span, self.published, self.varying) for span in (quote, *context)]
        found = spans[0] or [time for span in spans[1:] for time in span]
        day = next((day for words, day in found if same_time(words, when)), None)
        assert day is not None, (when, quote, found)
        return {"when": when, "date": day}


def build_article(number: int) -> Article:
    """The article's 40 facts, in an order where every reference names an earlier record."""
    n = number
    names = article_names(n)
    makers, analyst, apps = names.makers, names.analyst, names.apps
    article = Article(n)
    company_ids = [f"co-{n:05d}-{k}" for k in range(5)]
    app_ids = [f"app-{n:05d}-{k}" for k in range(4)]
    person_ids = [f"person-{n:05d}-{k}" for k in range(6)]
    period = SEASONS[article.season][0]
    first, last = holiday(article.season)

    leader = 100_000_000 + (n * 7_919_000) % 90_000_000
    # The peaks of apps 0 and 2: the second is "roughly half that of" the first.
    peaks = {k: leader - k * (leader // 5) - (n * 10_000 + k * 30_000) % 1_000_000 for k in (0, 2)}
    peaks = {k: value - value % 10_000 for k, value in peaks.items()}
    # A round number that a DAU "passed", and more monthly users than the leader's DAU.
    passed = leader * 4 // 5 // 10_000_000 * 10_000_000
    monthly = leader * 3 // 100_000_000 * 100_000_000
    amounts = [((n * 13 + k * 7) % 50 + 1) * 100_000_000 for k in range(4)]
    usd = round(amounts[1] * USD_PER_CNY)
    numbers = [*peaks.values(), passed, monthly, *amounts, usd]
    varying = {*makers, analyst, *apps, *names.people, *map(figure, numbers)}
    article.varying = tuple(sorted(varying, key=lambda words: (-len(words), words)))

    for k, maker in enumerate(makers):
        quote = f"Chinese tech company {maker}"
        article.state(
            "companies",
            {
                "id": company_ids[k],
                "name": maker,
                "description": f"Chinese tech company, maker of {apps[k]}",
            },
            f"{quote} is stepping up its AI assistant effort.",
            quote,
        )
    quote = f"internet analytics firm {analyst}"
    article.state(
        "companies",
        {"id": company_ids[4], "name": analyst, "description": "Internet analytics firm"},
        f"Data from {quote} covered the {period}.",
        quote,
    )
    for k, app in enumerate(apps):
        quote = f"{makers[k]}'s {app}"
        article.state(
            "apps",
            {"id": app_ids[k], "name": app, "company": company_ids[k]},
            f"{quote} is one of the most used AI applications.",
            quote,
        )
    for k, name in enumerate(names.people):
        company = k % 4
        role = ROLES[(n + k) % len(ROLES)].format(app=apps[company])
        quote = f"{name}, {role} of {makers[company]}"
        record = {
            "id": person_ids[k],
            "name": name,
            "role": f"{role} of {makers[company]}",
            "company": company_ids[company],
        }
        if k == 5:
            quote = f"{name}, an expert committee member of the Advertising Association"
            record = {
                "id": person_ids[k],
                "name": name,
                "role": "Expert committee member of the Advertising Association",
            }
        article.state("people", record, f"According to {quote}, the market is changing.", quote)

    _figures(article, names, period, first, app_ids, company_ids[4], peaks, passed, monthly)
    _campaigns(article, names, period, (first, last), app_ids, amounts, usd)
    for event in _events(article, names, first, person_ids, company_ids):
        article.state("events", *event)
    return article


def _figures(
    article: Article,
    names: Names,
    period: str,
    first: date,
    app_ids: list[str],
    analyst_id: str,
    peaks: dict[int, int],
    passed: int,
    monthly: int,
) -> None:
    """4 figures: two peak DAUs over the holiday, measured by the analytics firm (one of them
    compared with the leader's), a DAU that passed a round number on a day of the holiday, and
    more than so many monthly active users in its month."""
    n = article.number
    makers, analyst, apps = names.makers, names.analyst, names.apps
    # Stated once, before the figures: who measured them, and when.
    data = (
        f"Data from internet analytics firm {analyst} showed that AI applications reached "
        f"record DAU levels during this year's {period}."
    )
    article.sentences.append(data)
    for k in (0, 2):
        quote = f"{makers[k]}'s {apps[k]} recorded a peak of {figure(peaks[k])} DAUs"
        sentence = f"During the {period}, {quote}, according to {analyst}."
        comparison = f"roughly half that of {apps[0]}"
        if k == 2:
            sentence = f"{quote}, {comparison}."
            quote = sentence[:-1]
        when = f"this year's {period}"
        record: dict[str, Any] = {
            "id": f"figure-{n:05d}-{k}",
            "app": app_ids[k],
            "metric": "peak-dau",
            "value": peaks[k],
            "unit": "users",
            **article.time(when, quote, (data,)),
            "measured_by": analyst_id,
            # The time is the data sentence's, which the figure's own does not refer back to.
            "inferred": {"when": {"value": when, "why": "The data sentence before dates it."}},
        }
        if k == 2:
            record["reported_comparison"] = comparison
        article.state("figures", {**record, "context": [data]}, sentence, quote)
        if k == 0:
            day = first + timedelta(days=1)
            quote = (
                f"{makers[1]}'s {apps[1]} passed {figure(passed)} daily active users on "
                f"{day_words(day)}"
            )
            record = {
                "id": f"figure-{n:05d}-1",
                "app": app_ids[1],
                "metric": "dau",
                "value": passed,
                "unit": "users",
                "bound": "over",
                **article.time(day_words(day), quote),
            }
            article.state("figures", record, f"{quote}, the company said.", quote)
    month = MONTH_NAMES[first.month - 1]
    quote = (
        f"{makers[3]}'s {apps[3]} had more than {figure(monthly)} monthly active users in {month}"
    )
    record = {
        "id": f"figure-{n:05d}-3",
        "app": app_ids[3],
        "metric": "mau",
        "value": monthly,
        "unit": "users",
        "bound": "over",
        **article.time(month, quote),
    }
    article.state("figures", record, f"{quote}.", quote)


def _campaigns(
    article: Article,
    names: Names,
    period: str,
    holiday_days: tuple[date, date],
    app_ids: list[str],
    amounts: list[int],
    usd: int,
) -> None:
    """4 campaigns: a named one with a purpose, cash red packets in two currencies paid out
    from a week before the holiday to a week after it, an investment, and a gala partnership."""
    n = article.number
    for k in range(4):
        cny = amounts[k]
        campaign: dict[str, Any] = {"id": f"campaign-{n:05d}-{k}", "app": app_ids[k]}
        subject = f"{names.makers[k]}'s {names.apps[k]}"
        if k == 0:
            name = f"{period.title()} Treat"
            quote = (
                f'{subject} launched a {figure(cny)} yuan "{name}" campaign aimed at '
                "integrating AI applications with consumer transactions"
            )
            campaign |= {
                "name": name,
                "description": f'"{name}" campaign',
                "amounts": [{"value": cny, "currency": "CNY"}],
                "purpose": "Integrating AI applications with consumer transactions",
            }
        elif k == 1:
            start = day_words(holiday_days[0] - timedelta(days=7))
            end = day_words(holiday_days[1] + timedelta(days=7))
            quote = (
                f"{subject} entered the competition with {figure(cny)} yuan (${figure(usd)}) "
                f"in cash red packets, paid out starting {start} and ending {end}"
            )
            campaign |= {
                "description": "Cash red packets",
                "amounts": [{"value": cny, "currency": "CNY"}, {"value": usd, "currency": "USD"}],
                "start": article.time(start, quote),
                "end": article.time(end, quote),
            }
        elif k == 2:
            quote = f"{subject} invested {figure(cny)} yuan to strengthen its search advantages"
            campaign |= {
                "description": 'Investment in "search + AI"',
                "amounts": [{"value": cny, "currency": "CNY"}],
                "purpose": "Strengthen its search advantages",
            }
        else:
            quote = (
                f"{subject} partnered exclusively with the {period} gala, "
                "reaching a nationwide audience"
            )
            campaign |= {
                "description": f"Exclusive partnership with the {period} gala",
                "reach": "a nationwide audience",
            }
        article.state("campaigns", campaign, f"{quote}.", quote)


def _events(
    article: Article,
    names: Names,
    first: date,
    person_ids: list[str],
    company_ids: list[str],
) -> Iterator[tuple[dict[str, Any], str, str]]:
    """17 events: leadership changes, organisation, statements, profiles and context."""
    n = article.number
    people, makers, apps = names.people, names.makers, names.apps
    ids = [f"event-{n:05d}-{k:02d}" for k in range(17)]
    # The days departures are announced: a weekday of the week of publication, or a day
    # before the holiday ("Feb 4").
    days = (*WEEKDAYS, day_words(first - timedelta(days=11)))
    for k in range(5):
        person = k % 5
        company = person % 4
        when = days[(n + k) % len(days)]
        quote = f"{people[person]} announced a departure from {makers[company]} on {when}"
        record: dict[str, Any] = {
            "id": ids[k],
            "category": "leadership",
            "person": person_ids[person],
            "company": company_ids[company],
            "summary": f"Announced a departure from {makers[company]}",
            **article.time(when, quote),
        }
        if k:
            record["after"] = [ids[k - 1]]
            why = "The article reports the departures in this order."
            record["inferred"] = {"after": {"value": record["after"], "why": why}}
        yield record, f"{quote}, the company confirmed.", quote
    for k in range(5, 8):
        company = k % 4
        quote = f"{makers[company]} will establish a foundation model support group number {k}"
        record = {
            "id": ids[k],
            "category": "organisation",
            "company": company_ids[company],
            "summary": f"Will establish foundation model support group {k}",
        }
        yield record, f"{quote} to mobilize resources.", quote
    for k in range(8, 11):
        company = k % 4
        quote = (
            f"{makers[company]} said late Thursday that the goal of the {apps[company]} "
            "large model is to move toward AGI"
        )
        record = {
            "id": ids[k],
            "category": "statement",
            "company": company_ids[company],
            "summary": f"The goal of {apps[company]} is AGI",
            **article.time("late Thursday", quote),
        }
        yield record, f"{quote}.", quote
    born = 1970 + n % 30
    parameters = (n % 9 + 1) * 10**12
    person = n % 5
    yield (
        {
            "id": ids[11],
            "category": "profile",
            "person": person_ids[person],
            "summary": f"Born in {born}",
            "figures": {"born": born},
        },
        f"Born in {born}, {people[person]} is one of the youngest technical leaders.",
        f"Born in {born}, {people[person]} is one of the youngest technical leaders",
    )
    quote = (
        f"{people[person]} led the development of the {apps[0]}-Max model, which features "
        f"more than {figure(parameters)} parameters"
    )
    yield (
        {
            "id": ids[12],
            "category": "profile",
            "person": person_ids[person],
            "summary": f"Led the {apps[0]}-Max model",
            "figures": {"parameters_more_than": parameters},
        },
        f"{quote}.",
        quote,
    )
    for k in range(13, 17):
        person = 5 if k % 2 else k % 4
        quote = (
            f"the AI red packet war could reshape the internet, {people[person]} said in remark {k}"
        )
        record = {
            "id": ids[k],
            "category": "context",
            "person": person_ids[person],
            "summary": f"Remark {k} on the AI red packet war",
        }
        if k > 13:
            record["after"] = [ids[13]]
            why = "The article reports the remarks in this order."
            record["inferred"] = {"after": {"value": record["after"], "why": why}}
        yield record, f"Analysts noted that {quote}.", quote


def bundled_metrics(names: set[str]) -> list[str]:
    """The bundled file's `[[metrics]]` blocks, as written there, of the metrics named and of
    those they are a statistic `of`, in the bundled file's order."""
    import tomli

    from aicompete.knowledge.bundled import bundled_facts
    from aicompete.knowledge.migration import metric_blocks as blocks_of

    blocks = blocks_of(bundled_facts().read_text(encoding="utf-8"))
    wanted = set(names)
    for name in names:
        of = tomli.loads(blocks[name])["metrics"][0].get("of")
        if of:
            wanted.add(of)
    return [block for name, block in blocks.items() if name in wanted]


def generate(count: int, path: Path) -> None:
    """Write `count` facts to `path` and their articles to the folder beside it.

    Each kind's records are written to a file of their own as the articles are made, then
    joined in the knowledge file's order, so that a million facts never sit in memory."""
    folder = path.with_suffix(".sources")
    folder.mkdir(parents=True, exist_ok=True)
    metrics: set[str] = set()
    with contextlib.ExitStack() as stack:
        spools: dict[str, IO[str]] = {
            kind.table: stack.enter_context(
                tempfile.TemporaryFile("w+", encoding="utf-8", dir=path.parent)
            )
            for kind in KINDS
        }
        left = count
        number = 0
        while left > 0:
            article = build_article(number)
            title = f"{article.records[0][1]['name']} steps up focus on AI assistants"
            sentences = article.sentences
            paragraphs = [sentences[at : at + 5] for at in range(0, len(sentences), 5)]
            text = "\n".join([title, *(" ".join(paragraph) for paragraph in paragraphs)]) + "\n"
            (folder / f"{article.source_id}.txt").write_text(text, encoding="utf-8")
            source = {
                "id": article.source_id,
                "title": title,
                "publisher": "Synthetic Daily",
                "published": article.published.isoformat(),
                "file": f"{folder.name}/{article.source_id}.txt",
            }
            _write(spools["sources"], "sources", source)
            for kind, record in article.records[:left]:
                _write(spools[kind], kind, record)
                if kind == "figures":
                    metrics.add(record["metric"])
            left -= len(article.records)
            number += 1
        spools["metrics"].writelines(f"\n{block.rstrip()}\n" for block in bundled_metrics(metrics))
        with path.open("w", encoding="utf-8") as out:
            out.write(f"# {count} synthetic facts written by benchmarks/generate_facts.py\n")
            for spool in spools.values():
                spool.seek(0)
                shutil.copyfileobj(spool, out)


def _write(out: IO[str], kind: str, record: dict[str, Any]) -> None:
    out.write(f"\n[[{kind}]]\n")
    out.writelines(f"{key} = {_toml(value)}\n" for key, value in record.items())


def _toml(value: Any) -> str:
    """A TOML value: JSON's string escapes, integers, arrays and inline tables are TOML too."""
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{key} = {_toml(item)}" for key, item in value.items()) + " }"
    if isinstance(value, list):
        return "[" + ", ".join(_toml(item) for item in value) + "]"
    return json.dumps(value, ensure_ascii=False)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int, help="number of facts (records other than sources)")
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        help="knowledge file to write (default: facts-N.toml in benchmarks/.output, which git "
        "ignores, its articles beside it)",
    )
    args = parser.parse_args(argv)
    if args.count < 0:
        parser.error("count must not be negative")
    output = args.output or DEFAULT_FOLDER / f"facts-{args.count}.toml"
    output.parent.mkdir(parents=True, exist_ok=True)
    generate(args.count, output)
    print(output)


if __name__ == "__main__":
    main()
