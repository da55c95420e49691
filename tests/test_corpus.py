"""The test corpus: articles in our own words and a curator's expected records for each.

`tests/corpus/articles/NN-slug.txt` holds the texts; `tests/corpus/expected/NN-slug.toml` the
records a careful curator files when appending that article to the bundled base and the articles
before it (README.md in tests/corpus says how). These checks keep the two honest: every quote is
the article's own words, every id is new, every reference points back, every date is ISO and,
where one of the knowledge file's rules reads its `when`, the date that rule gives.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, get_args

import pytest

from aicompete.knowledge.bundled import STANDARD_METRICS
from aicompete.knowledge.models import Bound

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "facts.toml"
CORPUS = Path(__file__).resolve().parent / "corpus"
ARTICLES = CORPUS / "articles"
EXPECTED = CORPUS / "expected"

NAME = re.compile(r"^(\d\d)-[a-z0-9]+(?:-[a-z0-9]+)*$")
ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DATE = re.compile(r"^\d{4}(?:-\d\d(?:-\d\d)?)?$")
BANNER = re.compile(
    r"^Written for aicompete's tests in the style of .+; "
    r"facts from public reporting, wording our own\.$"
)
FIRST_PUBLISHED = dt.date(2026, 2, 18)
LAST_PUBLISHED = dt.date(2026, 3, 14)

# What the corpus may use: the bundled file's metrics and the model's bounds, as declared.
METRICS = set(STANDARD_METRICS)
BOUNDS = set(get_args(Bound))
CURRENCY = re.compile(r"^[A-Z]{3}$")
FACT_TABLES = ("companies", "apps", "people", "figures", "campaigns", "events")
ALIAS_KINDS = {"company": "companies", "app": "apps", "person": "people"}

# The lunar-calendar days of the knowledge file's date table, by Gregorian year.
NEW_YEARS_EVE = {2026: dt.date(2026, 2, 16)}
LANTERN_FESTIVAL = {2026: dt.date(2026, 3, 3)}
SPRING_FESTIVAL_HOLIDAY = {2026: (dt.date(2026, 2, 15), dt.date(2026, 2, 23))}

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4}
SENTENCE_DAY = re.compile(r"\b(?:[A-Z][a-z]{2,8}\.? \d{1,2}|the \d{1,2}(?:st|nd|rd|th))")


def _load(path: Path) -> dict[str, Any]:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def _names(folder: Path, suffix: str) -> set[str]:
    return {path.name.removesuffix(suffix) for path in folder.glob(f"*{suffix}")}


NAMES = sorted(_names(ARTICLES, ".txt") | _names(EXPECTED, ".toml"))


def _squeeze(text: str) -> str:
    return " ".join(text.split())


def _records(document: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for table, rows in document.items():
        if isinstance(rows, list):
            for row in rows:
                if isinstance(row, dict):
                    yield table, row


def _spans(record: dict[str, Any]) -> Iterator[str]:
    yield record["quote"]
    context = record.get("context", [])
    yield from [context] if isinstance(context, str) else context


def _date_fields(table: str, record: dict[str, Any]) -> Iterator[tuple[str, str, str | None]]:
    """(field, when, date) for each dated field of a record."""
    if table in ("figures", "events") and ("date" in record or "when" in record):
        yield "date", record.get("when", ""), record.get("date")
    if table == "campaigns":
        for field in ("announced", "start", "end"):
            if field in record:
                yield field, record[field].get("when", ""), record[field].get("date")


def _published(document: dict[str, Any]) -> dt.date:
    return dt.date.fromisoformat(document["sources"][0]["published"])


def _nearest_year(month: int, day: int, published: dt.date) -> dt.date:
    candidates = [
        dt.date(year, month, day) for year in range(published.year - 1, published.year + 2)
    ]
    return min(candidates, key=lambda candidate: abs((candidate - published).days))


def _iso(start: dt.date, end: dt.date | None = None) -> str:
    return start.isoformat() if end is None else f"{start.isoformat()}/{end.isoformat()}"


def _resolve(when: str, quote: str, published: dt.date) -> str | None:
    """The date the knowledge file's table gives `when`, or None where no rule reads it alone."""
    words = re.sub(r"^in ", "", when.strip().lower())
    year = published.year
    weekday = re.fullmatch(r"(?:early |late )?(\w+day)", words)
    if weekday and weekday.group(1) in WEEKDAYS:
        back = (published.weekday() - WEEKDAYS.index(weekday.group(1))) % 7
        return _iso(published - dt.timedelta(days=back))
    day = re.fullmatch(r"([a-z]+)\.? (\d{1,2})(?:, (\d{4}))?", words)
    if day and day.group(1) in MONTHS:
        month, number = MONTHS[day.group(1)], int(day.group(2))
        if day.group(3):
            return _iso(dt.date(int(day.group(3)), month, number))
        return _iso(_nearest_year(month, number, published))
    part = re.fullmatch(r"(early|mid|late)-? ?([a-z]+)", words)
    if part and part.group(2) in MONTHS:
        first = _nearest_year(MONTHS[part.group(2)], 1, published)
        last = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        low, high = {"early": (1, 10), "mid": (11, 20), "late": (21, last.day)}[part.group(1)]
        return _iso(first.replace(day=low), first.replace(day=high))
    month_of_year = re.fullmatch(r"([a-z]+) (\d{4})", words)
    if month_of_year and month_of_year.group(1) in MONTHS:
        return f"{month_of_year.group(2)}-{MONTHS[month_of_year.group(1)]:02d}"
    if words in MONTHS:
        return _nearest_year(MONTHS[words], 1, published).isoformat()[:7]
    if re.fullmatch(r"\d{4}", words):
        return words
    if words in ("this year", "last year"):
        return str(year if words == "this year" else year - 1)
    quarter = re.fullmatch(r"(?:the )?(first|second|third|fourth) quarter of (\d{4})", words)
    quarter = quarter or re.fullmatch(r"q([1-4]) (\d{4})", words)
    if quarter:
        number = ORDINALS.get(quarter.group(1)) or int(quarter.group(1))
        in_year = int(quarter.group(2))
        first = dt.date(in_year, 3 * number - 2, 1)
        after = dt.date(in_year + 1, 1, 1) if number == 4 else dt.date(in_year, 3 * number + 1, 1)
        return _iso(first, after - dt.timedelta(days=1))
    if words == "earlier this week":
        monday = published - dt.timedelta(days=published.weekday())
        return _iso(monday, published - dt.timedelta(days=1))
    if match := re.fullmatch(r"the (\d{1,2})(?:st|nd|rd|th)", words):
        return _iso(published.replace(day=int(match.group(1))))
    if words in ("new year's eve", "lunar new year's eve"):
        return _iso(NEW_YEARS_EVE[year])
    if words == "the lantern festival":
        return _iso(LANTERN_FESTIVAL[year])
    if words in ("this year's spring festival holiday", "the spring festival holiday"):
        return _iso(*SPRING_FESTIVAL_HOLIDAY[year])
    interval = re.fullmatch(r"(?:between|from) (.+?) (?:and|to) (.+)", words)
    if interval:
        ends = [_resolve(end, "", published) for end in interval.groups()]
        if all(end is not None and len(end) == len("2026-02-06") for end in ends):
            return f"{ends[0]}/{ends[1]}"
    if words in ("the prior day", "a day earlier"):
        # The day before the date the same sentence gives, which the quote must carry.
        remainder = quote.replace(when, " ")
        for candidate in SENTENCE_DAY.findall(remainder):
            found = _resolve(candidate, "", published)
            if found is not None:
                return _iso(dt.date.fromisoformat(found) - dt.timedelta(days=1))
    return None


@pytest.fixture(scope="module")
def bundled() -> dict[str, Any]:
    return _load(BUNDLED)


@pytest.fixture(scope="module")
def expected() -> dict[str, dict[str, Any]]:
    return {name: _load(EXPECTED / f"{name}.toml") for name in NAMES}


def test_the_corpus_has_at_least_ten_articles() -> None:
    assert len(NAMES) >= 10


def test_every_article_has_its_expected_file_and_back() -> None:
    articles, expected = _names(ARTICLES, ".txt"), _names(EXPECTED, ".toml")
    assert articles == expected, (
        f"articles without records: {sorted(articles - expected)}; "
        f"records without an article: {sorted(expected - articles)}"
    )
    numbers = [NAME.match(name) for name in NAMES]
    assert all(numbers), [name for name, match in zip(NAMES, numbers, strict=True) if not match]
    assert [int(match.group(1)) for match in numbers if match] == list(range(1, len(NAMES) + 1))


@pytest.mark.parametrize("name", NAMES)
def test_article_is_headline_banner_and_one_paragraph_a_line(name: str) -> None:
    raw = (ARTICLES / f"{name}.txt").read_bytes()
    text = raw.decode("utf-8")
    assert text.endswith("\n") and not text.endswith("\n\n")
    lines = text[:-1].split("\n")
    assert len(lines) >= 4
    assert lines[0].strip() == lines[0] and lines[0]
    assert BANNER.match(lines[1]), lines[1]
    assert all(line.strip() and line == line.rstrip() for line in lines), "a blank or padded line"
    assert "\r" not in text and "\t" not in text


@pytest.mark.parametrize("name", NAMES)
def test_expected_file_names_its_article_once(
    name: str, expected: dict[str, dict[str, Any]]
) -> None:
    document = expected[name]
    (source,) = document["sources"]
    headline = (ARTICLES / f"{name}.txt").read_text(encoding="utf-8").split("\n", 1)[0]
    assert source["file"] == f"articles/{name}.txt"
    assert source["title"] == headline
    assert source["publisher"].strip()
    assert FIRST_PUBLISHED <= _published(document) <= LAST_PUBLISHED
    for table, record in _records(document):
        if table != "sources":
            assert record.get("source", source["id"]) == source["id"], (table, record.get("id"))


@pytest.mark.parametrize("name", NAMES)
def test_every_quote_and_context_is_the_articles_own_words(
    name: str, expected: dict[str, dict[str, Any]]
) -> None:
    article = _squeeze((ARTICLES / f"{name}.txt").read_text(encoding="utf-8"))
    missing = [
        (table, record.get("id", record.get("alias")), span)
        for table, record in _records(expected[name])
        if table != "sources"
        for span in _spans(record)
        if _squeeze(span) not in article
    ]
    assert not missing


def test_ids_are_unique_across_the_base_and_the_corpus(
    bundled: dict[str, Any], expected: dict[str, dict[str, Any]]
) -> None:
    seen: dict[str, str] = {}
    documents = [("facts.toml", bundled), *expected.items()]
    for where, document in documents:
        for table, record in _records(document):
            if table == "aliases":
                continue
            ident = record["id"]
            assert ID.match(ident), (where, ident)
            assert ident not in seen, f"{ident} in {where} and {seen[ident]}"
            seen[ident] = where


def test_references_point_to_records_already_known(
    bundled: dict[str, Any], expected: dict[str, dict[str, Any]]
) -> None:
    known: dict[str, dict[str, dict[str, Any]]] = {table: {} for table in FACT_TABLES}

    def learn(document: dict[str, Any]) -> None:
        for table, record in _records(document):
            if table in known:
                known[table][record["id"]] = record

    learn(bundled)
    for name in NAMES:
        document = expected[name]
        learn(document)  # a record may name another the same article introduces
        for table, record in _records(document):
            where = (name, table, record.get("id", record.get("alias")))
            if table == "aliases":
                kind, _, target = record["record"].partition(":")
                assert target in known[ALIAS_KINDS[kind]], where
                assert record["alias"] in record["quote"], where
                continue
            for field, pool in (("app", "apps"), ("company", "companies"), ("person", "people")):
                if field in record:
                    assert record[field] in known[pool], (where, field)
            for field in ("measured_by", "reported_via"):
                if field in record:
                    assert record[field] in known["companies"], (where, field)
            for company in record.get("companies", []):
                assert company in known["companies"], where
            if "same_as" in record:
                assert record["same_as"] in known[table], (where, "same_as")
                assert record["same_as"] not in {r.get("id") for _, r in _records(document)}, where
            for earlier in record.get("after", []):
                assert earlier in known["events"], (where, "after")


@pytest.mark.parametrize("name", NAMES)
def test_new_players_are_quoted_by_name(name: str, expected: dict[str, dict[str, Any]]) -> None:
    for table in ("companies", "apps", "people"):
        for record in expected[name].get(table, []):
            assert record["name"] in record["quote"], (table, record["id"])


@pytest.mark.parametrize("name", NAMES)
def test_figures_name_one_player_and_a_known_measure(
    name: str, expected: dict[str, dict[str, Any]]
) -> None:
    for figure in expected[name].get("figures", []):
        who = [field for field in ("app", "company", "companies") if field in figure]
        assert len(who) == 1, (figure["id"], who)
        assert figure["metric"] in METRICS, figure["id"]
        assert figure.get("bound", "exact") in BOUNDS, figure["id"]
        value, unit = figure["value"], figure["unit"]
        if isinstance(value, str):
            assert unit == "percent" and re.fullmatch(r"\d+\.\d+", value), figure["id"]
        else:
            assert isinstance(value, int) and not isinstance(value, bool) and value > 0
        assert unit in ("users", "percent", "count") or CURRENCY.match(unit), figure["id"]
        if "date" in figure:
            assert figure.get("when"), figure["id"]


@pytest.mark.parametrize("name", NAMES)
def test_campaigns_name_their_owner_and_spend_once_per_currency(
    name: str, bundled: dict[str, Any], expected: dict[str, dict[str, Any]]
) -> None:
    apps = {
        app["id"]: app
        for document in (bundled, *expected.values())
        for app in document.get("apps", [])
    }
    for campaign in expected[name].get("campaigns", []):
        assert "companies" not in campaign, campaign["id"]
        assert "app" in campaign or "company" in campaign, campaign["id"]
        if "app" in campaign and "company" in campaign:
            assert apps[campaign["app"]]["company"] == campaign["company"], campaign["id"]
        amounts = campaign.get("amounts", [])
        currencies = [amount["currency"] for amount in amounts]
        assert len(currencies) == len(set(currencies)), campaign["id"]
        for amount in amounts:
            assert CURRENCY.match(amount["currency"]), campaign["id"]
            assert isinstance(amount["value"], int) and amount["value"] > 0, campaign["id"]
            assert amount.get("bound", "exact") in BOUNDS, campaign["id"]


@pytest.mark.parametrize("name", NAMES)
def test_dates_are_iso_and_follow_the_table(name: str, expected: dict[str, dict[str, Any]]) -> None:
    document = expected[name]
    published = _published(document)
    for table, record in _records(document):
        for field, when, date in _date_fields(table, record):
            where = (table, record["id"], field)
            if date is None:
                continue
            parts = date.split("/")
            assert len(parts) <= 2 and all(DATE.match(part) for part in parts), where
            for part in parts:  # a real day, month or year
                dt.date.fromisoformat({4: f"{part}-01-01", 7: f"{part}-01"}.get(len(part), part))
            resolved = _resolve(when, record["quote"], published)
            if resolved is None:
                inferred = record.get("inferred", {})
                assert field in inferred or (field == "date" and "date" in inferred), (
                    f"{where}: no rule reads {when!r}; say how the date was found in `inferred`"
                )
            else:
                assert date == resolved, (where, when, date, resolved)
