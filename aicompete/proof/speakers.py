"""Who a fact's quote gives its words to: the record its attribution names ("Cao said",
"said Cao", "Alibaba Group told", "according to Cao Lei"), or, for a word that names no one
("the company said", "he added"), the one it stands for, read back in the source."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aicompete.frozen import frozen
from aicompete.proof.speech import Attribution, attributions
from aicompete.proof.text import sentences

if TYPE_CHECKING:
    from aicompete.proof.verification import Evidence, Fact, Prover

# The records that speak: a person or a company.
_SPEAKING = ("person:", "company:")


@frozen
class Speaker:
    """Whom a quote gives its words to: the records the attribution names (one, unless two
    records share the name), its words, and, when the quote only refers back to someone the
    context names ("the company said"), the sentence of the context that names them."""

    keys: frozenset[str]
    words: str
    referred: str | None = None


def speaker_of(prover: Prover, fact: Fact, spans: Evidence) -> Speaker | str:
    """Whom the quote's last attribution gives its words to, or why it gives them to no
    record."""
    said = attributions(spans.quote)
    if not said:
        return 'the quote gives its words to no one: no "X said", "X told" or "according to X"'
    last = said[-1]
    if last.name is None:
        return _read_back(prover, fact, spans, last)
    keys = _named(prover, spans.quote, last, fact.source, spans.quote)
    if not keys:
        return f"the quote gives its words to {last.name.name!r} ({last.words!r}), no record here"
    return Speaker(keys, last.words)


def _named(
    prover: Prover,
    text: str,
    said: Attribution,
    source: str | None = None,
    text_of_quote: str | None = None,
) -> frozenset[str]:
    """The records that the attribution's name names, whole: the name next to the verb must
    be a record's name ("Alibaba CEO Eddie Wu said" names Eddie Wu; "Brightfield Capital
    said" no record called Brightfield)."""
    if said.name is None:
        return frozenset()
    inside = [
        mention
        for mention in prover.index.find(text)
        if said.name.start <= mention.start and mention.end <= said.name.end
    ]
    edge = [
        mention
        for mention in inside
        if (mention.end == said.name.end if said.name_last else mention.start == said.name.start)
    ]
    keys = {key for mention in edge for key in mention.keys if key.startswith(_SPEAKING)}
    if len(keys) < 2:
        return frozenset(keys)
    # A name two records share ("Wu" of Eddie Wu and of Wu Jia) is, as a report uses it, the
    # one the source last named in full before it.
    source_text = prover.texts.get(source) if source else None
    if not isinstance(source_text, str) or not text_of_quote:
        return frozenset(keys)
    at = source_text.find(text_of_quote)
    if at < 0:
        return frozenset(keys)
    last = {key: source_text.rfind(prover.names_of(key)[0], 0, at + said.start) for key in keys}
    nearest = max(last.values())
    return (
        frozenset(key for key, place in last.items() if place == nearest)
        if nearest >= 0
        else frozenset(keys)
    )


def _read_back(prover: Prover, fact: Fact, spans: Evidence, said: Attribution) -> Speaker | str:
    """Whom a word that names no one stands for: the last speaker of its kind that the source
    names before it, in a sentence of the evidence, with no one else of that kind named
    between them ("Alibaba Group told China Daily ..." then '"...," the company said')."""
    if said.stands_for is None:
        return f"the quote gives its words to {said.words!r}, which stands for no one by name"
    source = prover.texts.get(fact.source)
    quote_at = source.find(spans.quote) if isinstance(source, str) else -1
    if not isinstance(source, str) or quote_at < 0:
        return "the quote is not in its source"
    at = quote_at + said.start
    kind = f"{said.stands_for}:"
    found: list[tuple[int, int, frozenset[str], int, Attribution]] = []
    for index, span in enumerate(spans.spans):
        span_at = quote_at if index == 0 else source.find(span)
        if span_at < 0:
            continue
        for earlier in attributions(span):
            keys = frozenset(
                key
                for key in (
                    _named(prover, span, earlier, fact.source, span) if earlier.name else ()
                )
                if key.startswith(kind)
            )
            if keys and span_at + earlier.end <= at:
                found.append((span_at + earlier.start, span_at + earlier.end, keys, index, earlier))
    if not found:
        return (
            f"the quote gives its words to {said.words!r}, and its evidence names no "
            f"{said.stands_for} who spoke before it"
        )
    _, end, keys, index, named = max(found, key=lambda item: item[0])
    between = source[end:at]
    if any(other.name is not None for other in attributions(between)) or any(
        key.startswith(kind) and key not in keys
        for mention in prover.index.find(between)
        for key in mention.keys
    ):
        return (
            f"the quote gives its words to {said.words!r}, and the source names someone else "
            f"between it and {named.words!r}"
        )
    if index == 0:
        return Speaker(keys, f"{said.words} ({named.words})")
    sentence = next(s.name for s in sentences(spans.spans[index]) if s.start <= named.start < s.end)
    return Speaker(keys, f"{said.words} ({named.words})", sentence)
