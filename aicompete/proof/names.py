"""Names: every name of every subject found in one pass, a name read whole, and the names a
text gives in possessives ("Tencent's Yuanbao")."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from aicompete.proof.roles import ROLE_WORDS
from aicompete.proof.text import NAME, TOKEN, UPPER, Mention, squeeze, trimmed
from aicompete.proof.times import MONTH, WEEKDAYS


class NameIndex:
    """Every name of every subject (company, app, person), to find all that a text names in
    one pass over its words, however many subjects the knowledge base holds.

    A name matches whole words, in its own case ("Ma" is not found in "many"); where names
    overlap, the longest wins ("Alibaba Cloud" over "Alibaba").
    """

    def __init__(self, names: Mapping[str, Iterable[str]]) -> None:
        # First word -> the lengths of the names it starts, longest first, each with those
        # names' words and the subjects each names: at each word of a text, a lookup per
        # length, however many names share the word (people share family names by the
        # thousand).
        starts: dict[str, dict[int, dict[tuple[str, ...], set[str]]]] = {}
        for key, texts in names.items():
            for text in texts:
                tokens = tuple(TOKEN.findall(text))
                if tokens:
                    by_length = starts.setdefault(tokens[0], {})
                    by_length.setdefault(len(tokens), {}).setdefault(tokens, set()).add(key)
        self._starts = {
            first: sorted(by_length.items(), reverse=True) for first, by_length in starts.items()
        }
        self._found: dict[str, list[Mention]] = {}

    def find(self, text: str) -> list[Mention]:
        """Every mention in the text, in order; a mention's `name` is unused, its `keys` say
        what it names."""
        if text in self._found:
            return self._found[text]
        tokens = list(TOKEN.finditer(text))
        words = [token.group() for token in tokens]
        found: list[Mention] = []
        at = 0
        while at < len(tokens):
            keys = None
            for length, named in self._starts.get(words[at], ()):
                keys = named.get(tuple(words[at : at + length]))
                if keys is not None:
                    break
            if keys is None:
                at += 1
                continue
            end = tokens[at + length - 1].end()
            found.append(
                Mention(tokens[at].start(), end, text[tokens[at].start() : end], frozenset(keys))
            )
            at += length
        self._found[text] = found
        return found


_WORD_BEFORE = re.compile(r"(\S+)[ \t]+$")
_WORD_AFTER = re.compile(r"[ \t]+(\S+)")
_POSSESSIVE_END = re.compile(r"['\u2019]s$")


def is_whole_name(text: str, mention: Mention) -> bool:
    """Whether a mention is a name as a whole: it begins with a letter or digit, its first word
    holds a capital or a digit, and no capitalized word joins it, before or after, into a
    longer name ("Bowen" in "Yu Bowen", "Alibaba" in "Alibaba Group"). Titles ("Alibaba CEO
    Eddie Wu") and days do not join a name; a possessive ends one ("Alibaba's Qwen")."""
    name = mention.name
    first = name.split(" ", 1)[0]
    if not name[:1].isalnum() or not any(c.isupper() or c.isdigit() for c in first):
        return False
    before = _WORD_BEFORE.search(text, 0, mention.start)
    if before and not _POSSESSIVE_END.search(before.group(1)) and _joins(before.group(1)):
        return False
    after = _WORD_AFTER.match(text, mention.end)
    return not (after and _joins(_POSSESSIVE_END.sub("", after.group(1))))


# Words that a sentence may begin with, capitalized, right before a name ("The Qwen app",
# "Meanwhile Doubao", "Both Doubao and Qwen"): never part of the name.
_SENTENCE_WORDS = frozenset(
    [
        "a",
        "about",
        "according",
        "after",
        "all",
        "also",
        "although",
        "amid",
        "among",
        "an",
        "and",
        "as",
        "at",
        "because",
        "before",
        "both",
        "but",
        "by",
        "despite",
        "during",
        "earlier",
        "even",
        "for",
        "from",
        "he",
        "her",
        "his",
        "however",
        "if",
        "in",
        "including",
        "its",
        "last",
        "later",
        "like",
        "many",
        "meanwhile",
        "most",
        "next",
        "not",
        "now",
        "of",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "over",
        "she",
        "since",
        "so",
        "some",
        "still",
        "such",
        "than",
        "that",
        "the",
        "their",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "though",
        "to",
        "today",
        "under",
        "unlike",
        "until",
        "we",
        "when",
        "where",
        "whereas",
        "which",
        "while",
        "who",
        "with",
        "without",
        "yesterday",
        "yet",
    ]
)


def _joins(word: str) -> bool:
    return (
        re.fullmatch(rf"[{UPPER}][\w&+-]*", word) is not None
        and word.casefold() not in ROLE_WORDS
        and word.casefold() not in _SENTENCE_WORDS
        and word not in WEEKDAYS
        and re.fullmatch(MONTH, word) is None
    )


def mentions(text: str, names: Iterable[str]) -> list[Mention]:
    """Where the text names something by any of `names`, in order."""
    return NameIndex({"": names}).find(text)


def person_names(name: str) -> tuple[str, ...]:
    """What a text calls a person by: the whole name, or one word of it standing alone (a
    surname, "Lin", "Ma"), as reports name people again."""
    return (name, *squeeze(name).split(" "))


_POSSESSIVE = re.compile(
    rf"(?<![\w'\u2019])(?P<owner>{NAME})['\u2019]s\s+(?P<thing>{NAME})(?![\w'\u2019])"
)


def possessives(text: str) -> list[tuple[Mention, Mention]]:
    """Each name that a name owns, as the text writes it: "Tencent's Yuanbao" gives
    (Tencent, Yuanbao). A capitalized word after the possessive starts the owned name
    ("Alibaba's youngest" owns nothing), and a name of one to three capitals ("China's AI")
    is an abbreviation, not a name owned."""
    found = []
    for match in _POSSESSIVE.finditer(text):
        owner = trimmed(text, match, "owner")
        thing = Mention(match.start("thing"), match.end("thing"), match.group("thing"))
        if owner and not re.fullmatch(rf"[{UPPER}]{{1,3}}", thing.name):
            found.append((owner, thing))
    return found
