"""lookup: the words a person types find the fact they mean, best match first."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aicompete.knowledge import search_index
from aicompete.knowledge.catalog import Catalog
from aicompete.knowledge.kinds import FACT_KINDS
from aicompete.knowledge.loading import load_knowledge
from aicompete.knowledge.search import (
    EXACT,
    LOOSE,
    PHRASE,
    PREFIX_PHRASE,
    EmptyQuery,
    Query,
    score,
    searchable,
)
from aicompete.listings.lookup import build as lookup
from tests.conftest import BUNDLED, Run, assert_golden, json_output

KNOWLEDGE = load_knowledge(BUNDLED)
CATALOG = Catalog(KNOWLEDGE)
INDEX = search_index.build(KNOWLEDGE)

FACT_KIND_NAMES = {kind.name for kind in FACT_KINDS}


def _hits(run: Run, *query: str) -> list[dict[str, Any]]:
    return json_output(run, "lookup", *query)


@pytest.mark.parametrize(
    ("query", "kind", "record_id"),
    [
        (["lin junyang"], "person", "lin-junyang"),
        (["Lin", "Junyang"], "person", "lin-junyang"),
        (["linjunyang"], "person", "lin-junyang"),
        (["post-training"], "person", "yu-bowen"),
        (["post training"], "person", "yu-bowen"),
        (["tongyi"], "event", "zhou-continues-tongyi-lab"),
        (["red packet"], "campaign", "yuanbao-cash-red-packets"),
        (["questmobile"], "company", "questmobile"),
        (["QuestMobile"], "company", "questmobile"),
        (["yu bowen"], "person", "yu-bowen"),
        (["alibaba group"], "company", "alibaba"),
        (["alibaba's"], "company", "alibaba"),
        (["doubao"], "app", "doubao"),
        (["qwen3-max"], "event", "lin-led-qwen3-max"),
        (["p10"], "event", "lin-born-1993-p10"),
        (["spring festival treat"], "campaign", "qwen-spring-festival-treat"),
    ],
)
def test_each_query_finds_what_it_should_first(
    run: Run, query: list[str], kind: str, record_id: str
) -> None:
    first = _hits(run, *query)[0]
    assert (first["kind"], first["id"], first["rank"]) == (kind, record_id, 1)


def test_red_packet_finds_the_campaign_and_cao_leis_remarks_only(run: Run) -> None:
    assert [(h["kind"], h["id"]) for h in _hits(run, "red", "packet")] == [
        ("campaign", "yuanbao-cash-red-packets"),
        ("event", "cao-red-packet-war"),
        ("event", "cao-wechat-red-packets"),
    ]


def test_an_exact_name_ranks_before_a_word_in_a_quote(run: Run) -> None:
    hits = _hits(run, "lin junyang")
    assert [h["id"] for h in hits] == [
        "lin-junyang",  # the name itself
        "wu-internal-email",  # the words in its summary
        "lin-announces-departure",  # events about him, in file order
        "lin-born-1993-p10",
        "lin-led-qwen3-max",
        "lin-guided-qwen3-5",
    ]
    assert [h["match"] for h in hits[:3]] == ["name", "summary", "person"]
    scores = [h["score"] for h in hits]
    assert scores == sorted(scores, reverse=True)
    assert scores[0] == 4 * EXACT


def test_a_name_ranks_above_records_that_only_quote_it(run: Run) -> None:
    hits = _hits(run, "tencent")
    assert (hits[0]["kind"], hits[0]["id"], hits[0]["match"]) == ("company", "tencent", "name")
    quoted = [h for h in hits if h["match"] == "quote"]
    assert quoted
    assert all(h["score"] < hits[0]["score"] for h in quoted)


def test_each_hit_says_kind_id_summary_and_quote(run: Run) -> None:
    (hit,) = _hits(run, "tongyi")
    assert hit == {
        "rank": 1,
        "kind": "event",
        "id": "zhou-continues-tongyi-lab",
        "company_id": "alibaba",
        "app_id": None,
        "category": "leadership",
        "summary": "Zhou Jingren: Would continue to lead the Tongyi Lab",
        "match": "summary",
        "score": 2 * PHRASE,
        "sources_agreeing": 1,
        "conflicts_with": [],
        "source": "chinadaily-qwen",
        "quote": "According to the e-mail, Alibaba Cloud's chief technology officer Zhou Jingren "
        "would continue to lead the Tongyi Lab.",
    }


def test_summaries_carry_exact_figures(run: Run) -> None:
    by_id = {h["id"]: h for h in _hits(run, "yuanbao")}
    assert by_id["yuanbao-spring-festival-peak"]["summary"] == (
        "Yuanbao (Tencent): 40,540,000 peak DAU, this year's Spring Festival holiday"
    )
    assert by_id["yuanbao-cash-red-packets"]["summary"] == (
        "Yuanbao (Tencent): Cash red packets, 1,000,000,000 CNY / 145,000,000 USD"
    )
    gala = _hits(run, "gala")[0]
    assert gala["summary"].endswith("amount unknown")


def test_no_match_is_an_empty_array_in_json(run: Run) -> None:
    result = run("lookup", "xylophone", "--json")
    assert result.exit_code == 0
    assert result.stdout == "[]\n"


def test_no_match_is_one_line_in_a_table(run: Run) -> None:
    result = run("lookup", "xylophone")
    assert result.exit_code == 0
    assert result.stdout == "no match for 'xylophone'\n"


def test_a_query_without_letters_is_a_usage_error(run: Run) -> None:
    result = run("lookup", "--", "--- ...")
    assert result.exit_code == 2
    assert "nothing to search for" in result.stderr


def test_table_matches_golden_file(run: Run) -> None:
    result = run("lookup", "lin", "junyang")
    assert result.exit_code == 0
    assert "\x1b" not in result.stdout
    assert_golden("lookup.txt", result.stdout)


def test_matched_words_are_highlighted_on_a_colour_terminal(run: Run) -> None:
    coloured = run("lookup", "tongyi", env={"FORCE_COLOR": "1"}).stdout
    plain = run("lookup", "tongyi").stdout
    assert "\x1b[1;33mTongyi\x1b[0m" in coloured
    assert "\x1b" not in plain
    assert "Tongyi" in plain


def test_fields_and_formats_apply(run: Run) -> None:
    result = run("lookup", "questmobile", "--fields", "kind,id", "--format", "csv")
    lines = result.stdout.splitlines()
    assert lines[:2] == ["kind,id", "company,questmobile"]
    assert len(lines) == 1 + len(_hits(run, "questmobile"))


@pytest.mark.parametrize(
    ("query", "text", "strength"),
    [
        ("Lin Junyang", "Lin Junyang", EXACT),
        ("red packet", 'the AI "red packet war"', PHRASE),
        ("red packet", "Cash red packets", PHRASE),
        ("tong", "the Tongyi Lab", PREFIX_PHRASE),
        ("junyang lin", "Lin Junyang", LOOSE),
        ("linjunyang", "Lin Junyang", LOOSE),
        ("mobile", "QuestMobile", LOOSE),
        ("tencent", "Alibaba", 0),
        ("s", "stepping up efforts", 0),
    ],
)
def test_match_strength(query: str, text: str, strength: int) -> None:
    assert Query.parse(query).strength(text) == strength


def test_spans_cover_the_matched_words() -> None:
    text = "Lin Junyang's red packets (QuestMobile), Alibaba\u2019s"
    spans = Query.parse("junyang red packet alibaba").spans(text)
    # Matched words that only spaces or punctuation separate are one span.
    assert [text[start:end] for start, end in spans] == ["Junyang's red packets", "Alibaba\u2019s"]
    # Letters typed run together are found across the space between two words.
    text = "Says Lin Junyang"
    spans = Query.parse("linjunyang").spans(text)
    assert [text[start:end] for start, end in spans] == ["Lin Junyang"]


@given(st.text(max_size=30))
def test_any_query_either_ranks_hits_or_is_refused(text: str) -> None:
    """Every record that matches is listed once; best score first, then the most places that
    match, then the order of the knowledge file: the index gives what scoring every record
    gives."""
    try:
        listing = lookup(INDEX, text)
    except EmptyQuery:
        assert not re.search(r"[^\W_]", text)
        return
    query = Query.parse(text)
    matching = [
        (entry, hit)
        for entry in CATALOG.entries
        if entry.kind in FACT_KIND_NAMES
        and (hit := score(searchable(CATALOG, entry), query)) is not None
    ]
    expected = sorted(
        enumerate(matching), key=lambda item: (-item[1][1].score, -item[1][1].total, item[0])
    )
    assert [(row["kind"], row["id"], row["score"]) for row in listing.rows] == [
        (entry.kind, entry.id, hit.score) for _, (entry, hit) in expected
    ]


def test_a_long_repetitive_quote_is_highlighted_in_few_spans() -> None:
    text = "red packet, " * 100_000 + "the end"
    spans = Query.parse("red packet").spans(text)
    assert spans == [(0, len("red packet, " * 100_000) - 2)]
    assert Query.parse("dpack").spans("red packet " * 3) == [(2, 8), (13, 19), (24, 30)]


@given(st.text(max_size=60), st.text(min_size=1, max_size=12))
def test_spans_lie_inside_the_text(text: str, query: str) -> None:
    try:
        parsed = Query.parse(query)
    except EmptyQuery:
        return
    for start, end in parsed.spans(text):
        assert 0 <= start < end <= len(text)
