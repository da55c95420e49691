"""Speech: whether a text quotes or reports what was said, and who it says said it."""

from __future__ import annotations

import functools
import re

from aicompete.frozen import frozen
from aicompete.proof.text import NAME, Mention

_SPEECH_VERB = re.compile(
    r"(?<!\w)(?:said|says|say|added|stressed|told|noted|claimed|denied|responded|announced"
    r"|according to|dismissing)(?!\w)",
    re.IGNORECASE,
)
_DIRECT_QUOTE = re.compile(r"[\"\u201c]([^\"\u201d]+)[\"\u201d]")
# A quotation shorter than this is a phrase quoted in reported speech, not direct speech.
_DIRECT_WORDS = 4


def speech(text: str) -> str | None:
    """How the text reports what was said: `direct` when it quotes a statement in quote
    marks, `reported` when it says what was said without quoting it; None when neither."""
    quoted = [match.group(1) for match in _DIRECT_QUOTE.finditer(text)]
    if any(len(passage.split()) >= _DIRECT_WORDS for passage in quoted):
        return "direct"
    return "reported" if _SPEECH_VERB.search(text) else None


# Who a sentence says said it: "Baidu said", "said Zhang Wei", "Alibaba Group told China
# Daily", "according to analytics firm QuestMobile"; or only a word for them: "the company
# said", "he added", "It also said".
_SAID = (
    r"(?:said|says|added|adds|told|tells|noted|notes|stated|states|announced|wrote|writes"
    r"|stressed|stresses|emphasi[sz]ed|explained|argued|warned|insisted|confirmed|denied"
    r"|claimed|replied)"
)
# The verbs a speaker may follow ('"...," said Zhang Wei'); never "told", whose object is
# whom it was told to ("told China Daily").
_SAID_BY = r"(?:said|says|added|adds|noted|notes|stated|wrote|writes|explained)"
# Words between a speaker and the verb that leave who speaks as it is: "It also said", "the
# company has denied".
_BETWEEN = r"(?:\s+(?:also|has|have|had|further|later|then|again|previously|separately))*"
# A word for who said it that names no one: "the company", "the firm", "he".
_UNNAMED = r"(?:(?i:the)\s+[a-z]+(?:\s+[a-z]+)?|[Hh]e|[Ss]he|[Ii]t|[Tt]hey)"
# A word for whom, tried first: "It" and "He" are capitalized as names are.
_SPEAKER = re.compile(
    rf"(?P<unnamed>(?<!\w){_UNNAMED}){_BETWEEN}\s+{_SAID}(?!\w)"
    rf"|(?P<after>(?<![\w'\u2019-]){NAME}){_BETWEEN}\s+{_SAID}(?!\w)"
    rf"|(?<!\w){_SAID_BY}\s+(?P<before>{NAME})(?![\w'\u2019])"
    r"|(?<!\w)(?i:according\s+to)\s+(?:(?:the|a|an)\s+)?(?:[a-z][\w-]*\s+){0,4}"
    rf"(?P<source>{NAME})(?![\w'\u2019])"
)
# What a word for whom stands for: a person ("he", "the analyst") or a company ("it", "the
# firm"); any other word ("they", "the report") stands for no one it can be read back to.
_PERSON_WORDS = frozenset(
    {
        "he",
        "she",
        "executive",
        "founder",
        "analyst",
        "expert",
        "spokesperson",
        "spokesman",
        "spokeswoman",
        "official",
        "chairman",
        "chairwoman",
        "president",
    }
)
_COMPANY_WORDS = frozenset(
    {"it", "company", "firm", "group", "giant", "startup", "start-up", "corporation", "maker"}
)


# A clause that says who said what comes before it: ", the company said on Monday".
_ATTRIBUTION_CLAUSE = re.compile(
    rf",\s+(?:(?:{_UNNAMED}|{NAME}){_BETWEEN}\s+{_SAID}"
    rf"|{_SAID_BY}\s+{NAME}|(?i:according\s+to))(?!\w)"
)


def without_attribution(text: str) -> str:
    """The text up to a clause that says who said it: "attract new users, the company said
    on Monday" is "attract new users"."""
    found = _ATTRIBUTION_CLAUSE.search(text)
    return text[: found.start()] if found else text


@frozen
class Attribution:
    """Where a text says who said what: its words ("Baidu said", "he added"), the name it
    gives, if any, with the speaker's name first or last in it (as the verb stands before or
    after), and, for a word that names no one, what it stands for: `person`, `company` or
    None."""

    start: int
    end: int
    words: str
    name: Mention | None
    name_last: bool
    stands_for: str | None


@functools.lru_cache(maxsize=4096)
def attributions(text: str) -> tuple[Attribution, ...]:
    """Every attribution of the text, in order (kept for the text: a statement's person,
    company and time each read its quote's)."""
    found = []
    for match in _SPEAKER.finditer(text):
        group = next(name for name in ("unnamed", "after", "before", "source") if match[name])
        if group == "unnamed":
            said = set(match[group].casefold().split())
            stands_for = (
                "person" if said & _PERSON_WORDS else "company" if said & _COMPANY_WORDS else None
            )
            name = None
        else:
            name = Mention(match.start(group), match.end(group), match.group(group))
            stands_for = None
        found.append(
            Attribution(
                match.start(), match.end(), match.group(), name, group != "before", stands_for
            )
        )
    return tuple(found)


def speaker(text: str) -> tuple[Mention | None, str] | None:
    """Who the text says said what it reports, by the last attribution it makes: the name
    and the attribution's words ("Baidu said"), or None and the words when it names no one
    ("the firm said"); None when it attributes nothing."""
    found = attributions(text)
    return (found[-1].name, found[-1].words) if found else None


# A pronoun that stands for the last person named: "Cao said. '...,' he added."
_PERSONAL_PRONOUN = re.compile(r"(?<!\w)(?:he|she|He|She)(?!\w)")


def has_personal_pronoun(text: str) -> bool:
    """Whether the text refers to a person by "he" or "she"."""
    return _PERSONAL_PRONOUN.search(text) is not None
