"""Time expressions as news writes them, found whole, and resolved to dates by stated rules:
the seed article, the table of docs/knowledge-file.md, anchors, non-times, the year nearest
publication, the calendars' limits, and any text at all."""

from __future__ import annotations

import itertools
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aicompete.knowledge.dates import parse
from aicompete.proof.times import find, needs_published, resolve, resolve_in
from tests.fictional import ARTICLES

ROOT = Path(__file__).resolve().parent.parent
SEED = (ROOT / "seeds" / "000_ffdd459b55fbeb1b.txt").read_text(encoding="utf-8")
SEED_PUBLISHED = date(2026, 3, 7)
FICTIONAL = {
    source: (date.fromisoformat(published), "\n".join(sentences) + "\n")
    for source, (published, sentences) in ARTICLES.items()
}


def _resolved(text: str, published: date | None) -> list[tuple[str, str | None]]:
    return [
        (expression.text, resolution.span.text if resolution.span else None)
        for expression, resolution in resolve_in(text, published)
    ]


def test_the_seed_article_is_resolved() -> None:
    assert _resolved(SEED, SEED_PUBLISHED) == [
        ("Thursday", "2026-03-05"),
        ("Wednesday", "2026-03-04"),
        ("shortly afterward", None),
        ("1993", "1993"),
        ("later", None),
        ("late Thursday", "2026-03-05"),
        ("this year's Spring Festival holiday", "2026-02-15/2026-02-23"),
        ("Feb 4", "2026-02-04"),
        ("Earlier this week", "2026-03-02/2026-03-06"),
    ]
    reasons = {expression.text: resolution for expression, resolution in resolve_in(SEED, None)}
    assert reasons["shortly afterward"].reason == (
        "'shortly afterward' is relative to another event; no rule gives it a date"
    )


def test_the_seed_articles_rules_are_said_in_sentences() -> None:
    rules = {
        expression.text: resolution.rule
        for expression, resolution in resolve_in(SEED, SEED_PUBLISHED)
    }
    assert rules["Wednesday"] == (
        "the latest Wednesday on or before the source's publication (2026-03-07)"
    )
    assert rules["this year's Spring Festival holiday"] == (
        "the statutory Spring Festival holiday of 2026, as the State Council's notice sets it "
        "(China's holiday calendar)"
    )
    assert rules["Earlier this week"] == (
        "from the Monday of the week of the source's publication to the day before it (2026-03-07)"
    )


@pytest.mark.parametrize("source", sorted(FICTIONAL))
def test_the_fictional_articles_are_resolved(source: str) -> None:
    published, text = FICTIONAL[source]
    expected = {
        "fictional-ledger-2025": [("the Spring Festival holiday", "2025-01-28/2025-02-04")],
        "fictional-herald-2026": [
            ("the Spring Festival holiday", "2026-02-15/2026-02-23"),
            ("Monday", "2026-02-16"),
        ],
        "fictional-wire-2026": [("the Spring Festival holiday", "2026-02-15/2026-02-23")],
        "fictional-post-2026": [
            ("the Spring Festival holiday", "2026-02-15/2026-02-23"),
            ("Tuesday", "2026-02-17"),
        ],
    }
    assert _resolved(text, published) == expected[source]


# Every row of the table in docs/knowledge-file.md, each of its words, and more of each kind,
# in an article of Saturday 2026-03-07.
TABLE = [
    ("Wednesday", "2026-03-04"),
    ("Thursday", "2026-03-05"),
    ("late Thursday", "2026-03-05"),
    ("Thursday night", "2026-03-05"),
    ("Saturday", "2026-03-07"),
    ("last Saturday", "2026-02-28"),
    ("next Monday", "2026-03-09"),
    ("this Monday", "2026-03-02"),
    ("Feb 4", "2026-02-04"),
    ("February 4", "2026-02-04"),
    ("4 February", "2026-02-04"),
    ("Feb. 6", "2026-02-06"),
    ("the 4th of February", "2026-02-04"),
    ("Dec 30", "2025-12-30"),
    ("Feb 4, 2026", "2026-02-04"),
    ("February 4, 2026", "2026-02-04"),
    ("2026-02-04", "2026-02-04"),
    ("early February", "2026-02-01/2026-02-10"),
    ("mid-February", "2026-02-11/2026-02-20"),
    ("late February", "2026-02-21/2026-02-28"),
    ("late February 2024", "2024-02-21/2024-02-29"),
    ("February", "2026-02"),
    ("in January", "2026-01"),
    ("December", "2025-12"),
    ("January 2026", "2026-01"),
    ("the fourth quarter of 2025", "2025-10-01/2025-12-31"),
    ("Q4 2025", "2025-10-01/2025-12-31"),
    ("the fourth quarter of last year", "2025-10-01/2025-12-31"),
    ("the first half of 2025", "2025-01-01/2025-06-30"),
    ("H2", "2025-07-01/2025-12-31"),
    ("last quarter", "2025-10-01/2025-12-31"),
    ("2025", "2025"),
    ("in 2025", "2025"),
    ("last year", "2025"),
    ("this year", "2026"),
    ("next year", "2027"),
    ("earlier this week", "2026-03-02/2026-03-06"),
    ("later this month", "2026-03-08/2026-03-31"),
    ("this week", "2026-03-02/2026-03-08"),
    ("last week", "2026-02-23/2026-03-01"),
    ("last month", "2026-02"),
    ("yesterday", "2026-03-06"),
    ("today", "2026-03-07"),
    ("the day before yesterday", "2026-03-05"),
    ("tomorrow", "2026-03-08"),
    ("the 12th", "2026-03-12"),
    ("New Year's Eve", "2026-02-16"),
    ("Lunar New Year's Eve", "2026-02-16"),
    ("the eve of the Spring Festival", "2026-02-16"),
    ("Spring Festival", "2026-02-17"),
    ("Lunar New Year", "2026-02-17"),
    ("Chinese New Year", "2026-02-17"),
    ("the Lantern Festival", "2026-03-03"),
    ("the Dragon Boat Festival", "2026-06-19"),
    ("this year's Spring Festival holiday", "2026-02-15/2026-02-23"),
    ("the Spring Festival holiday", "2026-02-15/2026-02-23"),
    ("the nine-day Spring Festival holiday", "2026-02-15/2026-02-23"),
    ("last year's Spring Festival holiday", "2025-01-28/2025-02-04"),
    ("the 2025 Spring Festival holiday", "2025-01-28/2025-02-04"),
    ("the Lunar New Year holiday", "2026-02-15/2026-02-23"),
    ("the National Day holiday", "2025-10-01/2025-10-08"),
    ("from Jan 26 to Mar 12", "2026-01-26/2026-03-12"),
    ("between Feb 15 and Feb 23", "2026-02-15/2026-02-23"),
    ("Feb 15-23", "2026-02-15/2026-02-23"),
    ("from January to March", "2026-01-01/2026-03-31"),
    ("from Dec 28 to Jan 3, 2026", "2025-12-28/2026-01-03"),
    ("from Dec 28 to Jan 3", "2025-12-28/2026-01-03"),
    ("by Feb 21", "2026-02-21"),
    ("by 2027", "2027"),
]


@pytest.mark.parametrize(("words", "expected"), TABLE)
def test_each_kind_of_words_resolves_by_its_rule(words: str, expected: str) -> None:
    resolution = resolve(words, SEED_PUBLISHED)
    assert resolution.span == parse(expected), resolution.rule
    assert resolution.reason is None
    # What `find` reads in a sentence is the same expression, whole; a month alone is read
    # after "in", and "in" is no part of it.
    lead = "in" if words in ("February", "December") else "on"
    found = [expression.text for expression in find(f"It rose {lead} {words}.")]
    assert found == [words.removeprefix("in ")]


def test_the_documented_table_holds() -> None:
    """Every row of the dates table of docs/knowledge-file.md that gives a date: its first
    words resolve to that date in an article of its day."""
    document = (ROOT / "docs" / "knowledge-file.md").read_text(encoding="utf-8")
    section = document.split("## Dates", 1)[1]
    published = date.fromisoformat(re.findall(r"in an article of \w+ (\S+) \|", section)[0])
    rows = [line for line in section.splitlines() if line.startswith("| ") and "`" in line]
    assert len(rows) >= 14
    for row in rows:
        words, _, documented = (cell.strip() for cell in row.strip("|").split("|"))
        first = re.findall(r'"([^"]+)"', words)[0].replace("early/mid/late", "early")
        assert resolve(first, published).span == parse(documented.strip("`")), row


@pytest.mark.parametrize("words", ["shortly afterward", "the holiday", "later"])
def test_a_time_no_rule_resolves_keeps_no_date_and_says_why(words: str) -> None:
    resolution = resolve(words, SEED_PUBLISHED)
    assert resolution.span is None
    assert resolution.reason and repr(words) in resolution.reason and "no rule" in resolution.reason


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        (
            "Doubao's DAU rose to 58.48 million on Feb 6 from 7.07 million the prior day.",
            date(2026, 2, 10),
            [("Feb 6", "2026-02-06"), ("the prior day", "2026-02-05")],
        ),
        (
            "Qwen reached 73.52 million on Feb 16, up from 10 million a year earlier and 70 "
            "million the day before.",
            date(2026, 3, 7),
            [
                ("Feb 16", "2026-02-16"),
                ("a year earlier", "2025-02-16"),
                ("the day before", "2026-02-15"),
            ],
        ),
        (
            "It fell on Feb 1 and rose on Feb 10 from 5 million the previous day.",
            date(2026, 3, 7),
            [("Feb 1", "2026-02-01"), ("Feb 10", "2026-02-10"), ("the previous day", "2026-02-09")],
        ),
        (
            "Yuanbao began on Jan 26, a day earlier than Kimi, and doubled its users by the 30th "
            "and again two days later.",
            date(2026, 3, 7),
            [
                ("Jan 26", "2026-01-26"),
                ("the 30th", "2026-01-30"),
                ("two days later", "2026-01-28"),
            ],
        ),
        (
            "Doubao passed 100 million in February, and Qwen the same month.",
            date(2026, 3, 7),
            [("February", "2026-02"), ("the same month", "2026-02")],
        ),
        (
            "Kimi led on the 12th.",
            date(2026, 3, 7),
            [("the 12th", "2026-03-12")],
        ),
        (
            "Doubao rose on Feb 6. It fell the prior day.",
            date(2026, 2, 10),
            [("Feb 6", "2026-02-06"), ("the prior day", None)],
        ),
        (
            "It peaked in the fourth quarter of 2025 and fell the prior day.",
            date(2026, 3, 7),
            [("the fourth quarter of 2025", "2025-10-01/2025-12-31"), ("the prior day", None)],
        ),
    ],
)
def test_a_relative_day_counts_from_the_nearest_date_of_its_sentence(
    text: str, published: date, expected: list[tuple[str, str | None]]
) -> None:
    assert _resolved(text, published) == expected


def test_a_relative_day_without_a_date_to_count_from_says_why() -> None:
    resolution = resolve("the prior day", SEED_PUBLISHED)
    assert resolution.span is None
    assert resolution.reason == (
        "'the prior day' counts from a date that another time expression of the same sentence "
        "gives, and it gives none"
    )
    interval = parse("2025-10-01/2025-12-31")
    assert resolve("the prior day", SEED_PUBLISHED, interval).reason == (
        "2025-10-01/2025-12-31 is not within one day: 'the prior day' names none"
    )
    assert resolve("the 12th", None, parse("2026-02")).span == parse("2026-02-12")


@pytest.mark.parametrize(
    "text",
    [
        "ByteDance's Doubao partnered exclusively with the CMG Spring Festival Gala, reaching a "
        "nationwide audience.",
        'Qwen also joined the competition, launching a 3 billion yuan "Spring Festival Treat" '
        "campaign aimed at integrating AI applications with consumer transactions.",
        "The holiday rewarded the apps that spent most.",
        "Users march on, May they? March with us.",
        "It grew by 2025 users, or 2025 percent, for $2025.",
        "Qwen3.5, the P10-level leader, and the 12th largest app.",
        "It fell the day before the launch and rose a week after Kimi did.",
    ],
)
def test_what_is_no_time_is_not_found(text: str) -> None:
    assert find(text) == []


def test_a_holiday_named_by_no_name_is_a_time_no_rule_resolves() -> None:
    (expression,) = find("AI applications reached record DAU levels during the holiday.")
    assert expression.text == "the holiday"
    resolution = resolve(expression.text, SEED_PUBLISHED)
    assert resolution.span is None
    assert resolution.reason == "'the holiday' does not name the holiday; no rule gives it a date"


def test_a_month_that_is_a_word_is_a_month_beside_a_day_a_year_or_in() -> None:
    text = "Sales rose in May, on May 4, in May 2026, in early March and by mid-May."
    assert [expression.text for expression in find(text)] == [
        "May",
        "May 4",
        "May 2026",
        "early March",
        "mid-May",
    ]


@pytest.mark.parametrize(
    ("words", "published", "expected"),
    [
        ("Dec 30", date(2026, 1, 3), "2025-12-30"),
        ("Jan 2", date(2025, 12, 30), "2026-01-02"),
        ("December", date(2026, 1, 3), "2025-12"),
        ("Spring Festival", date(2025, 12, 20), "2026-02-17"),
        ("the Spring Festival holiday", date(2025, 12, 20), "2026-02-15/2026-02-23"),
        ("from Dec 20 to Jan 10", date(2026, 1, 3), "2025-12-20/2026-01-10"),
        ("Feb 29", date(2024, 6, 1), "2024-02-29"),
    ],
)
def test_a_date_without_a_year_takes_the_year_nearest_publication(
    words: str, published: date, expected: str
) -> None:
    assert resolve(words, published).span == parse(expected)


@pytest.mark.parametrize(
    ("words", "published", "said"),
    [
        (
            "the Spring Festival holiday",
            date(2031, 3, 1),
            "China's holiday calendar has no statutory holidays of 2031",
        ),
        (
            "the 2030 Spring Festival holiday",
            date(2026, 3, 7),
            "China's holiday calendar has no statutory holidays of 2030",
        ),
        ("this year's Spring Festival holiday", date(1990, 3, 1), "of 1990"),
        ("Spring Festival", date(2150, 1, 1), "the lunar calendar covers 1900 to 2099"),
        ("Feb 29", date(2026, 3, 7), "February has no day 29 in any year near 2026-03-07"),
        ("Feb 30, 2026", None, "February 2026 has no day 30"),
        ("the Cannes Film Festival", date(2026, 3, 7), "names no festival the rules know"),
        ("Wednesday", None, "the source gives no publication date"),
        ("this year's Spring Festival holiday", None, "the source gives no publication date"),
        ("next year", date(9999, 6, 1), "gives no date within years 1 to 9999"),
        ("banana", date(2026, 3, 7), "'banana' is no time expression the rules read"),
    ],
)
def test_what_no_calendar_holds_is_unresolved_with_the_reason(
    words: str, published: date | None, said: str
) -> None:
    resolution = resolve(words, published)
    assert resolution.span is None
    assert resolution.reason is not None and said in resolution.reason
    # The rule that could not give a date is stated whole, as users read it.
    assert resolution.rule[0].isupper() and resolution.rule.endswith(".")


def test_words_that_give_their_year_need_no_publication() -> None:
    assert resolve("February 4, 2026", None).span == parse("2026-02-04")
    assert resolve("Q4 2025", None).span == parse("2025-10-01/2025-12-31")
    assert resolve("the 2026 Spring Festival holiday", None).span == parse("2026-02-15/2026-02-23")


NEEDS_PUBLISHED = [
    "Wednesday",
    "late Thursday",
    "Feb 4",
    "4 February",
    "in January",
    "mid-February",
    "this year's Spring Festival holiday",
    "the Spring Festival holiday",
    "earlier this week",
    "last year",
    "yesterday",
    "New Year's Eve",
    "the Lantern Festival",
    "the 12th",
    "by Feb 21",
    "from Jan 26 to Mar 12",
    "Q4",
    "the first half",
]
NEEDS_NO_PUBLISHED = [
    "February 4, 2026",
    "2026-02-04",
    "2025",
    "Q4 2025",
    "the fourth quarter of 2025",
    "January 2026",
    "the 2026 Spring Festival holiday",
    "from Dec 28 to Jan 3, 2026",
    "shortly afterward",
    "later",
    "the prior day",
    "a year earlier",
    "the same day",
    "during the holiday",
    "banana",
    "",
]


@pytest.mark.parametrize("words", NEEDS_PUBLISHED + NEEDS_NO_PUBLISHED)
def test_needs_published_says_which_words_count_from_publication(words: str) -> None:
    needs = needs_published(words)
    assert needs is (words in NEEDS_PUBLISHED)
    # As resolving them says.
    reason = resolve(words, None).reason or ""
    assert needs is ("no publication date" in reason)


@pytest.mark.parametrize("text", [SEED, *(text for _, text in FICTIONAL.values())])
def test_needs_published_agrees_with_resolving(text: str) -> None:
    for expression in find(text):
        reason = resolve(expression.text, None).reason or ""
        assert needs_published(expression.text) is ("no publication date" in reason)


def test_the_calendars_are_imported_by_the_rules_that_read_them_only() -> None:
    probe = (
        "import sys\n"
        "from datetime import date\n"
        "from aicompete.proof import times\n"
        "heavy = ('chinese_calendar', 'lunardate', 'aicompete.proof.text')\n"
        "def loaded():\n"
        "    return [name for name in heavy if name in sys.modules]\n"
        "print(loaded())\n"
        'times.needs_published("this year\'s Spring Festival holiday")\n'
        "print(loaded(), times._finder.cache_info().currsize)\n"
        "times.resolve('Lunar New Year', date(2026, 3, 7))\n"
        "print(loaded())\n"
        "times.resolve('the Spring Festival holiday', date(2026, 3, 7))\n"
        "print(loaded())\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.splitlines() == [
        "[]",
        # Validation's question compiles no grammar either.
        "[] 0",
        "['lunardate']",
        "['chinese_calendar', 'lunardate']",
    ]


# Words of time and of what is no time, to put together into texts that come near both.
_WORDS = st.sampled_from(
    [
        "from", "to", "between", "and", "by", "in", "on", "during", "the", "a", "of", "Feb",
        "February", "May", "4", "30", "12th", "2025", "2026", "2100", "this", "last", "next",
        "year's", "week", "month", "quarter", "year", "day", "prior", "same", "earlier",
        "later", "before", "after", "Spring", "Festival", "holiday", "Gala", "New", "Year's",
        "Eve", "Lunar", "Lantern", "early", "mid-", "late", "Thursday", "Q4", "H2", "fourth",
        "half", "shortly", "afterward", "yesterday", "nine-day", "National", "Day", "-", ",",
        ".", "\n", '"', "million", "%", "\u2019s",
    ]
)  # fmt: skip
_TEXTS = st.one_of(st.text(max_size=200), st.lists(_WORDS, max_size=14).map(" ".join))


@settings(max_examples=300, deadline=None)
@given(_TEXTS, st.one_of(st.none(), st.dates()))
def test_any_text_is_read_and_resolved_without_error(text: str, published: date | None) -> None:
    found = find(text)
    for expression in found:
        assert expression.start < expression.end
        assert text[expression.start : expression.end] == expression.text
    assert all(one.end <= other.start for one, other in itertools.pairwise(found))
    resolved = resolve_in(text, published)
    assert [expression for expression, _ in resolved] == found
    for expression, resolution in resolved:
        assert (resolution.span is None) is (resolution.reason is not None)
        assert isinstance(needs_published(expression.text), bool)
    resolve(text, published)
