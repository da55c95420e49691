"""What a quote states in its own words: where a summary made of them stands in it, and the
clauses it states one thing in each."""

from __future__ import annotations

import re
from collections.abc import Collection

from aicompete.frozen import frozen
from aicompete.proof.text import Mention, sentences

# A word as a summary and its quote are compared: letters and digits, with the marks inside
# a word kept ("P10-level", "e-mail", "Qwen3.5", "Alibaba's"), case folded.
_WORD = re.compile(r"[^\W_]+(?:['\u2019.\-][^\W_]+)*")
# Words a summary may leave out of its quote's run anywhere: they say that something else
# happened as well, or stand for whom it is about, which the fact's own fields record.
LEFT_OUT = frozenset({"also", "he", "she", "it", "they"})


@frozen
class Wording:
    """How far a quote gives a phrase in its own words: the span from the first of them to
    the last, when it gives them all, and how many of the phrase's words it gives in order at
    best."""

    span: Mention | None
    words: int


def _words(text: str) -> list[tuple[str, int, int]]:
    """The text's words as compared, each with where it starts and ends."""
    return [
        (match.group().casefold(), match.start(), match.end()) for match in _WORD.finditer(text)
    ]


def in_own_words(text: str, phrase: str, left_out: Collection[str] = ()) -> Wording:
    """Where the text gives the phrase in its own words, in order, case and punctuation
    aside: a run of the text's words, leaving out between them only the words of
    `left_out` and of `LEFT_OUT` ("Born in 1993; was one of ..." from "Born in 1993, Lin was
    one of ...", with "lin" left out)."""
    said = [word for word, _, _ in _words(phrase)]
    stated = _words(text)
    skippable = LEFT_OUT | {word.casefold() for word in left_out}
    best = 0
    for first, (word, start, _) in enumerate(stated):
        if not said or word != said[0]:
            continue
        given, at = 1, first + 1
        while given < len(said) and at < len(stated):
            if stated[at][0] == said[given]:
                given += 1
            elif stated[at][0] not in skippable:
                break
            at += 1
        if given == len(said):
            end = stated[at - 1][2]
            return Wording(Mention(start, end, text[start:end]), given)
        best = max(best, given)
    return Wording(None, best)


def said_words(phrase: str, count: int) -> tuple[str, str | None]:
    """The first `count` words of the phrase as it writes them, and the word after them."""
    found = list(_WORD.finditer(phrase))
    given = phrase[: found[count - 1].end()] if count else ""
    return given, found[count].group() if count < len(found) else None


# Where one clause of a sentence ends and the next begins: a semicolon, a dash, or a comma and
# a word that joins two clauses ("..., and later guided the release"). A clause that "which"
# or "who" starts stays with the noun it is bound to.
_CLAUSE_BREAK = re.compile(
    r";\s+|\s+[\u2014\u2013]\s+|,\s+(?=(?:and|but|while|whereas|yet)\s)", re.IGNORECASE
)


def clauses(text: str) -> list[Mention]:
    """The text's clauses, in order: its sentences, each cut where a clause joins the next."""
    found = []
    for sentence in sentences(text):
        start = sentence.start
        for cut in _CLAUSE_BREAK.finditer(text, sentence.start, sentence.end):
            if text[start : cut.start()].strip():
                found.append(Mention(start, cut.start(), text[start : cut.start()]))
            start = cut.end()
        if text[start : sentence.end].strip():
            found.append(Mention(start, sentence.end, text[start : sentence.end]))
    return found


# A clause bound to the noun before it: ", which features more than 1 trillion parameters".
_RELATIVE = re.compile(r",\s+(?:which|who|whose)\s", re.IGNORECASE)


def bound_from(text: str, start: int, at: int) -> int | None:
    """Where the clause that holds `at` is bound to a noun before it, read from `start`: the
    comma before "which", "who" or "whose"; None when `at` is in no such clause."""
    found = [match.start() for match in _RELATIVE.finditer(text, start, at)]
    return found[-1] if found else None
