"""The benchmark's synthetic knowledge files are valid, sourced and sized as asked."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from aicompete.knowledge.catalog import fold
from aicompete.knowledge.kinds import FACT_KINDS
from aicompete.knowledge.loading import load_knowledge
from aicompete.knowledge.models import KnowledgeBase
from benchmarks import generate_facts
from benchmarks.generate_facts import (
    FACTS_PER_ARTICLE,
    SEASONS,
    article_names,
    figure,
    generate,
)
from tests.conftest import ROOT, Run, json_output

# One article of each season: every kind of time the generator writes.
EVERY_SEASON = len(SEASONS) * FACTS_PER_ARTICLE


def _generated(tmp_path: Path, count: int) -> tuple[Path, KnowledgeBase]:
    path = tmp_path / f"facts-{count}.toml"
    generate(count, path)
    return path, load_knowledge(path)


def _facts(knowledge: KnowledgeBase) -> int:
    return sum(len(getattr(knowledge, kind.table)) for kind in FACT_KINDS)


@pytest.mark.parametrize("count", [0, 1, FACTS_PER_ARTICLE - 1, FACTS_PER_ARTICLE, 250])
def test_file_validates_with_exactly_the_facts_asked_for(tmp_path: Path, count: int) -> None:
    _, knowledge = _generated(tmp_path, count)
    assert _facts(knowledge) == count
    assert len(knowledge.sources) == -(-count // FACTS_PER_ARTICLE)
    named = {figure.metric for figure in knowledge.figures}
    of = {metric.of for metric in knowledge.metrics if metric.of}
    assert {metric.id for metric in knowledge.metrics} == named | of


def test_validate_and_verify_pass_on_a_generated_file(run: Run, tmp_path: Path) -> None:
    path, knowledge = _generated(tmp_path, EVERY_SEASON + 7)
    assert _facts(knowledge) == EVERY_SEASON + 7
    assert run("validate", str(path), "--json").stdout == "[]\n"
    checks = json_output(run, "--facts", str(path), "verify")
    assert len(checks) == EVERY_SEASON + 7
    failed = [check for check in checks if not check["ok"]]
    assert not failed, failed[:3]
    # Every time has its date, and verify proves both from the source's words, but for a
    # figure whose time only its context sentence gives: both inferred there.
    statuses = Counter(
        status
        for check in checks
        for field, status in check["fields"].items()
        if field in ("when", "date", "start", "end")
    )
    timed = sum(
        1 for kind in ("figures", "events") for fact in getattr(knowledge, kind) if fact.when
    )
    declared = sum(1 for figure in knowledge.figures if "when" in (figure.inferred or {}))
    assert declared
    assert statuses == {
        "proven": 2 * (timed - declared) + 2 * len(SEASONS),
        "inferred": 2 * declared,
    }


def test_figures_exercise_metrics_bounds_and_dates(tmp_path: Path) -> None:
    _, knowledge = _generated(tmp_path, EVERY_SEASON)
    seasons = len(SEASONS)
    assert Counter(figure.metric for figure in knowledge.figures) == {
        "peak-dau": 2 * seasons,
        "dau": seasons,
        "mau": seasons,
    }
    assert Counter(figure.bound for figure in knowledge.figures) == {
        "exact": 2 * seasons,
        "over": 2 * seasons,
    }
    assert all(figure.when and figure.date for figure in knowledge.figures)
    days = [figure.date for figure in knowledge.figures if figure.metric == "dau"]
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", day or "") for day in days)
    dated = [
        (campaign.start.date, campaign.end.date)
        for campaign in knowledge.campaigns
        if campaign.start and campaign.end
    ]
    assert len(dated) == seasons
    assert all(start and end and start < end for start, end in dated)
    published = {source.published for source in knowledge.sources}
    assert published == {day.isoformat() for _, day in SEASONS}


def test_proportions_follow_the_bundled_file(tmp_path: Path) -> None:
    _, knowledge = _generated(tmp_path, 10 * FACTS_PER_ARTICLE)
    counts = {kind.table: len(getattr(knowledge, kind.table)) for kind in FACT_KINDS}
    assert counts == {
        "companies": 50,
        "apps": 40,
        "people": 60,
        "figures": 40,
        "campaigns": 40,
        "rates": 0,
        "events": 170,
    }


def test_every_quote_is_a_verbatim_span_of_its_article(tmp_path: Path) -> None:
    path, knowledge = _generated(tmp_path, 3 * FACTS_PER_ARTICLE)
    texts = {
        source.id: (path.parent / source.file).read_text(encoding="utf-8")
        for source in knowledge.sources
    }
    for kind in FACT_KINDS:
        for fact in getattr(knowledge, kind.table):
            assert fact.quote in texts[fact.source], (kind.name, fact.id)
            for span in fact.context:
                assert span in texts[fact.source], (kind.name, fact.id)


def test_quotes_name_what_they_are_about(tmp_path: Path) -> None:
    _, knowledge = _generated(tmp_path, 2 * FACTS_PER_ARTICLE)
    for kind in ("companies", "apps", "people"):
        for item in getattr(knowledge, kind):
            assert item.name in item.quote, (kind, item.id)
    people = {person.id: person.name for person in knowledge.people}
    for event in knowledge.events:
        if event.person:
            assert people[event.person] in event.quote, event.id


def test_figures_are_written_as_the_article_writes_them(tmp_path: Path) -> None:
    _, knowledge = _generated(tmp_path, 2 * FACTS_PER_ARTICLE)
    words = {
        "peak-dau": "a peak of {} DAUs",
        "dau": "passed {} daily active users",
        "mau": "more than {} monthly active users",
    }
    for fact in knowledge.figures:
        assert isinstance(fact.value, int)
        assert words[fact.metric].format(figure(fact.value)) in fact.quote, fact.id
        assert fact.when is not None and fact.when in " ".join((fact.quote, *fact.context))
    stated = 0
    for campaign in knowledge.campaigns:
        amounts = {money.currency: money.value for money in campaign.amounts}
        if "CNY" in amounts:
            assert f"{figure(amounts['CNY'])} yuan" in campaign.quote
        if "USD" in amounts:
            assert f"(${figure(amounts['USD'])})" in campaign.quote
            stated += 1
        for time in (campaign.start, campaign.end):
            assert time is None or time.when in campaign.quote
    assert stated == 2
    for event in knowledge.events:
        for value in (event.figures or {}).values():
            assert figure(value) in event.quote
        assert event.when is None or event.when in event.quote
    for fact in knowledge.figures:
        assert fact.reported_comparison is None or fact.reported_comparison in fact.quote
    for campaign in knowledge.campaigns:
        assert campaign.name is None or campaign.name in campaign.quote


def test_names_stay_unique_in_a_file_of_a_million_facts() -> None:
    """Every name of the 25,000 articles a million facts take, checked without writing them:
    no company or app is called what another is, as `validate` compares names; no two people
    share a name; and no word of a person's name is a company's or an app's."""
    companies: list[str] = []
    apps: list[str] = []
    people: list[str] = []
    for number in range(-(-1_000_000 // FACTS_PER_ARTICLE)):
        names = article_names(number)
        companies += [*names.makers, names.analyst]
        apps += names.apps
        people += names.people
    assert (len(companies), len(apps), len(people)) == (125_000, 100_000, 150_000)
    called = Counter(fold(name) for name in companies + apps)
    assert max(called.values()) == 1, called.most_common(3)
    assert len(set(map(fold, people))) == len(people)
    person_words = {fold(word) for person in people for word in person.split()}
    assert person_words.isdisjoint(called)
    assert person_words.isdisjoint(fold(word) for name in companies + apps for word in name.split())


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (145_000_000, "145 million"),
        (73_520_000, "73.52 million"),
        (1_000_000_000, "1 billion"),
        (1_500_000_000, "1.5 billion"),
        (500_000_000, "500 million"),
        (1_000_000_000_000, "1 trillion"),
        (1993, "1993"),
    ],
)
def test_figure(value: int, text: str) -> None:
    assert figure(value) == text


def test_output_depends_only_on_the_count(tmp_path: Path) -> None:
    first, _ = _generated(tmp_path / "a", 120)
    generate_facts._RESOLVED.clear()
    second, _ = _generated(tmp_path / "b", 120)
    assert first.read_bytes() == second.read_bytes()
    articles = sorted(first.with_suffix(".sources").iterdir())
    assert [path.name for path in articles] == [
        "article-00000.txt",
        "article-00001.txt",
        "article-00002.txt",
    ]
    assert [path.read_bytes() for path in articles] == [
        path.read_bytes() for path in sorted(second.with_suffix(".sources").iterdir())
    ]


def test_without_an_output_the_file_goes_where_git_ignores_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").split()
    assert "benchmarks/.output/" in ignored
    assert generate_facts.DEFAULT_FOLDER == ROOT / "benchmarks" / ".output"
    monkeypatch.setattr(generate_facts, "DEFAULT_FOLDER", tmp_path / "output")
    generate_facts.main(["40"])
    written = tmp_path / "output" / "facts-40.toml"
    assert capsys.readouterr().out == f"{written}\n"
    assert written.is_file() and (tmp_path / "output" / "facts-40.sources").is_dir()
