"""Who measured a figure: a name given as where data come from."""

from __future__ import annotations

import re

from aicompete.proof.roles import PERSON_NAME
from aicompete.proof.text import NAME, Mention, words_beside

# Words beside a name that make it the source of data: "Data from internet analytics firm
# QuestMobile showed", "according to QuestMobile".
DATA_WORDS = frozenset(
    {
        "data",
        "according",
        "showed",
        "show",
        "measured",
        "estimate",
        "figure",
        "survey",
        "report",
        "analytic",
        "firm",
        "tracker",
        "research",
    }
)


def is_data_source(text: str, mention: Mention) -> bool:
    """Whether the text names what `mention` names as where data come from."""
    return not DATA_WORDS.isdisjoint(words_beside(text, mention.start, mention.end))


_DATA_SOURCE = re.compile(
    r"(?i:(?<!\w)(?:data|figures|estimates|statistics|numbers|research|a\s+report|a\s+survey)"
    r"\s+(?:from|by)|(?<!\w)according\s+to)\s+"
    rf"(?P<described>(?:[a-z][\w-]*\s+){{0,4}})(?P<name>{NAME})(?![\w'\u2019])"
)


def data_sources(text: str) -> list[tuple[Mention, Mention | None]]:
    """Each name the text gives as where data come from ("Data from internet analytics firm
    QuestMobile", "according to Metrica"), with the words that describe it there ("internet
    analytics firm"), if any. A name that could be a person's, given without such words
    ("according to Cao Lei"), is not one."""
    found = []
    for match in _DATA_SOURCE.finditer(text):
        start, end = match.span("described")
        article = re.match(r"(?:the|a|an)\s+", text[start:end])
        if article:
            start += article.end()
        described = text[start:end].rstrip()
        name = Mention(match.start("name"), match.end("name"), match.group("name"))
        if not described and (article or PERSON_NAME.fullmatch(name.name)):
            continue
        if is_data_source(text, name):
            words_before = Mention(start, start + len(described), described) if described else None
            found.append((name, words_before))
    return found


# Wording that makes a name an outlet that only passes a figure on: "as reported by 36kr",
# "36kr reported", "cited by".
_RELAYED_BY = re.compile(
    r"(?i:(?:reported|relayed|cited|published|carried|first\s+reported)\s+by|via|in\s+a\s+report\s+by"
    r"|according\s+to\s+(?:a|an)\s+(?:report|article)\s+(?:by|from|in))\s+(?:[a-z][\w-]*\s+){0,4}$"
)
_REPORTED = re.compile(r"\s+(?i:reported|cited|said\s+in\s+a\s+report)(?!\w)")


def is_relay(text: str, mention: Mention) -> bool:
    """Whether the text names what `mention` names as an outlet that relays what it says:
    "as reported by Chinese tech outlet 36kr", "36kr reported"."""
    return bool(_RELAYED_BY.search(text, 0, mention.start) or _REPORTED.match(text, mention.end))
