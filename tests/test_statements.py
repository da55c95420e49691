"""Statements and what a quote states, read on a FICTIONAL article written for these tests:
who speaks, the time a quote refers back to, the clause a figure belongs to, and a summary in
its quote's own words."""

from __future__ import annotations

import hashlib
import json

import pytest
import tomli
from hypothesis import given, settings
from hypothesis import strategies as st

from aicompete.knowledge.source_texts import SourceText
from aicompete.knowledge.validation import validate
from aicompete.proof.speech import attributions
from aicompete.proof.statements import bound_from, clauses, in_own_words
from aicompete.proof.verification import FactCheck, check_facts

ARTICLE = "\n".join(
    [
        "FICTIONAL ARTICLE WRITTEN FOR AICOMPETE'S TESTS: no real company, app or event.",
        "Brightfield told reporters late Tuesday that its Lumo app has never paid for users.",
        '"We grow by word of mouth," the company said.',
        "It also said that the Lumo team remains stable.",
        "Northwind said on Monday that it disagreed.",
        '"Nobody grows for free," the company added.',
        "Northwind CEO Ann Vale said on Wednesday that rivals overspend.",
        '"Prices will fall," she added.',
        '"Prices will rise," said Ann Vale.',
        "According to analyst Zhang Wei, the race will last years, Brightfield's Lumo among them.",
        "Harbor chief scientist Ivo Rand said the team grew.",
        "Usage peaked on Friday, the data showed. Harbor doubled its team.",
    ]
)
SOURCE = f"""
[[sources]]
id = "wire"
title = "A fictional wire"
publisher = "Fictional Wire"
published = "2026-03-07"
file = "wire.txt"
sha256 = "{hashlib.sha256(ARTICLE.encode()).hexdigest()}"

[[companies]]
id = "brightfield"
name = "Brightfield"
description = "A fictional company"
source = "wire"
quote = "Brightfield told reporters"

[[companies]]
id = "northwind"
name = "Northwind"
description = "A fictional company"
source = "wire"
quote = "Northwind said"

[[companies]]
id = "harbor"
name = "Harbor"
description = "A fictional company"
source = "wire"
quote = "Harbor chief scientist"

[[people]]
id = "ann-vale"
name = "Ann Vale"
company = "northwind"
role = "Northwind CEO"
source = "wire"
quote = "Northwind CEO Ann Vale"

[[people]]
id = "ivo-rand"
name = "Ivo Rand"
company = "harbor"
role = "chief scientist"
source = "wire"
quote = "Harbor chief scientist Ivo Rand"
inferred.company = {{ value = "harbor", why = "A reading." }}
"""


def _checks(events: str) -> dict[str, FactCheck]:
    text = SOURCE + events
    knowledge, problems = validate(text, tomli.loads(text))
    assert not problems and knowledge is not None, problems
    texts = {"wire": SourceText(ARTICLE, hashlib.sha256(ARTICLE.encode()).hexdigest())}
    return {check.id: check for check in check_facts(knowledge, texts)}


def _event(
    quote: str,
    *,
    context: str | None = None,
    company: str | None = None,
    person: str | None = None,
    when: str | None = None,
    speech: str | None = "reported",
    inferred: str | None = None,
) -> str:
    lines = [
        "[[events]]",
        'id = "said"',
        f'category = "{"statement" if speech else "organisation"}"',
        'summary = "A statement"',
        *([f'speech = "{speech}"'] if speech else []),
        'source = "wire"',
        f"quote = {json.dumps(quote)}",
        *(
            [f"inferred.{inferred} = {{ value = {json.dumps(when)}, why = 'A reading.' }}"]
            if inferred
            else []
        ),
    ]
    if context is not None:
        lines.append(f"context = [{json.dumps(context)}]")
    for field, value in (("company", company), ("person", person), ("when", when)):
        if value is not None:
            lines.append(f'{field} = "{value}"')
    return "\n".join(lines) + "\n"


def _field(events: str, field: str) -> tuple[str, str]:
    check = _checks(events)["said"]
    found = next(check for check in check.fields if check.field == field)
    return found.status, found.reason


BRIGHTFIELD = "Brightfield told reporters late Tuesday that its Lumo app has never paid for users."


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("Brightfield told reporters that", [("Brightfield told", "Brightfield", None)]),
        ('"We grow," the company said.', [("the company said", None, "company")]),
        ("It also said that the team", [("It also said", None, "company")]),
        ("the company has denied it", [("the company has denied", None, "company")]),
        ('"Prices will fall," she added.', [("she added", None, "person")]),
        ('"Prices will rise," said Ann Vale.', [("said Ann Vale", "Ann Vale", None)]),
        (
            "According to analyst Zhang Wei, the",
            [("According to analyst Zhang Wei", "Zhang Wei", None)],
        ),
        ('"Soon," they said.', [("they said", None, None)]),
        # Whom something was told to is not who told it.
        ("Alibaba Group told China Daily", [("Alibaba Group told", "Alibaba Group", None)]),
    ],
)
def test_attributions_say_who_speaks(
    text: str, said: list[tuple[str, str | None, str | None]]
) -> None:
    found = [(a.words, a.name.name if a.name else None, a.stands_for) for a in attributions(text)]
    assert found == said


def test_the_speaker_is_the_company_the_quote_gives_the_words_to() -> None:
    quote = "Brightfield told reporters late Tuesday that its Lumo app has never paid for users."
    assert _field(_event(quote, company="brightfield"), "company")[0] == "proven"
    assert _field(_event(quote, company="northwind"), "company") == (
        "failed",
        "the quote gives its words to 'Brightfield told' (company:brightfield)",
    )


def test_a_word_for_the_speaker_is_read_back_to_the_one_the_context_names() -> None:
    quote = '"We grow by word of mouth," the company said.'
    assert _field(_event(quote, context=BRIGHTFIELD, company="brightfield"), "company")[0] == (
        "proven"
    )
    # A company the context names but that did not speak last before the quote is not it.
    assert _field(_event(quote, context=BRIGHTFIELD, company="northwind"), "company")[0] == (
        "failed"
    )
    # Without the sentence it refers back to, "the company" is no one.
    assert _field(_event(quote, company="brightfield"), "company") == (
        "failed",
        "the quote gives its words to 'the company said', and its evidence names no company "
        "who spoke before it",
    )
    # "It also said", two sentences on, is still Brightfield: nobody else spoke between.
    also = "It also said that the Lumo team remains stable."
    assert _field(_event(also, context=BRIGHTFIELD, company="brightfield"), "company")[0] == (
        "proven"
    )


def test_a_context_that_skips_a_later_speaker_proves_nothing() -> None:
    # Northwind spoke between Brightfield's sentence and this one: "the company" is Northwind.
    quote = '"Nobody grows for free," the company added.'
    assert _field(_event(quote, context=BRIGHTFIELD, company="brightfield"), "company") == (
        "failed",
        "the quote gives its words to 'the company added', and the source names someone else "
        "between it and 'Brightfield told'",
    )
    northwind = "Northwind said on Monday that it disagreed."
    assert _field(_event(quote, context=northwind, company="northwind"), "company")[0] == "proven"


def test_a_person_speaks_and_the_company_follows_them() -> None:
    quote = "Northwind CEO Ann Vale said on Wednesday that rivals overspend."
    events = _event(quote, person="ann-vale", company="northwind")
    checks = {check.field: check.status for check in _checks(events)["said"].fields}
    assert (checks["person"], checks["company"]) == ("proven", "proven")
    assert _field(_event(quote, person="ann-vale", company="brightfield"), "company")[0] == (
        "failed"
    )
    added = '"Prices will fall," she added.'
    context = "Northwind CEO Ann Vale said on Wednesday that rivals overspend."
    assert _field(_event(added, context=context, person="ann-vale"), "person")[0] == "proven"
    assert _field(_event('"Prices will rise," said Ann Vale.', person="ann-vale"), "person")[0] == (
        "proven"
    )


def test_one_named_only_in_the_context_or_the_quote_is_not_the_speaker() -> None:
    quote = (
        "According to analyst Zhang Wei, the race will last years, Brightfield's Lumo among them."
    )
    assert _field(_event(quote, context=BRIGHTFIELD, company="brightfield"), "company") == (
        "failed",
        "the quote gives its words to 'Zhang Wei' ('According to analyst Zhang Wei'), no record "
        "here",
    )
    said = "Northwind CEO Ann Vale said on Wednesday that rivals overspend."
    assert _field(_event(said, context=BRIGHTFIELD, person="ann-vale"), "person")[0] == "proven"
    assert _field(_event(BRIGHTFIELD, context=said, person="ann-vale"), "person")[0] == "failed"


def test_a_speaker_s_inferred_company_is_no_proof_of_the_statement_s() -> None:
    quote = "Harbor chief scientist Ivo Rand said the team grew."
    assert _field(_event(quote, person="ivo-rand", company="harbor"), "company") == (
        "failed",
        "the speaker, person 'ivo-rand', has company 'harbor' only as inferred: declare it "
        "inferred here too, with why",
    )


def test_a_day_of_the_context_is_the_quote_s_only_where_the_quote_refers_back_to_it() -> None:
    quote = '"We grow by word of mouth," the company said.'
    # "the company said" is Brightfield's statement, which the context dates late Tuesday.
    assert _field(_event(quote, context=BRIGHTFIELD, when="late Tuesday"), "when")[0] == "proven"
    # A sentence that comes after the quote is not what it refers back to.
    later = "Northwind said on Monday that it disagreed."
    assert _field(_event(quote, context=later, when="Monday"), "when") == (
        "failed",
        "'Monday' is a time of the context, which the quote does not refer back to: declare it "
        "inferred, with why",
    )


def test_a_day_only_the_context_gives_is_inferred_with_its_date() -> None:
    quote = "Harbor doubled its team."
    context = "Usage peaked on Friday, the data showed."
    plain = _event(quote, context=context, when="Friday", speech=None, company="harbor")
    assert _field(plain, "when")[0] == "failed"
    declared = _event(
        quote, context=context, when="Friday", speech=None, company="harbor", inferred="when"
    )
    declared = declared.replace('when = "Friday"', 'when = "Friday"\ndate = "2026-03-06"')
    checks = {check.field: check.status for check in _checks(declared)["said"].fields}
    assert (checks["when"], checks["date"]) == ("inferred", "inferred")


@pytest.mark.parametrize(
    ("phrase", "left_out", "given"),
    [
        # A span, case and punctuation aside.
        ("later guided the release", (), "later guided the release"),
        ("Born in 1993; was one of", ("Lin",), "Born in 1993, Lin was one of"),
        ("will establish a group", (), "will also establish a group"),
        # Only "also", pronouns and the words given may be left out.
        ("Born in 1993 was one of", (), None),
        ("the team has been assessed", (), None),
        ("the group established", (), None),
    ],
)
def test_a_phrase_in_its_text_s_own_words(
    phrase: str, left_out: tuple[str, ...], given: str | None
) -> None:
    text = (
        "Born in 1993, Lin was one of them. He later guided the release. The company will also "
        "establish a group. The team has never been assessed."
    )
    found = in_own_words(text, phrase, left_out).span
    assert (found.name if found else None) == given


def test_a_summary_tells_where_the_quote_stops_giving_its_words() -> None:
    events = _event(BRIGHTFIELD, company="brightfield", when="late Tuesday").replace(
        'summary = "A statement"', 'summary = "Told reporters that its Lumo app has paid"'
    )
    assert _field(events, "summary") == (
        "editorial",
        "written by whoever curates the file: the quote does not go on from 'Told reporters "
        "that its Lumo app has' to 'paid'",
    )
    # Its time and its subject's name may be left out; nothing else.
    events = events.replace("has paid", "has never paid for users")
    assert _field(events, "summary")[0] == "proven"


def test_a_quote_s_clauses_keep_what_which_binds_with_its_noun() -> None:
    text = (
        "Lin was one of the leaders. He led the Qwen3-Max model, which features more than 1 "
        "trillion parameters, and later guided the release of smaller models; sales rose \u2014 "
        "fast."
    )
    assert [clause.name for clause in clauses(text)] == [
        "Lin was one of the leaders.",
        "He led the Qwen3-Max model, which features more than 1 trillion parameters",
        "and later guided the release of smaller models",
        "sales rose",
        "fast.",
    ]
    at = text.index("more than")
    assert bound_from(text, text.index("He led"), at) == text.index(", which")
    assert bound_from(text, 0, text.index("He led")) is None


@settings(deadline=None)
@given(st.text(alphabet='ab Cd,.;"\u2014 ', max_size=200), st.data())
def test_readings_give_spans_inside_any_text(text: str, data: st.DataObject) -> None:
    for said in attributions(text):
        assert text[said.start : said.end] == said.words
        assert said.name is None or text[said.name.start : said.name.end] == said.name.name
    for clause in clauses(text):
        assert text[clause.start : clause.end] == clause.name
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    found = in_own_words(text, text[start:end]).span
    assert found is None or text[found.start : found.end] == found.name
