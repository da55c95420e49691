"""Write a valid knowledge file of N facts, and the synthetic articles its quotes come from.

    python benchmarks/generate_facts.py 10000 -o facts-10k.toml
    python benchmarks/generate_facts.py 10000    # benchmarks/.output/facts-10000.toml

The facts come in about the proportions of the bundled knowledge file: each synthetic article
yields 40 of them (5 companies, 4 apps, 6 people, 4 DAU figures, 4 campaigns and 17 events),
and the last article is cut short to give exactly N. Every quote is a verbatim span of its
article, figures are written the way the seed article writes them ("73.52 million", "1 billion
yuan ($145 million)"), every reference resolves and every id is unique, so the file passes
validation and verification. The output depends only on N.

The articles go in a folder beside the knowledge file, named after it (`facts-10k.sources/`).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aicompete.knowledge.kinds import KINDS

FACTS_PER_ARTICLE = 40
SYLLABLES = (
    "an", "bao", "chen", "da", "fei", "gao", "hai", "hua", "jin", "kai", "lan", "long",
    "ming", "nan", "ping", "qi", "rui", "shan", "tian", "wei", "xin", "yang", "yun", "zhi",
)  # fmt: skip
SURNAMES = ("Chen", "Gao", "He", "Li", "Liu", "Ma", "Sun", "Wang", "Xu", "Yang", "Zhang", "Zhou")
PERIODS = (
    "Spring Festival holiday",
    "National Day holiday",
    "Labor Day holiday",
    "Mid-Autumn Festival holiday",
)
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Feb 4")
ROLES = (
    "chief executive officer",
    "chief technology officer",
    "head of post-training for the {app} model",
    "core leader of the {app} model",
    "founder",
)
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


def _name(number: int, parts: int) -> str:
    """A pronounceable name, different for every number below len(SYLLABLES) ** parts."""
    syllables = []
    # 7919 is prime to len(SYLLABLES) ** parts, so scrambling keeps names distinct.
    number = (number * 7919 + 11) % len(SYLLABLES) ** parts
    for _ in range(parts):
        number, digit = divmod(number, len(SYLLABLES))
        syllables.append(SYLLABLES[digit])
    return "".join(syllables).capitalize()


@dataclass
class Article:
    """One synthetic article: its sentences, and the records that quote them."""

    number: int
    sentences: list[str] = field(default_factory=list)
    records: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    @property
    def source_id(self) -> str:
        return f"article-{self.number:05d}"

    def state(self, kind: str, record: dict[str, Any], sentence: str, quote: str) -> None:
        """Add the sentence to the text and a record quoting `quote`, which it contains."""
        assert quote in sentence, (quote, sentence)
        self.sentences.append(sentence)
        self.records.append((kind, {**record, "source": self.source_id, "quote": quote}))


def build_article(number: int) -> Article:
    """The article's 40 facts, in an order where every reference names an earlier record."""
    article = Article(number)
    n = number
    makers = [_name(n * 5 + k, 3) for k in range(4)]
    analyst = _name(n * 5 + 4, 3) + " Data"
    apps = [_name(n * 4 + k, 4) + "AI" for k in range(4)]
    company_ids = [f"co-{n:05d}-{k}" for k in range(5)]
    app_ids = [f"app-{n:05d}-{k}" for k in range(4)]
    person_ids = [f"person-{n:05d}-{k}" for k in range(6)]
    period = PERIODS[n % len(PERIODS)]

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
    names = [f"{SURNAMES[(n + k) % len(SURNAMES)]} {_name(n * 6 + k, 2)}" for k in range(6)]
    for k, name in enumerate(names):
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

    leader = 100_000_000 + (n * 7_919_000) % 90_000_000
    # Stated once, before the figures: who measured them, and when.
    data = (
        f"Data from internet analytics firm {analyst} showed that AI applications reached "
        f"record DAU levels during this year's {period}."
    )
    article.sentences.append(data)
    for k in range(4):
        value = leader - k * (leader // 5) - (n * 10_000 + k * 30_000) % 1_000_000
        value -= value % 10_000
        quote = f"{makers[k]}'s {apps[k]} recorded a peak of {figure(value)} DAUs"
        figure_record: dict[str, Any] = {
            "id": f"dau-{n:05d}-{k}",
            "app": app_ids[k],
            "value": value,
            "metric": "peak DAU",
            "period": f"this year's {period}",
            "measured_by": company_ids[4],
            "context": [data],
        }
        sentence = f"During the {period}, {quote}, according to {analyst}."
        if k == 2:
            figure_record["reported_comparison"] = f"roughly half that of {apps[0]}"
            sentence = f"{quote}, {figure_record['reported_comparison']}."
            quote = sentence[:-1]
        article.state("dau", figure_record, sentence, quote)

    for k in range(4):
        cny = ((n * 13 + k * 7) % 50 + 1) * 100_000_000
        campaign: dict[str, Any] = {"id": f"campaign-{n:05d}-{k}", "app": app_ids[k]}
        subject = f"{makers[k]}'s {apps[k]}"
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
            usd = round(cny * USD_PER_CNY)
            quote = (
                f"{subject} entered the competition with {figure(cny)} yuan (${figure(usd)}) "
                "in cash red packets"
            )
            campaign |= {
                "description": "Cash red packets",
                "amounts": [{"value": cny, "currency": "CNY"}, {"value": usd, "currency": "USD"}],
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

    for event in _events(n, names, makers, apps, person_ids, company_ids):
        article.state("events", *event)
    return article


def _events(
    n: int,
    names: list[str],
    makers: list[str],
    apps: list[str],
    person_ids: list[str],
    company_ids: list[str],
) -> Iterator[tuple[dict[str, Any], str, str]]:
    """17 events: leadership changes, organisation, statements, profiles and context."""
    ids = [f"event-{n:05d}-{k:02d}" for k in range(17)]
    for k in range(5):
        person = k % 5
        company = person % 4
        when = DAYS[(n + k) % len(DAYS)]
        quote = f"{names[person]} announced a departure from {makers[company]} on {when}"
        record: dict[str, Any] = {
            "id": ids[k],
            "category": "leadership",
            "person": person_ids[person],
            "company": company_ids[company],
            "summary": f"Announced a departure from {makers[company]}",
            "when": when,
        }
        if k:
            record["after"] = [ids[k - 1]]
            record["inferred"] = {"after": "The article reports the departures in this order."}
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
            "when": "late Thursday",
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
        f"Born in {born}, {names[person]} is one of the youngest technical leaders.",
        f"Born in {born}, {names[person]} is one of the youngest technical leaders",
    )
    quote = (
        f"{names[person]} led the development of the {apps[0]}-Max model, which features "
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
            f"the AI red packet war could reshape the internet, {names[person]} said in remark {k}"
        )
        record = {
            "id": ids[k],
            "category": "context",
            "person": person_ids[person],
            "summary": f"Remark {k} on the AI red packet war",
        }
        if k > 13:
            record["after"] = [ids[13]]
            record["inferred"] = {"after": "The article reports the remarks in this order."}
        yield record, f"Analysts noted that {quote}.", quote


def generate(count: int, path: Path) -> None:
    """Write `count` facts to `path` and their articles to the folder beside it."""
    folder = path.with_suffix(".sources")
    folder.mkdir(parents=True, exist_ok=True)
    by_kind: dict[str, list[dict[str, Any]]] = {kind.table: [] for kind in KINDS}
    left = count
    number = 0
    while left > 0:
        article = build_article(number)
        title = f"{article.records[0][1]['name']} steps up focus on AI assistants"
        paragraphs = [article.sentences[at : at + 5] for at in range(0, len(article.sentences), 5)]
        text = "\n".join([title, *(" ".join(paragraph) for paragraph in paragraphs)]) + "\n"
        (folder / f"{article.source_id}.txt").write_text(text, encoding="utf-8")
        by_kind["sources"].append(
            {
                "id": article.source_id,
                "title": title,
                "publisher": "Synthetic Daily",
                "file": f"{folder.name}/{article.source_id}.txt",
            }
        )
        for kind, record in article.records[:left]:
            by_kind[kind].append(record)
        left -= len(article.records)
        number += 1
    with path.open("w", encoding="utf-8") as out:
        out.write(f"# {count} synthetic facts written by benchmarks/generate_facts.py\n")
        for kind, records in by_kind.items():
            for record in records:
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
