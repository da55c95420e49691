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
        # "by QuestMobile's count", "in AICPB.com's sample", "by Alibaba's tally".
        "count",
        "sample",
        "tally",
    }
)


def is_data_source(text: str, mention: Mention) -> bool:
    """Whether the text names what `mention` names as where data come from."""
    return not DATA_WORDS.isdisjoint(words_beside(text, mention.start, mention.end))


# The noun of a descriptor of who measured a figure ("advertising tracker AppGrowing").
DESCRIBER = r"(?i:tracker|firm|outlet|agency|house|provider|platform)"
# Words that describe who measured a figure right before its name ("advertising tracker
# AppGrowing"), which say nothing of what the figure counts.
DESCRIBED_BEFORE = re.compile(rf"(?:[A-Za-z][\w-]*\s+){{0,3}}{DESCRIBER}\s+$")
# A name that says a figure: "..., ByteDance said.", "Alibaba says".
_SAID = re.compile(r"[ \t]+(?:said|says)(?![\w'\u2019])")


def is_measurer(text: str, mention: Mention) -> bool:
    """Whether the text gives what `mention` names as who measured what it says: where data
    come from ("according to", "X data showed", "X estimates", "by X's count"), or who said
    it ("..., ByteDance said"); never an outlet that only relays it."""
    if is_relay(text, mention):
        return False
    return is_data_source(text, mention) or _SAID.match(text, mention.end) is not None


_DATA_SOURCE = re.compile(
    r"(?i:(?<!\w)(?:data|figures|estimates|statistics|numbers|research|a\s+report|a\s+survey)"
    r"\s+(?:from|by)|(?<!\w)according\s+to)\s+"
    rf"(?P<described>(?:[a-z][\w-]*\s+){{0,4}})(?P<name>{NAME})(?![\w'\u2019])"
)


# A descriptor that goes on past a capitalized word to the name it describes: in "figures from
# AI chatbot tracker AICPB.com", "AI" describes and AICPB.com is the name.
_DESCRIBED_ON = re.compile(
    rf"\s+(?:[a-z][\w-]*\s+){{0,3}}{DESCRIBER}\s+(?P<name>{NAME})(?![\w'\u2019])"
)


def data_sources(text: str) -> list[tuple[Mention, Mention | None]]:
    """Each name the text gives as where data come from ("Data from internet analytics firm
    QuestMobile", "according to Metrica", "figures from AI chatbot tracker AICPB.com"), with
    the words that describe it there ("internet analytics firm"), if any. A name that could be
    a person's, given without such words ("according to Cao Lei"), is not one."""
    found = []
    for match in _DATA_SOURCE.finditer(text):
        start, end = match.span("described")
        article = re.match(r"(?:the|a|an)\s+", text[start:end])
        if article:
            start += article.end()
        name = Mention(match.start("name"), match.end("name"), match.group("name"))
        described_on = _DESCRIBED_ON.match(text, name.end)
        if described_on:
            start, end = name.start, described_on.start("name")
            name = Mention(end, described_on.end("name"), described_on.group("name"))
        described = text[start:end].rstrip()
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
# An outlet described as one, or said to cite another's figures: "according to Chinese tech
# outlet 36kr, which on the 19th cited QuestMobile figures".
_OUTLET = re.compile(
    r"(?i:outlet|newspaper|news\s+site|news\s+agency|news\s+portal|publication|media"
    r"|magazine|broadcaster)\s+$"
)
_CITING = re.compile(
    r"\s*,\s+(?i:which|who)\s+(?:[^,.;]{0,40}\s)?(?i:cited|quoted|relayed|reported)(?!\w)"
)


def is_relay(text: str, mention: Mention) -> bool:
    """Whether the text names what `mention` names as an outlet that relays what it says:
    "as reported by Chinese tech outlet 36kr", "36kr reported", "according to tech outlet
    36kr, which cited QuestMobile figures"."""
    return bool(
        _RELAYED_BY.search(text, 0, mention.start)
        or _REPORTED.match(text, mention.end)
        or _OUTLET.search(text, max(0, mention.start - 40), mention.start)
        or _CITING.match(text, mention.end)
    )
