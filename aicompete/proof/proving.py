"""Every fact of a knowledge base checked against its source's text, as `verify`, `sources`
and `brief` need it, each stage told to a progress display: at 100,000 facts, reading the
texts and checking the facts take tens of seconds.

The facts are checked as `verification.check_facts` checks them, with its `Prover`, a batch
at a time, so that the display is told how far it has come; and the verdicts are kept
(`remembered`), so that a file and texts unchanged since are not proven again.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from aicompete.knowledge.kinds import FACT_KINDS
from aicompete.knowledge.models import KnowledgeBase
from aicompete.knowledge.source_texts import SourceText, Unreadable, read_source_texts

if TYPE_CHECKING:
    from aicompete.knowledge.progress import LoadProgress
    from aicompete.proof.verification import FactCheck

# Facts checked between two reports: a fraction of a second's work.
BATCH = 500


def read_texts(
    knowledge: KnowledgeBase, facts: Path, progress: LoadProgress | None = None
) -> dict[str, SourceText | Unreadable]:
    """The texts of the sources beside the knowledge file `facts`, a stage told to
    `progress`."""
    from aicompete.knowledge.progress import Unreported

    progress = progress or Unreported()
    sources = len(knowledge.sources)
    progress.stage(f"Reading the texts of {_counted(sources, 'source')}", total=sources)
    return read_source_texts(knowledge, facts, progress.advance)


def prove(
    knowledge: KnowledgeBase,
    facts: Path,
    progress: LoadProgress | None = None,
    entry_key: bytes | None = None,
    texts: dict[str, SourceText | Unreadable] | None = None,
) -> tuple[dict[str, SourceText | Unreadable], list[FactCheck]]:
    """The texts of the sources beside the knowledge file `facts` (`texts`, when they were
    read already), and every fact checked against them, in file order; each stage told to
    `progress`. With the knowledge file's cache `entry_key`, the verdicts are those kept for
    the same file and texts, if any, and are kept for the next time otherwise."""
    from aicompete.knowledge import source_digests
    from aicompete.knowledge.progress import Unreported
    from aicompete.proof import remembered
    from aicompete.proof.verification import Prover

    progress = progress or Unreported()
    if texts is None:
        texts = read_texts(knowledge, facts, progress)
    every = [(kind.name, fact) for kind in FACT_KINDS for fact in getattr(knowledge, kind.table)]
    key = None
    if entry_key is not None:
        key = remembered.key_of(entry_key, source_digests.digests_of(texts))
    kept = remembered.load(key) if key is not None else None
    # The same key is the same facts: a count that differs is an entry of other facts.
    if kept is not None and [(check.kind, check.id) for check in kept] == [
        (kind, fact.id) for kind, fact in every
    ]:
        return texts, kept
    progress.stage(
        f"Checking {_counted(len(every), 'fact')} against their sources", total=len(every)
    )
    prover = Prover(knowledge, texts)
    checks: list[FactCheck] = []
    for start in range(0, len(every), BATCH):
        batch = every[start : start + BATCH]
        checks += [prover.check(kind, fact) for kind, fact in batch]
        progress.advance(len(batch))
    if key is not None:
        remembered.store(key, checks)
    return texts, checks


def _counted(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'s' * (number != 1)}"
