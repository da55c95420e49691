"""Nothing lost, nothing leaked: hostile files, a shared machine, odd outputs and odd text.

Each test is one finding of an adversarial review, and fails without its fix.
"""

from __future__ import annotations

import contextlib
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
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from aicompete.knowledge import cache, regular_files
from aicompete.knowledge.loading import load_knowledge
from tests import fictional
from tests.conftest import BUNDLED, ROOT, FactsFile, Run, assert_clean_error, json_output

# --- export ------------------------------------------------------------------------------


def _tables(path: Path) -> set[str]:
    with contextlib.closing(sqlite3.connect(path)) as db:
        return {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def _quick_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    """The export's wait for another program, cut short: what happens after it is tested."""
    from aicompete.output import sqlite as sqlite_output

    monkeypatch.setattr(sqlite_output, "WAIT_SECONDS", 0.3)


def _left_beside(folder: Path, *kept: str) -> list[str]:
    """What is in the folder besides what the test put there: temporaries, journals."""
    return sorted(p.name for p in folder.iterdir() if p.name not in ("cache", *kept))


def test_export_over_a_database_open_in_wal_mode_waits_then_keeps_it(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new database renamed in beside another's write-ahead log would be read through that
    log: the export waits for the program to close it, then says so, and keeps the old one."""
    _quick_wait(monkeypatch)
    path = tmp_path / "facts.db"
    other = sqlite3.connect(path)
    other.execute("PRAGMA journal_mode = WAL")
    other.execute("CREATE TABLE old_stuff (x)")
    other.execute("INSERT INTO old_stuff VALUES (1)")
    other.commit()
    assert (tmp_path / "facts.db-wal").exists()
    result = run("export", str(path), "--force")
    assert result.exit_code == 1, result.stderr
    assert result.stderr.count("\n") == 1
    assert "facts.db-wal" in result.stderr and "close it and export again" in result.stderr
    assert "remove" not in result.stderr and "delete" not in result.stderr
    assert other.execute("SELECT x FROM old_stuff").fetchall() == [(1,)]
    other.close()
    # Closed, its log folded back into it: the export replaces it.
    assert run("export", str(path), "--force").exit_code == 0
    assert "old_stuff" not in _tables(path) and "dau_ranked" in _tables(path)
    assert _left_beside(tmp_path, "facts.db") == []


def test_export_behind_a_reader_in_rollback_mode_is_not_blocked(tmp_path: Path) -> None:
    """A reader holding a read transaction (a sqlite3 shell, a notebook's cursor) keeps its
    open file: the new database is renamed in without waiting, and the reader still reads the
    old one until it opens the name again."""
    path = tmp_path / "facts.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE old_stuff (x)")
        db.execute("INSERT INTO old_stuff VALUES (1)")
    reader = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys\n"
            f"db = sqlite3.connect({str(path)!r}, isolation_level=None)\n"
            "db.execute('BEGIN')\n"
            "print(db.execute('SELECT x FROM old_stuff').fetchall(), flush=True)\n"
            "sys.stdin.readline()\n"
            "print(db.execute('SELECT x FROM old_stuff').fetchall(), flush=True)\n",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert reader.stdout is not None and reader.stdin is not None
        assert reader.stdout.readline() == "[(1,)]\n"
        # In a process of its own: an export that blocked would fail the test, not hang it.
        env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_CACHE_HOME": str(tmp_path / "cache")}
        done = subprocess.run(
            [sys.executable, "-m", "aicompete", "export", str(path), "--force"],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        assert "dau_ranked" in _tables(path) and "old_stuff" not in _tables(path)
        reader.stdin.write("\n")
        reader.stdin.flush()
        assert reader.stdout.readline() == "[(1,)]\n"
    finally:
        reader.kill()
        reader.wait(timeout=60)
    assert _left_beside(tmp_path, "facts.db") == []


def test_export_behind_a_writer_waits_a_bounded_time_then_says_so(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A writer mid-transaction in rollback-journal mode has its journal beside the file:
    the export waits for it, within a bound, then says so in one line and keeps the file."""
    _quick_wait(monkeypatch)
    path = tmp_path / "facts.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE old_stuff (x)")
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO old_stuff VALUES (2)")
    assert (tmp_path / "facts.db-journal").exists()
    result = run("export", str(path), "--force")
    assert result.exit_code == 1, result.stderr
    assert result.stderr.count("\n") == 1
    assert "facts.db-journal" in result.stderr and "close it and export again" in result.stderr
    assert "remove" not in result.stderr and "delete" not in result.stderr
    writer.execute("COMMIT")
    writer.close()
    assert "old_stuff" in _tables(path)
    assert _left_beside(tmp_path, "facts.db") == []


def test_a_crashed_writers_journal_is_never_read_into_the_new_database(
    run: Run, tmp_path: Path
) -> None:
    """A writer killed mid-transaction leaves a hot journal: SQLite plays it back into the old
    file, as any reader would, before the new one takes the name, so that it is never played
    into the new one."""
    path = tmp_path / "facts.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE old_stuff (x)")
        db.executemany("INSERT INTO old_stuff VALUES (?)", [("x" * 500,)] * 2000)
    crash = (
        "import os, sqlite3\n"
        f"db = sqlite3.connect({str(path)!r}, isolation_level=None)\n"
        # A cache of one page: the change goes to the file before the transaction ends.
        "db.execute('PRAGMA cache_size = 1')\n"
        "db.execute('BEGIN')\n"
        "db.execute(\"UPDATE old_stuff SET x = 'y'\")\n"
        "os._exit(9)\n"
    )
    subprocess.run([sys.executable, "-c", crash], check=False, timeout=60)
    journal = tmp_path / "facts.db-journal"
    assert journal.stat().st_size > 0
    result = run("export", str(path), "--force")
    assert result.exit_code == 0, result.stderr
    assert not journal.exists()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert db.execute("SELECT COUNT(*) FROM apps").fetchone() == (4,)
    assert _left_beside(tmp_path, "facts.db") == []


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A folder on a file system of 1 MiB, to fill."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small file system needs root")
    where = tmp_path / "disk"
    where.mkdir()
    try:
        mounted = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(where)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    except OSError as error:
        pytest.skip(f"cannot mount a small file system: {error}")
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small file system: {mounted.stderr.strip()}")
    try:
        yield where
    finally:
        # Lazily: a file the test left open must not leave the file system mounted.
        subprocess.run(["umount", "--lazy", str(where)], check=True, timeout=60)


def _fill(folder: Path, leave: int) -> None:
    """Fill the file system of `folder` but for about `leave` bytes."""
    free = os.statvfs(folder).f_bavail * os.statvfs(folder).f_frsize
    (folder / "filler").write_bytes(b"\0" * max(0, free - leave))


def test_export_on_a_full_disk_keeps_the_old_database(run: Run, small_disk: Path) -> None:
    path = small_disk / "facts.db"
    assert run("export", str(path)).exit_code == 0
    before = path.read_bytes()
    _fill(small_disk, leave=64 * 1024)
    result = run("export", str(path), "--force")
    assert result.exit_code == 1, result.stderr
    assert result.stderr == (
        f"aicompete: error: {path}: cannot write: No space left on device; {path} is as it was\n"
    )
    assert path.read_bytes() == before
    with contextlib.closing(sqlite3.connect(path)) as db:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert _left_beside(small_disk, "facts.db", "filler") == []


@pytest.mark.parametrize("command", ["brief", "chart"])
def test_brief_and_chart_on_a_full_disk_keep_the_old_file(
    run: Run, small_disk: Path, command: str
) -> None:
    name = "brief.html" if command == "brief" else "dau.png"
    args = ["brief"] if command == "brief" else ["chart", "dau"]
    path = small_disk / name
    path.write_bytes(b"the old one")
    _fill(small_disk, leave=4096)
    result = run(*args, "-o", str(path), "--force")
    assert result.exit_code == 1, result.stderr
    assert result.stderr == (
        f"aicompete: error: {path}: cannot write: No space left on device; {path} is as it was\n"
    )
    assert path.read_bytes() == b"the old one"
    assert _left_beside(small_disk, name, "filler") == []


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


def test_parallel_forced_exports_all_succeed_and_the_last_one_wins(tmp_path: Path) -> None:
    path = tmp_path / "facts.db"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    command = [sys.executable, "-m", "aicompete", "export", str(path), "--force"]
    runs = [
        subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True) for _ in range(10)
    ]
    said = [process.communicate(timeout=300)[1] for process in runs]
    assert [process.returncode for process in runs] == [0] * 10, said
    assert all("--force" not in text for text in said)
    assert "dau_ranked" in _tables(path)
    assert _left_beside(tmp_path, "facts.db") == []


def test_the_temporaries_of_killed_runs_are_pruned_by_the_next(run: Run, tmp_path: Path) -> None:
    """Left by a killed run: a minute old and locked by nobody. A younger one, or one that a
    live run holds locked, may still be being written."""
    import fcntl

    abandoned = tmp_path / ".aicompete-1-abandoned.tmp"
    young = tmp_path / ".aicompete-2-young.tmp"
    alive = tmp_path / ".aicompete-3-alive.tmp"
    other = tmp_path / ".someone-else.tmp"
    for path in (abandoned, young, alive, other):
        path.write_bytes(b"x" * 1000)
    an_hour_ago = time.time() - 3600
    for path in (abandoned, alive, other):
        os.utime(path, (an_hour_ago, an_hour_ago))
    with alive.open("rb") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        assert run("export", str(tmp_path / "facts.db")).exit_code == 0
    assert _left_beside(tmp_path, "facts.db") == sorted(path.name for path in (young, alive, other))


def test_a_signal_while_export_waits_stops_it_at_once(tmp_path: Path) -> None:
    """The export waits for a writer in short steps, in Python: SIGTERM (or Ctrl-C) during the
    wait stops it as anywhere else, and leaves nothing behind."""
    path = tmp_path / "facts.db"
    probe = f"""
import os, signal, sqlite3, sys
from aicompete import core
from aicompete.output import sqlite
with sqlite3.connect({str(path)!r}) as db:
    db.execute("CREATE TABLE old_stuff (x)")
writer = sqlite3.connect({str(path)!r}, isolation_level=None)
writer.execute("BEGIN IMMEDIATE")
writer.execute("INSERT INTO old_stuff VALUES (1)")
# The writer is another program's: its journal goes with it, as the process leaves.
import atexit
atexit.register(writer.close)
real_sleep = sqlite.time.sleep
def sleep(seconds):
    os.kill(os.getpid(), signal.SIGTERM)
    real_sleep(seconds)
sqlite.time.sleep = sleep
sys.argv = ["aicompete", "export", {str(path)!r}, "--force"]
core.main()
"""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    done = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 128 + signal.SIGTERM, done.stderr
    assert done.stderr == f"aicompete: stopped by signal {int(signal.SIGTERM)}\n"
    assert _left_beside(tmp_path, "facts.db") == []


@pytest.mark.parametrize("command", ["brief", "chart"])
def test_brief_and_chart_refuse_a_link_and_replace_a_file_only_with_force(
    run: Run, tmp_path: Path, command: str
) -> None:
    name = "out.html" if command == "brief" else "out.svg"
    args = ["brief"] if command == "brief" else ["chart", "dau"]
    elsewhere = tmp_path / "elsewhere"
    elsewhere.write_bytes(b"keep")
    link = tmp_path / name
    link.symlink_to(elsewhere)
    result = run(*args, "-o", str(link), "--force")
    assert result.exit_code == 2, result.stderr
    assert "is a link" in result.stderr
    assert elsewhere.read_bytes() == b"keep" and link.is_symlink()
    link.unlink()
    link.write_bytes(b"the old one")
    result = run(*args, "-o", str(link))
    assert result.exit_code == 2
    assert "exists; use --force to replace it" in result.stderr
    assert link.read_bytes() == b"the old one"
    assert run(*args, "-o", str(link), "--force").exit_code == 0
    assert link.read_bytes() != b"the old one"
    assert _left_beside(tmp_path, name, "elsewhere") == []


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
    forged = replace(
        knowledge, figures=(replace(knowledge.figures[0], value=1), *knowledge.figures[1:])
    )
    entry.write_bytes(cache.encode(forged, cache.key(facts.read_bytes())))
    entry.chmod(0o600)
    assert load_knowledge(facts).figures[0].value == 1
    entry.chmod(0o666)
    assert load_knowledge(facts).figures[0].value == 145_000_000


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
        assert rows[2]["value"] == "40540000"
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
    broken.write_text("[[figures]]\n", encoding="utf-8")
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


def test_a_file_caught_between_two_parts_of_a_rewrite_in_place_is_read_whole(
    tmp_path: Path,
) -> None:
    """A writer that empties the knowledge file and writes it again in parts leaves, for a
    moment, a valid shorter file (here, the records before the figures): the reader waits out
    that moment and reads the file whole, never the shorter knowledge base."""
    import threading

    from aicompete.knowledge.loading import read_bytes

    whole = BUNDLED.read_bytes()
    cut = whole.index(b"[[figures]]")
    path = tmp_path / "facts.toml"
    path.write_bytes(whole[:cut])

    def write_the_rest() -> None:
        time.sleep(0.05)
        with path.open("ab") as file:
            file.write(whole[cut:])

    writer = threading.Thread(target=write_the_rest)
    writer.start()
    try:
        assert read_bytes(path) == whole
    finally:
        writer.join()
