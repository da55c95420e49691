"""The benchmark's synthetic knowledge files are valid, sourced and sized as asked."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from aicompete.knowledge.kinds import FACT_KINDS
from aicompete.knowledge.loading import load_knowledge
from aicompete.knowledge.models import KnowledgeBase
from benchmarks import generate_facts
from benchmarks.generate_facts import FACTS_PER_ARTICLE, figure, generate
from tests.conftest import ROOT, Run, json_output


def _generated(tmp_path: Path, count: int) -> tuple[Path, KnowledgeBase]:
    path = tmp_path / f"facts-{count}.toml"
    generate(count, path)
    return path, load_knowledge(path)


@pytest.mark.parametrize("count", [0, 1, FACTS_PER_ARTICLE - 1, FACTS_PER_ARTICLE, 250])
def test_file_validates_with_exactly_the_facts_asked_for(tmp_path: Path, count: int) -> None:
    _, knowledge = _generated(tmp_path, count)
    assert sum(len(getattr(knowledge, kind.table)) for kind in FACT_KINDS) == count
    assert len(knowledge.sources) == -(-count // FACTS_PER_ARTICLE)


def test_proportions_follow_the_bundled_file(tmp_path: Path) -> None:
    _, knowledge = _generated(tmp_path, 10 * FACTS_PER_ARTICLE)
    counts = {kind.table: len(getattr(knowledge, kind.table)) for kind in FACT_KINDS}
    assert counts == {
        "companies": 50,
        "apps": 40,
        "people": 60,
        "dau": 40,
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
    for dau in knowledge.dau:
        assert re.search(rf"\b{re.escape(figure(dau.value))} DAUs", dau.quote)
    stated = 0
    for campaign in knowledge.campaigns:
        amounts = {money.currency: money.value for money in campaign.amounts}
        if "CNY" in amounts:
            assert f"{figure(amounts['CNY'])} yuan" in campaign.quote
        if "USD" in amounts:
            assert f"(${figure(amounts['USD'])})" in campaign.quote
            stated += 1
    assert stated == 2
    for event in knowledge.events:
        for value in (event.figures or {}).values():
            assert figure(value) in event.quote
        assert event.when is None or event.when in event.quote
    for dau in knowledge.dau:
        assert dau.reported_comparison is None or dau.reported_comparison in dau.quote
    for campaign in knowledge.campaigns:
        assert campaign.name is None or campaign.name in campaign.quote


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
    second, _ = _generated(tmp_path / "b", 120)
    assert first.read_bytes() == second.read_bytes()
    articles = sorted(first.with_suffix(".sources").iterdir())
    assert [path.name for path in articles] == [
        "article-00000.txt",
        "article-00001.txt",
        "article-00002.txt",
    ]


def test_validate_and_verify_pass_on_a_generated_file(run: Run, tmp_path: Path) -> None:
    path, _ = _generated(tmp_path, 3 * FACTS_PER_ARTICLE)
    assert run("validate", str(path), "--json").stdout == "[]\n"
    checks = json_output(run, "--facts", str(path), "verify")
    assert len(checks) == 3 * FACTS_PER_ARTICLE
    assert all(check["ok"] for check in checks)


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
