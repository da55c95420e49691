"""How good drafts are: `aicompete draft` on the seed article, against a knowledge file that
holds nothing but the bundled metrics (what figures count, as `aicompete init` gives them),
compared with the bundled facts.toml, which was extracted from it by hand.

    python benchmarks/draft_quality.py                        # print the results
    python benchmarks/draft_quality.py --update BENCHMARKS.md # and write them there

Recall, for each kind the targets name, is the share of the bundled facts that a candidate
states, bound to the right subject:

- a DAU figure (a bundled figure of a DAU metric): a candidate figure of the app of the same
  name, with the same value;
- a campaign's amounts: a candidate of the app of the same name, with the same amounts in
  the same currencies (none where the bundled campaign has none);
- a person with a role: a candidate of the same name with the same role, case aside;
- a dated event (one with a `when`): a candidate whose quote overlaps its quote in the text,
  with the same `when`, case aside, about the same person where the bundled event names one;
  a context event that only restates what a figure rests on is not counted, since a draft
  drafts none.

Precision, for every kind, is the share of candidates (complete or not) that match a bundled
fact of their kind: a company by name, an app by name and company, a person by name, a
figure (every figure the seed states is a DAU figure) or campaign by app and overlapping
quote, an event by overlapping quote and the same person where both name one.

Then, for each candidate that matches, its claims beside those of the bundled fact it
matches (editorial fields and evidence aside): equal, different, written by the draft only
(the bundled fact leaves it out), or by the bundled fact only (the draft left it for a
person, or does not read it). It exits 1 when a target does not hold.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import shutil
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomli

from aicompete import core
from aicompete.knowledge.migration import metric_blocks
from aicompete.proof.text import caseless, squeeze

ROOT = Path(__file__).resolve().parent.parent
SEED_FILE = "seeds/000_ffdd459b55fbeb1b.txt"
SEED = ROOT / SEED_FILE
# The metrics whose figures are DAU figures.
DAU_METRICS = ("dau", "peak-dau")
START = "<!-- draft: start -->"
END = "<!-- draft: end -->"
Record = dict[str, Any]


@dataclass(frozen=True)
class Recall:
    kind: str
    found: int
    total: int
    target: float

    @property
    def share(self) -> float:
        return self.found / self.total if self.total else 1.0

    @property
    def holds(self) -> bool:
        return self.share >= self.target


@dataclass(frozen=True)
class Fields:
    kind: str
    equal: int
    different: int
    draft_only: int
    bundled_only: int
    differing: tuple[str, ...]


# What a comparison of fields leaves aside: evidence, editorial fields, and fields the draft
# never writes (orders, figures of profiles, restatements).
_NOT_COMPARED = frozenset(
    {"id", "source", "quote", "context", "inferred", "description", "summary", "category"}
    | {"after", "figures", "same_as"}
)
_REFERENCES = {
    "company": "company",
    "app": "app",
    "person": "person",
    "measured_by": "company",
    "reported_via": "company",
}


@dataclass(frozen=True)
class Precision:
    kind: str
    matching: int
    candidates: int
    complete: int

    @property
    def share(self) -> float:
        return self.matching / self.candidates if self.candidates else 1.0


def draft_seed() -> list[Record]:
    """`aicompete draft --json` of the seed article, published the day the bundled file says,
    copied beside a knowledge file of the bundled metrics alone."""
    bundled = (ROOT / "facts.toml").read_text(encoding="utf-8")
    (source,) = (
        source for source in tomli.loads(bundled)["sources"] if source["file"] == SEED_FILE
    )
    with tempfile.TemporaryDirectory() as folder:
        facts = Path(folder) / "facts.toml"
        facts.write_text("".join(metric_blocks(bundled).values()), encoding="utf-8")
        article = Path(folder) / "seed.txt"
        shutil.copyfile(SEED, article)
        return drafted(facts, article, source)


def drafted(facts: Path, article: Path, source: Record) -> list[Record]:
    """`aicompete draft --json` of `article` against the knowledge file `facts`, as the new
    `source` (its publisher and date), run in this process."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = core.run(
            [
                "--facts",
                str(facts),
                "draft",
                str(article),
                "--publisher",
                source["publisher"],
                "--published",
                source["published"],
                "--json",
            ]
        )
    if code != 0:
        raise RuntimeError(f"the draft of {article.name} exited {code}")
    items: list[Record] = json.loads(out.getvalue())
    return items


def kind_of(item: Record) -> str:
    """The kind a drafted item is compared as: the seed states DAU figures only, so every
    figure drafted is a candidate DAU figure."""
    kind: str = item["kind"]
    return "dau" if kind == "figure" else kind


class Comparison:
    """The draft's candidates beside the bundled facts, read in the same seed text."""

    def __init__(self, items: list[Record], bundled: dict[str, list[Record]], text: str) -> None:
        self.text = squeeze(text)
        self.candidates: dict[str, list[Record]] = {}
        for item in items[1:]:
            self.candidates.setdefault(kind_of(item), []).append(item["record"])
        self.bundled = {
            "company": bundled["companies"],
            "app": bundled["apps"],
            "person": bundled["people"],
            "dau": [figure for figure in bundled["figures"] if figure["metric"] in DAU_METRICS],
            "campaign": bundled["campaigns"],
            "event": bundled["events"],
        }
        # Records are compared by what they name, not by their ids.
        self.ours = {
            (kind, record["id"]): record["name"]
            for kind in ("company", "app", "person")
            for record in self.candidates.get(kind, [])
        }
        self.theirs = {
            (kind, record["id"]): record["name"]
            for kind in ("company", "app", "person")
            for record in self.bundled[kind]
        }

    def _span(self, quote: str) -> tuple[int, int]:
        at = self.text.find(squeeze(quote))
        return at, at + len(squeeze(quote))

    def _overlap(self, ours: Record, theirs: Record) -> int:
        """How many characters of the text both quotes span."""
        (start, end), (other_start, other_end) = (
            self._span(ours["quote"]),
            self._span(theirs["quote"]),
        )
        if start < 0 or other_start < 0:
            return 0
        return max(0, min(end, other_end) - max(start, other_start))

    def overlaps(self, ours: Record, theirs: Record) -> bool:
        return self._overlap(ours, theirs) > 0

    def same(self, kind: str, ours: Record, theirs: Record, field: str) -> bool:
        """Whether both name the same record of `kind` in `field` (both none counts)."""
        first, second = ours.get(field), theirs.get(field)
        if first is None or second is None:
            return first is None and second is None
        return self.ours.get((kind, first)) == self.theirs.get((kind, second))

    # Recall ------------------------------------------------------------------------------

    def recall(self, kind: str, target: float, found: Callable[[Record, Record], bool]) -> Recall:
        bundled = [record for record in self.bundled[kind] if self._counted(kind, record)]
        hits = sum(
            any(found(ours, theirs) for ours in self.candidates.get(kind, [])) for theirs in bundled
        )
        return Recall(kind, hits, len(bundled), target)

    def _counted(self, kind: str, record: Record) -> bool:
        """A dated event counts, but a context event whose quote only says what a figure of
        the bundled file rests on (the holiday's record DAU levels): a draft drafts no event
        that restates a figure drafted beside it."""
        if kind != "event":
            return True
        restated = any(
            squeeze(record["quote"]) in map(squeeze, (figure["quote"], *figure.get("context", ())))
            for figure in self.bundled["dau"]
        )
        return "when" in record and not (record.get("category") == "context" and restated)

    def dau(self, ours: Record, theirs: Record) -> bool:
        return self.same("app", ours, theirs, "app") and ours["value"] == theirs["value"]

    def campaign(self, ours: Record, theirs: Record) -> bool:
        amounts = [
            sorted((a["value"], a["currency"]) for a in r.get("amounts", []))
            for r in (ours, theirs)
        ]
        return self.same("app", ours, theirs, "app") and amounts[0] == amounts[1]

    def person(self, ours: Record, theirs: Record) -> bool:
        return ours["name"] == theirs["name"] and caseless(ours["role"]) == caseless(theirs["role"])

    def dated_event(self, ours: Record, theirs: Record) -> bool:
        return (
            caseless(ours.get("when", "")) == caseless(theirs["when"])
            and self.overlaps(ours, theirs)
            and ("person" not in theirs or self.same("person", ours, theirs, "person"))
        )

    # Precision ---------------------------------------------------------------------------

    def precision(self, kind: str, items: list[Record]) -> Precision:
        candidates = self.candidates.get(kind, [])
        matching = sum(
            any(self._matches(kind, ours, theirs) for theirs in self.bundled[kind])
            for ours in candidates
        )
        complete = sum(item["draft"] == "new" for item in items if kind_of(item) == kind)
        return Precision(kind, matching, len(candidates), complete)

    def fields(self, kind: str) -> Fields:
        counts = {"equal": 0, "different": 0, "draft_only": 0, "bundled_only": 0}
        differing = []
        for ours in self.candidates.get(kind, []):
            matches = [t for t in self.bundled[kind] if self._matches(kind, ours, t)]
            if not matches:
                continue
            theirs = max(matches, key=lambda t: self._overlap(ours, t))
            for field in sorted((set(ours) | set(theirs)) - _NOT_COMPARED):
                if field not in theirs:
                    counts["draft_only"] += 1
                elif field not in ours:
                    counts["bundled_only"] += 1
                elif self._equal(field, ours, theirs):
                    counts["equal"] += 1
                else:
                    counts["different"] += 1
                    differing.append(f"{theirs['id']}.{field}")
        return Fields(kind, **counts, differing=tuple(differing))

    def _equal(self, field: str, ours: Record, theirs: Record) -> bool:
        if field in _REFERENCES:
            return self.same(_REFERENCES[field], ours, theirs, field)
        if field == "amounts":
            return self.campaign({**ours, "app": None}, {**theirs, "app": None})
        first, second = ours[field], theirs[field]
        if isinstance(first, str) and isinstance(second, str):
            return caseless(first) == caseless(second)
        return bool(first == second)

    def _matches(self, kind: str, ours: Record, theirs: Record) -> bool:
        if kind in ("company", "person"):
            return bool(ours["name"] == theirs["name"])
        if kind == "app":
            return ours["name"] == theirs["name"] and self.same("company", ours, theirs, "company")
        if kind in ("dau", "campaign"):
            return self.same("app", ours, theirs, "app") and self.overlaps(ours, theirs)
        both_name = "person" in ours and "person" in theirs
        return self.overlaps(ours, theirs) and (
            not both_name or self.same("person", ours, theirs, "person")
        )


def measure(items: list[Record]) -> tuple[list[Recall], list[Precision], list[Fields]]:
    bundled = tomli.loads((ROOT / "facts.toml").read_text(encoding="utf-8"))
    comparison = Comparison(items, bundled, SEED.read_text(encoding="utf-8"))
    recalls = [
        comparison.recall("dau", 1.0, comparison.dau),
        comparison.recall("campaign", 1.0, comparison.campaign),
        comparison.recall("person", 0.8, comparison.person),
        comparison.recall("event", 0.8, comparison.dated_event),
    ]
    kinds = ("company", "app", "person", "dau", "campaign", "event")
    precisions = [comparison.precision(kind, items) for kind in kinds]
    return recalls, precisions, [comparison.fields(kind) for kind in kinds]


RECALL_NAMES = {
    "dau": "DAU figures, bound to their app",
    "campaign": "campaign amounts with currency, bound to their app",
    "person": "people with their roles",
    "event": "dated events, with who they are about",
}


def report(recalls: list[Recall], precisions: list[Precision], fields: list[Fields]) -> str:
    lines = [
        "Recall: the bundled facts a candidate states, bound to the right subject.",
        "",
        "| kind | bundled | found | recall | target | holds |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for recall in recalls:
        lines.append(
            f"| {RECALL_NAMES[recall.kind]} | {recall.total} | {recall.found} | "
            f"{recall.share:.0%} | {recall.target:.0%} | {'yes' if recall.holds else '**no**'} |"
        )
    lines += [
        "",
        "Precision: the candidates that match a bundled fact (complete ones are records to",
        "append; the others lack a required field the text does not state).",
        "",
        "| kind | candidates | complete | matching | precision |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for precision in precisions:
        lines.append(
            f"| {precision.kind} | {precision.candidates} | {precision.complete} | "
            f"{precision.matching} | {precision.share:.0%} |"
        )
    lines += [
        "",
        "Fields of the matching candidates beside the bundled facts' (editorial fields aside):",
        "",
        "| kind | equal | different | draft only | bundled only | different in |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for found in fields:
        differing = ", ".join(f"`{name}`" for name in found.differing) or "—"
        lines.append(
            f"| {found.kind} | {found.equal} | {found.different} | {found.draft_only} | "
            f"{found.bundled_only} | {differing} |"
        )
    return "\n".join(lines) + "\n"


def update(document: Path, text: str, start: str = START, end: str = END) -> None:
    """Write `text` into `document` between the lines `start` and `end`."""
    old = document.read_text(encoding="utf-8")
    first, last = old.index(start) + len(start), old.index(end)
    document.write_text(old[:first] + "\n" + text + old[last:], encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--update", type=Path, help="write the results into this file")
    args = parser.parse_args(argv)
    recalls, precisions, fields = measure(draft_seed())
    text = report(recalls, precisions, fields)
    print(text)
    if args.update:
        update(args.update, text)
    return 0 if all(recall.holds for recall in recalls) else 1


if __name__ == "__main__":
    sys.exit(main())
