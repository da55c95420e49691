"""The cache of validated knowledge bases: where it lives, what it trusts, and how it fails:
private whatever the umask, never trusted where others may write, and never the reason a signal
is lost."""

from __future__ import annotations

import gc
import json
import os
import pickle
import signal
import stat
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from aicompete import frozen
from aicompete.knowledge import cache, loading, regular_files
from aicompete.knowledge.loading import load_knowledge
from aicompete.knowledge.models import Bounds, KnowledgeBase, Money
from aicompete.knowledge.problems import KnowledgeFileError
from aicompete.knowledge.stored import DamagedEntry, StoredKnowledge
from tests.conftest import BUNDLED, ROOT, Run


@pytest.fixture
def facts(tmp_path: Path) -> Path:
    """A copy of the bundled knowledge file in a folder of its own."""
    folder = tmp_path / "kb"
    folder.mkdir()
    path = folder / "facts.toml"
    path.write_bytes(BUNDLED.read_bytes())
    return path


def _entries() -> list[Path]:
    return sorted(cache.folder().glob("kb-*.pickle"))


def _refuse_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def parse(*_: object) -> None:
        raise AssertionError("parsed although the cache holds this file")

    monkeypatch.setattr(loading, "parse_toml", parse)


def test_folder_follows_xdg_cache_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.folder() == tmp_path / "xdg" / "aicompete"


@pytest.mark.parametrize("value", [None, "", "relative/cache"])
def test_folder_defaults_to_home_cache(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, value: str | None
) -> None:
    if value is None:
        monkeypatch.delenv("XDG_CACHE_HOME")
    else:
        monkeypatch.setenv("XDG_CACHE_HOME", value)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache.folder() == tmp_path / "home" / ".cache" / "aicompete"


def test_second_load_comes_from_the_cache_in_the_user_folder(
    facts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = load_knowledge(facts)
    assert len(_entries()) == 1
    assert sorted(path.name for path in facts.parent.iterdir()) == ["facts.toml"]
    _refuse_parsing(monkeypatch)
    second = load_knowledge(facts)
    assert second == first
    assert isinstance(second, KnowledgeBase)
    assert [figure.value for figure in second.figures] == [145000000, 73520000, 40540000]


def test_key_is_the_content_not_the_timestamp(facts: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    load_knowledge(facts)
    stamp = facts.stat().st_mtime_ns
    edited = BUNDLED.read_bytes().replace(b"value = 145000000", b"value = 146000000")
    facts.write_bytes(edited)
    os.utime(facts, ns=(stamp, stamp))
    assert load_knowledge(facts).figures[0].value == 146000000
    # The original bytes again, with a new timestamp: still a hit, no parsing.
    facts.write_bytes(BUNDLED.read_bytes())
    os.utime(facts, ns=(stamp + 10**9, stamp + 10**9))
    _refuse_parsing(monkeypatch)
    assert load_knowledge(facts).figures[0].value == 145000000


def test_a_file_with_problems_is_not_cached(facts: Path) -> None:
    facts.write_text(
        BUNDLED.read_text(encoding="utf-8").replace('app = "qwen"\nmetric', 'app = "x"\nmetric')
    )
    for _ in range(2):
        with pytest.raises(KnowledgeFileError, match="no app has id 'x'"):
            load_knowledge(facts)
    assert _entries() == []


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda blob: blob[: len(blob) // 2], id="truncated"),
        pytest.param(lambda blob: blob[:-1] + bytes([blob[-1] ^ 1]), id="flipped-bit"),
        pytest.param(lambda blob: b"", id="empty"),
        pytest.param(lambda blob: os.urandom(len(blob)), id="noise"),
        pytest.param(lambda blob: b"aicompete-kb\n" + os.urandom(64), id="magic-then-noise"),
    ],
)
def test_corrupt_entry_is_ignored_and_rebuilt(facts: Path, damage: object) -> None:
    expected = load_knowledge(facts)
    (entry,) = _entries()
    assert callable(damage)
    entry.write_bytes(damage(entry.read_bytes()))
    assert cache.load(cache.key(facts.read_bytes())) is None
    assert load_knowledge(facts) == expected
    assert cache.load(cache.key(facts.read_bytes())) == expected


def test_entry_of_another_file_is_refused(facts: Path, tmp_path: Path) -> None:
    """An entry renamed to another key, with a sound header and payload, is still refused."""
    other = tmp_path / "other.toml"
    other.write_text("", encoding="utf-8")
    assert load_knowledge(other) == KnowledgeBase()
    (entry,) = _entries()
    entry.rename(cache.entry(cache.key(facts.read_bytes())))
    assert cache.load(cache.key(facts.read_bytes())) is None
    assert len(load_knowledge(facts).figures) == 3


class Planted:
    """Not a knowledge base class: unpickling must never reach for it."""

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, ("echo planted",))


@pytest.mark.parametrize(
    "payload",
    [
        pytest.param(pickle.dumps(Planted()), id="code-from-elsewhere"),
        pytest.param(pickle.dumps({"dau": []}), id="not-a-knowledge-base"),
        pytest.param(pickle.dumps(Money(1, "CNY")), id="a-record-but-not-the-base"),
        pytest.param(pickle.dumps(Bounds(ge=0)), id="a-models-class-but-not-a-record"),
        pytest.param(b"\x80\x05not a pickle", id="not-a-pickle"),
    ],
)
def test_foreign_payload_behind_a_sound_header_is_refused(facts: Path, payload: bytes) -> None:
    entry_key = cache.key(facts.read_bytes())
    blob = cache.framed(cache.MAGIC, entry_key, [payload])
    assert cache.decode(blob, entry_key) is None
    cache.folder().mkdir(parents=True)
    cache.entry(entry_key).write_bytes(blob)
    assert len(load_knowledge(facts).campaigns) == 4


def _entry_of(contents: bytes, sections: list[bytes], entry_key: bytes) -> bytes:
    """An entry's bytes around `contents` and `sections`, its header sound."""
    size = len(contents).to_bytes(cache.LENGTH_SIZE, "big")
    return cache.framed(cache.MAGIC, entry_key, [size, contents, *sections])


def test_entry_packed_with_other_fields_is_refused(facts: Path) -> None:
    """An entry written by code whose records had other fields does not load."""
    knowledge = load_knowledge(facts)
    contents, sections = cache._packed(knowledge)
    listed = pickle.loads(contents)
    kind, cls, names, size = listed[5]
    assert kind == "figures"
    listed[5] = (kind, cls, (*names[:-1], "renamed"), size)
    entry_key = cache.key(facts.read_bytes())
    assert cache.decode(_entry_of(pickle.dumps(listed), sections, entry_key), entry_key) is None
    assert cache.decode(_entry_of(contents, sections, entry_key), entry_key) == knowledge


def test_entry_whose_sections_overrun_is_refused(facts: Path) -> None:
    """Contents that say a kind's records lie beyond the entry, or leave bytes over."""
    knowledge = load_knowledge(facts)
    contents, sections = cache._packed(knowledge)
    entry_key = cache.key(facts.read_bytes())
    assert cache.decode(_entry_of(contents, sections[:-1], entry_key), entry_key) is None
    assert cache.decode(_entry_of(contents, [*sections, b"x"], entry_key), entry_key) is None


def test_each_kind_is_unpickled_when_first_read(facts: Path) -> None:
    knowledge = load_knowledge(facts)
    stored = cache.load(cache.key(facts.read_bytes()))
    assert isinstance(stored, StoredKnowledge)
    made = {table for table in frozen.attribute_names(KnowledgeBase) if _made(stored, table)}
    assert made == set()
    assert stored.figures == knowledge.figures
    made = {table for table in frozen.attribute_names(KnowledgeBase) if _made(stored, table)}
    assert made == {"figures"}
    assert stored == knowledge and knowledge == stored
    assert repr(stored) == repr(knowledge)
    assert pickle.loads(pickle.dumps(stored)) == knowledge
    replaced = replace(stored, events=())
    assert type(replaced) is KnowledgeBase and replaced.figures == knowledge.figures


def test_a_kind_that_does_not_unpickle_is_read_from_the_file(facts: Path) -> None:
    """A part whose checksum held but whose rows are not its records: the file is read."""
    knowledge = load_knowledge(facts)
    contents, sections = cache._packed(knowledge)
    listed = pickle.loads(contents)
    at = [table for table, *_ in listed].index("figures")
    broken = pickle.dumps([("not", "rows")])
    listed[at] = (*listed[at][:3], len(broken))
    sections[at] = broken
    entry_key = cache.key(facts.read_bytes())
    cache.entry(entry_key).write_bytes(_entry_of(pickle.dumps(listed), sections, entry_key))
    assert load_knowledge(facts).figures == knowledge.figures
    stored = cache.decode(_entry_of(pickle.dumps(listed), sections, entry_key), entry_key)
    assert stored is not None
    with pytest.raises(DamagedEntry):
        stored.figures  # noqa: B018 - the access is what is tested


def _made(stored: StoredKnowledge, table: str) -> bool:
    try:
        KnowledgeBase.__dict__[table].__get__(stored, KnowledgeBase)
    except AttributeError:
        return False
    return True


def test_entry_round_trips(facts: Path) -> None:
    knowledge = load_knowledge(facts)
    entry_key = cache.key(facts.read_bytes())
    assert cache.decode(cache.encode(knowledge, entry_key), entry_key) == knowledge
    assert cache.decode(cache.encode(knowledge, entry_key), bytes(cache.KEY_SIZE)) is None


def test_key_changes_with_version_and_format(facts: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = facts.read_bytes()
    original = cache.key(data)
    monkeypatch.setattr(cache, "__version__", "999.0")
    assert cache.key(data) != original
    monkeypatch.undo()
    monkeypatch.setattr(cache, "FORMAT", cache.FORMAT + 1)
    assert cache.key(data) != original


def test_missing_cache_folder_is_created(
    facts: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "not" / "yet" / "there"))
    load_knowledge(facts)
    assert len(_entries()) == 1


def test_cache_folder_that_cannot_be_made_only_costs_speed(
    facts: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # A file where the folder should be: no one, not even root, can create the folder.
    blocker = tmp_path / "blocker"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker / "cache"))
    for _ in range(2):
        assert len(load_knowledge(facts).events) == 26
    assert not (blocker / "cache").exists()


def test_read_only_cache_folder_only_costs_speed(
    facts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache.folder().mkdir(parents=True)

    def refuse(*_: object, **__: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(cache, "temporary", refuse)
    for _ in range(2):
        assert len(load_knowledge(facts).people) == 6
    assert list(cache.folder().iterdir()) == []


def test_unreadable_entry_only_costs_speed(facts: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = load_knowledge(facts)

    def refuse(*_: object, **__: object) -> bytes:
        raise PermissionError(13, "Permission denied")

    entry_key = cache.key(BUNDLED.read_bytes())
    monkeypatch.setattr(regular_files, "read_regular_file", refuse)
    assert cache.load(entry_key) is None
    monkeypatch.undo()
    assert load_knowledge(facts) == expected


def test_failed_write_leaves_no_entry_and_no_temporary_file(
    facts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "replace", fail)
    load_knowledge(facts)
    assert list(cache.folder().iterdir()) == []


def test_old_entries_are_pruned(tmp_path: Path) -> None:
    for number in range(cache.KEEP_ENTRIES + 3):
        path = tmp_path / f"facts-{number}.toml"
        path.write_text(f"# {number}\n", encoding="utf-8")
        load_knowledge(path)
    assert len(_entries()) == cache.KEEP_ENTRIES
    assert cache.load(cache.key(b"# 10\n")) == KnowledgeBase()


def test_temporary_files_of_killed_writers_are_removed(tmp_path: Path) -> None:
    cache.folder().mkdir(parents=True)
    abandoned = cache.folder() / ".kb-abandoned.tmp"
    in_progress = cache.folder() / ".kb-in-progress.tmp"
    for path in (abandoned, in_progress):
        path.write_bytes(b"half an entry")
    long_ago = abandoned.stat().st_mtime - cache.ABANDONED_AFTER - 60
    os.utime(abandoned, (long_ago, long_ago))
    path = tmp_path / "empty.toml"
    path.write_text("", encoding="utf-8")
    load_knowledge(path)
    assert not abandoned.exists()
    assert in_progress.exists()


RACER = """
import sys
from pathlib import Path
from aicompete.knowledge import cache
from aicompete.knowledge.loading import load_knowledge

path = Path(sys.argv[1])
knowledge = load_knowledge(path)
entry_key = cache.key(path.read_bytes())
for _ in range(60):
    cache.store(entry_key, knowledge)
    assert cache.load(entry_key) == knowledge, "a reader saw a broken entry"
"""


def test_processes_racing_to_write_the_same_entry(facts: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    racers = [
        subprocess.Popen([sys.executable, "-c", RACER, str(facts)], env=env) for _ in range(3)
    ]
    assert [racer.wait(timeout=120) for racer in racers] == [0, 0, 0]
    # One whole entry, and the file's status remembered; no temporary file left behind.
    assert sorted(path.name for path in cache.folder().iterdir()) == sorted(
        [
            cache.entry(cache.key(facts.read_bytes())).name,
            *(path.name for path in cache.folder().glob("file-*.status")),
        ]
    )
    assert cache.load(cache.key(facts.read_bytes())) == load_knowledge(facts)


def test_cached_command_gives_the_same_answer(run: Run, facts: Path) -> None:
    cold = run("--facts", str(facts), "campaigns", "--json")
    warm = run("--facts", str(facts), "campaigns", "--json")
    assert len(_entries()) == 1
    assert warm.exit_code == cold.exit_code == 0
    assert warm.stdout == cold.stdout


HEAVY = ("pydantic", "tomli", "rich", "annotated_types", "csv", "hashlib")

PROBE = """
import atexit, sys
from aicompete.core import main
sys.argv = ["aicompete", *sys.argv[1:]]
# `main` leaves without tearing the interpreter down, once what is registered here has run.
loaded = lambda: sorted(name for name in {heavy} if name in sys.modules)
atexit.register(lambda: print("loaded:", *loaded(), file=sys.stderr))
main()
"""


@pytest.mark.parametrize("command", ["dau", "campaigns", "leadership"])
def test_cache_hit_for_json_imports_no_heavy_module(command: str) -> None:
    """The lean start-up path: a cached answer in JSON needs none of these modules."""
    probe = PROBE.format(heavy=repr(HEAVY))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    arguments = [sys.executable, "-c", probe, command, "--json"]
    subprocess.run(arguments, env=env, check=True, capture_output=True)
    warm = subprocess.run(arguments, env=env, check=True, capture_output=True, text=True)
    assert warm.stderr.strip() == "loaded:"
    assert warm.stdout.startswith("[\n  {\n")


def test_parsing_and_validating_run_without_the_collector(
    facts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What they make is kept or freed at once: the collector would only walk it again."""
    from aicompete.knowledge import validation

    collecting: list[bool] = []
    parse, validate = loading.parse_toml, validation.validate

    def parsing(*arguments: Any) -> Any:
        collecting.append(gc.isenabled())
        return parse(*arguments)

    def validating(*arguments: Any, **options: Any) -> Any:
        collecting.append(gc.isenabled())
        return validate(*arguments, **options)

    monkeypatch.setattr(loading, "parse_toml", parsing)
    monkeypatch.setattr(validation, "validate", validating)
    load_knowledge(facts)
    loading.check_file(facts)
    assert collecting == [False, False, False, False]
    assert gc.isenabled()


def test_what_a_lasting_session_reads_is_frozen_out_of_the_collectors_sight(
    facts: Path,
) -> None:
    from aicompete.session import Session
    from aicompete.terminal import Terminal

    gc.unfreeze()
    passing = Session()
    passing.configure(facts, Terminal(color=False, width=100), True, "dau")
    passing.knowledge()
    assert gc.get_freeze_count() == 0
    lasting = Session(lasting=True)
    lasting.configure(facts, Terminal(color=False, width=100), True, "dau")
    try:
        knowledge = lasting.knowledge()
        assert gc.get_freeze_count() > 0
        assert knowledge.companies
        assert gc.isenabled()
    finally:
        gc.unfreeze()


# Runs `work` on a copy of the bundled file in a fresh interpreter, with an empty cache and
# then a filled one, and prints the files of the package's modules it imported.
IMPORTED_BY = """
import json, sys
from pathlib import Path
facts = Path(sys.argv[1])
{work}
{work}
package = Path(sys.modules["aicompete"].__file__).parent
print(json.dumps(sorted(
    Path(module.__file__).relative_to(package).as_posix()
    for name, module in list(sys.modules.items())
    if name.startswith("aicompete") and getattr(module, "__file__", None)
)))
"""
VALIDATING = (
    "from aicompete.knowledge.loading import load_knowledge\n"
    "from aicompete.knowledge.validation import validate\n"
    "knowledge = load_knowledge(facts)\n"
    "assert all(getattr(knowledge, table) is not None for table in "
    "knowledge.__dataclass_fields__)\n"
)
INDEXING = "from aicompete.knowledge.search_index import for_file\nfor_file(facts)\n"


def _imported_by(work: str, facts: Path) -> set[str]:
    import tempfile

    with tempfile.TemporaryDirectory() as empty:
        env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_CACHE_HOME": empty}
        return _imported_in(work, facts, env)


def _imported_in(work: str, facts: Path, env: dict[str, str]) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", IMPORTED_BY.format(work=work), str(facts)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return set(json.loads(done.stdout))


def test_the_validating_stamp_covers_every_module_that_loading_imports(facts: Path) -> None:
    """A module that validation or the cache reads through, changed, must make entries miss:
    each is in `_VALIDATING_MODULES` (the package's `__init__` is the version, in the key)."""
    imported = _imported_by(VALIDATING, facts) - {"__init__.py"}
    assert imported <= set(cache._VALIDATING_MODULES)
    assert all((ROOT / "aicompete" / name).is_file() for name in cache._VALIDATING_MODULES)


def test_the_search_stamp_covers_every_module_that_indexing_imports(facts: Path) -> None:
    from aicompete.knowledge import search_index

    imported = _imported_by(INDEXING, facts) - _imported_by(VALIDATING, facts)
    assert imported <= set(search_index._SEARCH_MODULES)


def test_an_entry_misses_when_a_validating_module_changes(facts: Path) -> None:
    data = facts.read_bytes()
    before = cache.key(data)
    module = ROOT / "aicompete" / "proof" / "times.py"
    status = module.stat()
    try:
        os.utime(module, ns=(status.st_atime_ns, status.st_mtime_ns + 1))
        assert cache.key(data) != before
    finally:
        os.utime(module, ns=(status.st_atime_ns, status.st_mtime_ns))
    assert cache.key(data) == before


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
