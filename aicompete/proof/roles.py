"""Roles beside a person's name: "Alibaba CEO Eddie Wu", "Yu Bowen, head of post-training"."""

from __future__ import annotations

import re

from aicompete.proof.text import (
    LEADING_WORDS,
    UPPER,
    Mention,
    caseless,
    find_phrase,
    trimmed,
    words,
)


def roles_beside(text: str, name: str) -> list[str]:
    """The roles the text gives beside the name, each read whole as `people_with_roles`
    reads it: "Alibaba CEO" for "Alibaba CEO Eddie Wu", "head of post-training for the Qwen
    model" for "Yu Bowen, head of post-training for the Qwen model," (without its article)."""
    found = []
    for mention in find_phrase(text, name):
        before = _role_before(text, mention.start)
        if before:
            found.append(before.name)
        after = _ROLE_AFTER_NAME.match(text, mention.end)
        if after:
            found.append(after.group("role"))
    return found


def role_beside(text: str, name: str, role: str) -> bool:
    """Whether the role, whole and case aside, is one the text gives beside the name."""
    return caseless(role) in {caseless(found) for found in roles_beside(text, name)}


# Words that name a role, one of which a role beside a name ends with ("Alibaba CEO Eddie
# Wu") or holds ("Yu Bowen, head of post-training"); `words` folds them.
ROLE_WORDS = frozenset(
    {
        "ceo",
        "cto",
        "cfo",
        "coo",
        "founder",
        "co-founder",
        "cofounder",
        "chairman",
        "chairwoman",
        "chair",
        "president",
        "vice-president",
        "officer",
        "director",
        "head",
        "manager",
        "spokesperson",
        "spokesman",
        "spokeswoman",
        "analyst",
        "professor",
        "scientist",
        "engineer",
        "researcher",
        "partner",
        "executive",
        "lead",
        "leader",
        "member",
        "expert",
        "secretary",
        "minister",
        "dean",
        "editor",
        "investor",
        "economist",
        "chief",
    }
)
# Lowercase words that a role before a name may hold besides its last: "chief technology
# officer", "senior vice president".
_TITLE_WORDS = ROLE_WORDS | frozenset(
    {
        "technology",
        "technical",
        "operating",
        "financial",
        "information",
        "product",
        "marketing",
        "vice",
        "senior",
        "general",
        "managing",
        "principal",
        "deputy",
        "former",
        "research",
        "global",
        "board",
    }
)
# Titles written with a capital before a name ("Alibaba President Eddie Wu"): never a word of
# the name. Words that are names as often as titles (Dean, Chase) are left out.
_CAPITALIZED_TITLES = (
    "President|Chairman|Chairwoman|Chief|Founder|Co-founder|Cofounder|Director|Executive"
    "|Officer|Manager|Minister|Secretary|Spokesperson|Spokesman|Spokeswoman|Vice|Senior"
    "|Deputy|Former|General|Managing|Professor|Analyst|Scientist|Engineer|Researcher"
    "|Economist|Editor|Investor|Head|Leader|CEO|CTO|CFO|COO"
)
_PERSON_WORD = (
    rf"(?!(?:{_CAPITALIZED_TITLES})(?![\w-]))[{UPPER}][a-zß-ÿ]+(?:-[A-Za-zß-ÿ][a-zß-ÿ]+)?"
)
# A person's name: two or three capitalized words ("Eddie Wu", "Lin Junyang").
_PERSON = rf"{_PERSON_WORD}(?: {_PERSON_WORD}){{1,2}}"
PERSON_NAME = re.compile(rf"(?<![\w'\u2019-]){_PERSON}(?![\w'\u2019-])")
# What ends a role written after a name: punctuation, a quote mark, a dash, a line break.
_ROLE_END = r"[,.;:!?()\"\u201c\u201d\u2014\u2013\n]"
_ROLE_AFTER_PATTERN = (
    r",\s+(?:(?:a|an|the)\s+)?"
    rf"(?P<role>(?!\s|{_ROLE_END})(?:(?!{_ROLE_END}).)+?)(?=[ \t]*(?:{_ROLE_END}|$))"
)
_ROLE_AFTER = re.compile(rf"(?<![\w'\u2019-])(?P<name>{_PERSON}){_ROLE_AFTER_PATTERN}")
_ROLE_AFTER_NAME = re.compile(_ROLE_AFTER_PATTERN)
# The most words a role takes, and how far before a name one is looked for.
_ROLE_LENGTH = 12
_ROLE_REACH = 200


def people_with_roles(text: str) -> list[tuple[Mention, Mention]]:
    """Each person the text names with a role beside the name, as `role_beside` reads it:
    (name, role) for "Alibaba CEO Eddie Wu" and for "Yu Bowen, head of post-training for
    the Qwen model" (the role without its article: "Lin Junyang, a core leader")."""
    found = []
    for match in _ROLE_AFTER.finditer(text):
        name = trimmed(text, match, "name")
        role = Mention(match.start("role"), match.end("role"), match.group("role"))
        if (
            name
            and " " in name.name
            and len(role.name.split()) <= _ROLE_LENGTH
            and not ROLE_WORDS.isdisjoint(words(role.name))
        ):
            found.append((name, role))
    for match in PERSON_NAME.finditer(text):
        before = _role_before(text, match.start())
        if before:
            found.append((Mention(match.start(), match.end(), match.group()), before))
    return sorted(found, key=lambda pair: pair[0].start)


def _role_before(text: str, at: int) -> Mention | None:
    """The role that ends right before a name, from its last word (a role word) back over
    capitalized words and the words of titles, to the start of the phrase."""
    offset = max(0, at - _ROLE_REACH)
    kept: list[re.Match[str]] = []
    for token in reversed(list(re.finditer(r"\S+", text[offset:at]))):
        gap = text[offset + token.end() : at]
        if not gap or gap.strip(" "):
            break
        word = token.group()
        if not kept:
            if word.casefold() not in ROLE_WORDS:
                return None
        elif not (
            re.fullmatch(rf"[{UPPER}][\w&-]*(?:['\u2019]s)?", word)
            or word.casefold() in _TITLE_WORDS
        ):
            break
        kept.append(token)
        at = offset + token.start()
    while kept and kept[-1].group().casefold() in LEADING_WORDS:
        kept.pop()
    if not kept or len(kept) > _ROLE_LENGTH:
        return None
    start, end = offset + kept[-1].start(), offset + kept[0].end()
    return Mention(start, end, text[start:end])
