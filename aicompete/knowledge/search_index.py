"""A search index of a knowledge base, built once per knowledge file and kept in the cache.

`lookup` reads only the records that match instead of scoring every record: a SQLite file
with each searched record's row and searchable texts (in compressed blocks of `BLOCK`
records), a posting list (the records' numbers, each as its distance from the one before,
compressed) for every word, and every record's letters run together (see `search.compact`),
one record after another, for queries typed without spaces. Compressed, the index takes less
room than the knowledge file it is built from. The records a query matches are exactly
those whose words include every word of the query (a word of three letters or more also as
the start of a word) and those whose letters hold the query's letters run together: the
index finds both sets and `search.score` ranks them, so the answers are those of scoring
every record.

An index is `index-<key>.sqlite` beside the cache's knowledge bases, keyed by the knowledge
file's entry key and the state of the modules that decide what is searched, so a changed
file or changed rules miss. It is written to a temporary file and renamed into place, opened
read-only, and used only if it is a regular file of this user's, in a folder of this user's
that others cannot write, and records its own key. When the cache cannot be written, the
index is built in memory for the one run.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import zlib
from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from itertools import accumulate, groupby
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn
from urllib.parse import quote

from aicompete.frozen import attribute_names, frozen
from aicompete.knowledge import cache
from aicompete.knowledge.search import MIN_PREFIX, Query, score

if TYPE_CHECKING:
    from aicompete.knowledge.agreement import Agreement
    from aicompete.knowledge.catalog import Catalog, Entry
    from aicompete.knowledge.models import KnowledgeBase
    from aicompete.knowledge.progress import LoadProgress

FORMAT = 2
# What an index also depends on, beside what a knowledge base depends on.
_SEARCH_MODULES = (
    "knowledge/search.py",
    "knowledge/search_index.py",
    "knowledge/catalog.py",
    "knowledge/agreement.py",
    "knowledge/readings.py",
)
# SQLite's least limit on the parameters of one statement is 999.
_BATCH = 900
# Records in a compressed block: few enough that a lookup unpacks little beside the records it
# finds, enough that each block compresses well.
BLOCK = 64
# zlib's level: the fastest, which still takes the index well below the knowledge file's size,
# where higher levels would cost a first lookup seconds at 100,000 facts.
_LEVEL = 1
# Between the letters of two fields or two records: never in a query's letters.
_GAP = b" "


@frozen
class Found:
    """A record that matched: what `lookup` lists of it, and how well it matched."""

    number: int
    kind: str
    id: str
    company_id: str | None
    app_id: str | None
    category: str | None
    summary: str
    source: str | None
    quote: str | None
    # Where other sources agree or conflict (`knowledge.agreement`), as JSON: `[sources
    # agreeing, [ids it conflicts with]]`; None for a kind that no other source restates.
    agreement: str | None
    score: int
    total: int
    match: str


# What the index keeps of each record: what `Found` lists of it, and its searchable texts
# (as JSON); its score is worked out for each query.
_SCORED = ("score", "total", "match")
_STORED = (*(name for name in attribute_names(Found) if name not in _SCORED), "fields")


_SCHEMA = (
    "CREATE TABLE meta(key BLOB NOT NULL)",
    "CREATE TABLE records(block INTEGER PRIMARY KEY, rows BLOB NOT NULL)",
    "CREATE TABLE words(word TEXT PRIMARY KEY, numbers BLOB NOT NULL) WITHOUT ROWID",
    "CREATE TABLE letters(text BLOB NOT NULL, starts BLOB NOT NULL)",
)


class DamagedIndex(ValueError):
    """A stored index whose rows are not what `_fill` writes."""


class SearchIndex:
    """An open index: `find` answers a query from it. A stored index that turns out damaged
    when it is read, whatever the damage, is answered from instead by `rebuilt`, an index
    built afresh."""

    def __init__(
        self,
        connection: sqlite3.Connection,
        rebuilt: Callable[[], SearchIndex] | None = None,
    ) -> None:
        self._connection = connection
        self._rebuilt = rebuilt

    def find(self, query: Query) -> list[Found]:
        """Every record that matches, best first: the highest score, then the highest sum
        over its fields, then the order of the knowledge file."""
        if self._rebuilt is None:
            return self._find(query)
        try:
            return self._find(query)
        except Exception:
            # A stored index is a file that anything may have changed: what fails to read
            # from it (bad rows, wrong types, a missing row) is damage, never a bug to report.
            # A bug would fail the same way in the index built afresh, and be reported then.
            self._connection.close()
            return self._rebuilt().find(query)

    def _find(self, query: Query) -> list[Found]:
        numbers: set[int] | None = None
        for term in dict.fromkeys(query.stems):
            having = self._having(term)
            numbers = having if numbers is None else numbers & having
            if not numbers:
                break
        matched = numbers or set()
        if len(query.compact) >= MIN_PREFIX:
            matched |= self._run_together(query.compact)
        found = []
        rows = list(self._rows(sorted(matched)))
        if len(rows) != len(matched):
            raise DamagedIndex(f"{len(matched) - len(rows)} records the words name are missing")
        for *listed, stored in rows:
            if not isinstance(stored, list):
                raise DamagedIndex(f"searchable texts are {stored!r}")
            fields = [_field(item) for item in stored]
            scored = score(fields, query)
            if scored is not None:
                listed_by_name = dict(zip(_STORED[:-1], listed, strict=True))
                found.append(
                    Found(
                        **_checked(listed_by_name),
                        score=scored.score,
                        total=scored.total,
                        match=scored.match,
                    )
                )
        found.sort(key=lambda hit: (-hit.score, -hit.total, hit.number))
        return found

    def _having(self, term: str) -> set[int]:
        """The records with a word that is `term`, or (three letters or more) begins with it."""
        if len(term) < MIN_PREFIX:
            cursor = self._connection.execute("SELECT numbers FROM words WHERE word = ?", (term,))
        else:
            cursor = self._connection.execute(
                "SELECT numbers FROM words WHERE word >= ? AND word < ?", (term, _after(term))
            )
        having: set[int] = set()
        for (numbers,) in cursor:
            having.update(_unpacked(numbers))
        return having

    def _run_together(self, letters: str) -> set[int]:
        """The records whose letters, run together, hold `letters`."""
        text, starts = self._connection.execute("SELECT text, starts FROM letters").fetchone()
        offsets = _numbers(starts, "Q")
        wanted = letters.encode()
        having: set[int] = set()
        at = text.find(wanted)
        while at >= 0:
            number = bisect_right(offsets, at) - 1
            having.add(number)
            # One hit is enough: go on from the next record.
            following = offsets[number + 1] if number + 1 < len(offsets) else len(text)
            at = text.find(wanted, following)
        return having

    def _rows(self, numbers: Sequence[int]) -> Iterator[tuple[Any, ...]]:
        """The stored rows of the records `numbers` (in order): each its number, the values of
        `_STORED` but the number, then its searchable texts."""
        blocks = sorted({number // BLOCK for number in numbers})
        packed: dict[int, bytes] = {}
        for start in range(0, len(blocks), _BATCH):
            batch = blocks[start : start + _BATCH]
            packed.update(
                self._connection.execute(
                    f"SELECT block, rows FROM records WHERE block IN ({_marks(len(batch))})",
                    batch,
                )
            )
        for block, wanted in groupby(numbers, lambda number: number // BLOCK):
            if block not in packed:
                continue
            rows = json.loads(zlib.decompress(packed[block]))
            for number in wanted:
                at = number - block * BLOCK
                if not (isinstance(rows, list) and 0 <= at < len(rows)):
                    raise DamagedIndex(f"record {number} is not in its block")
                row = rows[at]
                if not (isinstance(row, list) and len(row) == len(_STORED) - 1):
                    raise DamagedIndex(f"record {number} is {row!r}")
                yield (number, *row)


def _field(item: object) -> tuple[str, int, str]:
    """A searchable text as `_fill` stores it: its field's name, weight and text."""
    if isinstance(item, list) and len(item) == 3:
        name, weight, text = item
        if isinstance(name, str) and type(weight) is int and isinstance(text, str):
            return name, weight, text
    raise DamagedIndex(f"a searchable text is {item!r}")


def _checked(listed: dict[str, Any]) -> dict[str, Any]:
    """A record's row as `_fill` stores it, each value of its column's type; its agreement
    as `lookup` reads it."""
    for name, value in listed.items():
        if name == "number":
            wanted: tuple[type, ...] = (int,)
        elif "None" in Found.__annotations__.get(name, ""):
            wanted = (str, type(None))
        else:
            wanted = (str,)
        if not isinstance(value, wanted):
            raise DamagedIndex(f"{name} is {value!r}")
    agreement = listed["agreement"]
    if agreement is not None:
        read = json.loads(agreement)
        if not (
            isinstance(read, list)
            and len(read) == 2
            and type(read[0]) is int
            and isinstance(read[1], list)
            and all(isinstance(other, str) for other in read[1])
        ):
            raise DamagedIndex(f"agreement is {agreement!r}")
    return listed


def _after(term: str) -> str:
    """The least text greater than every word that begins with `term`. (A word's last
    character is a letter or a digit: never U+10FFFF, nor U+D7FF before the surrogates.)"""
    return term[:-1] + chr(ord(term[-1]) + 1)


def _numbers(blob: bytes, typecode: str = "I") -> array[int]:
    numbers = array(typecode)
    numbers.frombytes(blob)
    return numbers


def index_key(entry_key: bytes) -> bytes:
    """The key of the index of the knowledge file whose cache entry key is `entry_key`."""
    return cache.derived_key(entry_key, f"search-index:{FORMAT}", _SEARCH_MODULES)


def path(key: bytes) -> Path:
    return cache.folder() / f"index-{key.hex()}.sqlite"


def cached(key: bytes, rebuilt: Callable[[], SearchIndex] | None = None) -> SearchIndex | None:
    """The stored index of `key`, or None if there is no sound one to trust; `rebuilt` makes
    another, should this one turn out damaged."""
    try:
        where = path(key)
        if not (
            cache.private(where.parent, directory=True) and cache.private(where, directory=False)
        ):
            return None
        connection = sqlite3.connect(f"file:{quote(str(where))}?mode=ro&immutable=1", uri=True)
    except (OSError, RuntimeError, sqlite3.Error):
        # RuntimeError: Path.home() with no home folder to be found.
        return None
    try:
        # Another program's database, or an older layout, is no index of this one's.
        schema = tuple(sql for (sql,) in connection.execute("SELECT sql FROM sqlite_master"))
        stored = (
            connection.execute("SELECT key FROM meta").fetchone() if schema == _SCHEMA else None
        )
    except sqlite3.Error:
        stored = None
    if stored is None or stored[0] != key:
        connection.close()
        return None
    return SearchIndex(connection, rebuilt)


def build(knowledge: KnowledgeBase, key: bytes | None = None) -> SearchIndex:
    """The index of `knowledge`: stored in the cache under `key` and opened from there, or,
    without a key or a cache of this user's alone to write to, kept in memory."""
    if key is not None:
        stored = _stored(knowledge, key)
        if stored is not None:
            return stored
    connection = sqlite3.connect(":memory:")
    _fill(connection, knowledge, key or b"")
    return SearchIndex(connection)


def _stored(knowledge: KnowledgeBase, key: bytes) -> SearchIndex | None:
    try:
        # Written only where it would be trusted when read (`cache.temporary` makes sure): a
        # folder others may write could swap the file for a link while SQLite opens it by name.
        handle, temporary = cache.temporary(".index-")
    except Exception:
        return None
    try:
        connection = sqlite3.connect(temporary)
        try:
            _fill(connection, knowledge, key)
        finally:
            connection.close()
        # On disk before it takes its name: a crash leaves no index half written.
        os.fsync(handle)
        temporary.replace(path(key))
    except BaseException as error:
        cache.remove(temporary)
        # A failure only costs speed; an interrupt or a signal still stops the run.
        if not isinstance(error, Exception):
            raise
        return None
    finally:
        os.close(handle)
    cache.prune("index-*.sqlite", ".index-*.tmp", keep=path(key))
    return cached(key, lambda: build(knowledge))


def _fill(connection: sqlite3.Connection, knowledge: KnowledgeBase, key: bytes) -> None:
    from aicompete.knowledge import agreement
    from aicompete.knowledge.catalog import Catalog
    from aicompete.knowledge.kinds import FACT_KINDS

    catalog = Catalog(knowledge)
    agreed = {
        kind: of(knowledge)
        for kind, of in (
            ("figure", agreement.of_figures),
            ("campaign", agreement.of_campaigns),
            ("event", agreement.of_events),
        )
    }
    # The facts: sources are documents, which `show` and `sources` cover.
    fact_kinds = {kind.name for kind in FACT_KINDS}
    searched = [entry for entry in catalog.entries if entry.kind in fact_kinds]
    # What a record costs to index: about as much as a hundred characters, and its quote's.
    costs = [_RECORD_COST + len(getattr(entry.record, "quote", None) or "") for entry in searched]
    parts = _in_two(lambda first, end: _Part.of(catalog, agreed, searched, first, end), costs)
    postings = parts[0].postings
    for part in parts[1:]:
        # Each part's records come after the one before's: every list stays in order.
        for word, numbers in part.postings.items():
            found = postings.get(word)
            if found is None:
                postings[word] = numbers
            else:
                found.extend(numbers)
    letters = b"".join(part.letters for part in parts)
    starts = array("Q")
    offset = 0
    for part in parts:
        starts.extend(start + offset for start in part.starts)
        offset += len(part.letters)
    connection.execute("PRAGMA journal_mode = OFF")
    connection.execute("PRAGMA synchronous = OFF")
    with connection:
        for statement in _SCHEMA:
            connection.execute(statement)
        connection.execute("INSERT INTO meta VALUES (?)", (key,))
        connection.executemany(
            "INSERT INTO records VALUES (?, ?)", (block for part in parts for block in part.blocks)
        )
        connection.executemany(
            "INSERT INTO words VALUES (?, ?)",
            ((word, _packed(numbers)) for word, numbers in postings.items()),
        )
        # Not compressed: every lookup reads them all, and unpacking them would cost it more
        # than the rest of its answer.
        connection.execute("INSERT INTO letters VALUES (?, ?)", (letters, starts.tobytes()))


@frozen
class _Part:
    """What the index holds of a run of the searched records, numbered from `first`: their
    rows, in compressed blocks; each word's records; their letters, and where each
    record's start within them."""

    blocks: list[tuple[int, bytes]]
    postings: dict[str, array[int]]
    letters: bytes
    starts: array[int]

    @classmethod
    def of(
        cls,
        catalog: Catalog,
        agreed: dict[str, Agreement],
        searched: Sequence[Entry],
        first: int,
        end: int,
    ) -> _Part:
        """The part of the records `searched[first:end]`; `first` is a multiple of `BLOCK`."""
        from aicompete.knowledge.models import Event
        from aicompete.knowledge.search import compact_each, searchable, word_set

        rows: list[list[Any]] = []
        postings: dict[str, array[int]] = {}
        # Every record's texts one after another, and how many each record has.
        texts: list[str] = []
        counts: list[int] = []
        for number in range(first, end):
            entry = searched[number]
            record = entry.record
            fields = searchable(catalog, entry)
            company, app = catalog.about(entry)
            agreeing = agreed.get(entry.kind)
            rows.append(
                [
                    entry.kind,
                    entry.id,
                    company,
                    app,
                    record.category if isinstance(record, Event) else None,
                    catalog.summary(entry),
                    getattr(record, "source", None),
                    getattr(record, "quote", None),
                    None if agreeing is None else _agreement(agreeing, entry.id),
                    fields,
                ]
            )
            read = [text for _, _, text in fields]
            # A line break joins no words: the words of the texts joined are each text's words.
            for word in word_set("\n".join(read)):
                found = postings.get(word)
                if found is None:
                    found = postings[word] = array("I")
                found.append(number)
            # A record without text still takes a gap, as each record's letters end in one.
            texts += read or [""]
            counts.append(len(read) or 1)
        blocks = [
            (
                (first + at) // BLOCK,
                zlib.compress(
                    json.dumps(rows[at : at + BLOCK], ensure_ascii=False).encode(), _LEVEL
                ),
            )
            for at in range(0, len(rows), BLOCK)
        ]
        # Each record's letters: each text's, each followed by a gap.
        compacted = list(map(str.encode, compact_each(texts)))
        letters = _GAP.join(compacted) + _GAP if compacted else b""
        ends = list(accumulate(len(text) + len(_GAP) for text in compacted))
        firsts = [at - count for at, count in zip(accumulate(counts), counts, strict=True)]
        starts = array("Q", [ends[at - 1] if at else 0 for at in firsts])
        return cls(blocks, postings, letters, starts)


# Below this many records, a second process costs more than it saves.
_TWO_FROM = 20 * BLOCK
_RECORD_COST = 100


def _in_two(part_of: Callable[[int, int], _Part], costs: Sequence[int]) -> list[_Part]:
    """The parts of the records whose costs are `costs`, `part_of(first, end)` each: the
    records in two halves of about the same cost, the second made by a process forked for it,
    on another processor, while this one makes the first.

    Only where a fork is safe: on a system that has it, in a process running no other
    thread (a child holds none of another thread's locks). A child that fails, for any
    reason, is not waited for again: its half is made here.
    """
    import pickle
    import threading

    count = len(costs)
    total = sum(costs)
    middle = next((at for at, cost in enumerate(accumulate(costs)) if 2 * cost >= total), 0)
    middle = middle // BLOCK * BLOCK
    if count < _TWO_FROM or not hasattr(os, "fork") or threading.active_count() > 1:
        return [part_of(0, count)]
    reading, writing = os.pipe()
    try:
        child = os.fork()
    except OSError:
        os.close(reading)
        os.close(writing)
        return [part_of(0, count)]
    if child == 0:
        _make_and_send(lambda: part_of(middle, count), reading, writing)
    os.close(writing)
    try:
        with os.fdopen(reading, "rb") as sent:
            first = part_of(0, middle)
            received = sent.read()
    except BaseException:
        # Interrupted, or failed: the child's work is not wanted.
        os.kill(child, signal.SIGKILL)
        os.waitpid(child, 0)
        raise
    _, status = os.waitpid(child, 0)
    second = None
    if os.waitstatus_to_exitcode(status) == 0:
        try:
            second = pickle.loads(received)
        except Exception:
            second = None
    if not isinstance(second, _Part):
        second = part_of(middle, count)
    return [first, second]


def _make_and_send(make: Callable[[], _Part], reading: int, writing: int) -> NoReturn:
    """In a forked child: make the part and send it, pickled, down the pipe; then end at
    once, running nothing of the parent's (no handler at exit, no buffer flushed twice)."""
    import pickle

    code = 1
    try:
        os.close(reading)
        with os.fdopen(writing, "wb") as out:
            out.write(pickle.dumps(make(), protocol=cache.PICKLE_PROTOCOL))
        code = 0
    finally:
        os._exit(code)


# How most facts stand with other sources: no other agrees or conflicts.
_ALONE = json.dumps([1, []])


def _agreement(agreed: Agreement, record_id: str) -> str:
    """How the fact stands with other sources, as JSON: how many agree, which conflict."""
    agreeing = agreed.sources_agreeing.get(record_id, 1)
    conflicts = agreed.conflicts_with.get(record_id, ())
    if agreeing == 1 and not conflicts:
        return _ALONE
    return json.dumps([agreeing, conflicts])


# A posting list this long or longer is compressed: a shorter one takes less room as it is
# than zlib's setting up takes time.
_COMPRESSED_FROM = 32


def _packed(numbers: array[int]) -> bytes:
    """A posting list as stored: each number as its distance from the one before (small
    numbers, which compress to little), compressed when it is long (`_unpacked` reads it)."""
    gaps = array("I", [numbers[0]])
    gaps.extend(map(int.__sub__, numbers[1:], numbers[:-1]))
    if len(gaps) < _COMPRESSED_FROM:
        return b"=" + gaps.tobytes()
    return b"z" + zlib.compress(gaps.tobytes(), _LEVEL)


def _unpacked(blob: bytes) -> Iterator[int]:
    """The numbers of a posting list as `_packed` stores it."""
    kind, packed = blob[:1], blob[1:]
    if kind == b"z":
        packed = zlib.decompress(packed)
    elif kind != b"=":
        raise DamagedIndex(f"a posting list is marked {kind!r}")
    return accumulate(_numbers(packed))


def _marks(count: int) -> str:
    return ",".join("?" * count)


def for_file(facts: Path, progress: LoadProgress | None = None) -> SearchIndex:
    """The index of the knowledge file at `facts`: from the cache, else built (loading the
    knowledge base, each stage told to `progress`) and stored. Raise `KnowledgeFileError` as
    loading does."""
    from aicompete.knowledge.loading import knowledge_from, load_knowledge, read_knowledge_file

    def rebuilt() -> SearchIndex:
        """An index in memory, for this run; the damaged one is removed, to be built again."""
        cache.remove(path(key))
        return build(load_knowledge(facts, progress))

    remembered = cache.remembered_key(facts)
    if remembered is not None:
        key = index_key(remembered)
        found = cached(key, rebuilt)
        if found is not None:
            return found
        knowledge = cache.load(remembered)
        if knowledge is not None:
            return _built(knowledge, key, progress)
    data, status = read_knowledge_file(facts)
    entry_key = cache.remember(facts, data, status)
    key = index_key(entry_key)
    found = cached(key, rebuilt)
    if found is not None:
        return found
    return _built(knowledge_from(facts, data, entry_key, progress), key, progress)


def _built(knowledge: KnowledgeBase, key: bytes, progress: LoadProgress | None) -> SearchIndex:
    if progress is not None:
        progress.stage("Indexing the knowledge base for search")
    return build(knowledge, key)
