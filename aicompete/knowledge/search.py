"""The words of records and of queries, and how well a record matches a query.

A query is split into words the way the text is: letters and digits, case folded, a
possessive or plural `s` dropped. So "post-training" is the words "post training", "red
packet" finds "red packets" and "alibaba's" finds "Alibaba". A word of three letters or more
also finds the words it begins ("tong" finds "Tongyi"), and letters run together across word
boundaries match too ("linjunyang" finds "Lin Junyang").

Each searchable field of a record is scored as weight x strength, and a record scores its
best field (ties: the sum over its fields, then the order of the knowledge file):

    strength  8 the whole field is the query      weight  4 name, aliases, campaign name
              4 the query's words, in order               2 id, role, description, summary,
              3 ... some only as the start of a word        purpose, when
              2 all its words in any order, or run          1 quote, and the names of the
                together across word boundaries               records it names
    and 1 for a record whose words are all found, but in different fields.

So a record matches exactly when every word of the query is found among its words, or when
the query's letters run together (three or more) stand in one of its fields: `search_index`
finds those records without reading the others, and scores them here.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from itertools import repeat
from typing import TYPE_CHECKING

from aicompete.errors import UsageError
from aicompete.frozen import attribute_names, frozen

if TYPE_CHECKING:
    # Imported where used: answering from an index needs no knowledge base classes.
    from aicompete.knowledge.catalog import Catalog, Entry

EXACT, PHRASE, PREFIX_PHRASE, LOOSE, SCATTERED = 8, 4, 3, 2, 1
NAME, DESCRIPTIVE, CONTEXT = 4, 2, 1
# Shorter words must match whole: "s" (of "Alibaba's") must not find every word starting with s.
MIN_PREFIX = 3

# A word: letters and digits, with inner apostrophes ("Alibaba's", "don't").
_WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")
_ALNUM = re.compile(r"[^\W_]+")
_NOT_ALNUM = re.compile(r"[\W_]+")
_POSSESSIVE = re.compile(r"['\u2019]s$")


def _stem(word: str) -> str:
    """Case folded, without a possessive 's, inner apostrophes or a plural s."""
    folded = _POSSESSIVE.sub("", word.casefold()).replace("'", "").replace("\u2019", "")
    plural = len(folded) > 3 and folded.endswith("s") and not folded.endswith("ss")
    return folded[:-1] if plural else folded


def stems(text: str) -> list[str]:
    """The text's words as searched: stems, in order."""
    # Each distinct word stemmed once: indexing 100,000 facts stems two million words, most
    # of them words seen before.
    return [_STEMS.get(word) or _stemmed(word) for word in _WORD.findall(text)]


_STEMS: dict[str, str] = {}


def _stemmed(word: str) -> str:
    stem = _STEMS[word] = _stem(word)
    return stem


def word_set(text: str) -> set[str]:
    """The text's words as searched, each once (as `set(stems(text))`, each distinct word
    stemmed once)."""
    return {_STEMS.get(word) or _stemmed(word) for word in set(_WORD.findall(text))}


def compact(text: str) -> str:
    """The text's letters and digits, case folded and run together."""
    return _NOT_ALNUM.sub("", text.casefold())


def compact_each(texts: Iterable[str]) -> Iterator[str]:
    """`compact` of each text, without a call in Python for each."""
    return map(_NOT_ALNUM.sub, repeat(""), map(str.casefold, texts))


def _finds(term: str, word: str) -> bool:
    return word == term or (len(term) >= MIN_PREFIX and word.startswith(term))


def _found(term: str, among: list[str]) -> bool:
    return any(_finds(term, word) for word in among)


class EmptyQuery(UsageError):
    """A query with no word to search for."""


@frozen
class Query:
    """What the user typed, as words to match."""

    text: str
    stems: tuple[str, ...]
    compact: str

    @classmethod
    def parse(cls, text: str) -> Query:
        """Raise `EmptyQuery` when the text has no letters or digits to search for."""
        found = tuple(stems(text))
        if not found:
            raise EmptyQuery(f"nothing to search for in {text!r}: type a word or a name")
        return cls(text, found, compact(text))

    def strength(self, text: str) -> int:
        """How well one field's text matches: 0 (not at all) to EXACT."""
        found = stems(text)
        if tuple(found) == self.stems:
            return EXACT
        size = len(self.stems)
        windows = [found[start : start + size] for start in range(len(found) - size + 1)]
        if any(tuple(window) == self.stems for window in windows):
            return PHRASE
        if any(all(map(_finds, self.stems, window)) for window in windows):
            return PREFIX_PHRASE
        runs_together = len(self.compact) >= MIN_PREFIX and self.compact in compact(text)
        if runs_together or all(_found(term, found) for term in self.stems):
            return LOOSE
        return 0

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Where the query's words are in `text`, as (start, end) offsets, for highlighting.

        Linear in the text: matches that only punctuation or spaces separate are one span, so
        that a long quote repeating the words is highlighted in a few spans, not thousands.
        """
        # A word is judged once, however often the text repeats it.
        judged: dict[str, bool] = {}

        def matches(word: str) -> bool:
            if word not in judged:
                judged[word] = any(_finds(term, _stem(word)) for term in self.stems)
            return judged[word]

        found = [
            (match.start(), match.end()) for match in _WORD.finditer(text) if matches(match.group())
        ]
        return _merged(text, sorted(found + self._run_together_spans(text)))

    def _run_together_spans(self, text: str) -> list[tuple[int, int]]:
        """Where the query's letters stand run together across word boundaries."""
        if len(self.compact) < MIN_PREFIX:
            return []
        # The text's letters and digits, case folded and joined, and where each run of them
        # starts in both: a joined offset maps back through the run it falls in.
        parts: list[str] = []
        starts: list[int] = []
        runs: list[re.Match[str]] = []
        at = 0
        for match in _ALNUM.finditer(text):
            folded = match.group().casefold()
            parts.append(folded)
            starts.append(at)
            runs.append(match)
            at += len(folded)
        joined = "".join(parts)

        def offset(index: int) -> int:
            run = bisect_right(starts, index) - 1
            inside = index - starts[run]
            return runs[run].start() + (
                inside
                if len(parts[run]) == len(runs[run].group())
                else _folded_position(runs[run].group(), inside)
            )

        spans = []
        start = joined.find(self.compact)
        while start >= 0:
            end = start + len(self.compact)
            spans.append((offset(start), offset(end - 1) + 1))
            start = joined.find(self.compact, end)
        return spans


def _folded_position(text: str, inside: int) -> int:
    """The position in `text` of the character whose case folding holds folded index `inside`."""
    at = 0
    for position, char in enumerate(text):
        at += len(char.casefold())
        if at > inside:
            return position
    return len(text) - 1


def _merged(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted spans joined where they overlap or only non-word characters separate them."""
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and (
            start <= merged[-1][1] or not any(map(str.isalnum, text[merged[-1][1] : start]))
        ):
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


# Text fields read apart from the record's other text: the id at its own place, the quote last.
# Not words to read: an id, the quote (weighed apart), a value or a date written as text.
_NOT_DESCRIPTIVE = frozenset({"id", "quote", "value", "date", "unit", "bound"})


def searchable(catalog: Catalog, entry: Entry) -> list[tuple[str, int, str]]:
    """A record's searchable texts as (field, weight, text).

    Its id; its names; its other text fields; the names of the records it refers to (an
    app's company too, since an app stands for its company), but not its source or the
    events it follows; and its quote.
    """
    from aicompete.knowledge.catalog import named
    from aicompete.knowledge.models import App

    record = entry.record
    fields: list[tuple[str, int, str | None]] = [("id", DESCRIPTIVE, record.id)]
    fields += [(field, NAME, text) for field, text in named(entry)]
    for name in _descriptive(entry.kind):
        value = getattr(record, name)
        if isinstance(value, str):
            fields.append((name, DESCRIPTIVE, value))
    for field, linked in catalog.linked(entry):
        if field in ("source", "after"):
            continue
        fields.append((field, CONTEXT, catalog.name(linked.kind, linked.id)))
        if isinstance(linked.record, App):
            fields.append(("company", CONTEXT, catalog.name("company", linked.record.company)))
    fields.append(("quote", CONTEXT, getattr(record, "quote", None)))
    return [(name, weight, text) for name, weight, text in fields if text]


@functools.cache
def _descriptive(kind_name: str) -> tuple[str, ...]:
    """The fields of a kind's records read as descriptive text: neither a reference, a name,
    nor one of `_NOT_DESCRIPTIVE`."""
    from aicompete.knowledge.kinds import BY_NAME

    kind = BY_NAME[kind_name]
    referenced = {reference.field for reference in kind.references}
    return tuple(
        name
        for name in attribute_names(kind.model)
        if name not in referenced and name not in kind.names and name not in _NOT_DESCRIPTIVE
    )


@frozen
class Scored:
    """How well a record matched: its best field's points, the sum over its fields, and the
    name of the best field."""

    score: int
    total: int
    match: str


def score(fields: list[tuple[str, int, str]], query: Query) -> Scored | None:
    """The match of a record whose searchable texts are `fields`, or None when some word of
    the query is not in it."""
    scored = [(weight * query.strength(text), name) for name, weight, text in fields]
    best, match = max(scored, default=(0, ""))
    if best:
        return Scored(best, sum(points for points, _ in scored), match)
    found = [word for _, _, text in fields for word in stems(text)]
    if all(_found(term, found) for term in query.stems):
        return Scored(SCATTERED, SCATTERED, "several fields")
    return None
