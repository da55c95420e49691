"""Nothing lost, nothing leaked: hostile files, a shared machine, odd outputs and odd text.

Each test is one finding of an adversarial review, and fails without its fix.
"""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest

from aicompete.knowledge import cache, regular_files
from aicompete.knowledge.loading import load_knowledge
from tests import fictional
from tests.conftest import BUNDLED, ROOT, FactsFile, Run, assert_clean_error, json_output

# --- export ------------------------------------------------------------------------------


def _tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as db:
        return {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def test_export_over_a_database_another_program_has_open_in_wal_mode(
    run: Run, tmp_path: Path
) -> None:
    path = tmp_path / "facts.db"
    other = sqlite3.connect(path)
    other.execute("PRAGMA journal_mode = WAL")
    other.execute("CREATE TABLE old_stuff (x)")
    other.execute("INSERT INTO old_stuff VALUES (1)")
    other.commit()
    assert (tmp_path / "facts.db-wal").exists()
    result = run("export", str(path), "--force")
    assert result.exit_code == 0, result.stderr
    # The other program, and anyone opening the file, reads the new database only.
    names = {row[0] for row in other.execute("SELECT name FROM sqlite_master")}
    assert "dau_ranked" in names and "old_stuff" not in names
    # Its search indexes came along, and agree with their tables.
    found = other.execute("SELECT COUNT(*) FROM events_fts WHERE events_fts MATCH 'Junyang'")
    assert found.fetchone() == (1,)
    other.execute("INSERT INTO events_fts (events_fts) VALUES ('integrity-check')")
    other.close()
    assert "old_stuff" not in _tables(path)
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]


def test_export_beside_a_stale_journal_is_refused_not_corrupted(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "facts.db"
    journal = tmp_path / "facts.db-journal"
    journal.write_bytes(b"left by a crashed writer")
    result = run("export", str(path))
    assert result.exit_code == 2
    assert "facts.db-journal" in result.stderr
    assert not path.exists()
    assert journal.read_bytes() == b"left by a crashed writer"


def test_export_over_a_damaged_file_with_force_replaces_it(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "facts.db"
    path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 84 + b"garbage" * 100)
    assert run("export", str(path), "--force").exit_code == 0
    assert "dau_ranked" in _tables(path)


@pytest.mark.parametrize("kind", ["fifo", "link", "folder"])
def test_export_refuses_what_is_not_a_regular_file(run: Run, tmp_path: Path, kind: str) -> None:
    path = tmp_path / "target"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "link":
        (tmp_path / "elsewhere.db").write_bytes(b"keep")
        path.symlink_to(tmp_path / "elsewhere.db")
    else:
        path.mkdir()
    result = run("export", str(path), "--force")
    assert result.exit_code == 2, result.stderr
    assert any(why in result.stderr for why in ("regular file", "a link", "is a directory"))
    assert path.is_symlink() == (kind == "link")
    if kind == "link":
        assert (tmp_path / "elsewhere.db").read_bytes() == b"keep"


def test_parallel_exports_without_force_write_once(tmp_path: Path) -> None:
    path = tmp_path / "facts.db"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    command = [sys.executable, "-m", "aicompete", "export", str(path)]
    runs = [subprocess.Popen(command, env=env, stderr=subprocess.PIPE) for _ in range(8)]
    codes = [process.wait(timeout=120) for process in runs]
    assert sorted(codes) == [0] + [2] * 7
    assert [p.name for p in tmp_path.iterdir() if p.name != "cache"] == ["facts.db"]


def test_a_long_file_name_and_the_umask_are_respected(run: Run, tmp_path: Path) -> None:
    path = tmp_path / ("f" * 250 + ".db")
    old = os.umask(0o027)
    try:
        assert run("export", str(path)).exit_code == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    path.chmod(0o644)
    assert run("export", str(path), "--force").exit_code == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert [p.name for p in tmp_path.iterdir() if p.name != "cache"] == [path.name]


@pytest.mark.parametrize("where", ["_built", "_check"])
def test_a_stopped_export_leaves_nothing_behind(tmp_path: Path, where: str) -> None:
    """SIGTERM while the database is built, and once its temporary file is written: what was
    written is removed as on an interrupt."""
    probe = f"""
import os, signal, sys
from aicompete import core
from aicompete.output import sqlite
original = sqlite.{where}
def stopped(*arguments):
    found = original(*arguments)
    os.kill(os.getpid(), signal.SIGTERM)
    return found
sqlite.{where} = stopped
sys.argv = ["aicompete", "export", {str(tmp_path / "facts.db")!r}]
core.main()
"""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True)
    assert done.returncode == 128 + signal.SIGTERM
    assert done.stderr == f"aicompete: stopped by signal {int(signal.SIGTERM)}\n"
    assert [p.name for p in tmp_path.iterdir() if p.name != "cache"] == []


@pytest.mark.parametrize("signal_name", ["SIGTERM", "SIGHUP"])
def test_a_signal_while_the_cache_is_written_is_never_swallowed(
    tmp_path: Path, signal_name: str
) -> None:
    """Writing the cache turns failures into a slower run; a signal still stops it."""
    probe = f"""
import os, signal, sys
from aicompete import core
from aicompete.knowledge import cache
original = cache.encode
def encode(*arguments):
    os.kill(os.getpid(), signal.{signal_name})
    return original(*arguments)
cache.encode = encode
sys.argv = ["aicompete", "dau", "--json"]
core.main()
"""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True)
    number = int(getattr(signal, signal_name))
    assert (done.returncode, done.stdout) == (128 + number, "")
    assert done.stderr == f"aicompete: stopped by signal {number}\n"
    assert not list((tmp_path / "cache").rglob("*.tmp"))


# --- the cache ----------------------------------------------------------------------------


def test_the_cache_folder_is_private_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        load_knowledge(BUNDLED)
    finally:
        os.umask(old)
    assert stat.S_IMODE(cache.folder().stat().st_mode) == 0o700


def test_a_cache_folder_others_may_write_is_not_written_to(tmp_path: Path) -> None:
    cache.folder().mkdir(parents=True)
    cache.folder().chmod(0o777)
    knowledge = load_knowledge(BUNDLED)
    assert load_knowledge(BUNDLED) == knowledge
    assert list(cache.folder().iterdir()) == []


def _planted(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the bundled file, and where its cache entry goes (made, then removed)."""
    facts = tmp_path / "kb" / "facts.toml"
    facts.parent.mkdir()
    facts.write_bytes(BUNDLED.read_bytes())
    load_knowledge(facts)
    (entry,) = cache.folder().glob("kb-*.pickle")
    return facts, entry


def test_an_entry_others_can_write_is_ignored(tmp_path: Path) -> None:
    """A sound entry with a forged figure, as another local user could plant it."""
    facts, entry = _planted(tmp_path)
    knowledge = load_knowledge(facts)
    forged = replace(knowledge, dau=(replace(knowledge.dau[0], value=1), *knowledge.dau[1:]))
    entry.write_bytes(cache.encode(forged, cache.key(facts.read_bytes())))
    entry.chmod(0o600)
    assert load_knowledge(facts).dau[0].value == 1
    entry.chmod(0o666)
    assert load_knowledge(facts).dau[0].value == 145_000_000


@pytest.mark.parametrize("kind", ["fifo", "link-to-zero", "link-to-entry"])
def test_an_entry_that_is_no_regular_file_is_ignored(tmp_path: Path, kind: str) -> None:
    facts, entry = _planted(tmp_path)
    entry.unlink()
    if kind == "fifo":
        os.mkfifo(entry)
    elif kind == "link-to-zero":
        entry.symlink_to("/dev/zero")
    else:
        (tmp_path / "real.pickle").write_bytes(b"anything")
        entry.symlink_to(tmp_path / "real.pickle")
    # Neither hangs nor exhausts memory: the knowledge file is read instead.
    assert len(load_knowledge(facts).events) == 26


# --- reading files --------------------------------------------------------------------------


def test_a_pipe_as_the_knowledge_file_is_refused_at_once(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "facts.toml"
    os.mkfifo(path)
    result = run("--facts", str(path), "dau")
    assert_clean_error(result, path)
    assert "is not a regular file" in result.stderr


def test_a_byte_order_mark_is_no_part_of_the_toml(run: Run, facts_file: FactsFile) -> None:
    path = facts_file()
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert run("validate", str(path)).exit_code == 0
    assert len(json_output(run, "--facts", str(path), "dau")) == 3


def test_a_file_rewritten_while_it_is_read_is_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "facts.toml"
    path.write_bytes(b"# old\n")
    real_read = os.read
    rewrites: list[bool] = []

    def read(descriptor: int, size: int) -> bytes:
        data = real_read(descriptor, size)
        if not rewrites:
            rewrites.append(True)
            path.write_bytes(b"# the new version, longer\n")
        return data

    monkeypatch.setattr(os, "read", read)
    assert regular_files.read_regular_file(path, 1000) == b"# the new version, longer\n"


def test_a_file_emptied_a_moment_ago_is_read_once_it_has_settled(tmp_path: Path) -> None:
    path = tmp_path / "facts.toml"
    path.write_bytes(b"")

    def writer() -> None:
        time.sleep(0.05)
        path.write_bytes(b"# written\n")

    thread = threading.Thread(target=writer)
    thread.start()
    assert regular_files.read_regular_file(path, 1000) == b"# written\n"
    thread.join()


# --- outputs ------------------------------------------------------------------------------

FORMULAS = ['=HYPERLINK("http://x","click")', "@SUM(A1)", "-2+3+cmd|' /C calc'!A0", "+1"]


def test_formulas_are_made_inert_in_csv_and_tsv(run: Run, facts_file: FactsFile) -> None:
    path = facts_file(('name = "Tencent"', f"name = {json.dumps(FORMULAS[0])}"))
    for fmt, delimiter in (("csv", ","), ("tsv", "\t")):
        text = run("--facts", str(path), "dau", "--format", fmt).stdout
        rows = list(csv.DictReader(io.StringIO(text), delimiter=delimiter))
        assert rows[2]["company"] == "'" + FORMULAS[0]
        # Numbers are never touched.
        assert rows[2]["dau"] == "40540000"
        kept = run("--facts", str(path), "dau", "--format", fmt, "--keep-formulas").stdout
        assert (
            list(csv.DictReader(io.StringIO(kept), delimiter=delimiter))[2]["company"]
            == FORMULAS[0]
        )


def test_a_byte_order_mark_for_excel_on_request(run: Run) -> None:
    assert run("dau", "--format", "csv", "--bom").stdout.startswith("\ufeffrank,")
    assert run("dau", "--format", "csv").stdout.startswith("rank,")


def test_markdown_cells_are_text_not_markup(run: Run, facts_file: FactsFile) -> None:
    name = "<img src=x onerror=alert(1)> ![p](http://x/p.png) a\\\\|b *c*"
    path = facts_file(('name = "Tencent"', f"name = {json.dumps(name)}"))
    text = run(
        "--facts", str(path), "dau", "--format", "markdown", "--fields", "rank,company"
    ).stdout
    row = text.splitlines()[4]
    assert row == (
        "| 3 | &lt;img src=x onerror=alert(1)&gt; \\!\\[p\\](http://x/p.png) "
        "a\\\\\\\\\\|b \\*c\\* |"
    )
    assert row.count("|") - row.count("\\|") == 3


def test_csv_keeps_a_newline_apart_from_the_text_of_one(run: Run, facts_file: FactsFile) -> None:
    path = facts_file(
        ('name = "Tencent"', 'name = "Ten\\ncent"'), ('name = "Baidu"', 'name = "Bai\\\\x0adu"')
    )
    text = run("--facts", str(path), "campaigns", "--format", "csv", "--fields", "company").stdout
    assert [row[0] for row in csv.reader(io.StringIO(text))][1:] == [
        "Alibaba",
        "Ten\ncent",
        "Bai\\x0adu",
        "ByteDance",
    ]


def test_json_escapes_what_a_terminal_would_act_on(run: Run, facts_file: FactsFile) -> None:
    name = "Ten\u0085cent\u202e\u2028\u200b\ufeff"
    path = facts_file(('name = "Tencent"', f'name = "{name}"'))
    text = run("--facts", str(path), "dau", "--json").stdout
    assert all(character not in text for character in "\u0085\u202e\u2028\u200b\ufeff")
    assert json.loads(text)[2]["company"] == name


def test_svg_stays_xml_whatever_the_text(run: Run, facts_file: FactsFile) -> None:
    from xml.etree import ElementTree

    path = facts_file(('name = "Tencent"', 'name = "Ten\\uFFFEcent\\uFFFF"'))
    text = run("--facts", str(path), "dau", "--format", "svg").stdout
    assert ElementTree.fromstring(text).tag.endswith("svg")


@pytest.mark.parametrize("encoding", ["ascii", "latin-1", "cp1252"])
def test_an_output_that_lacks_a_character_gets_a_replacement(encoding: str, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "PYTHONIOENCODING": encoding,
        "XDG_CACHE_HOME": str(tmp_path),
    }
    done = subprocess.run(
        [sys.executable, "-m", "aicompete", "dau"], env=env, capture_output=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert b"Doubao" in done.stdout and done.stderr == b""


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("args", [("dau", "--json"), ("--help",), ("dau", "-h")])
def test_a_full_disk_is_said_in_one_line(tmp_path: Path, args: tuple[str, ...]) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_CACHE_HOME": str(tmp_path)}
    with Path("/dev/full").open("w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "aicompete", *args],
            env=env,
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    assert done.returncode == 1
    assert done.stderr == "aicompete: error: cannot write output: No space left on device\n"


def test_an_internal_error_says_where_to_report_it(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    from aicompete.listings import dau

    def broken(*_: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(dau, "build", broken)
    result = run("dau")
    assert result.exit_code == 1
    assert "please report it at https://github.com/aicompete/aicompete/issues" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["lookup", "--", "..."],
        ["export", "EXISTING"],
        ["dau", "--json", "--format", "csv"],
        ["dau", "--fields", "app,app"],
    ],
)
def test_a_usage_error_is_found_before_a_broken_file(
    run: Run, tmp_path: Path, args: list[str]
) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text("[[dau]]\n", encoding="utf-8")
    existing = tmp_path / "existing.db"
    existing.write_bytes(b"")
    args = [str(existing) if arg == "EXISTING" else arg for arg in args]
    assert run("--facts", str(broken), *args).exit_code == 2


def test_a_derived_number_beyond_64_bits_is_refused_in_one_line(run: Run, tmp_path: Path) -> None:
    """Validation keeps stated figures within 64 bits; an amount converted at a FICTIONAL
    rate of 10^30 yuan to the euro goes beyond, and the export says where instead of failing
    as a bug."""
    facts = fictional.write(tmp_path)
    text = facts.read_text(encoding="utf-8")
    facts.write_text(text.replace('value = "7.8"', f'value = "{10**30}"'), encoding="utf-8")
    result = run("--facts", str(facts), "export", str(tmp_path / "facts.db"))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"aicompete: error: {tmp_path / 'facts.db'}: cannot write: ")
    assert "is beyond the 64-bit integers SQLite holds" in result.stderr
    assert "bug" not in result.stderr
    assert not (tmp_path / "facts.db").exists()
