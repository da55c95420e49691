"""Numbers as news text writes them: scaled, in a currency, with the qualifier before them,
and which subject each belongs to."""

from __future__ import annotations

import re
from collections.abc import Sequence
from fractions import Fraction

from aicompete.frozen import frozen
from aicompete.knowledge.models import Bound
from aicompete.proof.text import Mention, words

SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
CURRENCY_WORDS = {
    "$": "USD",
    "us$": "USD",
    "dollar": "USD",
    "dollars": "USD",
    "usd": "USD",
    "¥": "CNY",
    "yuan": "CNY",
    "rmb": "CNY",
    "cny": "CNY",
    "hk$": "HKD",
    "hkd": "HKD",
    "s$": "SGD",
    "sgd": "SGD",
    "nt$": "TWD",
    "twd": "TWD",
    "won": "KRW",
    "₩": "KRW",
    "krw": "KRW",
    "€": "EUR",
    "euro": "EUR",
    "euros": "EUR",
    "eur": "EUR",
    "£": "GBP",
    "pound": "GBP",
    "pounds": "GBP",
    "gbp": "GBP",
}
# Words before a number that make it a bound, not an exact figure, by the suffix a named
# figure takes for each (`parameters_more_than`).
QUALIFIERS = {
    "more_than": (
        "more than",
        "over",
        "above",
        "in excess of",
        "passed",
        "passing",
        "surpassed",
        "surpassing",
        "exceeded",
        "exceeding",
        "topped",
        "topping",
        "crossed",
    ),
    "less_than": ("less than", "fewer than", "under", "below"),
    "at_least": ("at least",),
    "up_to": ("up to",),
    "about": (
        "about",
        "around",
        "roughly",
        "nearly",
        "almost",
        "approximately",
        "some",
        "close to",
        "an estimated",
    ),
}
# The bound of a figure (`Figure.bound`, `Money.bound`) that each qualifier states; a number
# with none is exact. "At least" is a lower bound, as "more than" is.
BOUNDS: dict[str | None, Bound] = {
    None: "exact",
    "more_than": "over",
    "at_least": "over",
    "less_than": "under",
    "up_to": "up_to",
    "about": "about",
}
# A number given as a percentage: "44.5 percent", "23.5%".
PERCENT = "percent"
_QUALIFIER_OF = {phrase: name for name, phrases in QUALIFIERS.items() for phrase in phrases}
_QUALIFIER_BEFORE = re.compile(
    r"(?:^|(?<=\W))("
    + "|".join(sorted(map(re.escape, _QUALIFIER_OF), key=len, reverse=True))
    + r")\s+$",
    re.IGNORECASE,
)
# A number standing on its own (not the 3 of "Qwen3" or the 10 of "P10"), with an optional
# currency before it (a sign or a code) and a scale word and a currency word after it, joined
# by spaces or, as in "a 500-million-yuan pool", by hyphens.
_SIGN = (
    r"(?:(?P<sign>US\$|HK\$|NT\$|S\$|[$¥€£₩])|(?:(?P<code>RMB|CNY|USD|HKD|SGD|TWD|KRW|EUR|GBP)\s?))"
)
_AFTER_DIGITS = (
    r"(?:[\s-]+(?P<scale>thousand|million|billion|trillion)\b)?"
    r"(?:[\s-]+(?P<unit>yuan|rmb|won|(?:u\.?s\.?\s+)?dollars?|usd|euros?|pounds?)\b"
    r"|\s?(?P<percent>%|percent\b|per\s+cent\b))?"
)
_NUMBER = re.compile(
    rf"(?:{_SIGN}|(?<![\w.$¥€£₩]))"
    r"(?P<digits>\d+(?:,\d{3})*(?:\.\d+)?)(?:(?P<short>bn|mn|tn)\b|(?![\w]))" + _AFTER_DIGITS,
    re.IGNORECASE,
)
# Numbers in words, read only with a scale after them: "three billion yuan", "a
# one-billion-yuan pool"; "three years" is no figure.
SPELLED = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
}
_SPELLED_NUMBER = re.compile(
    rf"(?:{_SIGN}|(?<![\w$¥€£₩-]))(?P<digits>{'|'.join(SPELLED)})(?=[\s-]+(?:thousand|million"
    r"|billion|trillion)\b)" + _AFTER_DIGITS,
    re.IGNORECASE,
)
# Scales written short, right after the digits: "2bn yuan", "$600mn".
_SHORT_SCALES = {"mn": 10**6, "bn": 10**9, "tn": 10**12}
# How far before a number its qualifier may start: the longest qualifier and its spaces.
_QUALIFIER_REACH = 40
# Longer runs of digits are no figure (and Python will not read thousands of them).
_MAX_DIGITS = 40

SENTENCE_END = re.compile(r"[.;!?](?=\s|$)")


@frozen
class StatedNumber:
    """A number as a text writes it: its value, currency (or `percent`), qualifier, where it
    is, its text."""

    value: Fraction
    currency: str | None
    qualifier: str | None
    start: int
    end: int
    text: str


def read_numbers(text: str) -> list[StatedNumber]:
    """Every number the text states, scaled: "73.52 million" is 73,520,000.

    A currency sign, code or word beside a number ("$145 million", "500 million yuan",
    "RMB 2 billion") gives its currency; "more than", "about" and the like before it give its
    qualifier. Numbers spelled in words are read with a scale after them ("three billion
    yuan"), never alone ("three years").
    """
    numbers: list[StatedNumber] = []
    for match in (*_NUMBER.finditer(text), *_SPELLED_NUMBER.finditer(text)):
        written = match["digits"].replace(",", "")
        if len(written) > _MAX_DIGITS:
            continue
        spelled = SPELLED.get(written.lower())
        value = Fraction(spelled if spelled is not None else written)
        if match["scale"]:
            value *= SCALES[match["scale"].lower()]
        elif match.groupdict().get("short"):
            value *= _SHORT_SCALES[match["short"].lower()]
        marker = match["sign"] or match["code"] or match["unit"]
        # "US dollars" are dollars; a percentage is counted in percent, as a currency is in it.
        currency = CURRENCY_WORDS[marker.lower().split()[-1]] if marker else None
        if match["percent"] and currency is None:
            currency = PERCENT
        # The qualifier stands right before the number: read a few words back, not the whole
        # text before it (which would make reading a long text quadratic).
        before = _QUALIFIER_BEFORE.search(
            text, max(0, match.start() - _QUALIFIER_REACH), match.start()
        )
        qualifier = _QUALIFIER_OF[before.group(1).lower()] if before else None
        numbers.append(
            StatedNumber(value, currency, qualifier, match.start(), match.end(), match.group())
        )
    return sorted(numbers, key=lambda number: number.start)


def bound_numbers(
    text: str, subject: Sequence[Mention], others: Sequence[Mention]
) -> list[StatedNumber]:
    """The numbers the text ties to a subject: those after a mention of it, up to the mention
    of anything else or the end of the sentence ("Alibaba's Qwen at 73.52 million and
    Tencent's Yuanbao at 40.54 million" ties 73.52 million to Qwen alone), and those "for" it
    ("150 million for DeepSeek", never the subject's before it). A subject with no
    number after any mention takes the nearest one before a mention, within its sentence and
    with nothing else named between.
    """
    numbers = read_numbers(text)
    stops = sorted(
        [mention.start for mention in others]
        + [match.end() for match in SENTENCE_END.finditer(text)]
    )
    # "about 200 million for Doubao, close to 150 million for DeepSeek": a number that "for"
    # joins to a name right after it is that name's, not the one before it.
    starts = {mention.start: mention for mention in (*subject, *others)}
    named_for = {
        number.start: starts[joined.end()]
        for number in numbers
        if (joined := _FOR.match(text, number.end)) and joined.end() in starts
    }
    bound: list[StatedNumber] = []
    for mention in subject:
        end = next((stop for stop in stops if stop > mention.end), len(text))
        bound += [
            number
            for number in numbers
            if mention.end <= number.start < end and number.start not in named_for
        ]
    bound += [number for number in numbers if named_for.get(number.start) in subject]
    if bound:
        return unique(bound)
    for mention in subject:
        start = max((stop for stop in stops if stop <= mention.start), default=0)
        before = [
            number
            for number in numbers
            if start <= number.start
            and number.end <= mention.start
            and not any(number.end <= other.start < mention.start for other in others)
        ]
        bound += before[-1:]
    return unique(bound)


_FOR = re.compile(r"\s+for\s+(?:(?:the|its|their)\s+)?")
# Words that join a figure's name before it to the number: "born in 1993", "age of 32".
_FIGURE_LINKS = frozenset({"in", "of", "at", "to", "by", "from", "on", "for", "with"})
_PHRASE_BREAK = re.compile(r"[,.;:!?()\u2014\u2013\"\u201c\u201d]")
# How many words after a number its name may stand: "1 trillion parameters", "1 trillion
# model parameters".
_FIGURE_NAME_AFTER = 2


def names_figure(text: str, number: StatedNumber, name_words: Sequence[str]) -> bool:
    """Whether the words of a figure's name say what the number counts, in its own phrase (no
    punctuation between): right after it ("more than 1 trillion parameters"), or right before
    a word that joins them to it ("Born in 1993"). A verb before it ("features more than 1
    trillion") names nothing."""
    after = words(_PHRASE_BREAK.split(text[number.end :], 1)[0])[:_FIGURE_NAME_AFTER]
    if all(word in after for word in name_words):
        return True
    before = words(_PHRASE_BREAK.split(text[: number.start])[-1])
    return (
        bool(before)
        and before[-1] in _FIGURE_LINKS
        and all(word in before[-1 - _FIGURE_NAME_AFTER : -1] for word in name_words)
    )


def unique(numbers: list[StatedNumber]) -> list[StatedNumber]:
    return sorted({number.start: number for number in numbers}.values(), key=lambda n: n.start)


# What makes a number an amount for each of something: "10,000 yuan each", "per user".
_PER_UNIT = re.compile(r"\s*(?:each|apiece|per\s+\w+|a\s+(?:head|person|user|packet))(?!\w)", re.I)
# Words before "up to" that make it a cap on each of something: "red packets of up to 8,888
# yuan", "individual draws paid up to 10,000 yuan".
_CAPPED = re.compile(
    r"(?i:packets?|envelopes?|draws?|prizes?|awards?|each|individual|single|per\s+\w+)"
    r"(?:\s+\w+){0,2}\s+(?i:of\s+|paid\s+|worth\s+)?(?i:up\s+to)\s+\S*$"
)


def is_cap(text: str, number: StatedNumber) -> bool:
    """Whether the number is an amount for each of something, or a cap on each, not a total:
    "10,000 yuan each", "red packets of up to 8,888 yuan", "draws paid up to 10,000 yuan"."""
    if _PER_UNIT.match(text, number.end):
        return True
    return number.qualifier == "up_to" and _CAPPED.search(text, 0, number.start + 1) is not None
