"""What may be a company, an app or a person in news text, and what never is: a day, a month,
a holiday, a place or a people, a word that only starts a sentence or a headline; and the
names that descriptors before them make a company's ("advertising tracker AppGrowing",
"Chinese tech outlet 36kr", "Hangzhou start-up DeepSeek").
"""

from __future__ import annotations

import re

from aicompete.proof.text import Mention
from aicompete.proof.times import MONTH, WEEKDAYS

# Holidays and festivals, and the words of their names: "New Year" of "New Year's Eve".
HOLIDAY_WORDS = frozenset(
    {
        "new year",
        "lunar new year",
        "chinese new year",
        "eve",
        "spring festival",
        "lantern festival",
        "mid-autumn festival",
        "dragon boat festival",
        "qingming",
        "golden week",
        "national day",
        "christmas",
        "gala",
        "spring festival gala",
    }
)
# Places and peoples that news names beside companies ("Chinese tech outlet", "China's AI
# race"): a country, a region or a city, and the adjective of its people.
PLACE_WORDS = frozenset(
    {
        "china",
        "chinese",
        "beijing",
        "shanghai",
        "hangzhou",
        "shenzhen",
        "guangzhou",
        "hong kong",
        "taiwan",
        "taiwanese",
        "singapore",
        "singaporean",
        "korea",
        "south korea",
        "korean",
        "japan",
        "japanese",
        "us",
        "u.s.",
        "usa",
        "america",
        "american",
        "united states",
        "europe",
        "european",
        "asia",
        "asian",
        "india",
        "indian",
        "uk",
        "britain",
        "british",
        "yellow sea",
    }
)
_MONTH = re.compile(MONTH)


def is_no_entity(name: str) -> bool:
    """Whether a name is never a company, app or person: a weekday, a month, a holiday or
    festival, a place or a people."""
    folded = " ".join(name.split()).casefold()
    return (
        name in WEEKDAYS
        or _MONTH.fullmatch(name) is not None
        or folded in HOLIDAY_WORDS
        or folded in PLACE_WORDS
    )


# Words that describe a company right before its name: "advertising tracker AppGrowing",
# "Chinese tech outlet 36kr", "data firm DataEye", "Hangzhou start-up DeepSeek".
_DESCRIBED = re.compile(
    r"(?P<described>(?:[A-Za-z][\w-]*\s+){0,3}?(?i:tracker|outlet|firm|agency|consultancy"
    r"|start-up|startup|research\s+house))\s+"
    r"(?P<name>[A-Z0-9][\w&-]*(?:\.(?:com|cn|ai|io))?(?:\s+[A-Z][\w&-]*){0,2})(?![\w'\u2019.-]\w)"
)


# Words that start a phrase before a descriptor without describing: "according to Chinese tech
# outlet 36kr".
_NOT_DESCRIBING = frozenset(
    {"a", "an", "the", "to", "by", "from", "according", "as", "and", "with", "for", "in", "on"}
    | {"at", "its", "their", "his", "her", "our", "of"}
)


def described_companies(text: str) -> list[tuple[Mention, Mention]]:
    """Each name the text describes as a company's right before it (a tracker, an outlet, a
    firm, a start-up), with the words that describe it; a name that is no entity is none."""
    found = []
    for match in _DESCRIBED.finditer(text):
        name = Mention(match.start("name"), match.end("name"), match.group("name"))
        start = match.start("described")
        # "the standalone app of Hangzhou start-up DeepSeek", "data from analytics firm
        # Chartwell": the words after "of" or "from" describe it.
        of = list(re.finditer(r"(?i:\b(?:of|from|by))\s+", text[start : match.end("described")]))
        start += of[-1].end() if of else 0
        while True:
            first = re.match(r"(\S+)\s+", text[start : match.end("described")])
            if not first or first.group(1).casefold() not in _NOT_DESCRIBING:
                break
            start += first.end()
        described = Mention(start, match.end("described"), text[start : match.end("described")])
        if not is_no_entity(name.name) and re.search(r"[A-Z0-9]", name.name[:1]):
            found.append((name, described))
    return found


# What a named firm is said to do with its own money or estimates: "JD.com committed 3
# billion yuan", "Northbridge Research estimates".
_ACTOR = re.compile(
    r"(?<![\w.])(?P<name>[A-Z][\w&-]*(?:\.(?:com|cn|ai|io))?(?:\s+[A-Z][\w&-]*){0,2})\s+"
    r"(?P<verb>committed|earmarked|estimates|estimated)(?!\w)"
)


def acting_companies(text: str) -> list[tuple[Mention, str]]:
    """Each name the text makes commit money or estimate figures ("JD.com committed 3 billion
    yuan", "Northbridge Research estimates"), with the verb; a name that is no entity is
    none."""
    return [
        (Mention(match.start("name"), match.end("name"), match.group("name")), match["verb"])
        for match in _ACTOR.finditer(text)
        if not is_no_entity(match["name"])
    ]


def starts_sentence_only(text: str, name: str, starts: set[int]) -> bool:
    """Whether a plain capitalized word stands only at the start of a sentence (`starts`): a
    capital there says nothing of a name ("Cash brings people in"). A name of several words,
    or with capitals, digits or a dot inside ("Northbridge Research", "JD.com"), is a name
    wherever it stands."""
    if not re.fullmatch(r"[A-Z][a-z'\u2019-]*", name):
        return False
    places = [m.start() for m in re.finditer(rf"(?<![\w.]){re.escape(name)}(?![\w])", text)]
    return all(place in starts for place in places)
