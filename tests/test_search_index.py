"""The search index: the answers of scoring every record, kept per knowledge file, trusted only
when it is this user's and this file's, and never the cause of a wrong answer."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sqlite3
import tempfile
import time
import zlib
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aicompete.knowledge import cache, loading, search_index
from aicompete.knowledge.catalog import Catalog
from aicompete.knowledge.kinds import FACT_KINDS
from aicompete.knowledge.loading import load_knowledge
from aicompete.knowledge.models import KnowledgeBase
from aicompete.knowledge.search import EmptyQuery, Query, score, searchable
from tests import fictional
from tests.conftest import BUNDLED, FactsFile, Run, json_output

BUNDLED_KNOWLEDGE = load_knowledge(BUNDLED)
# Built once, outside any test's cache folder: four FICTIONAL articles (tests/fictional.py).
FICTIONAL_KNOWLEDGE = load_knowledge(fictional.write(Path(tempfile.mkdtemp())))

FACT_KIND_NAMES = {kind.name for kind in FACT_KINDS}


def _every_record_scored(knowledge: KnowledgeBase, text: str) -> list[tuple[str, str, int]]:
    """What lookup must answer: every searched record scored, best first, then file order."""
    catalog = Catalog(knowledge)
    query = Query.parse(text)
    hits = []
    for entry in catalog.entries:
        if entry.kind in FACT_KIND_NAMES:
            scored = score(searchable(catalog, entry), query)
            if scored is not None:
                hits.append((-scored.score, -scored.total, entry.kind, entry.id, scored.score))
    hits.sort(key=lambda hit: hit[:2])
    return [(kind, record_id, points) for _, _, kind, record_id, points in hits]


def _indexed(index: search_index.SearchIndex, text: str) -> list[tuple[str, str, int]]:
    return [(found.kind, found.id, found.score) for found in index.find(Query.parse(text))]


def _texts(knowledge: KnowledgeBase) -> list[str]:
    catalog = Catalog(knowledge)
    return sorted(
        {
            text
            for entry in catalog.entries
            if entry.kind in FACT_KIND_NAMES
            for _, _, text in searchable(catalog, entry)
        }
    )


INDEXES = {
    name: (knowledge, search_index.build(knowledge), _texts(knowledge))
    for name, knowledge in (("bundled", BUNDLED_KNOWLEDGE), ("fictional", FICTIONAL_KNOWLEDGE))
}


@st.composite
def _queries(draw: st.DrawFn, texts: list[str]) -> tuple[str, str]:
    """A query a person might type about these records, and its shape: some of a field's
    words, the start of a word, letters run together across words (in capitals), words from
    two fields, or any slice of a field."""
    text = draw(st.sampled_from(texts))
    words = text.split()
    start = draw(st.integers(0, max(0, len(words) - 1)))
    taken = words[start : start + draw(st.integers(1, 3))]
    shape = draw(st.sampled_from(["words", "prefix", "run together", "two fields", "slice"]))
    if shape == "prefix":
        taken[-1] = taken[-1][: draw(st.integers(1, max(1, len(taken[-1]))))]
    elif shape == "run together":
        return "".join(taken).upper(), shape
    elif shape == "two fields":
        taken += draw(st.sampled_from(texts)).split()[:1]
    elif shape == "slice":
        at = draw(st.integers(0, max(0, len(text) - 1)))
        return text[at : at + draw(st.integers(1, 12))], shape
    return " ".join(taken), shape


@pytest.mark.parametrize("name", INDEXES)
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_the_index_answers_as_scoring_every_record(name: str, data: st.DataObject) -> None:
    knowledge, index, texts = INDEXES[name]
    text, shape = data.draw(_queries(texts))
    try:
        expected = _every_record_scored(knowledge, text)
    except EmptyQuery:
        return
    assert _indexed(index, text) == expected
    if shape == "words":
        assert expected, "a query of a record's own words finds at least that record"


@settings(deadline=None)
@given(st.text(max_size=20))
def test_any_text_as_query_answers_as_scoring_every_record(text: str) -> None:
    knowledge, index, _ = INDEXES["fictional"]
    try:
        expected = _every_record_scored(knowledge, text)
    except EmptyQuery:
        return
    assert _indexed(index, text) == expected


def test_a_second_lookup_reads_only_the_index(
    run: Run, monkeypatch: pytest.MonkeyPatch, facts_file: FactsFile
) -> None:
    facts = facts_file()
    first = json_output(run, "--facts", str(facts), "lookup", "tongyi")
    assert list(cache.folder().glob("index-*.sqlite"))

    def refuse(*args: object) -> None:
        raise AssertionError("the knowledge base was loaded")

    monkeypatch.setattr(loading, "knowledge_from", refuse)
    monkeypatch.setattr(cache, "load", refuse)
    assert json_output(run, "--facts", str(facts), "lookup", "tongyi") == first


def test_an_edited_file_gets_a_new_index(run: Run, facts_file: FactsFile) -> None:
    facts = facts_file()
    assert json_output(run, "--facts", str(facts), "lookup", "xylophone") == []
    facts_file(("Tongyi Lab", "Xylophone Lab"))
    found = json_output(run, "--facts", str(facts), "lookup", "xylophone")
    assert found[0]["id"] == "zhou-continues-tongyi-lab"


def _stored_index(run: Run, facts: Path) -> Path:
    assert run("--facts", str(facts), "lookup", "tongyi").exit_code == 0
    (stored,) = cache.folder().glob("index-*.sqlite")
    return stored


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda path: path.write_bytes(b"not a database"), id="garbage"),
        pytest.param(lambda path: path.write_bytes(path.read_bytes()[:4096]), id="truncated"),
        pytest.param(lambda path: path.chmod(0o666), id="others may write it"),
        pytest.param(
            lambda path: _execute(path, "UPDATE meta SET key = x'00'"), id="another file's key"
        ),
        pytest.param(
            lambda path: _execute(path, "DROP TABLE letters"), id="another program's database"
        ),
    ],
)
def test_an_index_that_cannot_be_trusted_is_not_used(
    run: Run, facts_file: FactsFile, damage: object
) -> None:
    facts = facts_file()
    expected = json_output(run, "--facts", str(facts), "lookup", "tongyi")
    stored = _stored_index(run, facts)
    damage(stored)  # type: ignore[operator]
    assert json_output(run, "--facts", str(facts), "lookup", "tongyi") == expected


def test_a_forged_index_in_a_folder_others_may_write_is_not_used(
    run: Run, facts_file: FactsFile
) -> None:
    facts = facts_file()
    stored = _stored_index(run, facts)
    _rewrite_rows(stored, lambda row: [*row[:5], "forged", *row[6:]])
    stored.parent.chmod(0o777)
    try:
        rows = json_output(run, "--facts", str(facts), "lookup", "tongyi")
    finally:
        stored.parent.chmod(0o700)
    assert "forged" not in {row["summary"] for row in rows}


def _rewrite_rows(path: Path, change: Callable[[list[Any]], Any]) -> None:
    """Every stored record's row changed by `change`, its block compressed again as the index
    writes it: a forgery or damage that reads as a sound index."""
    connection = sqlite3.connect(path)
    with connection:
        blocks = connection.execute("SELECT block, rows FROM records").fetchall()
        for block, packed in blocks:
            rows = [change(row) for row in json.loads(zlib.decompress(packed))]
            again = zlib.compress(json.dumps(rows).encode())
            connection.execute("UPDATE records SET rows = ? WHERE block = ?", (again, block))
    connection.close()


def _execute(path: Path, statement: str) -> None:
    connection = sqlite3.connect(path)
    with connection:
        connection.execute(statement)
    connection.close()


def test_without_a_cache_to_write_the_index_is_built_for_the_run(
    run: Run, facts_file: FactsFile, tmp_path: Path
) -> None:
    facts = facts_file()
    expected = json_output(run, "--facts", str(facts), "lookup", "red", "packet")
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder would be")
    result = run(
        "--facts",
        str(facts),
        "lookup",
        "red",
        "packet",
        "--json",
        env={"XDG_CACHE_HOME": str(blocked)},
    )
    assert (result.exit_code, json.loads(result.stdout)) == (0, expected)


def test_filters_narrow_an_indexed_lookup(run: Run) -> None:
    rows = json_output(run, "lookup", "departure", "--company", "alibaba")
    assert rows
    assert {row["company_id"] for row in rows} == {"alibaba"}


def _hashed_later(monkeypatch: pytest.MonkeyPatch) -> None:
    """As if files were hashed a minute after they last changed, not at once."""
    later = SimpleNamespace(time_ns=lambda: time.time_ns() + 60 * 10**9, time=time.time)
    monkeypatch.setattr(cache, "time", later)


def test_an_unchanged_file_is_not_read_again(
    run: Run, facts_file: FactsFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    facts = facts_file()
    _hashed_later(monkeypatch)
    expected = json_output(run, "--facts", str(facts), "dau")

    def refuse(path: Path) -> None:
        raise AssertionError(f"{path} was read")

    monkeypatch.setattr(loading, "read_knowledge_file", refuse)
    assert json_output(run, "--facts", str(facts), "dau") == expected


def test_a_file_rewritten_with_its_old_size_and_time_is_read_again(
    run: Run, facts_file: FactsFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    facts = facts_file()
    _hashed_later(monkeypatch)
    before = facts.stat()
    assert json_output(run, "--facts", str(facts), "dau")[0]["value"] == 145_000_000
    edited = facts.read_bytes().replace(b"value = 145000000", b"value = 146000000")
    facts.write_bytes(edited)
    os.utime(facts, ns=(before.st_atime_ns, before.st_mtime_ns))
    # Same size, same modification time: the change time still tells.
    assert json_output(run, "--facts", str(facts), "dau")[0]["value"] == 146_000_000


def test_a_file_changed_just_before_it_was_read_is_read_again(
    facts_file: FactsFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its next change may keep the same timestamp (a coarse clock): its status proves
    nothing until it is older than the reading by a margin."""
    facts = facts_file()
    data, status = loading.read_knowledge_file(facts)
    cache.remember(facts, data, status)
    assert cache.remembered_key(facts) is None
    # A modification time set back (a copy that keeps times) leaves the change time recent.
    past = time.time() - 3600
    os.utime(facts, (past, past))
    data, status = loading.read_knowledge_file(facts)
    cache.remember(facts, data, status)
    assert cache.remembered_key(facts) is None
    _hashed_later(monkeypatch)
    data, status = loading.read_knowledge_file(facts)
    assert cache.remember(facts, data, status) == cache.key(data)
    assert cache.remembered_key(facts) == cache.key(data)


def test_a_status_record_another_user_could_write_is_not_trusted(
    facts_file: FactsFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    facts = facts_file()
    _hashed_later(monkeypatch)
    data, status = loading.read_knowledge_file(facts)
    cache.remember(facts, data, status)
    assert cache.remembered_key(facts) == cache.key(data)
    (record,) = cache.folder().glob("file-*.status")
    record.chmod(0o666)
    assert cache.remembered_key(facts) is None


def test_without_a_home_folder_a_file_is_still_read(
    facts_file: FactsFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    facts = facts_file()
    expected = load_knowledge(facts)

    def homeless() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(cache, "folder", homeless)
    assert load_knowledge(facts) == expected
    assert _indexed(search_index.for_file(facts), "tongyi") == _indexed(
        search_index.build(expected), "tongyi"
    )


def test_an_index_damaged_inside_is_answered_around_and_built_again(
    run: Run, facts_file: FactsFile
) -> None:
    facts = facts_file()
    expected = json_output(run, "--facts", str(facts), "lookup", "tongyi")
    stored = _stored_index(run, facts)
    data = bytearray(stored.read_bytes())
    # Every page after the first few zeroed: the schema still reads, the records do not.
    data[4 * 4096 :] = bytes(len(data) - 4 * 4096)
    stored.write_bytes(bytes(data))
    assert json_output(run, "--facts", str(facts), "lookup", "tongyi") == expected
    assert not stored.exists()
    assert json_output(run, "--facts", str(facts), "lookup", "tongyi") == expected
    assert list(cache.folder().glob("index-*.sqlite"))


def _set(at: int, value: object) -> Callable[[list[Any]], Any]:
    """A change of the rows: the value at `at` (0 the kind, then `_STORED` but the number)."""
    return lambda row: [*row[:at], value, *row[at + 1 :]]


@pytest.mark.parametrize(
    "damage",
    [
        _set(9, "not texts"),
        _set(9, [[1, 2, 3]]),
        _set(2, 5),
        _set(8, '"neither"'),
        lambda row: row[:3],
        lambda row: "not a row",
        "UPDATE records SET rows = 'not compressed'",
        "UPDATE records SET rows = x'789c0300'",
        "DELETE FROM meta",
        "DROP TABLE words",
        "UPDATE words SET numbers = 'text, not numbers'",
        "UPDATE words SET numbers = x'010203'",
        "DELETE FROM letters",
        "UPDATE letters SET starts = 12",
        "UPDATE letters SET text = 12",
        "DELETE FROM records",
    ],
)
def test_an_index_with_bad_rows_is_ignored_and_built_again(
    run: Run, facts_file: FactsFile, damage: str | Callable[[list[Any]], Any]
) -> None:
    """A valid SQLite file whose rows are not what aicompete wrote (bad rows, wrong types, a
    row missing): each lookup answers as it should, never as an internal error."""
    facts = facts_file()
    expected = json_output(run, "--facts", str(facts), "lookup", "tongyi")
    stored = _stored_index(run, facts)
    if callable(damage):
        _rewrite_rows(stored, damage)
    else:
        with contextlib.closing(sqlite3.connect(stored)) as db:
            db.execute(damage)
            db.commit()
    for query in ("tongyi", "tongyilab", "zhou jingren"):
        result = run("--facts", str(facts), "lookup", query, "--json")
        assert result.exit_code == 0, result.stderr
    assert json_output(run, "--facts", str(facts), "lookup", "tongyi") == expected
    assert list(cache.folder().glob("index-*.sqlite"))


def test_no_index_is_written_to_a_folder_others_may_write(run: Run, facts_file: FactsFile) -> None:
    facts = facts_file()
    cache.folder().mkdir(parents=True)
    cache.folder().chmod(0o777)
    try:
        rows = json_output(run, "--facts", str(facts), "lookup", "tongyi")
        assert not list(cache.folder().glob("index-*.sqlite"))
    finally:
        cache.folder().chmod(0o700)
    assert rows[0]["id"] == "zhou-continues-tongyi-lab"


def _tables(index: search_index.SearchIndex) -> list[str]:
    return list(index._connection.iterdump())


@pytest.fixture
def in_two(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Small blocks and any number of records made in two processes; the children forked."""
    monkeypatch.setattr(search_index, "BLOCK", 4)
    forked: list[int] = []
    fork = os.fork

    def counted() -> int:
        child = fork()
        if child:
            forked.append(child)
        return child

    monkeypatch.setattr(os, "fork", counted)
    return forked


@pytest.mark.skipif(not hasattr(os, "fork"), reason="a system without fork builds in one")
@pytest.mark.parametrize("knowledge", [BUNDLED_KNOWLEDGE, FICTIONAL_KNOWLEDGE])
def test_an_index_made_in_two_processes_holds_what_one_makes(
    monkeypatch: pytest.MonkeyPatch, in_two: list[int], knowledge: KnowledgeBase
) -> None:
    alone = _tables(search_index.build(knowledge))
    assert not in_two
    monkeypatch.setattr(search_index, "_TWO_FROM", 0)
    assert _tables(search_index.build(knowledge)) == alone
    assert len(in_two) == 1


@pytest.mark.skipif(not hasattr(os, "fork"), reason="a system without fork builds in one")
@pytest.mark.parametrize("failure", ["raises", "is killed"])
def test_a_half_the_second_process_fails_to_make_is_made_by_the_first(
    monkeypatch: pytest.MonkeyPatch, in_two: list[int], failure: str
) -> None:
    alone = _tables(search_index.build(FICTIONAL_KNOWLEDGE))
    monkeypatch.setattr(search_index, "_TWO_FROM", 0)
    parent = os.getpid()
    part_of = search_index._Part.of

    def failing_in_the_child(*arguments: Any) -> search_index._Part:
        if os.getpid() != parent:
            if failure == "raises":
                raise RuntimeError("a failure in the second process")
            os.kill(os.getpid(), signal.SIGKILL)
        return part_of(*arguments)

    monkeypatch.setattr(search_index._Part, "of", staticmethod(failing_in_the_child))
    assert _tables(search_index.build(FICTIONAL_KNOWLEDGE)) == alone
    assert len(in_two) == 1
