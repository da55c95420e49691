"""One run of a command: its global settings, the knowledge base and search index it reads
(once each), and the way from a listing to the text of its answer.

Nothing here prints or exits: a knowledge file that cannot be used is a `Failure`, a name
that matches nothing a `UsageError`, and the command line says each.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from aicompete.errors import Failure
from aicompete.terminal import DEFAULT_WIDTH, Terminal

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from typing import Any

    from aicompete.knowledge.models import KnowledgeBase
    from aicompete.knowledge.search_index import SearchIndex
    from aicompete.knowledge.source_texts import SourceText, Unreadable
    from aicompete.listings.contract import Listing, Row
    from aicompete.listings.filters import Filters, Narrowing
    from aicompete.listings.publications import Publication
    from aicompete.output.formats import CsvOptions, OutputFormat
    from aicompete.proof.verification import FactCheck


class Output:
    """What the shared output options asked for: the format, the fields, how many rows, and
    how CSV is written. A plain class: every listing command makes one."""

    __slots__ = ("csv", "fields", "format", "limit")

    def __init__(
        self, format: OutputFormat, fields: str | None, limit: int | None, csv: CsvOptions
    ) -> None:
        self.format = format
        self.fields = fields
        self.limit = limit
        self.csv = csv


class Session:
    """The global options of a run, the command it runs, and what it has read: the knowledge
    base is read once a run, though a Markdown table's source line asks for it again.

    Made before the options are read (`core` makes one to learn, after the run, what it
    read), and `configure`d from them. In a `lasting` session, one that lasts as long as its
    process, what is read is frozen out of the garbage collector's sight (`gc.freeze`): it
    lives until the process ends, and the collector would otherwise walk the whole knowledge
    base again and again, as it is made and as a listing of many rows is.
    """

    def __init__(self, lasting: bool = False) -> None:
        self.lasting = lasting
        self.facts: Path | None = None
        self.terminal = Terminal(color=False, width=DEFAULT_WIDTH)
        self.no_pager = False
        self.command: str | None = None
        # Whether the run read the knowledge file (its knowledge base or its search index).
        self.read_knowledge = False
        self._knowledge: KnowledgeBase | None = None
        # Each row's JSON text, where it is known, by the row's id (`_know_json_rows`).
        self._json_rows: dict[int, tuple[Row, str]] = {}

    def configure(
        self, facts: Path | None, terminal: Terminal, no_pager: bool, command: str | None
    ) -> None:
        self.facts = facts
        self.terminal = terminal
        self.no_pager = no_pager
        self.command = command

    @property
    def facts_path(self) -> Path:
        """The knowledge file: the --facts one, else the bundled one."""
        from aicompete.knowledge.bundled import bundled_facts

        return self.facts or bundled_facts()

    def knowledge(self) -> KnowledgeBase:
        if self._knowledge is None:
            from aicompete.knowledge.loading import load_knowledge
            from aicompete.knowledge.problems import KnowledgeFileError
            from aicompete.output.progress import load_progress

            self.read_knowledge = True
            # A kind of record read later, from the cache, is frozen as it is made.
            settled = _freeze if self.lasting else None
            try:
                with load_progress() as progress, self._kept():
                    self._knowledge = load_knowledge(self.facts_path, progress, settled)
            except KnowledgeFileError as error:
                raise Failure(str(error)) from None
        return self._knowledge

    def listing(self, command: str, *arguments: object) -> Listing:
        """The listing of `command` with `arguments` (beside the knowledge base): kept from a
        run before on the same knowledge file and code (`listings.kept`), else built from the
        knowledge base and kept."""
        from aicompete.knowledge import cache
        from aicompete.listings import kept
        from aicompete.listings.registry import builder

        entry_key = cache.remembered_key(self.facts_path)
        if entry_key is not None:
            key = kept.key_of(entry_key, command, arguments)
            with self._kept():
                found = kept.load(key)
            if found is not None:
                self.read_knowledge = True
                return found.listing
        knowledge = self.knowledge()
        listing = builder(command)(knowledge, *arguments)
        # The knowledge file as this run read it: a file changed since keeps nothing.
        entry_key = cache.identified_key(self.facts_path)
        if entry_key is not None:
            kept.store(kept.key_of(entry_key, command, arguments), listing)
        return listing

    def search_index(self) -> SearchIndex:
        from aicompete.knowledge.problems import KnowledgeFileError
        from aicompete.knowledge.search_index import for_file
        from aicompete.output.progress import load_progress

        self.read_knowledge = True
        try:
            with load_progress() as progress, self._kept():
                return for_file(self.facts_path, progress)
        except KnowledgeFileError as error:
            raise Failure(str(error)) from None

    @contextmanager
    def _kept(self) -> Iterator[None]:
        """Around reading what the session keeps: in a lasting session, no collection while
        it is read, and what was read frozen out of the collector's sight before it may run
        again (which it would at once, over everything made while it was off)."""
        if not self.lasting:
            yield
            return
        import gc

        from aicompete.knowledge.loading import uncollected

        with uncollected():
            yield
            gc.freeze()

    def proof(self) -> tuple[Mapping[str, SourceText | Unreadable], list[FactCheck]]:
        """The source texts beside the knowledge file, and every fact checked against them,
        each stage shown where a person may be watching."""
        from aicompete.knowledge.cache import identified_key
        from aicompete.output.progress import load_progress
        from aicompete.proof.proving import prove

        knowledge = self.knowledge()
        # The verdicts are kept under the knowledge file as this run read it.
        entry_key = identified_key(self.facts_path)
        with load_progress() as progress:
            return prove(knowledge, self.facts_path, progress, entry_key)

    def verified(self) -> Listing:
        """`verify`'s listing, every fact with its verdict: kept from a run before on the same
        knowledge file, source texts and code (as the verdicts are), else built and kept."""
        import time

        from aicompete.knowledge import source_digests
        from aicompete.knowledge.cache import identified_key
        from aicompete.listings import kept
        from aicompete.listings.registry import builder
        from aicompete.output.progress import load_progress
        from aicompete.proof import remembered

        knowledge = self.knowledge()
        entry_key = identified_key(self.facts_path)
        with load_progress() as progress:
            texts = None
            key = None
            if entry_key is not None:
                # The texts are read only when their files changed, or the listing is not kept.
                digests = source_digests.remembered(knowledge, self.facts_path)
                if digests is None:
                    from aicompete.proof.proving import read_texts

                    read_from = time.time_ns()
                    texts = read_texts(knowledge, self.facts_path, progress)
                    source_digests.remember(knowledge, self.facts_path, texts, read_from)
                    digests = source_digests.digests_of(texts)
                key = kept.key_of(remembered.key_of(entry_key, digests), "verify", ())
                found = kept.load(key)
                if found is not None:
                    self._know_json_rows(found.listing, found.json_rows)
                    return found.listing
            from aicompete.proof.proving import prove

            _, checks = prove(knowledge, self.facts_path, progress, entry_key, texts)
        from aicompete.output.machine import json_rows

        listing = builder("verify")(knowledge, checks)
        # Its JSON is most of what a later run would do: kept with its rows (`listings.kept`).
        rows_json = json_rows(listing)
        self._know_json_rows(listing, rows_json)
        if key is not None:
            kept.store(key, listing, rows_json)
        return listing

    def _know_json_rows(self, listing: Listing, json_rows: list[str] | None) -> None:
        """Note each row's JSON text, for `rendered` to write the rows it is given."""
        if json_rows is not None:
            # Each row held beside its text: an id is another row's once its row is freed.
            self._json_rows.update(
                (id(row), (row, text)) for row, text in zip(listing.rows, json_rows, strict=True)
            )

    def fact_check(self) -> Callable[[str, Any], FactCheck]:
        """How one fact is checked against its source's text, as `verify` checks it: the
        texts read once, now, and each fact checked when asked, so that the brief pays only
        for the facts it cites."""
        from aicompete.knowledge.progress import Unreported
        from aicompete.knowledge.source_texts import read_source_texts
        from aicompete.output.progress import load_progress
        from aicompete.proof.verification import Prover

        knowledge = self.knowledge()
        with load_progress() as shown:
            progress = shown or Unreported()
            count = len(knowledge.sources)
            progress.stage(f"Reading the texts of {count:,} source{'s' * (count != 1)}", count)
            texts = read_source_texts(knowledge, self.facts_path, progress.advance)
        return Prover(knowledge, texts).check

    def narrowing(self, filters: Filters) -> Narrowing:
        """The filters resolved to the ids they name; a name that matches nothing raises
        `UsageError`."""
        from aicompete.listings.filters import resolve

        return resolve(self.knowledge(), filters)

    def narrowed(self, listing: Listing, filters: Filters | None) -> Listing:
        """The listing with only the rows the filters ask for (names resolved as in
        `compare`); a name that matches nothing raises `UsageError`."""
        if filters is None:
            return listing
        from dataclasses import replace

        from aicompete.listings.filters import narrow

        return replace(
            narrow(listing, self.narrowing(filters)),
            empty_message=listing.empty_message or "no rows match the filters",
        )

    def rendered(self, listing: Listing, out: Output) -> str:
        """The text of a listing's answer: its fields, its first rows, in its format; for
        people, the listing's message when it has no rows."""
        from aicompete.listings.contract import names_in_fields_option, select_fields

        if out.format.for_people and not listing.rows and listing.empty_message:
            from aicompete.output.escaping import clean

            return clean(listing.empty_message) + "\n"
        if out.fields is not None:
            # Already checked against the command's fields by the --fields option.
            names = names_in_fields_option(out.fields)
        elif out.format.for_people:
            names = list(listing.table_fields)
        else:
            names = [field.name for field in listing.fields]
        json_rows = self._json_of(listing, out)
        if json_rows is not None:
            from aicompete.output.formats import json_for
            from aicompete.output.machine import json_array

            return json_for(json_array(json_rows), self.terminal)
        shown = select_fields(listing, names)
        if out.limit is not None:
            shown = shown.limited(out.limit)
        sources = self._cited(listing, shown) if out.format.names_sources else []
        return out.format.render(shown, self.terminal, out.csv, sources)

    def _json_of(self, listing: Listing, out: Output) -> list[str] | None:
        """The JSON text of each row the answer shows, if it is JSON of every field and each
        row's text is known (`_know_json_rows`); else None, and the rows are written."""
        from aicompete.output.formats import OutputFormat

        if out.format is not OutputFormat.json or out.fields is not None or not self._json_rows:
            return None
        rows = listing.rows if out.limit is None else listing.rows[: out.limit]
        known = self._json_rows
        if not all(id(row) in known and known[id(row)][0] is row for row in rows):
            return None
        return [known[id(row)][1] for row in rows]

    def _cited(self, listing: Listing, shown: Listing) -> list[Publication]:
        """The sources that the rows `shown` cite, as readers cite them, in the order first
        cited. The knowledge base is read for them only when there are any: `lookup` answers
        from its search index alone, and `validate`'s rows cite nothing."""
        from aicompete.listings.contract import cited

        ids = cited(listing.fields, shown.rows)
        if not ids:
            return []
        from aicompete.listings.publications import publications

        known = publications(self.knowledge())
        # `lookup`'s rows come from the search index: a file changed since may lack a source.
        return [known[source] for source in ids if source in known]


def _freeze() -> None:
    import gc

    gc.freeze()
