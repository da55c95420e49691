"""`aicompete draft` on the corpus of real reporting: the targets of the corpus benchmark hold
and BENCHMARKS.md shows its table; a draft appended as printed to a base of one's own validates
and verifies, and lists no invented company, no amount a sentence denies, no cap as a budget."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import tomli

from aicompete.knowledge.bundled import init_base
from benchmarks import draft_corpus
from tests.conftest import ROOT, Run, json_output
from tests.corpus_base import ARTICLES, expected


def test_corpus_targets_hold_and_benchmarks_md_is_current() -> None:
    result = draft_corpus.measure(draft_corpus.draft_corpus())
    assert result.invented == []
    assert result.scores["figure"].recall >= draft_corpus.FIGURE_RECALL_TARGET
    for score in result.scores.values():
        assert score.precision >= draft_corpus.PRECISION_TARGET, (score.kind, score.wrong)
    assert result.holds
    document = (ROOT / "BENCHMARKS.md").read_text(encoding="utf-8")
    start = document.index(draft_corpus.START) + len(draft_corpus.START)
    assert document[start : document.index(draft_corpus.END)] == "\n" + draft_corpus.report(result)


def _article(number: str) -> Path:
    return next(article for article in ARTICLES if article.name.startswith(number))


@pytest.mark.parametrize("number", ["03", "06", "07", "09", "10"])
def test_a_draft_appended_as_printed_to_a_base_of_one_s_own_verifies(
    run: Run, tmp_path: Path, number: str
) -> None:
    init_base(tmp_path)
    facts = tmp_path / "facts.toml"
    article = _article(number)
    (tmp_path / "articles").mkdir()
    shutil.copyfile(article, tmp_path / "articles" / article.name)
    (source,) = tomli.loads(expected(article).read_text(encoding="utf-8"))["sources"]
    draft = run(
        "--facts",
        str(facts),
        "draft",
        str(tmp_path / "articles" / article.name),
        "--publisher",
        source["publisher"],
        "--published",
        source["published"],
    )
    assert draft.exit_code == 0, draft.output
    with facts.open("a", encoding="utf-8") as file:
        file.write("\n" + draft.stdout)
    assert run("validate", str(facts)).exit_code == 0
    verified = run("--facts", str(facts), "verify")
    assert verified.exit_code == 0, verified.output
    _nothing_invented(run, facts, article)


def _nothing_invented(run: Run, facts: Path, article: Path) -> None:
    """Every company the listings show is the bundled file's or one the curator files for
    the article; no campaign holds an amount its sentence denies or a cap per unit."""
    filed = tomli.loads(expected(article).read_text(encoding="utf-8"))
    bundled = tomli.loads((ROOT / "facts.toml").read_text(encoding="utf-8"))
    names = {
        record["name"]
        for document in (filed, bundled)
        for table in ("companies", "apps")
        for record in document.get(table, [])
    }
    appended = tomli.loads(facts.read_text(encoding="utf-8"))
    companies: dict[str, Any] = {
        record["id"]: record["name"]
        for table in ("companies", "apps")
        for record in appended.get(table, [])
    }
    assert set(companies.values()) <= names
    for listing in ("dau", "figures", "campaigns"):
        for row in json_output(run, "--facts", str(facts), listing):
            company = row.get("company_id")
            assert company is None or company in companies, (listing, row)
    caps = {8_888, 10_000}
    for row in json_output(run, "--facts", str(facts), "campaigns"):
        values = {amount["value"] for amount in row.get("amounts") or []}
        assert not values & caps, row
    for row in json_output(run, "--facts", str(facts), "figures"):
        assert row["value"] not in caps, row
