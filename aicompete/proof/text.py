"""Text as the reading rules see it: spans, words, phrases, sentences and names' shapes.

Every other reading module reads through these: white space squeezed, case folded, a plural or
possessive `s` dropped, sentences cut where news text ends them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from operator import ne

from aicompete.frozen import frozen

SPACE = re.compile(r"\s+")


@frozen
class Mention:
    """Where a text names something: the span, the text found, and, for a name, the keys of
    the subjects it names."""

    start: int
    end: int
    name: str
    keys: frozenset[str] = frozenset()


def squeeze(text: str) -> str:
    """Runs of white space made one space, so that line breaks and spacing may differ."""
    return SPACE.sub(" ", text).strip()


def caseless(text: str) -> str:
    """Text compared regardless of case and spacing."""
    return squeeze(text).casefold()


def find_phrase(text: str, phrase: str, *, ignore_case: bool = False) -> list[Mention]:
    r"""Where the phrase stands in the text as whole words; spacing may differ.

    What `re.finditer(r"(?<!\w)WORD\s+WORD...(?!\w)", text)` finds, with each word
    escaped and `re.IGNORECASE` for `ignore_case`, without compiling a pattern for each
    phrase: the proof looks for thousands of names and words.
    """
    return list(phrases_from(text, phrase, 0, ignore_case=ignore_case))


def phrases_from(
    text: str, phrase: str, start: int, *, ignore_case: bool = False
) -> Iterator[Mention]:
    """`find_phrase`'s mentions that start at `start` or after, found as they are asked for."""
    words = squeeze(phrase).split(" ")
    if not words or not words[0]:
        return
    haystack = text
    if ignore_case:
        haystack, folded = _case_folded(text), [_case_folded(word) for word in words]
        if len(haystack) != len(text) or any(map(ne, map(len, folded), map(len, words))):
            # "İ", whose lower case is two characters: the pattern, as it always was.
            yield from _found_by_pattern(text, words, start)
            return
        words = folded
    first, rest = words[0], words[1:]
    at = haystack.find(first, start)
    while at >= 0:
        end = _phrase_end(text, haystack, at + len(first), rest)
        if end is not None and not _is_word(text, at - 1) and not _is_word(text, end):
            yield Mention(at, end, text[at:end])
            at = haystack.find(first, end)
        else:
            at = haystack.find(first, at + 1)


def _phrase_end(text: str, haystack: str, end: int, words: list[str]) -> int | None:
    """Where the phrase ends when its first word ends at `end` and `words` follow it, each
    after white space; None if they do not."""
    for word in words:
        after = end
        while after < len(text) and text[after].isspace():
            after += 1
        if after == end or not haystack.startswith(word, after):
            return None
        end = after + len(word)
    return end


def _is_word(text: str, at: int) -> bool:
    r"""Whether the character at `at` is one that `\w` matches (none outside the text)."""
    return 0 <= at < len(text) and (text[at].isalnum() or text[at] == "_")


def _case_folded(text: str) -> str:
    """The text with each character as `re.IGNORECASE` compares it: its lower case, and one
    character for those that the regular expression engine also takes as the same (the long
    s and "s", the Kelvin sign and "k")."""
    return text.lower().translate(_IGNORECASE_SAME)


def _same_ignoring_case() -> dict[int, str]:
    try:
        from re._casefix import _EXTRA_CASES as extra  # type: ignore[import-not-found,unused-ignore]
    except ImportError:  # Python 3.10, where the compiler works them out
        from sre_compile import _ignorecase_fixes as extra  # type: ignore[attr-defined,unused-ignore]

    same: dict[int, str] = {}
    for lower, others in extra.items():
        chosen = min(chr(lower), *map(chr, others))
        for character in (lower, *others):
            same[character] = chosen
    return same


_IGNORECASE_SAME = _same_ignoring_case()


def _found_by_pattern(text: str, words: list[str], start: int) -> list[Mention]:
    spaced = r"\s+".join(map(re.escape, words))
    pattern = re.compile(rf"(?<!\w){spaced}(?!\w)", re.IGNORECASE)
    return [
        Mention(match.start(), match.end(), match.group())
        for match in pattern.finditer(text, start)
    ]


TOKEN = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    """The text's words, case folded, a plural or possessive `s` dropped: for comparing
    what a metric or a figure's name says with what a text says."""
    found = []
    for word in re.findall(r"[^\W_]+(?:['\u2019][^\W_]+)*", text.casefold()):
        word = re.sub(r"['\u2019]s$", "", word)
        found.append(word[:-1] if len(word) > 3 and word.endswith("s") else word)
    return found


# How many words from a number or a name the words that qualify it may stand: "Born in 1993",
# "more than 1 trillion parameters", "analytics firm QuestMobile".
BESIDE = 4


def words_beside(text: str, start: int, end: int) -> list[str]:
    """The words (as `words` gives them) up to `BESIDE` on either side of a span."""
    return _words_near(text, start, before=True) + _words_near(text, end, before=False)


def _words_near(text: str, at: int, *, before: bool) -> list[str]:
    """The `BESIDE` words before (or after) a place, read from as little of the text as
    holds them: a window that cuts a word holds more than `BESIDE`, and the cut one is
    left out."""
    reach = 16 * BESIDE
    while True:
        window = text[max(0, at - reach) : at] if before else text[at : at + reach]
        found = words(window)
        if len(found) > BESIDE or reach >= len(text):
            return found[-BESIDE:] if before else found[:BESIDE]
        reach *= 4


# A full stop, question or exclamation mark, and any closing quote marks or brackets after it.
_STOP = re.compile(r"[.!?]+[\"'\u201d\u2019)\]]*(?=\s|$)")
# Words whose full stop ends the word, not the sentence: "Feb. 4", "Mr. Wu".
_ABBREVIATIONS = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "st",
        "jr",
        "sr",
        "inc",
        "ltd",
        "co",
        "corp",
        "no",
        "vs",
        "etc",
        "gen",
        "gov",
        "sen",
        "rep",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
    }
)
_SENTENCE_START = re.compile(r"\s*[\"\u201c\u2018'(\[A-ZÀ-ÖØ-Þ]")


def sentences(text: str) -> list[Mention]:
    """The text's sentences, in order, each without the white space around it.

    A line break ends a sentence; so does a full stop, question or exclamation mark before
    white space and a capital letter or a quote mark, unless it closes an abbreviation
    ("Feb.", "Mr.", "U.S.") or stands inside a quotation ("We came here. Education needs
    to respond," Ma said: one sentence).
    """
    found: list[Mention] = []
    for line in re.finditer(r"[^\n]+", text):
        start = line.start()
        for stop in _STOP.finditer(text, line.start(), line.end()):
            if _ends_sentence(text, start, stop, line.end()):
                _add_sentence(found, text, start, stop.end())
                start = stop.end()
        _add_sentence(found, text, start, line.end())
    return found


def _ends_sentence(text: str, start: int, stop: re.Match[str], line_end: int) -> bool:
    said = text[start : stop.end()]
    if said.count('"') % 2 or said.count("“") > said.count("”"):
        return False
    word = re.search(r"([^\W\d_]+)\.$", text[start : stop.start() + 1])
    if word and (len(word.group(1)) == 1 or word.group(1).casefold() in _ABBREVIATIONS):
        return False
    return stop.end() >= line_end or _SENTENCE_START.match(text, stop.end(), line_end) is not None


def _add_sentence(found: list[Mention], text: str, start: int, end: int) -> None:
    span = text[start:end]
    stripped = span.strip()
    if stripped:
        at = start + len(span) - len(span.lstrip())
        found.append(Mention(at, at + len(stripped), stripped))


UPPER = "A-ZÀ-ÖØ-Þ"
# A word of a name, with the domain a name may end in ("AICPB.com"), never a full stop.
CAPITALIZED = rf"[{UPPER}][\w&+-]*(?:\.(?:com|cn|net|org|ai|io)(?!\w|\.\w))?"
# A name as news text writes one: up to four capitalized words ("ByteDance", "Alibaba Group").
NAME = rf"{CAPITALIZED}(?: {CAPITALIZED}){{0,3}}"
# Capitalized words that begin a sentence or a phrase without being part of the name after
# them: "In Tencent's Yuanbao", "Meanwhile Brightfield CEO Ann Vale".
LEADING_WORDS = frozenset(
    {
        "a",
        "an",
        "the",
        "in",
        "on",
        "at",
        "by",
        "for",
        "from",
        "with",
        "as",
        "and",
        "but",
        "or",
        "of",
        "to",
        "after",
        "before",
        "while",
        "when",
        "although",
        "though",
        "meanwhile",
        "also",
        "then",
        "yet",
        "so",
        "this",
        "that",
        "these",
        "those",
        "its",
        "their",
        "his",
        "her",
        "our",
        "last",
        "next",
        "rival",
        "unlike",
        "like",
        "both",
        "even",
        "only",
        "since",
        "until",
        "if",
        "because",
        "data",
        "according",
        "however",
    }
)


def trimmed(text: str, match: re.Match[str], group: str) -> Mention | None:
    """A name found by `group` of the match, without the capitalized words that only begin a
    sentence or phrase before it."""
    start, end = match.span(group)
    while True:
        first = re.match(r"[^ ]+ ", text[start:end])
        if not first or first.group().strip().casefold() not in LEADING_WORDS:
            break
        start += first.end()
    if text[start:end].casefold() in LEADING_WORDS:
        return None
    return Mention(start, end, text[start:end])
