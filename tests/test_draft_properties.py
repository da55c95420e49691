"""Property-based tests of drafting: any text, however it is written, is drafted without a
crash; every quote and context span is a verbatim span of the text; the TOML reads back and,
appended to an empty knowledge file, validates; the JSON reads back.

The texts are made of the wordings the reading rules look for (fictional names, figures,
amounts, roles, time expressions, quotations), joined by punctuation, line breaks, control
characters and arbitrary text, so that the rules fire on odd neighbours. The counterexamples
they found are kept below as plain tests, so that they are tried on every run."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
import tomli
from hypothesis import given, settings
from hypothesis import strategies as st

from aicompete.knowledge.loading import load_knowledge
from aicompete.knowledge.models import KnowledgeBase
from aicompete.knowledge.validation import validate
from aicompete.listings.draft import build
from aicompete.output.draft import draft_to_json, draft_to_toml
from aicompete.proof import drafting
from aicompete.proof.text import squeeze
from tests import fictional

FRAGMENTS = [
    "Brightfield's Lumo",
    "Northwind\u2019s Kestrel",
    "Harbor's Tidal",
    "recorded a peak of",
    "125 million DAUs",
    "daily active users of 81.2 million",
    "at 60 million",
    "$600 million",
    "RMB 2 billion",
    "1 billion yuan ($140 million)",
    "more than 3 billion yuan",
    '"Lantern Rush" campaign',
    "spent",
    "on advertising to reach users",
    "Brightfield CEO Ann Vale",
    "Omar Reyes, head of growth for Tidal",
    "said",
    "he added",
    "according to analytics firm Metrica",
    fictional.CHARTWELL,
    "on Monday",
    "late Thursday",
    "Feb 4",
    "earlier this week",
    "the Spring Festival holiday",
    "roughly half that of Lumo",
    "Brightfield's Lumo recorded a peak of 118 million DAUs during the Spring Festival "
    "holiday, according to analytics firm Chartwell.",
    'Quill\'s Nib launched a RMB 2 billion "Lantern Rush" campaign to win users.',
    "Harbor founder Omar Reyes said on Monday that Harbor's Tidal grew.",
    '"We will win the holiday race, and soon,"',
    "Group",
    "2025",
    "40%",
    ".",
    ",",
    "'s",
    "\n",
    '"',
    "\u201c",
    "\x1b[2J",
    "\x9b",
    "\u202e",
    "\x00",
    "\t",
]
TEXTS = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)), max_size=30).map(
    " ".join
)
SETTINGS = settings(max_examples=150, deadline=None)


@pytest.fixture(scope="module")
def knowledge_bases(tmp_path_factory: pytest.TempPathFactory) -> list[KnowledgeBase]:
    """An empty knowledge base, and the fictional one whose names the texts use."""
    folder: Path = tmp_path_factory.mktemp("fictional")
    return [KnowledgeBase(), load_knowledge(fictional.write(folder))]


def _draft(knowledge: KnowledgeBase, text: str) -> tuple[drafting.Draft, list[dict[str, Any]]]:
    found = {
        "id": "fictional-draft",
        "title": "A fictional article",
        "file": "article.txt",
        "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
    }
    source, new = drafting.article_source(knowledge, found, {"publisher": "Fictional Press"})
    made = drafting.draft(knowledge, source, text, new_source=new)
    return made, build(knowledge, made)


@SETTINGS
@given(TEXTS, st.booleans())
def test_any_text_is_drafted_with_verbatim_quotes(
    knowledge_bases: list[KnowledgeBase], text: str, known: bool
) -> None:
    made, items = _draft(knowledge_bases[known], text)
    squeezed = squeeze(text)
    for candidate in made.candidates:
        spans = [candidate.values["quote"], *candidate.values.get("context", ())]
        for span in spans:
            assert span in text
            assert squeeze(span) in squeezed
        assert set(candidate.statuses) == set(candidate.reasons)
    assert json.loads(draft_to_json(items)) == json.loads(json.dumps(items))


@SETTINGS
@given(TEXTS)
def test_any_draft_appends_cleanly_to_an_empty_knowledge_file(text: str) -> None:
    _assert_appends_cleanly(_draft(KnowledgeBase(), text)[1])


def _assert_appends_cleanly(items: list[dict[str, Any]]) -> None:
    toml = draft_to_toml(items, "article.txt")
    document = tomli.loads(toml)
    knowledge, problems = validate(toml, document)
    assert problems == [], problems
    assert knowledge is not None
    written = {(kind, record["id"]) for kind, records in document.items() for record in records}
    new = {(item["kind"], item["id"]) for item in items if item["draft"] == "new"}
    tables = {"source": "sources", "company": "companies", "person": "people", "dau": "dau"}
    assert written == {(tables.get(kind, kind + "s"), record_id) for kind, record_id in new}


def _new_names(items: list[dict[str, Any]]) -> set[tuple[str, str, str]]:
    return {
        (item["kind"], item["id"], item["record"]["name"])
        for item in items
        if item["kind"] in ("company", "app") and item["draft"] != "known"
    }


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # "Þ" is a capital letter, so the first app is "Lumo Þ", whose id is "lumo": the
        # second "Lumo" is what that app is called, not a new app.
        (
            "125 million DAUs Brightfield's Lumo \u00de Brightfield's Lumo",
            {
                ("company", "daus-brightfield", "DAUs Brightfield"),
                ("company", "brightfield", "Brightfield"),
                ("app", "lumo", "Lumo \u00de"),
            },
        ),
        # A record's id is one of its names: the company drafted after the app "Lumo" may not
        # take the id "lumo".
        (
            "Brightfield's Lumo and Lumo \u00de's Kestrel.",
            {
                ("company", "brightfield", "Brightfield"),
                ("company", "lumo-2", "Lumo \u00de"),
                ("app", "lumo", "Lumo"),
                ("app", "kestrel", "Kestrel"),
            },
        ),
        (
            "\u00c6 Brightfield's Lumo, Brightfield's Lumo.",
            {("company", "brightfield", "\u00c6 Brightfield"), ("app", "lumo", "Lumo")},
        ),
        # Names are compared case-folded.
        (
            "Brightfield's Lumo. BRIGHTFIELD's LUMO.",
            {("company", "brightfield", "Brightfield"), ("app", "lumo", "Lumo")},
        ),
    ],
)
def test_a_drafted_record_never_takes_a_name_an_earlier_one_is_called(
    text: str, names: set[tuple[str, str, str]]
) -> None:
    _, items = _draft(KnowledgeBase(), text)
    assert _new_names(items) == names
    _assert_appends_cleanly(items)


def test_a_name_of_the_knowledge_base_in_another_case_is_its_record(
    knowledge_bases: list[KnowledgeBase],
) -> None:
    _, items = _draft(knowledge_bases[True], "Brightfield's LUMO grew.")
    assert _new_names(items) == set()
    assert ("app", "lumo", "known") in {(item["kind"], item["id"], item["draft"]) for item in items}


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_a_toml_value_reads_back_exactly_and_prints_nothing_unsafe(text: str) -> None:
    from aicompete.output.escaping import clean
    from aicompete.output.toml import value

    written = value(text)
    assert tomli.loads(f"k = {written}")["k"] == text
    # Every character a terminal could act on, or that prints as nothing, is an escape.
    assert clean(written) == written
