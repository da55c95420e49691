"""Speech: whether a text quotes or reports what was said, and who it says said it."""

from __future__ import annotations

import re

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


# Who a sentence says said it: "Baidu said", "said Zhang Wei", "according to analytics firm
# QuestMobile"; or only a word for them: "the company said", "he added".
_SAID = r"(?:said|says|added|told|noted|stated|announced|wrote)"
# A word for who said it that names no one: "the company", "the firm", "he".
_UNNAMED = r"(?:(?i:the)\s+[a-z]+(?:\s+[a-z]+)?|[Hh]e|[Ss]he|[Ii]t|[Tt]hey)"
_SPEAKER = re.compile(
    rf"(?P<after>(?<![\w'\u2019-]){NAME})\s+{_SAID}(?!\w)"
    rf"|(?<!\w){_SAID}\s+(?P<before>{NAME})(?![\w'\u2019])"
    r"|(?<!\w)(?i:according\s+to)\s+(?:(?:the|a|an)\s+)?(?:[a-z][\w-]*\s+){0,4}"
    rf"(?P<source>{NAME})(?![\w'\u2019])"
    rf"|(?P<unnamed>(?<!\w){_UNNAMED})\s+{_SAID}(?!\w)"
)


# A clause that says who said what comes before it: ", the company said on Monday".
_ATTRIBUTION_CLAUSE = re.compile(
    rf",\s+(?:(?:{_UNNAMED}|{NAME})\s+{_SAID}"
    rf"|{_SAID}\s+{NAME}|(?i:according\s+to))(?!\w)"
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
