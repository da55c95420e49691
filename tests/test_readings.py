"""The readings of real reporting, one by one: money and numbers as news writes them, caps,
measurers and relays, comparisons and campaign names, and the times the corpus uses."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

from aicompete.proof.clauses import campaign_names, comparisons
from aicompete.proof.entities import described_companies, is_no_entity
from aicompete.proof.measurers import is_measurer, is_relay
from aicompete.proof.numbers import is_cap, read_numbers
from aicompete.proof.text import find_phrase
from aicompete.proof.times import find, interval_ends, readings, resolve_in


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("three billion yuan (S$562 million)", [(3_000_000_000, "CNY"), (562_000_000, "SGD")]),
        (
            "a 500-million-yuan pool (about NT$2.3 billion)",
            [(500_000_000, "CNY"), (2_300_000_000, "TWD")],
        ),
        (
            "worth 3 billion yuan (about 630 billion won)",
            [(3_000_000_000, "CNY"), (630_000_000_000, "KRW")],
        ),
        (
            "Tencent's one-billion-yuan holiday pool, about HK$1.1 billion",
            [(1_000_000_000, "CNY"), (1_100_000_000, "HKD")],
        ),
        ('a cash giveaway branded "share 1 billion yuan"', [(1_000_000_000, "CNY")]),
        ("1.541 billion RMB", [(1_541_000_000, "CNY")]),
        ("US$72 million and about $437 million", [(72_000_000, "USD"), (437_000_000, "USD")]),
        ("roughly 370 million euros", [(370_000_000, "EUR")]),
        ("44.5 percent and 23.5%", [(Fraction("44.5"), "percent"), (Fraction("23.5"), "percent")]),
        ("Doubao won the race over three years", []),
    ],
)
def test_numbers_and_money_as_news_writes_them(text: str, read: list[tuple[object, str]]) -> None:
    assert [(number.value, number.currency) for number in read_numbers(text)] == read


def test_bounds_read_before_the_number() -> None:
    text = "passed 100 million, less than 10 million, up to 1 billion yuan, close to 150 million"
    assert [number.qualifier for number in read_numbers(text)] == [
        "more_than",
        "less_than",
        "up_to",
        "about",
    ]


@pytest.mark.parametrize(
    ("text", "capped"),
    [
        ("red packets of up to 10,000 yuan each", True),
        ("red packets of up to 8,888 yuan during the show", True),
        ("Individual draws paid up to 10,000 yuan.", True),
        ("gave away up to 1 billion yuan in cash", False),
    ],
)
def test_a_cap_per_unit_is_no_amount(text: str, capped: bool) -> None:
    (number,) = read_numbers(text)
    assert is_cap(text, number) is capped


@pytest.mark.parametrize(
    ("text", "name", "measures", "relays"),
    [
        ("Users sent it 1.9 billion queries on Feb 16, ByteDance said.", "ByteDance", True, False),
        ("By AppGrowing's count, ad spend rose", "AppGrowing", True, False),
        ("the weakest high in AICPB.com's sample", "AICPB.com", True, False),
        ("AICPB.com data showed Doubao passing", "AICPB.com", True, False),
        ("according to data by AICPB.com, as reported by 36kr.", "36kr", False, True),
        (
            "According to Chinese tech outlet 36kr, which cited QuestMobile figures",
            "36kr",
            False,
            True,
        ),
    ],
)
def test_measurers_and_relays(text: str, name: str, measures: bool, relays: bool) -> None:
    (mention,) = find_phrase(text, name)
    assert (is_measurer(text, mention), is_relay(text, mention)) == (measures, relays)


def test_comparisons_and_campaign_names_as_news_writes_them() -> None:
    assert [m.name for m in comparisons("a one-day gain of roughly 728 percent")] == [
        "a one-day gain of roughly 728 percent"
    ]
    assert [
        m.name for m in comparisons("Doubao, having roughly quadrupled since early February,")
    ] == ["having roughly quadrupled since early February"]
    assert [m.name for m in campaign_names('a giveaway branded "share 1 billion yuan" and')] == [
        "share 1 billion yuan"
    ]
    assert [m.name for m in campaign_names("for what it called a Spring Festival treat, and")] == [
        "Spring Festival treat"
    ]
    assert campaign_names("a man called Ma said") == []


def test_no_entity_and_descriptors() -> None:
    for name in ("Wednesday", "February", "New Year", "Lunar New Year", "Chinese", "China"):
        assert is_no_entity(name), name
    found = {
        name.name: described.name
        for name, described in described_companies(
            "according to Chinese tech outlet 36kr and advertising tracker AppGrowing, "
            "the standalone app of Hangzhou start-up DeepSeek"
        )
    }
    assert found == {
        "36kr": "Chinese tech outlet",
        "AppGrowing": "advertising tracker",
        "DeepSeek": "Hangzhou start-up",
    }


def test_times_of_the_corpus() -> None:
    published = date(2026, 3, 14)
    said = {
        expression.text: resolution.span.text if resolution.span else None
        for expression, resolution in resolve_in(
            "between Feb 6 and Feb 12 users asked; they put February monthly active users; on "
            "the night of the gala; by the end of that first day; over the 11 days of its "
            "free-order event",
            published,
        )
    }
    assert said == {
        "between Feb 6 and Feb 12": "2026-02-06/2026-02-12",
        "February": "2026-02",
        "the night of the gala": None,
        "that first day": None,
        "the 11 days of its free-order event": None,
    }
    assert [m.text for m in find("Users march on. March with us.")] == []
    assert readings("by Feb 21") == ("by Feb 21", "Feb 21")
    ends = interval_ends("from Jan 26 to Mar 12", published)
    assert ends is not None
    (start, first), (end, last) = ends
    assert (start, first and first.text, end, last and last.text) == (
        "Jan 26",
        "2026-01-26",
        "Mar 12",
        "2026-03-12",
    )
