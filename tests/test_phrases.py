"""`find_phrase` finds what the regular expression it stands for finds, without compiling one
for each phrase."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from aicompete.proof.text import Mention, find_phrase, squeeze

# Letters that case, fold or join words in unusual ways, spacing of several kinds, marks that
# end words: where a hand-made matcher would part from the regular expression.
ALPHABET = (
    "aAbBsS\u017fkK\u212aiI\u0131\u0130\u03c3\u03c2\u03a3\u00b5\u03bc\u00df\u1e9e"
    "_9\u0661' .,-\t\n\u00a0\u2003"
)


def by_pattern(text: str, phrase: str, ignore_case: bool) -> list[Mention]:
    words = squeeze(phrase).split(" ")
    if not words[0]:
        return []
    pattern = r"\s+".join(map(re.escape, words))
    flags = re.IGNORECASE if ignore_case else 0
    return [
        Mention(match.start(), match.end(), match.group())
        for match in re.finditer(rf"(?<!\w){pattern}(?!\w)", text, flags)
    ]


@settings(max_examples=600, deadline=None)
@given(
    st.text(ALPHABET, max_size=40),
    st.text(ALPHABET, min_size=1, max_size=8),
    st.booleans(),
)
def test_finds_what_the_pattern_finds(text: str, phrase: str, ignore_case: bool) -> None:
    assert find_phrase(text, phrase, ignore_case=ignore_case) == by_pattern(
        text, phrase, ignore_case
    )


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_finds_a_phrase_taken_from_the_text(data: st.DataObject) -> None:
    text = data.draw(st.text(ALPHABET, min_size=1, max_size=60))
    start = data.draw(st.integers(0, len(text) - 1))
    phrase = text[start : start + data.draw(st.integers(1, 12))]
    for ignore_case in (False, True):
        assert find_phrase(text, phrase, ignore_case=ignore_case) == by_pattern(
            text, phrase, ignore_case
        )


def test_examples() -> None:
    text = "Alibaba's Qwen  app; alibaba Group. QWEN\napp"
    assert [m.name for m in find_phrase(text, "Qwen app")] == ["Qwen  app"]
    assert [m.name for m in find_phrase(text, "qwen app", ignore_case=True)] == [
        "Qwen  app",
        "QWEN\napp",
    ]
    assert find_phrase(text, "Alibab") == []
    assert find_phrase(text, "  ") == []


def spans_by_pattern(text: str, phrase: str, number: str) -> list[tuple[int, int]]:
    """What a `{value}` phrase's pattern with the number written in finds."""
    from aicompete.proof.metrics import _BOUND_WORDS

    def spaced(words: str) -> str:
        return r"\s+".join(map(re.escape, words.split()))

    before, _, after = phrase.partition("{value}")
    pattern = (
        spaced(before)
        + (r"\s+" if before.strip() else "")
        + _BOUND_WORDS
        + spaced(number)
        + (r"\s+" if after.strip() else "")
        + spaced(after)
    )
    return [m.span() for m in re.finditer(rf"(?<!\w){pattern}(?!\w)", text, re.IGNORECASE)]


# Pieces of the sentences that state figures, and the spacing and marks between them.
PIECES = (
    *("peak", "Peak", "of", "145", "million", "1.9", "billion", "DAU", "users", "about"),
    *("more", "than", "up", "to", ",", ".", " ", "  ", "\n", "a", "1.1", "1", "11", "(1.9)"),
)


@settings(max_examples=1500, deadline=None)
@given(
    st.lists(st.sampled_from(PIECES), max_size=14).map("".join),
    st.sampled_from(
        ("peak of {value} DAU", "{value} users", "{value}", "peak of {value}", "(1.9) {value}")
    ),
    st.sampled_from(("145", "145 million", "1.9", "1.9 billion", "1.1", "11", "1.1 million")),
)
def test_a_metric_around_a_number_is_found_as_its_pattern_finds_it(
    text: str, phrase: str, number: str
) -> None:
    from aicompete.proof.metrics import metric_spans

    assert metric_spans(text, [phrase], number) == spans_by_pattern(text, phrase, number)


def test_a_number_that_overlaps_itself_is_tried_again_where_it_starts() -> None:
    from aicompete.proof.metrics import metric_spans

    assert metric_spans("1.1.1 million DAU", ["{value} million DAU"], "1.1") == [(2, 17)]
