"""A cache of validated knowledge bases in the user's cache folder, keyed by file content.

Parsing and validating a knowledge file is most of the cost of a command, so the loader keeps
the validated `KnowledgeBase` here and a later run with the same file bytes unpickles it,
without importing tomli or pydantic, each kind of record when it is first read
(`stored.StoredKnowledge`). Only successful loads are stored.

An entry is `kb-<key>.pickle` in `$XDG_CACHE_HOME/aicompete` (else `~/.cache/aicompete`). Its
key is a hash of the file's bytes, the cache format, the aicompete version and the state of the
validating modules, so an edited file, a new release or changed code simply misses. An entry
starts with a header (magic, key, payload length, payload checksum) that is checked before
unpickling: a corrupt, truncated or foreign file is ignored and rebuilt. Entries are written to
a temporary file and renamed into place, so a reader never sees half an entry and two writers
racing both leave a whole one. Nothing here raises: a cache folder that cannot be read or
written only costs speed.

Hashing a large file costs more than unpickling it, so the folder also remembers, per file
path, the status the file had when its bytes were hashed (`file_status`): a file whose status
is unchanged is not read again. Other things kept per knowledge file (its search index) take
keys derived from the entry key (`derived_key`).
"""

from __future__ import annotations

import dataclasses
import io
import os
import stat
import time
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from aicompete import __version__, frozen
from aicompete.knowledge import file_status

if TYPE_CHECKING:
    # Imported where used: a search index's key needs no knowledge base classes.
    from aicompete.knowledge.models import KnowledgeBase
    from aicompete.knowledge.stored import Section

try:
    # hashlib's own import sets up OpenSSL, which costs more than the hashing; blake2 is built in.
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - every CPython build has it
    from hashlib import blake2b
try:
    # The C pickler alone: the pickle module's pure-Python half costs a warm run more to
    # import than its knowledge base costs to unpickle.
    import _pickle as pickle
except ImportError:  # pragma: no cover - every CPython build has it
    import pickle  # type: ignore[no-redef]

FORMAT = 2
# pickle.HIGHEST_PROTOCOL since Python 3.8, read by every Python this runs on.
PICKLE_PROTOCOL = 5
MAGIC = b"aicompete-kb\n"
KEY_SIZE = 20
CHECKSUM_SIZE = 4
LENGTH_SIZE = 8
# Older entries beyond this many are removed when a new one is written, and temporary files
# older than this many seconds (no write takes that long).
KEEP_ENTRIES = 8
ABANDONED_AFTER = 3600
# Larger than any entry of a knowledge file within the loader's limit.
MAX_ENTRY_BYTES = 256 * 1024 * 1024


def folder() -> Path:
    """`$XDG_CACHE_HOME/aicompete`, else `~/.cache/aicompete` (a relative XDG path is ignored);
    `RuntimeError` when there is no home folder to be found."""
    return Path(file_status.cache_folder())


def key(data: bytes) -> bytes:
    """The entry key of a knowledge file's bytes, for this version of aicompete."""
    return _key_of(file_status.content_hash(data))


def _key_of(content: bytes) -> bytes:
    """The entry key of the knowledge file whose bytes hash to `content`."""
    stamp = _code_stamp(_VALIDATING_MODULES)
    digest = blake2b(f"{FORMAT}:{__version__}:{stamp}:".encode(), digest_size=KEY_SIZE)
    digest.update(content)
    return digest.digest()


def remembered_key(path: Path) -> bytes | None:
    """The entry key of the file at `path` without reading it, if its status says it holds
    the bytes last hashed there (`file_status.remembered_content`); else None, and the file
    must be read."""
    name = os.fspath(path.absolute())
    content = file_status.remembered_content(name)
    if content is None:
        return None
    file_status.identify(name, content)
    return _key_of(content)


def identified_key(path: Path) -> bytes | None:
    """The entry key of the file at `path` as this process read it, if it read it as one
    content (`file_status.identify`)."""
    content = file_status.identified.get(os.fspath(path.absolute()))
    return _key_of(content) if content is not None else None


def remember(path: Path, data: bytes, status: os.stat_result) -> bytes:
    """The entry key of `data`, the bytes of the file at `path` read with `status`; and
    remember both for `remembered_key`. Writing the record may fail silently."""
    name = os.fspath(path.absolute())
    content = file_status.content_hash(data)
    file_status.identify(name, content)
    try:
        record = Path(file_status.record_of(name))
    except RuntimeError:
        # Path.home() with no home folder to be found.
        return _key_of(content)
    if write_atomically(
        record, file_status.record_text(content, status, time.time_ns()), ".status-"
    ):
        prune("file-*.status", ".status-*.tmp", keep=record)
    return _key_of(content)


def derived_key(entry_key: bytes, what: str, modules: tuple[str, ...]) -> bytes:
    """The key of something else kept for the knowledge file of `entry_key` (`what`, such as
    its search index), which also depends on the code of `modules`."""
    stamp = _code_stamp(modules)
    digest = blake2b(f"{what}:{stamp}:".encode(), digest_size=KEY_SIZE)
    digest.update(entry_key)
    return digest.digest()


# Every module that reading and validating a knowledge file, or reading an entry, imports
# (tests/test_cache.py checks that the list covers them): a change to any of them may change
# what a valid knowledge base is, or how an entry reads, and must miss. The package's
# `__init__` is the version, already in the key.
_VALIDATING_MODULES = (
    "errors.py",
    "frozen.py",
    "knowledge/__init__.py",
    "knowledge/cache.py",
    "knowledge/catalog.py",
    # How validation compares names (`fold`): a name it would now refuse must miss.
    "knowledge/confusables.txt",
    "knowledge/cycles.py",
    "knowledge/dates.py",
    "knowledge/file_status.py",
    "knowledge/kinds.py",
    "knowledge/loading.py",
    "knowledge/look_alikes.py",
    "knowledge/models.py",
    "knowledge/problems.py",
    "knowledge/progress.py",
    "knowledge/regular_files.py",
    "knowledge/stored.py",
    "knowledge/toml_chunks.py",
    "knowledge/toml_lines.py",
    "knowledge/validation.py",
    "proof/__init__.py",
    # Which times need their source's publication date (`needs_published`).
    "proof/times.py",
)


def _code_stamp(modules: tuple[str, ...]) -> str:
    """Size and time of `modules`, such as those that decide what a valid knowledge base is.

    A release changes the version; this makes a changed checkout (a new check, a new field)
    miss as well, instead of serving a knowledge base that the new code would refuse.
    """
    package = Path(__file__).parent.parent
    stamps = []
    for name in modules:
        try:
            status = (package / name).stat()
        except OSError:
            stamps.append("-")
        else:
            stamps.append(f"{status.st_size}.{status.st_mtime_ns}")
    return ",".join(stamps)


def entry(entry_key: bytes) -> Path:
    return folder() / f"kb-{entry_key.hex()}.pickle"


def load(
    entry_key: bytes,
    fallback: Callable[[], KnowledgeBase] | None = None,
    settled: Callable[[], None] | None = None,
) -> KnowledgeBase | None:
    """The knowledge base stored under `entry_key`, or None if there is no sound entry; each
    kind of record is made when first read (`stored.StoredKnowledge`, which `fallback` and
    `settled` are given to).

    An entry is trusted only if it is a regular file of this user's that others cannot
    write; a link is not followed. Anything else (planted by another user, a pipe, a link to
    a device) is ignored, and the knowledge file is read instead.
    """
    blob = read_entry(lambda: entry(entry_key))
    return None if blob is None else decode(blob, entry_key, fallback, settled)


def read_entry(where: Callable[[], Path]) -> bytes | None:
    """The bytes of the entry at `where()`, read only from a regular file of this user's that
    others cannot write, never through a link; None if there is none to trust."""
    from aicompete.knowledge.regular_files import read_regular_file

    try:
        return read_regular_file(
            where(), MAX_ENTRY_BYTES, follow_links=False, private=True, renamed_into_place=True
        )
    except (OSError, RuntimeError):
        # RuntimeError: Path.home() with no home folder to be found.
        return None


def framed(magic: bytes, key: bytes, parts: Sequence[bytes]) -> bytes:
    """An entry's bytes: what it is (`magic`), its key, its payload's length and CRC-32, then
    the payload, `parts` one after another."""
    checksum = 0
    for part in parts:
        checksum = zlib.crc32(part, checksum)
    length = sum(map(len, parts)).to_bytes(LENGTH_SIZE, "big")
    return b"".join([magic, key, length, checksum.to_bytes(CHECKSUM_SIZE, "big"), *parts])


def payload_of(blob: bytes, magic: bytes, key: bytes) -> memoryview | None:
    """The payload of an entry's bytes, if they are a whole, undamaged entry of `magic` and
    `key`: checked before anything in it is unpickled."""
    # The checksum is against damage, not forgery: the key ties an entry to what it was made of.
    header_size = len(magic) + len(key) + LENGTH_SIZE + CHECKSUM_SIZE
    if len(blob) < header_size or not blob.startswith(magic + key):
        return None
    at = len(magic) + len(key)
    length = int.from_bytes(blob[at : at + LENGTH_SIZE], "big")
    checksum = int.from_bytes(blob[at + LENGTH_SIZE : header_size], "big")
    payload = memoryview(blob)[header_size:]
    return payload if len(payload) == length and zlib.crc32(payload) == checksum else None


def store_entry(destination: Path, blob: bytes, kind: str, count: int = KEEP_ENTRIES) -> None:
    """Write an entry of `kind` (`kb`, `listing`, `verdicts`) atomically and keep the `count`
    newest of its kind; any failure is silent and only costs speed."""
    if write_atomically(destination, blob, f".{kind}-"):
        prune(f"{kind}-*.pickle", f".{kind}-*.tmp", keep=destination, count=count)


def decode(
    blob: bytes,
    entry_key: bytes,
    fallback: Callable[[], KnowledgeBase] | None = None,
    settled: Callable[[], None] | None = None,
) -> KnowledgeBase | None:
    """The knowledge base in an entry's bytes, or None if they are not a whole, sound entry
    of this code's records (see `encode`)."""
    from aicompete.knowledge.models import KnowledgeBase
    from aicompete.knowledge.stored import StoredKnowledge

    payload = payload_of(blob, MAGIC, entry_key)
    if payload is None:
        return None
    try:
        size = int.from_bytes(payload[:LENGTH_SIZE], "big")
        contents = ModelsOnly(io.BytesIO(payload[LENGTH_SIZE : LENGTH_SIZE + size])).load()
        sections = _sections(contents, LENGTH_SIZE + size, len(payload))
    except Exception:
        return None
    if sections is None or tuple(sections) != frozen.attribute_names(KnowledgeBase):
        return None
    return StoredKnowledge.of(payload, sections, ModelsOnly, fallback, settled)


def _sections(contents: object, first: int, end: int) -> dict[str, Section] | None:
    """Each kind's section, from an entry's contents, if they are this code's records and lie
    within the payload, one after another."""
    if not isinstance(contents, list):
        return None
    sections: dict[str, Section] = {}
    at = first
    for item in contents:
        if not (isinstance(item, tuple) and len(item) == 4 and isinstance(item[0], str)):
            return None
        table, cls, names, size = item
        if cls is not None and names != frozen.attribute_names(cls):
            return None
        if not isinstance(size, int) or size < 0 or at + size > end:
            return None
        sections[table] = (cls, names, at, at + size)
        at += size
    return sections if at == end else None


def encode(knowledge: KnowledgeBase, entry_key: bytes) -> bytes:
    """An entry's bytes: header, then its contents and each kind's records (see `_packed`)."""
    contents, sections = _packed(knowledge)
    size = len(contents).to_bytes(LENGTH_SIZE, "big")
    return framed(MAGIC, entry_key, [size, contents, *sections])


def _packed(knowledge: KnowledgeBase) -> tuple[bytes, list[bytes]]:
    """For each kind of record, its pickled rows: one tuple of values per record; and the
    entry's contents, each kind's name, class, field names and the size of its rows.

    Unpickling tuples of values runs in C, and `frozen.from_rows` then makes the records a
    field at a time, also in C: a third cheaper than unpickling each record by its __init__.
    Each kind apart, a command unpickles only the kinds it reads.
    """
    from aicompete.knowledge.models import KnowledgeBase

    contents: list[tuple[str, type | None, tuple[str, ...], int]] = []
    sections = []
    # The knowledge base's own fields: importing `kinds` would cost every cached answer more.
    for table in frozen.attribute_names(KnowledgeBase):
        items = getattr(knowledge, table)
        cls = type(items[0]) if items else None
        names = frozen.attribute_names(cls) if cls else ()
        rows = pickle.dumps(frozen.to_rows(items, names), protocol=PICKLE_PROTOCOL)
        contents.append((table, cls, names, len(rows)))
        sections.append(rows)
    return pickle.dumps(contents, protocol=PICKLE_PROTOCOL), sections


def store(entry_key: bytes, knowledge: KnowledgeBase) -> None:
    """Write the entry atomically; any failure is silent and only costs speed."""
    try:
        blob = encode(knowledge, entry_key)
        destination = entry(entry_key)
    except Exception:
        return
    store_entry(destination, blob, "kb")


def private(where: Path, *, directory: bool) -> bool:
    """Whether `where` is this user's, a folder (or a regular file), not a link, and others
    cannot write it."""
    status = where.lstat()
    kind_ok = stat.S_ISDIR(status.st_mode) if directory else stat.S_ISREG(status.st_mode)
    return kind_ok and status.st_uid == os.geteuid() and not status.st_mode & 0o022


def temporary(prefix: str) -> tuple[int, Path]:
    """A new private file in the cache folder, open for writing, to be renamed into place:
    its descriptor and path. Raise `OSError` (or `RuntimeError`, with no home folder)."""
    where = folder()
    # Private: another local user must not read what this user looked up, nor plant an
    # entry (which `load` would refuse anyway).
    where.mkdir(mode=0o700, parents=True, exist_ok=True)
    # A folder made before, by hand, that is another user's or that others may write, is not
    # written to: others could swap what is written there for a link or a forgery.
    if not private(where, directory=True):
        raise PermissionError(f"{where} is not this user's alone")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    # As tempfile.mkstemp makes it, without importing tempfile, which costs a warm run more
    # than writing the file.
    for _ in range(100):
        name = where / f"{prefix}{os.getpid()}-{os.urandom(8).hex()}.tmp"
        try:
            return os.open(name, flags, 0o600), name
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name in {where}")


def write_atomically(destination: Path, blob: bytes, prefix: str) -> bool:
    """Write `blob` to `destination` in the cache folder atomically: a temporary file renamed
    into place. False, silently, when it cannot be done."""
    try:
        handle, written = temporary(prefix)
    except Exception:
        return False
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(blob)
        written.replace(destination)
    except BaseException as error:
        remove(written)
        # A failure only costs speed; an interrupt or a signal still stops the run.
        if not isinstance(error, Exception):
            raise
        return False
    return True


def prune(
    entries: str,
    temporaries: str,
    keep: Path,
    count: int = KEEP_ENTRIES,
    size: int | None = None,
) -> None:
    """Remove all but the newest `count` entries matching the pattern `entries` (and, with
    `size`, the oldest until the rest take at most `size` bytes), so that editing a file does
    not fill the disk; and temporary files that a killed process left behind."""
    where = keep.parent
    try:
        # lstat: a link is judged, and removed, as the link it is.
        others = [(path, path.lstat()) for path in where.glob(entries) if path != keep]
        others.sort(key=lambda found: found[1].st_mtime_ns)
        abandoned = [
            path
            for path in where.glob(temporaries)
            if path.lstat().st_mtime < time.time() - ABANDONED_AFTER
        ]
        total = keep.lstat().st_size + sum(status.st_size for _, status in others)
    except OSError:
        return
    extra = max(0, len(others) - (count - 1))
    total -= sum(status.st_size for _, status in others[:extra])
    while size is not None and extra < len(others) and total > size:
        total -= others[extra][1].st_size
        extra += 1
    for old in [*(path for path, _ in others[:extra]), *abandoned]:
        remove(old)


def remove(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        return


class ModelsOnly(pickle.Unpickler):
    """An unpickler that makes nothing but the knowledge base's own classes."""

    def find_class(self, module: str, name: str) -> type:
        from aicompete.knowledge import models

        found = getattr(models, name, None) if module == models.__name__ else None
        if not (isinstance(found, type) and dataclasses.is_dataclass(found)):
            raise pickle.UnpicklingError(f"{module}.{name} is not a knowledge base class")
        return found
