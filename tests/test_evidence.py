"""The reading rules: numbers and qualifiers, time expressions, names, roles, speech, and
which number belongs to which subject."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aicompete.proof.clauses import comparisons
from aicompete.proof.measurers import data_sources, is_data_source
from aicompete.proof.metrics import metric_words
from aicompete.proof.names import NameIndex, mentions, person_names, possessives
from aicompete.proof.numbers import StatedNumber, bound_numbers, read_numbers
from aicompete.proof.roles import people_with_roles, role_beside
from aicompete.proof.speech import speech
from aicompete.proof.text import BESIDE, sentences, words, words_beside
from aicompete.proof.times import find


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a peak of 145 million DAUs", [(145_000_000, None, None)]),
        (
            "Qwen at 73.52 million and Yuanbao at 40.54 million",
            [(73_520_000, None, None), (40_540_000, None, None)],
        ),
        (
            "1 billion yuan ($145 million) in cash",
            [(10**9, "CNY", None), (145_000_000, "USD", None)],
        ),
        ("invested 500 million yuan to", [(500_000_000, "CNY", None)]),
        ("more than 1 trillion parameters", [(10**12, None, "more_than")]),
        ("nearly 2 million users", [(2_000_000, None, "about")]),
        ("Born in 1993, Lin was", [(1993, None, None)]),
        ("On Feb 4, ahead", [(4, None, None)]),
        ("a 3 billion yuan campaign", [(3 * 10**9, "CNY", None)]),
        ("1,200 people and 2.5 thousand more", [(1200, None, None), (2500, None, None)]),
        ("US dollars: 12 USD, ¥7", [(12, "USD", None), (7, "CNY", None)]),
        ("RMB 2 billion and $600 million", [(2 * 10**9, "CNY", None), (6 * 10**8, "USD", None)]),
        # Digits that are part of a name are not numbers.
        ("the Qwen3-Max and Qwen3.5 models, P10-level", []),
        ("no figure here", []),
    ],
)
def test_numbers_are_read_as_the_article_writes_them(
    text: str, expected: list[tuple[int, str | None, str | None]]
) -> None:
    numbers = read_numbers(text)
    assert [(n.value, n.currency, n.qualifier) for n in numbers] == [
        (Fraction(value), currency, qualifier) for value, currency, qualifier in expected
    ]
    assert all(text[n.start : n.end] == n.text for n in numbers)


def test_endless_digits_are_no_number() -> None:
    (number,) = read_numbers("a code of " + "9" * 5000 + " and 12 more")
    assert number == StatedNumber(Fraction(12), None, None, 5015, 5017, "12")


def test_decimal_amounts_stay_exact() -> None:
    assert read_numbers("73.52 million")[0].value == Fraction(73_520_000)
    assert read_numbers("0.1 million")[0].value == 100_000
    assert read_numbers("1.5")[0].value == Fraction(3, 2)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Lin announced his departure on social media on Wednesday", ["Wednesday"]),
        ("Alibaba Group told China Daily late Thursday that", ["late Thursday"]),
        ("On Feb 4, ahead of the Spring Festival AI competition", ["Feb 4"]),
        ("Earlier this week, he also appeared", ["Earlier this week"]),
        ("also announced his departure from the company shortly afterward.", ["shortly afterward"]),
        ("during this year's Spring Festival holiday.", ["this year's Spring Festival holiday"]),
        ("and later guided the release", ["later"]),
        ("on March 3, 2026 and 2026-03-04", ["March 3, 2026", "2026-03-04"]),
        ("the team remains stable", []),
    ],
)
def test_time_expressions_are_read_whole(text: str, expected: list[str]) -> None:
    assert [expression.text for expression in find(text)] == expected


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [("late Thursday", True), ("Feb 4", True), ("the", False), ("Thursday night", True)],
)
def test_a_time_expression_is_one_whole(phrase: str, expected: bool) -> None:
    assert ([expression.text for expression in find(phrase)] == [phrase]) is expected


def test_names_are_whole_words_in_their_own_case_longest_first() -> None:
    index = NameIndex(
        {
            "company:alibaba": ["Alibaba", "Alibaba Group"],
            "person:jack-ma": person_names("Jack Ma"),
            "app:qwen": ["Qwen"],
        }
    )
    text = "Alibaba Group's Qwen; Ma said; many in management; Qwen3-Max; ALIBABA"
    found = [(mention.name, sorted(mention.keys)) for mention in index.find(text)]
    assert found == [
        ("Alibaba Group", ["company:alibaba"]),
        ("Qwen", ["app:qwen"]),
        ("Ma", ["person:jack-ma"]),
    ]


def test_a_number_belongs_to_the_subject_it_follows() -> None:
    text = "followed by Alibaba's Qwen at 73.52 million and Tencent's Yuanbao at 40.54 million"
    qwen = mentions(text, ["Qwen", "Alibaba"])
    yuanbao = mentions(text, ["Yuanbao", "Tencent"])
    assert [n.text for n in bound_numbers(text, qwen, yuanbao)] == ["73.52 million"]
    assert [n.text for n in bound_numbers(text, yuanbao, qwen)] == ["40.54 million"]


def test_a_number_before_its_subject_binds_when_none_follows() -> None:
    text = "With 81.2 million daily active users, Kimi leads. Doubao follows."
    kimi = mentions(text, ["Kimi"])
    doubao = mentions(text, ["Doubao"])
    assert [n.text for n in bound_numbers(text, kimi, doubao)] == ["81.2 million"]
    assert bound_numbers(text, doubao, kimi) == []


@pytest.mark.parametrize(
    ("text", "name", "role", "beside"),
    [
        ("Alibaba CEO Eddie Wu responded", "Eddie Wu", "Alibaba CEO", True),
        (
            "Lin Junyang, a core leader of the Qwen model",
            "Lin Junyang",
            "Core leader of the Qwen model",
            True,
        ),
        ("Yu Bowen, head of post-training", "Yu Bowen", "Head of post-training", True),
        ("Alibaba CEO Eddie Wu responded", "Eddie Wu", "Alibaba CFO", False),
        ("Alibaba CEO met Eddie Wu", "Eddie Wu", "Alibaba CEO", False),
    ],
)
def test_a_role_stands_beside_the_name(text: str, name: str, role: str, beside: bool) -> None:
    assert role_beside(text, name, role) is beside


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"The goal of the model is to move toward AGI," the company said.', "direct"),
        ("Wu stressed that building large models is a key strategy.", "reported"),
        (
            'It also said that the team remains stable, dismissing claims of a "collective '
            'resignation".',
            "reported",
        ),
        ("The company will also establish a support group.", None),
    ],
)
def test_speech_is_direct_or_reported(text: str, expected: str | None) -> None:
    assert speech(text) == expected


@given(st.text(max_size=200))
def test_reading_any_text_gives_spans_inside_it(text: str) -> None:
    for number in read_numbers(text):
        assert text[number.start : number.end] == number.text
    for expression in find(text):
        assert text[expression.start : expression.end] == expression.text


def _sentences(text: str) -> list[str]:
    return [sentence.name for sentence in sentences(text)]


def test_sentences_end_at_stops_outside_quotations_and_abbreviations() -> None:
    text = (
        "Headline line\n"
        '"We came here. Education needs to respond," Ma said. Mr. Wu left on Feb. 4 for the '
        'U.S. office! Did he? "Yes." It ended.\n'
        "lower. case stays one"
    )
    assert _sentences(text) == [
        "Headline line",
        '"We came here. Education needs to respond," Ma said.',
        "Mr. Wu left on Feb. 4 for the U.S. office!",
        "Did he?",
        '"Yes."',
        "It ended.",
        "lower. case stays one",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Tencent's Yuanbao and ByteDance\u2019s Doubao",
            [("Tencent", "Yuanbao"), ("ByteDance", "Doubao")],
        ),
        ("In Tencent's Yuanbao, users", [("Tencent", "Yuanbao")]),
        ("Alibaba Group's Qwen Chat grew", [("Alibaba Group", "Qwen Chat")]),
        # Not a name owned: a lowercase word, an abbreviation, a possessive that goes on.
        ("Alibaba's youngest P10-level leaders", []),
        ("China's AI race", []),
        ("Alibaba's Qwen's user scale", []),
    ],
)
def test_possessives_give_owner_and_owned(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(owner.name, thing.name) for owner, thing in possessives(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("In an e-mail, Alibaba CEO Eddie Wu responded", [("Eddie Wu", "Alibaba CEO")]),
        (
            "According to the e-mail, Alibaba Cloud's chief technology officer Zhou Jingren would",
            [("Zhou Jingren", "Alibaba Cloud's chief technology officer")],
        ),
        (
            "the resignation of Lin Junyang, a core leader of the Qwen model, on Thursday",
            [("Lin Junyang", "core leader of the Qwen model")],
        ),
        ("Meanwhile Brightfield CEO Ann Vale resigned", [("Ann Vale", "Brightfield CEO")]),
        ("said Harbor founder Omar Reyes.", [("Omar Reyes", "Harbor founder")]),
        # Places, labs and papers beside a comma or a word are not people with roles.
        ("in Hangzhou, Zhejiang province", []),
        ("to lead the Tongyi Lab.", []),
        ("Alibaba Group told China Daily late Thursday", []),
        ("Spring Festival Gala, reaching a nationwide audience", []),
    ],
)
def test_people_are_found_with_the_role_beside_their_name(
    text: str, expected: list[tuple[str, str]]
) -> None:
    found = people_with_roles(text)
    assert [(name.name, role.name) for name, role in found] == expected
    assert all(role_beside(text, name.name, role.name) for name, role in found)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Data from internet analytics firm QuestMobile showed that",
            [("QuestMobile", "internet analytics firm")],
        ),
        (
            "during the holiday, according to analytics firm Metrica.",
            [("Metrica", "analytics firm")],
        ),
        ("according to QuestMobile, the app grew", [("QuestMobile", None)]),
        # What could be a person's name, without words that make it a firm; a document.
        ("According to Cao Lei, an expert committee member", []),
        ("according to Sensor Tower, the app grew", []),
        ("According to the e-mail, Alibaba Cloud's chief", []),
    ],
)
def test_data_sources_are_named_as_where_data_come_from(
    text: str, expected: list[tuple[str, str | None]]
) -> None:
    found = data_sources(text)
    assert [(name.name, described.name if described else None) for name, described in found] == (
        expected
    )
    assert all(is_data_source(text, name) for name, _ in found)


def test_comparisons_and_metric_words() -> None:
    text = "Qwen's user scale was roughly half that of Doubao, and Lumo twice that of Nib"
    assert [c.name for c in comparisons(text)] == [
        "roughly half that of Doubao",
        "twice that of Nib",
    ]
    assert "dau" in metric_words("reported daily active users of 81.2 million")
    assert "dau" in metric_words("a peak of 145 million DAUs")
    assert "dau" not in metric_words("Qwen at 73.52 million")


@settings(deadline=None)
@given(st.text(max_size=300))
def test_new_reading_rules_give_spans_inside_any_text(text: str) -> None:
    for sentence in sentences(text):
        assert text[sentence.start : sentence.end] == sentence.name == sentence.name.strip()
    pairs = [*possessives(text), *people_with_roles(text)]
    for first, second in pairs:
        for mention in (first, second):
            assert text[mention.start : mention.end] == mention.name
    for name, role in people_with_roles(text):
        assert role_beside(text, name.name, role.name)
    for name, described in data_sources(text):
        assert text[name.start : name.end] == name.name
        assert described is None or text[described.start : described.end] == described.name


@settings(deadline=None)
@given(st.text(alphabet="ab c'\u2019s.DAU \n", max_size=300), st.data())
def test_words_beside_read_from_a_window_are_the_words_of_the_whole_text(
    text: str, data: st.DataObject
) -> None:
    start = data.draw(st.integers(min_value=0, max_value=len(text)))
    end = data.draw(st.integers(min_value=start, max_value=len(text)))
    plain = words(text[:start])[-BESIDE:]
    plain += words(text[end:])[:BESIDE]
    assert words_beside(text, start, end) == plain
