"""Verdicts remembered, and each kind of record cached apart: what is kept is read again only
for the same knowledge file, the same source texts and the same code."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from aicompete.knowledge import cache
from aicompete.knowledge.kinds import FACT_KINDS
from aicompete.knowledge.loading import load_knowledge
from aicompete.proof import remembered
from aicompete.proof.verification import Prover
from tests.conftest import ROOT, FactsFile, Run

SEED = "000_ffdd459b55fbeb1b.txt"


@pytest.fixture
def proofs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids of the facts proven, fact by fact, rather than read from kept verdicts."""
    proven: list[str] = []
    check = Prover.check

    def counted(self: Prover, kind: str, fact: object) -> object:
        proven.append(str(getattr(fact, "id", "")))
        return check(self, kind, fact)  # type: ignore[arg-type]

    monkeypatch.setattr(Prover, "check", counted)
    return proven


def _verify(run: Run, facts: Path) -> list[dict[str, object]]:
    answer = run("--facts", str(facts), "verify", "--json")
    rows: list[dict[str, object]] = json.loads(answer.stdout)
    return rows


def test_a_second_verify_reads_the_kept_verdicts(
    run: Run, facts_file: FactsFile, proofs: list[str]
) -> None:
    facts = facts_file()
    first = _verify(run, facts)
    assert len(proofs) == len(first) > 0
    proofs.clear()
    assert _verify(run, facts) == first
    assert proofs == []
    sources = run("--facts", str(facts), "sources", "--json")
    assert sources.exit_code == 0 and proofs == []
    assert len(list(cache.folder().glob("verdicts-*.pickle"))) == 1


def test_no_kept_verdict_survives_a_changed_knowledge_file(
    run: Run, facts_file: FactsFile, proofs: list[str]
) -> None:
    facts = facts_file()
    assert all(row["ok"] for row in _verify(run, facts))
    changed = facts_file(("73.52 million", "83.52 million"))
    assert changed == facts
    proofs.clear()
    rows = _verify(run, facts)
    assert proofs and not all(row["ok"] for row in rows)


@pytest.mark.parametrize("how", ["in-place", "renamed-over"])
def test_no_kept_verdict_survives_a_changed_source_text(
    run: Run, facts_file: FactsFile, proofs: list[str], how: str
) -> None:
    facts = facts_file()
    assert all(row["ok"] for row in _verify(run, facts))
    seed = facts.parent / "seeds" / SEED
    text = seed.read_text(encoding="utf-8").replace("73.52 million", "83.52 million")
    if how == "in-place":
        seed.write_text(text, encoding="utf-8")
    else:
        other = seed.with_name("other.txt")
        other.write_text(text, encoding="utf-8")
        other.replace(seed)
    proofs.clear()
    rows = _verify(run, facts)
    assert proofs and not any(row["ok"] for row in rows)
    # And back: the first text's verdicts are kept still, under their own key.
    seed.write_text(text.replace("83.52 million", "73.52 million"), encoding="utf-8")
    proofs.clear()
    assert all(row["ok"] for row in _verify(run, facts)) and proofs == []


def test_no_kept_verdict_survives_a_changed_proof_module(
    run: Run, facts_file: FactsFile, proofs: list[str]
) -> None:
    facts = facts_file()
    first = _verify(run, facts)
    rules = ROOT / "aicompete" / "proof" / "rules.py"
    status = rules.stat()
    try:
        os.utime(rules, ns=(status.st_atime_ns, status.st_mtime_ns + 1))
        proofs.clear()
        assert _verify(run, facts) == first
        assert len(proofs) == len(first)
    finally:
        os.utime(rules, ns=(status.st_atime_ns, status.st_mtime_ns))


def test_a_damaged_verdict_entry_is_proven_again(
    run: Run, facts_file: FactsFile, proofs: list[str]
) -> None:
    facts = facts_file()
    first = run("--facts", str(facts), "sources", "--json").stdout
    (entry,) = cache.folder().glob("verdicts-*.pickle")
    blob = entry.read_bytes()
    entry.write_bytes(blob[:-1] + bytes([blob[-1] ^ 1]))
    proofs.clear()
    assert run("--facts", str(facts), "sources", "--json").stdout == first
    knowledge = load_knowledge(facts)
    assert len(proofs) == sum(len(getattr(knowledge, kind.table)) for kind in FACT_KINDS)


def test_kept_verdicts_hold_no_objects_but_text() -> None:
    key = bytes(cache.KEY_SIZE)
    planted = b"cos\nsystem\n(S'echo planted'\ntR."
    blob = cache.framed(remembered.MAGIC, key, [planted])
    assert remembered.decode(blob, key) is None


def test_no_cached_kind_survives_a_changed_knowledge_file(facts_file: FactsFile) -> None:
    facts = facts_file()
    assert load_knowledge(facts).figures[1].value == 73_520_000
    facts_file(("73.52 million", "83.52 million"), ("value = 73520000", "value = 83520000"))
    assert load_knowledge(facts).figures[1].value == 83_520_000


# Runs proving on a copy of the bundled file in a fresh interpreter, and prints the files of
# the package's modules it imported.
IMPORTED_BY_PROOF = """
import json, sys
from pathlib import Path
from aicompete.knowledge.loading import load_knowledge
from aicompete.proof.proving import prove
facts = Path(sys.argv[1])
prove(load_knowledge(facts), facts)
package = Path(sys.modules["aicompete"].__file__).parent
print(json.dumps(sorted(
    Path(module.__file__).relative_to(package).as_posix()
    for name, module in list(sys.modules.items())
    if name.startswith("aicompete") and getattr(module, "__file__", None)
)))
"""


def test_the_proof_stamp_covers_every_module_that_proving_imports(
    facts_file: FactsFile,
) -> None:
    """A module that proving reads through, changed, must make kept verdicts miss: each is in
    `proof_modules()` or, for what decides the knowledge base itself, in the entry key."""
    facts = facts_file()
    with tempfile.TemporaryDirectory() as empty:
        env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_CACHE_HOME": empty}
        done = subprocess.run(
            [sys.executable, "-c", IMPORTED_BY_PROOF, str(facts)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
    imported = set(json.loads(done.stdout)) - {"__init__.py"}
    stamped = {*remembered.proof_modules(), *cache._VALIDATING_MODULES}
    assert imported <= stamped
    assert all((ROOT / "aicompete" / name).is_file() for name in remembered.proof_modules())


@pytest.fixture
def trusted_status(monkeypatch: pytest.MonkeyPatch) -> None:
    """A knowledge file's status trusted at once: as if its bytes were hashed a minute after
    it was written, which a file written by a test a moment ago could not be otherwise."""
    monkeypatch.setattr(
        cache, "time", SimpleNamespace(time_ns=lambda: time.time_ns() + 60 * 10**9, time=time.time)
    )


@pytest.mark.usefixtures("trusted_status")
def test_a_kept_listing_is_read_for_the_same_file_and_code_only(
    run: Run, facts_file: FactsFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    from aicompete.listings import dau

    facts = facts_file()
    builds: list[object] = []
    built = dau.build

    def counted(*arguments: object) -> object:
        builds.append(arguments)
        return built(*arguments)  # type: ignore[arg-type]

    monkeypatch.setattr(dau, "build", counted)
    first = run("--facts", str(facts), "dau", "--json").stdout
    assert len(builds) == 1 and len(list(cache.folder().glob("listing-*.pickle"))) == 1
    assert run("--facts", str(facts), "dau", "--json").stdout == first
    assert len(builds) == 1
    facts_file(("value = 73520000", "value = 83520000"))
    changed = run("--facts", str(facts), "dau", "--json").stdout
    assert "83520000" in changed and "73520000" not in changed and len(builds) == 2
    module = ROOT / "aicompete" / "listings" / "ranks.py"
    status = module.stat()
    try:
        os.utime(module, ns=(status.st_atime_ns, status.st_mtime_ns + 1))
        assert run("--facts", str(facts), "dau", "--json").stdout == changed
        assert len(builds) == 3
    finally:
        os.utime(module, ns=(status.st_atime_ns, status.st_mtime_ns))


@pytest.fixture
def a_minute_later(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every file read as if a minute after it was written, so that its status is trusted,
    which a file written by a test a moment ago could not be otherwise."""
    now = time.time_ns
    monkeypatch.setattr(time, "time_ns", lambda: now() + 60 * 10**9)


@pytest.fixture
def texts_read(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the source files read, one by one."""
    from aicompete.knowledge import source_texts

    read: list[str] = []
    read_one = source_texts.read_source_text

    def counted(facts: Path, name: str, folder: Path | None = None) -> object:
        read.append(name)
        return read_one(facts, name, folder)

    monkeypatch.setattr(source_texts, "read_source_text", counted)
    return read


@pytest.mark.usefixtures("a_minute_later")
def test_source_texts_unchanged_since_they_were_read_are_not_read_again(
    run: Run, facts_file: FactsFile, texts_read: list[str]
) -> None:
    facts = facts_file()
    first = _verify(run, facts)
    assert texts_read
    texts_read.clear()
    assert _verify(run, facts) == first
    assert texts_read == []


@pytest.mark.usefixtures("a_minute_later")
@pytest.mark.parametrize("how", ["in-place", "renamed-over", "linked"])
def test_a_source_text_changed_with_its_old_size_and_time_is_read_again(
    run: Run, facts_file: FactsFile, texts_read: list[str], how: str
) -> None:
    """The change time, which no one can set, and the inode tell what the size and
    modification time, set back, do not."""
    facts = facts_file()
    assert all(row["ok"] for row in _verify(run, facts))
    seed = facts.parent / "seeds" / SEED
    status = seed.stat()
    text = seed.read_text(encoding="utf-8").replace("73.52 million", "83.52 million")
    other = seed.with_name("other.txt")
    if how == "in-place":
        seed.write_text(text, encoding="utf-8")
        os.utime(seed, ns=(status.st_atime_ns, status.st_mtime_ns))
    else:
        other.write_text(text, encoding="utf-8")
        os.utime(other, ns=(status.st_atime_ns, status.st_mtime_ns))
        if how == "renamed-over":
            other.replace(seed)
        else:
            seed.unlink()
            seed.symlink_to(other.name)
    assert seed.stat().st_size == status.st_size
    texts_read.clear()
    assert not any(row["ok"] for row in _verify(run, facts))
    assert texts_read


def test_a_source_text_changed_a_moment_before_it_was_read_is_not_remembered(
    run: Run, facts_file: FactsFile
) -> None:
    """A second change within the same clock tick would leave its status as it was."""
    _verify(run, facts_file())
    assert list(cache.folder().glob("verdicts-*.pickle"))
    assert not list(cache.folder().glob("texts-*.status"))


@pytest.mark.parametrize(
    "options", [(), ("--limit", "3"), ("--company", "alibaba"), ("--fields", "id,verdict")]
)
def test_verify_json_from_its_kept_rows_is_the_json_of_its_rows(
    run: Run, facts_file: FactsFile, options: tuple[str, ...]
) -> None:
    """Read from a listing kept with each row's JSON, the answer is what writing its rows
    gives: `json.dumps(rows, indent=2)`, and the same rows as the answer of a first run."""
    facts = facts_file()
    answers = [run("--facts", str(facts), "verify", "--json", *options).stdout for _ in range(2)]
    assert answers[0] == answers[1]
    rows = json.loads(answers[1])
    assert rows and answers[1] == json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    every = _verify(run, facts)
    if options[:1] == ("--limit",):
        assert rows == every[:3]
    elif options[:1] == ("--company",):
        assert rows == [row for row in every if row["company_id"] == "alibaba"]


def test_a_kept_listing_whose_json_rows_are_not_its_rows_is_not_read() -> None:
    from aicompete.listings import kept
    from aicompete.listings.contract import Field, Listing

    key = bytes(cache.KEY_SIZE)
    listing = Listing((Field("id", "string", "Id", "an id"),), [{"id": "a"}, {"id": "b"}], ())
    assert kept.decode(kept.encode(listing, ['  {\n    "id": "a"\n  }'] * 2, key), key)
    assert kept.decode(kept.encode(listing, ['  {\n    "id": "a"\n  }'], key), key) is None
