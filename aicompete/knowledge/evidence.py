"""How news text states things: numbers and their qualifiers, time expressions, names, roles,
speech, and which number belongs to which subject.

These are the reading rules that `verification` proves fields with and that `drafting` finds
candidate facts with, so that a draft is filled in by the same rules that will check it. Pure:
text in, spans out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction

from aicompete.frozen import frozen

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
    "more_than": ("more than", "over", "above", "in excess of"),
    "less_than": ("less than", "fewer than", "under", "below"),
    "at_least": ("at least",),
    "about": ("about", "around", "roughly", "nearly", "almost", "approximately", "some"),
}
_QUALIFIER_OF = {phrase: name for name, phrases in QUALIFIERS.items() for phrase in phrases}
_QUALIFIER_BEFORE = re.compile(
    r"(?:^|(?<=\W))("
    + "|".join(sorted(map(re.escape, _QUALIFIER_OF), key=len, reverse=True))
    + r")\s+$",
    re.IGNORECASE,
)
# A number standing on its own (not the 3 of "Qwen3" or the 10 of "P10"), with an optional
# currency before it (a sign or a code) and a scale word and a currency word after it.
_NUMBER = re.compile(
    r"(?:(?P<sign>US\$|HK\$|[$¥€£])|(?:(?P<code>RMB|CNY|USD|HKD|EUR|GBP)\s?)|(?<![\w.$¥€£]))"
    r"(?P<digits>\d+(?:,\d{3})*(?:\.\d+)?)(?![\w])"
    r"(?:\s+(?P<scale>thousand|million|billion|trillion)\b)?"
    r"(?:\s+(?P<unit>yuan|rmb|dollars?|usd|euros?|pounds?)\b)?",
    re.IGNORECASE,
)
# Longer runs of digits are no figure (and Python will not read thousands of them).
_MAX_DIGITS = 40
_SPACE = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"[.;!?](?=\s|$)")

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_WEEKDAY = "(?:" + "|".join(_WEEKDAYS) + ")"
# Time expressions as news reports write them, longest first at each place, so that "late
# Thursday" is read whole and never as "Thursday".
_TIME = re.compile(
    r"(?<![\w-])(?:"
    rf"(?:(?i:late|early|last|next|this)\s+)?{_WEEKDAY}(?:\s+(?i:morning|afternoon|evening|night))?"
    rf"|{_MONTH}\s+\d{{1,2}}(?:,\s*\d{{4}})?"
    rf"|\d{{1,2}}\s+{_MONTH}(?:\s+\d{{4}})?"
    r"|\d{4}-\d{2}-\d{2}"
    r"|(?i:(?:earlier|later)\s+(?:this|that|last)\s+(?:week|month|year))"
    r"|(?:(?i:this|last|next)\s+year's\s+|(?i:the)\s+)?(?:[A-Z][\w-]*\s+){1,3}holiday"
    r"|(?i:(?:this|last|next)\s+(?:week|month|year))"
    r"|(?i:(?:shortly\s+)?afterwards?)"
    r"|(?i:(?:shortly|soon)\s+(?:after|before))(?=\W)"
    r"|(?i:later|yesterday|today|tonight)"
    r")(?![\w-])"
)
# Wording that puts what it introduces earlier than what the sentence is about.
AFTER_WORDS = ("after", "following", "responding to", "in response to", "since")
# Wording, in a later statement, that it came after what was stated before it.
LATER_WORDS = ("later", "afterward", "afterwards", "shortly afterward", "subsequently")
_SPEECH_VERB = re.compile(
    r"(?<!\w)(?:said|says|say|added|stressed|told|noted|claimed|denied|responded|announced"
    r"|according to|dismissing)(?!\w)",
    re.IGNORECASE,
)
_DIRECT_QUOTE = re.compile(r"[\"“]([^\"”]+)[\"”]")
# A quotation shorter than this is a phrase quoted in reported speech, not direct speech.
_DIRECT_WORDS = 4


@frozen
class StatedNumber:
    """A number as a text writes it: its value, currency, qualifier, where it is, its text."""

    value: Fraction
    currency: str | None
    qualifier: str | None
    start: int
    end: int
    text: str


@frozen
class Mention:
    """Where a text names something: the span, the text found, and, for a name, the keys of
    the subjects it names."""

    start: int
    end: int
    name: str
    keys: frozenset[str] = frozenset()


def squeeze(text: str) -> str:
    """Runs of white space made one space, so that line breaks and spacing may differ."""
    return _SPACE.sub(" ", text).strip()


def fold(text: str) -> str:
    """Text compared regardless of case and spacing."""
    return squeeze(text).casefold()


def read_numbers(text: str) -> list[StatedNumber]:
    """Every number the text states, scaled: "73.52 million" is 73,520,000.

    A currency sign, code or word beside a number ("$145 million", "500 million yuan",
    "RMB 2 billion") gives its currency; "more than", "about" and the like before it give its
    qualifier. Numbers spelled in words ("three") are not read.
    """
    numbers: list[StatedNumber] = []
    for match in _NUMBER.finditer(text):
        digits = match["digits"].replace(",", "")
        if len(digits) > _MAX_DIGITS:
            continue
        value = Fraction(digits)
        if match["scale"]:
            value *= SCALES[match["scale"].lower()]
        marker = match["sign"] or match["code"] or match["unit"]
        currency = CURRENCY_WORDS[marker.lower()] if marker else None
        before = _QUALIFIER_BEFORE.search(text, 0, match.start())
        qualifier = _QUALIFIER_OF[before.group(1).lower()] if before else None
        numbers.append(
            StatedNumber(value, currency, qualifier, match.start(), match.end(), match.group())
        )
    return numbers


def time_expressions(text: str) -> list[Mention]:
    """Every time expression of the text, each read as whole as it is written."""
    return [Mention(match.start(), match.end(), match.group()) for match in _TIME.finditer(text)]


def is_time_expression(text: str) -> bool:
    """Whether `text` is, all of it, one time expression."""
    return _TIME.fullmatch(squeeze(text)) is not None


def weekday(expression: str) -> int | None:
    """The day of the week a time expression names (Monday is 0), if it names one."""
    for number, day in enumerate(_WEEKDAYS):
        if re.search(rf"(?<!\w){day}(?!\w)", expression):
            return number
    return None


def find_phrase(text: str, phrase: str, *, ignore_case: bool = False) -> list[Mention]:
    """Where the phrase stands in the text as whole words; spacing may differ."""
    words = squeeze(phrase).split(" ")
    if not words or not words[0]:
        return []
    pattern = r"\s+".join(map(re.escape, words))
    flags = re.IGNORECASE if ignore_case else 0
    return [
        Mention(match.start(), match.end(), match.group())
        for match in re.finditer(rf"(?<!\w){pattern}(?!\w)", text, flags)
    ]


_TOKEN = re.compile(r"[^\W_]+")


class NameIndex:
    """Every name of every subject (company, app, person), to find all that a text names in
    one pass over its words, however many subjects the knowledge base holds.

    A name matches whole words, in its own case ("Ma" is not found in "many"); where names
    overlap, the longest wins ("Alibaba Cloud" over "Alibaba").
    """

    def __init__(self, names: Mapping[str, Iterable[str]]) -> None:
        # First word -> (the name's words, the subjects it names), longest names first.
        self._starts: dict[str, dict[tuple[str, ...], set[str]]] = {}
        for key, texts in names.items():
            for text in texts:
                tokens = tuple(_TOKEN.findall(text))
                if tokens:
                    self._starts.setdefault(tokens[0], {}).setdefault(tokens, set()).add(key)
        self._found: dict[str, list[Mention]] = {}

    def find(self, text: str) -> list[Mention]:
        """Every mention in the text, in order; a mention's `name` is unused, its `keys` say
        what it names."""
        if text in self._found:
            return self._found[text]
        tokens = list(_TOKEN.finditer(text))
        found: list[Mention] = []
        at = 0
        while at < len(tokens):
            candidates = self._starts.get(tokens[at].group(), {})
            best = max(
                (
                    name
                    for name in candidates
                    if tuple(token.group() for token in tokens[at : at + len(name)]) == name
                ),
                key=len,
                default=None,
            )
            if best is None:
                at += 1
                continue
            end = tokens[at + len(best) - 1].end()
            found.append(
                Mention(
                    tokens[at].start(),
                    end,
                    text[tokens[at].start() : end],
                    frozenset(candidates[best]),
                )
            )
            at += len(best)
        self._found[text] = found
        return found


def mentions(text: str, names: Iterable[str]) -> list[Mention]:
    """Where the text names something by any of `names`, in order."""
    return NameIndex({"": names}).find(text)


def person_names(name: str) -> tuple[str, ...]:
    """What a text calls a person by: the whole name, or one word of it standing alone (a
    surname, "Lin", "Ma"), as reports name people again."""
    return (name, *squeeze(name).split(" "))


def bound_numbers(
    text: str, subject: Sequence[Mention], others: Sequence[Mention]
) -> list[StatedNumber]:
    """The numbers the text ties to a subject: those after a mention of it, up to the mention
    of anything else or the end of the sentence ("Alibaba's Qwen at 73.52 million and
    Tencent's Yuanbao at 40.54 million" ties 73.52 million to Qwen alone). A subject with no
    number after any mention takes the nearest one before a mention, within its sentence and
    with nothing else named between.
    """
    numbers = read_numbers(text)
    stops = sorted(
        [mention.start for mention in others]
        + [match.end() for match in _SENTENCE_END.finditer(text)]
    )
    bound: list[StatedNumber] = []
    for mention in subject:
        end = next((stop for stop in stops if stop > mention.end), len(text))
        bound += [number for number in numbers if mention.end <= number.start < end]
    if bound:
        return _unique(bound)
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
    return _unique(bound)


def role_beside(text: str, name: str, role: str) -> bool:
    """Whether the text gives the role beside the name: "Alibaba CEO Eddie Wu" or "Yu Bowen,
    head of post-training" ("Lin Junyang, a core leader"); case aside in the role."""
    name_pattern = r"\s+".join(map(re.escape, squeeze(name).split(" ")))
    role_pattern = r"\s+".join(map(re.escape, squeeze(role).split(" ")))
    before = rf"(?<!\w){role_pattern}\s+{name_pattern}(?!\w)"
    after = rf"(?<!\w){name_pattern},\s+(?:(?:a|an|the)\s+)?{role_pattern}(?!\w)"
    return any(re.search(pattern, text, re.IGNORECASE) for pattern in (before, after))


def speech(text: str) -> str | None:
    """How the text reports what was said: `direct` when it quotes a statement in quote
    marks, `reported` when it says what was said without quoting it; None when neither."""
    quoted = [match.group(1) for match in _DIRECT_QUOTE.finditer(text)]
    if any(len(passage.split()) >= _DIRECT_WORDS for passage in quoted):
        return "direct"
    return "reported" if _SPEECH_VERB.search(text) else None


def words(text: str) -> list[str]:
    """The text's words, case folded, a plural or possessive `s` dropped: for comparing
    what a metric or a figure's name says with what a text says."""
    found = []
    for word in re.findall(r"[^\W_]+(?:['\u2019][^\W_]+)*", text.casefold()):
        word = re.sub(r"['\u2019]s$", "", word)
        found.append(word[:-1] if len(word) > 3 and word.endswith("s") else word)
    return found


def _unique(numbers: list[StatedNumber]) -> list[StatedNumber]:
    return sorted({number.start: number for number in numbers}.values(), key=lambda n: n.start)
