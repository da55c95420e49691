"""What a figure counts, as a quote words it."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from aicompete.proof.text import find_phrase, phrases_from, words

# Words a metric keeps when the text ties them to a figure: "a peak of 145 million" is a peak.
METRIC_QUALIFIERS = ("peak", "average", "median")
# Words that name no measure: a metric of these and qualifiers alone ("a peak of") is none.
FUNCTION_WORDS = frozenset({"a", "an", "the", "of", "in", "at", "on", "to", "for", "by", "and"})

# Spelled-out names of metrics, read as their abbreviation: "daily active users" states DAU.
_METRIC_SPELLED = {
    "dau": re.compile(r"(?<!\w)daily[\s-]+active[\s-]+users?(?!\w)", re.IGNORECASE),
    "mau": re.compile(r"(?<!\w)monthly[\s-]+active[\s-]+users?(?!\w)", re.IGNORECASE),
}


def metric_words(text: str) -> list[str]:
    """The words of `words`, and the abbreviation of each metric the text spells out: a
    quote that says "daily active users" says "DAU" too."""
    found = words(text)
    found += [short for short, spelled in _METRIC_SPELLED.items() if spelled.search(text)]
    return found


# What stands for the figure's own number in a metric's words: "peak of {value} DAUs".
VALUE = "{value}"
# What `metric_spans` takes for a number to find a metric's words around any number.
ANY_NUMBER = "\x00any number"
# Words between a number and the phrase around it that change nothing: "more than", "about".
_BOUND_WORDS = r"(?:(?:more\s+than|less\s+than|about|around|roughly|nearly|over|up\s+to)\s+)?"


def metric_spans(text: str, phrases: Iterable[str], number: str | None) -> list[tuple[int, int]]:
    """Where the text names a metric by any of its `phrases`, each read whole, case aside; a
    phrase with `{value}` matches only around `number`, the figure's number as stated (or
    any number, for `ANY_NUMBER`)."""
    found: list[tuple[int, int]] = []
    for phrase in phrases:
        if VALUE not in phrase:
            found += [(m.start, m.end) for m in find_phrase(text, phrase, ignore_case=True)]
            continue
        if number is None:
            continue
        if number == ANY_NUMBER:
            found += [match.span() for match in _any_number_pattern(phrase).finditer(text)]
        else:
            found += _spans_around(text, phrase, number)
    return found


def _spans_around(text: str, phrase: str, number: str) -> list[tuple[int, int]]:
    """Where the phrase stands around this number: what the phrase's pattern with the number
    written in would find, without compiling a pattern for each number (every figure has its
    own). The number is found as a phrase; the words before and after it, by patterns
    compiled once per phrase."""
    before, after = _around(phrase)
    overlapping, apart = _number_shape(phrase, number)
    found: list[tuple[int, int]] = []
    # Matches do not overlap: a number is read from the end of the last match, and so are the
    # words before it; where those words cannot hold the number, from the last number read.
    done = earliest = 0
    mentions = phrases_from(text, number, 0, ignore_case=True)
    mention = next(mentions, None)
    while mention is not None:
        head = before.search(text, earliest, mention.start)
        tail = after.match(text, mention.end) if head is not None else None
        if head is not None and tail is not None:
            found.append((head.start(), tail.end()))
            done = earliest = tail.end()
            if overlapping:
                mentions = phrases_from(text, number, done, ignore_case=True)
        elif overlapping:
            # "1.1" in "1.1.1": the pattern tries the number again one character on.
            mentions = phrases_from(text, number, mention.start + 1, ignore_case=True)
        elif apart:
            earliest = mention.end
        mention = next((later for later in mentions if later.start >= done), None)
    return found


# The words that `_BOUND_WORDS` reads between a phrase and its number.
_BOUND_VOCABULARY = "more than less than about around roughly nearly over up to"


def _number_shape(phrase: str, number: str) -> tuple[bool, bool]:
    """Whether two of the number may overlap ("1.1" in "1.1.1"), and whether the words before
    it in the phrase, bound words included, can hold none of its words."""
    folded = " ".join(number.casefold().split())
    overlapping = any(folded.endswith(folded[:size]) for size in range(1, len(folded)))
    around = f"{phrase.partition(VALUE)[0].casefold()} {_BOUND_VOCABULARY}"
    return overlapping, not any(word in around for word in folded.split())


@functools.lru_cache(maxsize=1024)
def _around(phrase: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The patterns of a `{value}` phrase's words before the number (with bound words, to
    the number's start: searched up to it) and after it."""
    before, _, after = phrase.partition(VALUE)
    lead = _spaced(before) + (r"\s+" if before.strip() else "") + _BOUND_WORDS
    tail = (r"\s+" if after.strip() else "") + _spaced(after)
    return (
        re.compile(rf"(?<!\w){lead}\Z", re.IGNORECASE),
        re.compile(rf"{tail}(?!\w)", re.IGNORECASE),
    )


@functools.lru_cache(maxsize=1024)
def _any_number_pattern(phrase: str) -> re.Pattern[str]:
    """A phrase with `{value}` around any number as news writes one, compiled once."""
    before, _, after = phrase.partition(VALUE)
    stated = r"\d[\d,.]*(?:\s+(?:thousand|million|billion|trillion))?"
    pattern = (
        _spaced(before)
        + (r"\s+" if before.strip() else "")
        + _BOUND_WORDS
        + stated
        + (r"\s+" if after.strip() else "")
        + _spaced(after)
    )
    return re.compile(rf"(?<!\w){pattern}(?!\w)", re.IGNORECASE)


def _spaced(words_of: str) -> str:
    return r"\s+".join(map(re.escape, words_of.split()))


# How reports put a statistic at a number: "a peak of 50 million", "peaked at about 50
# million", "averaged 23.5 percent".
_STATISTIC_FORMS = {
    "peak": r"peak(?:ed|ing)?\s+(?:of|at)",
    "average": r"averag(?:e|ed|ing)(?:\s+(?:of|at))?",
    "median": r"median\s+of",
}


def statistic_spans(text: str, statistic: str, number: str) -> list[tuple[int, int]]:
    """Where the text puts the statistic (`peak`, `average`, `median`) at the number, as
    stated."""
    form = _STATISTIC_FORMS.get(statistic)
    if form is None:
        return []
    pattern = rf"(?<!\w){form}\s+{_BOUND_WORDS}{_spaced(number)}(?!\w)"
    return [match.span() for match in re.finditer(pattern, text, re.IGNORECASE)]
