"""How good drafts are on real reporting: `aicompete draft` of each article of the test corpus
(`tests/corpus`), against a base of the bundled file and the articles filed before it, scored
against the records a curator files for it.

    python -m benchmarks.draft_corpus                        # print the results
    python -m benchmarks.draft_corpus --update BENCHMARKS.md # and write them there

Article N is drafted against the bundled file plus the expected records of articles 1 to N-1,
as `tests.corpus_base` builds them, with the publisher and publication date of its expected
source. A candidate matches an expected record of its article:

- a figure: the same subject (app, company or companies) and the same value;
- a campaign: the same app or company, and a quote that overlaps its quote in the text;
- an event: a quote that overlaps its quote, about the same person where both name one;
- a company, app or person the draft proposes as new: one the expected file brings in, of the
  same kind and name; any other is an invented entity;
- an alias: the same record and alias as an `[[aliases]]` entry.

Recall is the share of the expected records a matching candidate gets wholly right: a figure
with its value, subject, metric, unit, bound, date and measurer; a campaign with its amounts
and its dates; an event with whom it is about, its `when` and date; an entity with its name;
an alias. Precision is, of the fields the draft marks proven, the share that equal the
matching record's (a field of a candidate that matches nothing is wrong). It exits 1 when a
target does not hold.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli

from aicompete.proof.text import caseless, squeeze
from aicompete.proof.times import same_time
from benchmarks.draft_quality import Record, drafted, update
from tests.corpus_base import ARTICLES, corpus_base, expected

ROOT = Path(__file__).resolve().parent.parent
START = "<!-- draft-corpus: start -->"
END = "<!-- draft-corpus: end -->"
KINDS = ("figure", "campaign", "event", "entity", "alias")
ENTITIES = ("company", "app", "person")
TABLES = {
    "figure": "figures",
    "campaign": "campaigns",
    "event": "events",
    "company": "companies",
    "app": "apps",
    "person": "people",
}
# The Done-when targets of the corpus: of the fields marked proven, the share right, for
# every kind; of the figures, the share with every field right; no invented entity.
PRECISION_TARGET = 0.95
FIGURE_RECALL_TARGET = 0.80
# The fields a recall counts as right, by kind (a figure's subject is part of its match).
_WHOLE = {
    "figure": ("metric", "unit", "bound", "date", "measured_by"),
    "campaign": ("amounts", "announced", "start", "end"),
    "event": ("person", "company", "when", "date"),
    "entity": ("name",),
    "alias": (),
}
_DEFAULTS = {"bound": "exact"}
# Evidence and the fields whoever curates the file writes: never proven.
_EVIDENCE = frozenset({"id", "source", "quote", "context", "inferred", "same_as"})


@dataclass
class Score:
    kind: str
    expected: int = 0
    found: int = 0
    proven: int = 0
    right: int = 0
    wrong: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        return self.right / self.proven if self.proven else 1.0


@dataclass
class Result:
    scores: dict[str, Score]
    invented: list[str]

    @property
    def holds(self) -> bool:
        return (
            all(score.precision >= PRECISION_TARGET for score in self.scores.values())
            and self.scores["figure"].recall >= FIGURE_RECALL_TARGET
            and not self.invented
        )


def draft_article(index: int, folder: Path) -> tuple[list[Record], Record, str]:
    """`aicompete draft --json` of article `index` (0-based) on a base of the articles before
    it, with its expected records and its text."""
    article = ARTICLES[index]
    facts = corpus_base(folder, index)
    filed = tomli.loads(expected(article).read_text(encoding="utf-8"))
    (source,) = filed["sources"]
    copy = folder / "articles" / article.name
    shutil.copyfile(article, copy)
    items = drafted(facts, copy, source)
    return items, filed, article.read_text(encoding="utf-8")


def draft_corpus() -> list[tuple[list[Record], Record, str]]:
    """The draft of every article of the corpus, each with its expected records and text."""
    found = []
    for index in range(len(ARTICLES)):
        with tempfile.TemporaryDirectory() as folder:
            found.append(draft_article(index, Path(folder)))
    return found


def _in_own_words(kind: str, name: str) -> bool:
    """Whether the field is prose proven as its quote's own words (a description, a summary):
    right by its rule alone, whatever words a curator would choose instead."""
    from aicompete.knowledge.kinds import BY_NAME

    return BY_NAME[kind].rule(name) == "own_words" if kind in BY_NAME else False


def _value(record: Record, name: str) -> Any:
    value = record.get(name, _DEFAULTS.get(name))
    if name == "amounts" and value is not None:
        return sorted(
            (amount["value"], amount["currency"], amount.get("bound", "exact")) for amount in value
        )
    if isinstance(value, dict) and "when" in value:
        return value.get("date") or caseless(value["when"])
    if isinstance(value, (int, float)) and not isinstance(value, bool) and name == "value":
        return str(value)
    return value


def _renamed(item: Record, ids: dict[str, str]) -> Record:
    """The item with each reference to a record the draft made read as the expected id."""
    record = dict(item["record"])
    for name in _REFERENCES:
        value = record.get(name)
        if isinstance(value, list):
            record[name] = [ids.get(one, one) for one in value]
        elif isinstance(value, str):
            record[name] = ids.get(value, value)
    return {**item, "record": record}


def _readings(words: str) -> tuple[str, ...]:
    """A time's words, and for a deadline ("by Feb 21") the date it names."""
    return (words, words[3:]) if words.casefold().startswith("by ") else (words,)


def _same(name: str, ours: Record, theirs: Record) -> bool:
    mine, filed = ours.get(name, _DEFAULTS.get(name)), theirs.get(name, _DEFAULTS.get(name))
    if name == "when" and isinstance(mine, str) and isinstance(filed, str):
        return any(same_time(a, b) for a in _readings(mine) for b in _readings(filed))
    if name in ("name", "role", "purpose", "reach", "reported_comparison"):
        return (
            isinstance(mine, str) and isinstance(filed, str) and caseless(mine) == caseless(filed)
        )
    return bool(_value(ours, name) == _value(theirs, name))


# The fields that name a record by its id.
_REFERENCES = ("app", "company", "companies", "measured_by", "reported_via", "person")


class _Article:
    """One article's draft beside its expected records. A record the draft makes anew has
    an id of its own: it is read as the id of the expected record of its kind and name."""

    def __init__(self, items: list[Record], filed: Record, text: str) -> None:
        self.text = squeeze(text)
        self.filed = filed
        self.new_entities = {
            (kind, caseless(record["name"])): record
            for kind in ENTITIES
            for record in filed.get(TABLES[kind], [])
        }
        ids = {
            item["id"]: self.new_entities[item["kind"], caseless(item["record"]["name"])]["id"]
            for item in items[1:]
            if item["kind"] in ENTITIES
            and item["draft"] != "known"
            and (item["kind"], caseless(item["record"].get("name", ""))) in self.new_entities
        }
        self.items = [_renamed(item, ids) for item in items[1:]]

    def _span(self, quote: str) -> tuple[int, int]:
        quoted = squeeze(quote)
        at = self.text.find(quoted)
        return (at, at + len(quoted)) if at >= 0 else (-1, -1)

    def _overlap(self, ours: Record, theirs: Record) -> int:
        """How many characters the two quotes share in the text."""
        if "quote" not in ours:
            return 0
        (a, b), (c, d) = self._span(ours["quote"]), self._span(theirs["quote"])
        return max(0, min(b, d) - max(a, c)) if a >= 0 and c >= 0 else 0

    def candidates(self, kind: str) -> Iterator[Record]:
        for item in self.items:
            if item["draft"] == "known":
                continue
            if (kind == "entity" and item["kind"] in ENTITIES) or item["kind"] == kind:
                yield item

    def expected(self, kind: str) -> list[Record]:
        if kind == "entity":
            return [{**record, "kind": k} for (k, _), record in self.new_entities.items()]
        if kind == "alias":
            return list(self.filed.get("aliases", []))
        return list(self.filed.get(TABLES[kind], []))

    def match(self, kind: str, item: Record) -> Record | None:
        """The expected record the item matches; of campaigns and events, the one whose quote
        it shares the most of."""
        ours = item["record"]
        found = sorted(
            self.expected(kind),
            key=lambda theirs: (
                -(ours.get("person") is not None and ours.get("person") == theirs.get("person")),
                -self._overlap(ours, theirs) if "quote" in theirs else 0,
            ),
        )
        for theirs in found:
            if kind == "figure":
                subject = ("app", "company", "companies")
                if all(ours.get(k) == theirs.get(k) for k in subject) and _value(
                    ours, "value"
                ) == _value(theirs, "value"):
                    return theirs
            elif kind == "campaign":
                owner = ours.get("app") == theirs.get("app") and (
                    ours.get("company") in (None, theirs.get("company"))
                )
                if owner and self._overlap(ours, theirs):
                    return theirs
            elif kind == "event":
                people = ours.get("person"), theirs.get("person")
                if self._overlap(ours, theirs) and (None in people or people[0] == people[1]):
                    return theirs
            elif kind == "entity":
                if theirs["kind"] == item["kind"] and caseless(ours.get("name", "")) == caseless(
                    theirs["name"]
                ):
                    return theirs
            elif (ours.get("record"), ours.get("alias")) == (theirs["record"], theirs["alias"]):
                return theirs
        return None

    def score(self, kind: str, score: Score) -> list[str]:
        """Add this article's counts to `score`; return the invented entities."""
        invented = []
        wholly_right: set[int] = set()
        for item in self.candidates(kind):
            theirs = self.match(kind, item)
            if theirs is None and kind == "entity":
                invented.append(f"{item['kind']} {item['record'].get('name')!r}")
            for name, status in item["fields"].items():
                if status != "proven" or name in _EVIDENCE or _in_own_words(item["kind"], name):
                    continue
                score.proven += 1
                if theirs is not None and _same(name, item["record"], theirs):
                    score.right += 1
                else:
                    filed = theirs.get(name) if theirs else "(no such record)"
                    score.wrong.append(
                        f"{item['kind']} {item['id']}.{name} = {item['record'].get(name)!r}"
                        f" (filed: {filed!r})"
                    )
            if theirs is not None and all(
                _same(name, item["record"], theirs) for name in _WHOLE[kind]
            ):
                wholly_right.add(id(theirs))
        score.expected += len(self.expected(kind))
        score.found += len(wholly_right)
        for theirs in self.expected(kind):
            if id(theirs) in wholly_right:
                continue
            ours = [
                item["record"] for item in self.candidates(kind) if self.match(kind, item) is theirs
            ]
            differing = [
                f"{name}: {mine.get(name)!r} for {theirs.get(name)!r}"
                for mine in ours[:1]
                for name in _WHOLE[kind]
                if not _same(name, mine, theirs)
            ]
            said = "; ".join(differing) if ours else "no candidate"
            score.missed.append(f"{kind} {theirs.get('id', theirs.get('alias'))}: {said}")
        return invented


def measure(drafts: list[tuple[list[Record], Record, str]]) -> Result:
    scores = {kind: Score(kind) for kind in KINDS}
    invented: list[str] = []
    for items, filed, text in drafts:
        article = _Article(items, filed, text)
        for kind in KINDS:
            invented += article.score(kind, scores[kind])
    return Result(scores, invented)


NAMES = {
    "figure": "figures (value, subject, metric, unit, bound, date, measurer)",
    "campaign": "campaigns (owner, amounts, dates)",
    "event": "events (who, when, date)",
    "entity": "new companies, apps and people",
    "alias": "aliases of known records",
}


def report(result: Result) -> str:
    lines = [
        "| kind | expected | wholly right | recall | proven fields | right | precision |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for kind in KINDS:
        score = result.scores[kind]
        lines.append(
            f"| {NAMES[kind]} | {score.expected} | {score.found} | {score.recall:.0%} | "
            f"{score.proven} | {score.right} | {score.precision:.0%} |"
        )
    lines += ["", f"Invented entities: {len(result.invented)}."]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--update", type=Path, help="write the results into this file")
    parser.add_argument("--wrong", action="store_true", help="list each field proven wrong")
    args = parser.parse_args(argv)
    result = measure(draft_corpus())
    text = report(result)
    print(text)
    if args.wrong:
        for score in result.scores.values():
            print("\n".join(score.wrong))
            print("\n".join(f"missed {line}" for line in score.missed))
        print("\n".join(f"invented: {name}" for name in result.invented))
    if args.update:
        update(args.update, text, START, END)
    return 0 if result.holds else 1


if __name__ == "__main__":
    sys.exit(main())
