"""Clauses that say what a campaign is: what it is for, whom it reached, its own name, and a
comparison with another subject."""

from __future__ import annotations

import re

from aicompete.proof.speech import without_attribution
from aicompete.proof.text import NAME, Mention, find_phrase, squeeze

# Wording that says what a campaign is for ("to attract users", "aimed at integrating"), and
# whom it reached ("reaching a nationwide audience"); each introduces a clause, read whole.
_PURPOSE_BEFORE = re.compile(
    r"(?<!\w)(?:to|aimed\s+at|aiming\s+at|with\s+the\s+aim\s+of|for\s+the\s+purpose\s+of)\s+$",
    re.IGNORECASE,
)
_REACH_BEFORE = re.compile(
    r"(?<!\w)(?:reaching|reached|reaches|reach|an\s+audience\s+of|watched\s+by|seen\s+by)\s+$",
    re.IGNORECASE,
)
_CLAUSE_END = re.compile(r"[ \t]*(?:$|[,.;:!?)\]\u2014\u2013]|(?:and|while|but|whereas)(?!\w))")
# Words that make a "to" a preposition, not the start of what something is for: "users to
# their AI applications".
_NOT_A_PURPOSE = re.compile(
    r"^(?i:the|a|an|its|their|his|her|our|my|your|this|that|these|those)(?!\w)"
)
_TO = re.compile(r"^(?i:to)\s+")


def _introduced(text: str, phrase: str, before: re.Pattern[str]) -> bool:
    """Whether the phrase stands in the text as a whole clause that the wording `before`
    introduces: right after it, and up to the end of the clause."""
    return any(
        before.search(text, 0, mention.start) and _CLAUSE_END.match(text, mention.end)
        for mention in find_phrase(text, phrase, ignore_case=True)
    )


def states_purpose(text: str, purpose: str) -> bool:
    """Whether the text gives `purpose` as what something is for: "to attract users to their
    AI applications." states "To attract users to their AI applications"."""
    clause = _TO.sub("", squeeze(purpose))
    return (
        not _NOT_A_PURPOSE.match(clause)
        and without_attribution(clause) == clause
        and _introduced(text, clause, _PURPOSE_BEFORE)
    )


def states_reach(text: str, reach: str) -> bool:
    """Whether the text gives `reach` as whom something reached: "reaching a nationwide
    audience."."""
    return _introduced(text, reach, _REACH_BEFORE)


# A campaign's own name: in quote marks, or capitalized, right before the word for what it is
# ('a 3 billion yuan "Spring Festival Treat" campaign', "its Lantern Rush promotion").
_CAMPAIGN_NAME = re.compile(
    r"(?:[\"\u201c](?P<quoted>[^\"\u201c\u201d\n]{1,80})[\"\u201d]|(?P<bare>"
    + NAME
    + r"))\s+(?i:campaign|promotion|programme|program|initiative)(?!\w)"
)


# A name given to it: 'a cash giveaway branded "share 1 billion yuan"', "what it called a
# Spring Festival treat" (capitalized words first, up to the end of the phrase).
_GIVEN_NAME = re.compile(
    r"(?<!\w)(?:(?i:branded|dubbed|billed\s+as|called|named)\s+(?:(?i:a|an|the)\s+)?"
    r"[\"\u201c](?P<quoted>[^\"\u201c\u201d\n]{1,80})[\"\u201d]"
    r"|(?i:branded|dubbed|billed\s+as|what\s+(?:it|they)\s+called)\s+(?:(?i:a|an|the)\s+)?"
    r"(?P<bare>[A-Z][\w'\u2019-]*(?:\s+[A-Z][\w'\u2019-]*)*(?:\s+[a-z][\w-]*)?)"
    r"(?=\s*(?:[,.;:!?)]|$)))"
)


def campaign_names(text: str) -> list[Mention]:
    """Each name the text gives a campaign, without its quote marks."""
    found = []
    for match in (*_CAMPAIGN_NAME.finditer(text), *_GIVEN_NAME.finditer(text)):
        group = "quoted" if match.group("quoted") is not None else "bare"
        start, end = match.span(group)
        name = text[start:end].strip()
        start += len(text[start:end]) - len(text[start:end].lstrip())
        found.append(Mention(start, start + len(name), name))
    return sorted(found, key=lambda mention: mention.start)


_COMPARISON = re.compile(
    r"(?<!\w)(?:(?i:roughly|about|around|nearly|almost|more\s+than|less\s+than|over|under)\s+)?"
    r"(?i:half|twice|double|triple|a\s+third|one\s+third|a\s+quarter|\d+(?:\.\d+)?\s+times)"
    rf"\s+(?i:that|those)\s+of\s+{NAME}(?![\w'\u2019])"
)


_QUALIFIED = r"(?:(?i:roughly|about|around|nearly|almost|more\s+than|less\s+than|over|under)\s+)?"
# A change the text states beside a figure, with what it is measured against: "a one-day gain
# of roughly 728 percent", "having roughly quadrupled since early February", "roughly 15
# times the team's own forecast".
_CHANGE = re.compile(
    rf"(?<!\w)(?:(?i:a|an)\s+(?:[\w-]+\s+)?(?i:gain|rise|increase|jump|drop|fall|decline)\s+"
    rf"(?i:of)\s+{_QUALIFIED}\d+(?:\.\d+)?\s*(?:%|(?i:percent))"
    rf"|(?i:having\s+){_QUALIFIED}(?i:doubled|tripled|trebled|quadrupled|halved)"
    r"\s+(?i:since|from)\s+[^,.;]{1,40}?(?=[,.;]|$)"
    rf"|{_QUALIFIED}\d+(?:\.\d+)?\s+(?i:times)\s+(?i:the|its|their)\s+[^,.;]{{1,40}}?"
    r"(?i:forecast|target|estimate|expectation|level|figure|total)s?)(?![\w])"
)


def comparisons(text: str) -> list[Mention]:
    """Each comparison the text makes: with another subject ("roughly half that of Doubao"),
    or a change against an earlier value or a forecast ("a one-day gain of roughly 728
    percent", "having roughly quadrupled since early February")."""
    found = [*_COMPARISON.finditer(text), *_CHANGE.finditer(text)]
    return [Mention(m.start(), m.end(), m.group()) for m in sorted(found, key=lambda m: m.start())]
