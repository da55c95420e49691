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
    r"(?P<digits>\d+(?:,\d{3})*(?:\.\d+)?)(?:(?P<short>bn|mn|tn)\b|(?![\w]))"
    r"(?:\s+(?P<scale>thousand|million|billion|trillion)\b)?"
    r"(?:\s+(?P<unit>yuan|rmb|(?:u\.?s\.?\s+)?dollars?|usd|euros?|pounds?)\b)?",
    re.IGNORECASE,
)
# Scales written short, right after the digits: "2bn yuan", "$600mn".
_SHORT_SCALES = {"mn": 10**6, "bn": 10**9, "tn": 10**12}
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
    rf"{_MONTH}\s+\d{{4}}"
    r"|(?i:the\s+)?(?i:first|second|third|fourth|final|last)\s+(?i:quarter|half)"
    r"(?:\s+(?i:of)\s+\d{4})?"
    r"|Q[1-4](?:\s+\d{4})?"
    r"|(?:19|20)\d{2}"
    r")(?![\w-])"
)
_ARTICLE = re.compile(r"^(?i:the)\s+")
# Wording that puts what it introduces earlier than what the sentence is about.
AFTER_WORDS = ("after", "following", "responding to", "in response to", "since")
# Wording, in a later statement, that it came after what was stated before it.
LATER_WORDS = ("later", "afterward", "afterwards", "shortly afterward", "subsequently")
_SPEECH_VERB = re.compile(
    r"(?<!\w)(?:said|says|say|added|stressed|told|noted|claimed|denied|responded|announced"
    r"|according to|dismissing)(?!\w)",
    re.IGNORECASE,
)
_DIRECT_QUOTE = re.compile(r"[\"\u201c]([^\"\u201d]+)[\"\u201d]")
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
        elif match["short"]:
            value *= _SHORT_SCALES[match["short"].lower()]
        marker = match["sign"] or match["code"] or match["unit"]
        # "US dollars" are dollars.
        currency = CURRENCY_WORDS[marker.lower().split()[-1]] if marker else None
        before = _QUALIFIER_BEFORE.search(text, 0, match.start())
        qualifier = _QUALIFIER_OF[before.group(1).lower()] if before else None
        numbers.append(
            StatedNumber(value, currency, qualifier, match.start(), match.end(), match.group())
        )
    return numbers


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
    return fold(_ARTICLE.sub("", squeeze(stated))) == fold(_ARTICLE.sub("", squeeze(claimed)))


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
        re.fullmatch(rf"[{_UPPER}][\w&+-]*", word) is not None
        and word.casefold() not in ROLE_WORDS
        and word.casefold() not in _SENTENCE_WORDS
        and word not in _WEEKDAYS
        and re.fullmatch(_MONTH, word) is None
    )


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
    return fold(role) in {fold(found) for found in roles_beside(text, name)}


def speech(text: str) -> str | None:
    """How the text reports what was said: `direct` when it quotes a statement in quote
    marks, `reported` when it says what was said without quoting it; None when neither."""
    quoted = [match.group(1) for match in _DIRECT_QUOTE.finditer(text)]
    if any(len(passage.split()) >= _DIRECT_WORDS for passage in quoted):
        return "direct"
    return "reported" if _SPEECH_VERB.search(text) else None


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


# Words a metric keeps when the text ties them to a figure: "a peak of 145 million" is a peak.
METRIC_QUALIFIERS = ("peak", "average", "median")
# Words that name no measure: a metric of these and qualifiers alone ("a peak of") is none.
FUNCTION_WORDS = frozenset({"a", "an", "the", "of", "in", "at", "on", "to", "for", "by", "and"})
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


# Spelled-out names of metrics, read as their abbreviation: "daily active users" states DAU.
_METRIC_SPELLED = {
    "dau": re.compile(r"(?<!\w)daily[\s-]+active[\s-]+users?(?!\w)", re.IGNORECASE),
    "mau": re.compile(r"(?<!\w)monthly[\s-]+active[\s-]+users?(?!\w)", re.IGNORECASE),
}


def metric_words(text: str) -> list[str]:
    """The words of `words`, and the abbreviation of each metric the text spells out: a
    quote that says "daily active users" says "DAU" too."""
    found = words(text)
    found += [short for short, spelled in _METRIC_SPELLED.items() if spelled.search(text)]
    return found


def words(text: str) -> list[str]:
    """The text's words, case folded, a plural or possessive `s` dropped: for comparing
    what a metric or a figure's name says with what a text says."""
    found = []
    for word in re.findall(r"[^\W_]+(?:['\u2019][^\W_]+)*", text.casefold()):
        word = re.sub(r"['\u2019]s$", "", word)
        found.append(word[:-1] if len(word) > 3 and word.endswith("s") else word)
    return found


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
# How many words from a number or a name the words that qualify it may stand: "Born in 1993",
# "more than 1 trillion parameters", "analytics firm QuestMobile".
BESIDE = 4


def words_beside(text: str, start: int, end: int) -> list[str]:
    """The words (as `words` gives them) up to `BESIDE` on either side of a span."""
    return _words_near(text, start, before=True) + _words_near(text, end, before=False)


def _words_near(text: str, at: int, *, before: bool) -> list[str]:
    """The `BESIDE` words before (or after) a place, read from as little of the text as
    holds them: a window that cuts a word holds more than `BESIDE`, and the cut one is
    left out."""
    reach = 16 * BESIDE
    while True:
        window = text[max(0, at - reach) : at] if before else text[at : at + reach]
        found = words(window)
        if len(found) > BESIDE or reach >= len(text):
            return found[-BESIDE:] if before else found[:BESIDE]
        reach *= 4


def is_data_source(text: str, mention: Mention) -> bool:
    """Whether the text names what `mention` names as where data come from."""
    return not DATA_WORDS.isdisjoint(words_beside(text, mention.start, mention.end))


# A full stop, question or exclamation mark, and any closing quote marks or brackets after it.
_STOP = re.compile(r"[.!?]+[\"'\u201d\u2019)\]]*(?=\s|$)")
# Words whose full stop ends the word, not the sentence: "Feb. 4", "Mr. Wu".
_ABBREVIATIONS = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "st",
        "jr",
        "sr",
        "inc",
        "ltd",
        "co",
        "corp",
        "no",
        "vs",
        "etc",
        "gen",
        "gov",
        "sen",
        "rep",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
    }
)
_SENTENCE_START = re.compile(r"\s*[\"\u201c\u2018'(\[A-ZÀ-ÖØ-Þ]")


def sentences(text: str) -> list[Mention]:
    """The text's sentences, in order, each without the white space around it.

    A line break ends a sentence; so does a full stop, question or exclamation mark before
    white space and a capital letter or a quote mark, unless it closes an abbreviation
    ("Feb.", "Mr.", "U.S.") or stands inside a quotation ("We came here. Education needs
    to respond," Ma said: one sentence).
    """
    found: list[Mention] = []
    for line in re.finditer(r"[^\n]+", text):
        start = line.start()
        for stop in _STOP.finditer(text, line.start(), line.end()):
            if _ends_sentence(text, start, stop, line.end()):
                _add_sentence(found, text, start, stop.end())
                start = stop.end()
        _add_sentence(found, text, start, line.end())
    return found


def _ends_sentence(text: str, start: int, stop: re.Match[str], line_end: int) -> bool:
    said = text[start : stop.end()]
    if said.count('"') % 2 or said.count("“") > said.count("”"):
        return False
    word = re.search(r"([^\W\d_]+)\.$", text[start : stop.start() + 1])
    if word and (len(word.group(1)) == 1 or word.group(1).casefold() in _ABBREVIATIONS):
        return False
    return stop.end() >= line_end or _SENTENCE_START.match(text, stop.end(), line_end) is not None


def _add_sentence(found: list[Mention], text: str, start: int, end: int) -> None:
    span = text[start:end]
    stripped = span.strip()
    if stripped:
        at = start + len(span) - len(span.lstrip())
        found.append(Mention(at, at + len(stripped), stripped))


_UPPER = "A-ZÀ-ÖØ-Þ"
_CAPITALIZED = rf"[{_UPPER}][\w&+-]*"
# A name as news text writes one: up to four capitalized words ("ByteDance", "Alibaba Group").
_NAME = rf"{_CAPITALIZED}(?: {_CAPITALIZED}){{0,3}}"
# Capitalized words that begin a sentence or a phrase without being part of the name after
# them: "In Tencent's Yuanbao", "Meanwhile Brightfield CEO Ann Vale".
_LEADING_WORDS = frozenset(
    {
        "a",
        "an",
        "the",
        "in",
        "on",
        "at",
        "by",
        "for",
        "from",
        "with",
        "as",
        "and",
        "but",
        "or",
        "of",
        "to",
        "after",
        "before",
        "while",
        "when",
        "although",
        "though",
        "meanwhile",
        "also",
        "then",
        "yet",
        "so",
        "this",
        "that",
        "these",
        "those",
        "its",
        "their",
        "his",
        "her",
        "our",
        "last",
        "next",
        "rival",
        "unlike",
        "like",
        "both",
        "even",
        "only",
        "since",
        "until",
        "if",
        "because",
        "data",
        "according",
        "however",
    }
)
_POSSESSIVE = re.compile(
    rf"(?<![\w'\u2019])(?P<owner>{_NAME})['\u2019]s\s+(?P<thing>{_NAME})(?![\w'\u2019])"
)


def _trimmed(text: str, match: re.Match[str], group: str) -> Mention | None:
    """A name found by `group` of the match, without the capitalized words that only begin a
    sentence or phrase before it."""
    start, end = match.span(group)
    while True:
        first = re.match(r"[^ ]+ ", text[start:end])
        if not first or first.group().strip().casefold() not in _LEADING_WORDS:
            break
        start += first.end()
    if text[start:end].casefold() in _LEADING_WORDS:
        return None
    return Mention(start, end, text[start:end])


def possessives(text: str) -> list[tuple[Mention, Mention]]:
    """Each name that a name owns, as the text writes it: "Tencent's Yuanbao" gives
    (Tencent, Yuanbao). A capitalized word after the possessive starts the owned name
    ("Alibaba's youngest" owns nothing), and a name of one to three capitals ("China's AI")
    is an abbreviation, not a name owned."""
    found = []
    for match in _POSSESSIVE.finditer(text):
        owner = _trimmed(text, match, "owner")
        thing = Mention(match.start("thing"), match.end("thing"), match.group("thing"))
        if owner and not re.fullmatch(rf"[{_UPPER}]{{1,3}}", thing.name):
            found.append((owner, thing))
    return found


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
    rf"(?!(?:{_CAPITALIZED_TITLES})(?![\w-]))[{_UPPER}][a-zß-ÿ]+(?:-[A-Za-zß-ÿ][a-zß-ÿ]+)?"
)
# A person's name: two or three capitalized words ("Eddie Wu", "Lin Junyang").
_PERSON = rf"{_PERSON_WORD}(?: {_PERSON_WORD}){{1,2}}"
_PERSON_NAME = re.compile(rf"(?<![\w'\u2019-]){_PERSON}(?![\w'\u2019-])")
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
        name = _trimmed(text, match, "name")
        role = Mention(match.start("role"), match.end("role"), match.group("role"))
        if (
            name
            and " " in name.name
            and len(role.name.split()) <= _ROLE_LENGTH
            and not ROLE_WORDS.isdisjoint(words(role.name))
        ):
            found.append((name, role))
    for match in _PERSON_NAME.finditer(text):
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
            re.fullmatch(rf"[{_UPPER}][\w&-]*(?:['\u2019]s)?", word)
            or word.casefold() in _TITLE_WORDS
        ):
            break
        kept.append(token)
        at = offset + token.start()
    while kept and kept[-1].group().casefold() in _LEADING_WORDS:
        kept.pop()
    if not kept or len(kept) > _ROLE_LENGTH:
        return None
    start, end = offset + kept[-1].start(), offset + kept[0].end()
    return Mention(start, end, text[start:end])


_DATA_SOURCE = re.compile(
    r"(?i:(?<!\w)(?:data|figures|estimates|statistics|numbers|research|a\s+report|a\s+survey)"
    r"\s+(?:from|by)|(?<!\w)according\s+to)\s+"
    rf"(?P<described>(?:[a-z][\w-]*\s+){{0,4}})(?P<name>{_NAME})(?![\w'\u2019])"
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
        if not described and (article or _PERSON_NAME.fullmatch(name.name)):
            continue
        if is_data_source(text, name):
            words_before = Mention(start, start + len(described), described) if described else None
            found.append((name, words_before))
    return found


# A campaign's own name: in quote marks, or capitalized, right before the word for what it is
# ('a 3 billion yuan "Spring Festival Treat" campaign', "its Lantern Rush promotion").
_CAMPAIGN_NAME = re.compile(
    r"(?:[\"\u201c](?P<quoted>[^\"\u201c\u201d\n]{1,80})[\"\u201d]|(?P<bare>"
    + _NAME
    + r"))\s+(?i:campaign|promotion|programme|program|initiative)(?!\w)"
)


def campaign_names(text: str) -> list[Mention]:
    """Each name the text gives a campaign, without its quote marks."""
    found = []
    for match in _CAMPAIGN_NAME.finditer(text):
        group = "quoted" if match.group("quoted") is not None else "bare"
        start, end = match.span(group)
        name = text[start:end].strip()
        start += len(text[start:end]) - len(text[start:end].lstrip())
        found.append(Mention(start, start + len(name), name))
    return found


_COMPARISON = re.compile(
    r"(?<!\w)(?:(?i:roughly|about|around|nearly|almost|more\s+than|less\s+than|over|under)\s+)?"
    r"(?i:half|twice|double|triple|a\s+third|one\s+third|a\s+quarter|\d+(?:\.\d+)?\s+times)"
    rf"\s+(?i:that|those)\s+of\s+{_NAME}(?![\w'\u2019])"
)


def comparisons(text: str) -> list[Mention]:
    """Each comparison with another subject the text makes: "roughly half that of Doubao"."""
    return [Mention(m.start(), m.end(), m.group()) for m in _COMPARISON.finditer(text)]


# Who a sentence says said it: "Baidu said", "said Zhang Wei", "according to analytics firm
# QuestMobile"; or only a word for them: "the company said", "he added".
_SAID = r"(?:said|says|added|told|noted|stated|announced|wrote)"
# A word for who said it that names no one: "the company", "the firm", "he".
_UNNAMED = r"(?:(?i:the)\s+[a-z]+(?:\s+[a-z]+)?|[Hh]e|[Ss]he|[Ii]t|[Tt]hey)"
_SPEAKER = re.compile(
    rf"(?P<after>(?<![\w'\u2019-]){_NAME})\s+{_SAID}(?!\w)"
    rf"|(?<!\w){_SAID}\s+(?P<before>{_NAME})(?![\w'\u2019])"
    r"|(?<!\w)(?i:according\s+to)\s+(?:(?:the|a|an)\s+)?(?:[a-z][\w-]*\s+){0,4}"
    rf"(?P<source>{_NAME})(?![\w'\u2019])"
    rf"|(?P<unnamed>(?<!\w){_UNNAMED})\s+{_SAID}(?!\w)"
)


# A clause that says who said what comes before it: ", the company said on Monday".
_ATTRIBUTION_CLAUSE = re.compile(
    rf",\s+(?:(?:{_UNNAMED}|{_NAME})\s+{_SAID}"
    rf"|{_SAID}\s+{_NAME}|(?i:according\s+to))(?!\w)"
)


def without_attribution(text: str) -> str:
    """The text up to a clause that says who said it: "attract new users, the company said
    on Monday" is "attract new users"."""
    found = _ATTRIBUTION_CLAUSE.search(text)
    return text[: found.start()] if found else text


def speaker(text: str) -> tuple[Mention | None, str] | None:
    """Who the text says said what it reports, by the last attribution it makes: the name
    and the attribution's words ("Baidu said"), or None and the words when it names no one
    ("the firm said"); None when it attributes nothing."""
    found: tuple[Mention | None, str] | None = None
    for match in _SPEAKER.finditer(text):
        group = next(name for name in ("after", "before", "source", "unnamed") if match[name])
        if group == "unnamed":
            found = (None, match.group())
        else:
            found = (
                Mention(match.start(group), match.end(group), match.group(group)),
                match.group(),
            )
    return found


# A pronoun that stands for the last person named: "Cao said. '...,' he added."
_PERSONAL_PRONOUN = re.compile(r"(?<!\w)(?:he|she|He|She)(?!\w)")


def has_personal_pronoun(text: str) -> bool:
    """Whether the text refers to a person by "he" or "she"."""
    return _PERSONAL_PRONOUN.search(text) is not None


def _unique(numbers: list[StatedNumber]) -> list[StatedNumber]:
    return sorted({number.start: number for number in numbers}.values(), key=lambda n: n.start)
