"""Time expressions as news reports write them: weekdays, dates, months, festivals and
holidays, quarters and years, each read whole."""

from __future__ import annotations

import re

from aicompete.proof.text import Mention, caseless, squeeze

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_WEEKDAY = "(?:" + "|".join(WEEKDAYS) + ")"
# Time expressions as news reports write them, longest first at each place, so that "late
# Thursday" is read whole and never as "Thursday".
_TIME = re.compile(
    r"(?<![\w-])(?:"
    rf"(?:(?i:late|early|last|next|this)\s+)?{_WEEKDAY}(?:\s+(?i:morning|afternoon|evening|night))?"
    rf"|{MONTH}\s+\d{{1,2}}(?:,\s*\d{{4}})?"
    rf"|\d{{1,2}}\s+{MONTH}(?:\s+\d{{4}})?"
    r"|\d{4}-\d{2}-\d{2}"
    r"|(?i:(?:earlier|later)\s+(?:this|that|last)\s+(?:week|month|year))"
    r"|(?:(?i:this|last|next)\s+year's\s+|(?i:the)\s+)?(?:[A-Z][\w-]*\s+){1,3}holiday"
    # A festival, not the start of a longer name ("the Spring Festival Gala", "Spring
    # Festival Treat"): "the Lantern Festival".
    r"|(?:(?i:this|last|next)\s+year's\s+|(?i:the)\s+)?(?:[A-Z][\w-]*\s+){1,2}Festival"
    r"(?!\s+(?:holiday|[A-Z]))"
    r"|(?i:the\s+same\s+(?:day|week|month|year))"
    # A month alone ("in January"); not May, which is a word too.
    r"|(?:(?i:early|late|mid-)\s*)?(?:January|February|March|April|June|July|August"
    r"|September|October|November|December)(?:\s+\d{4})?(?!\s+[A-Z][a-z])"
    r"|(?i:(?:this|last|next)\s+(?:week|month|year))"
    r"|(?i:(?:shortly\s+)?afterwards?)"
    r"|(?i:(?:shortly|soon)\s+(?:after|before))(?=\W)"
    r"|(?i:later|yesterday|today|tonight)"
    r")(?![\w-])"
)
# Periods that figures are given for, beyond the time expressions: "January 2026", "the first
# quarter of 2025", "Q3 2025", "2025".
_PERIOD = re.compile(
    r"(?<![\w-])(?:"
    rf"{MONTH}\s+\d{{4}}"
    r"|(?i:the\s+)?(?i:first|second|third|fourth|final|last)\s+(?i:quarter|half)"
    r"(?:\s+(?i:of)\s+\d{4})?"
    r"|Q[1-4](?:\s+\d{4})?"
    r"|(?:19|20)\d{2}"
    r")(?![\w-])"
)
_ARTICLE = re.compile(r"^(?i:the)\s+")


def time_expressions(text: str) -> list[Mention]:
    """Every time expression of the text, each read as whole as it is written."""
    return [Mention(match.start(), match.end(), match.group()) for match in _TIME.finditer(text)]


def periods(text: str) -> list[Mention]:
    """Every period the text gives, read whole: its time expressions ("this year's Spring
    Festival holiday"), months of a year, quarters, halves and years."""
    found = time_expressions(text) + [
        Mention(match.start(), match.end(), match.group()) for match in _PERIOD.finditer(text)
    ]
    return sorted(found, key=lambda mention: mention.start)


def same_period(stated: str, claimed: str) -> bool:
    """Whether a claimed period is the stated one, case and a leading "the" aside ("the
    Spring Festival holiday" is the period "Spring Festival holiday")."""
    return caseless(_ARTICLE.sub("", squeeze(stated))) == caseless(
        _ARTICLE.sub("", squeeze(claimed))
    )


def is_time_expression(text: str) -> bool:
    """Whether `text` is, all of it, one time expression."""
    return _TIME.fullmatch(squeeze(text)) is not None


def weekday(expression: str) -> int | None:
    """The day of the week a time expression names (Monday is 0), if it names one."""
    for number, day in enumerate(WEEKDAYS):
        if re.search(rf"(?<!\w){day}(?!\w)", expression):
            return number
    return None
