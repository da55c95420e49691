"""Read a knowledge file: its bytes, its TOML, then a validated knowledge base or every problem.

Nothing here prints or exits: problems are collected as `Problem`s, each with the TOML line
where it can be found, and raised together in one `KnowledgeFileError`. A file whose bytes
were validated before comes from the cache, without parsing; a file unchanged since it was
last read (by its status, see `cache.remembered_key`) is not even read.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aicompete.knowledge.models import KnowledgeBase
from aicompete.knowledge.problems import KnowledgeFileError, Problem

if TYPE_CHECKING:
    from aicompete.knowledge.progress import LoadProgress

# Files larger than this are refused unread. It holds over 200,000 facts like the generated
# ones (100,000 take 29 MB), while the slowest file to answer, dense TOML with a problem on
# every record, is parsed and checked at about 6 MB a second: seconds, not minutes.
MAX_FILE_BYTES = 64 * 1024 * 1024
# The environment variable that sets another limit, in MiB, for a larger knowledge base (a
# million facts like the generated ones take about 300 MB).
MAX_FILE_VARIABLE = "AICOMPETE_MAX_FILE_MB"


def max_file_bytes(path: Path | str) -> int:
    """The most bytes a knowledge file may hold: `MAX_FILE_BYTES`, or AICOMPETE_MAX_FILE_MB
    mebibytes when it is set. Raise `KnowledgeFileError` for `path` when the variable is not
    a whole number above 0."""
    value = os.environ.get(MAX_FILE_VARIABLE, "").strip()
    if not value:
        return MAX_FILE_BYTES
    if value.isascii() and value.isdigit() and int(value) > 0:
        return int(value) * 1024 * 1024
    message = (
        f"cannot be read: {MAX_FILE_VARIABLE} is {value!r}; give the most MiB a knowledge "
        "file may take, a whole number such as 512"
    )
    raise KnowledgeFileError(path, [Problem(message)])


def read_bytes(path: Path) -> bytes:
    """The file's bytes, as `read_knowledge_file` reads them."""
    return read_knowledge_file(path)[0]


def read_knowledge_file(path: Path) -> tuple[bytes, os.stat_result]:
    """The knowledge file's bytes, and its status when they were read; raise
    `KnowledgeFileError` for what is not a regular file, or is too large to be facts."""
    from aicompete.knowledge import regular_files

    limit = max_file_bytes(path)
    try:
        return regular_files.read_snapshot(path, limit)
    except regular_files.TooLarge as error:
        raise KnowledgeFileError(path, [_too_large(error.size, limit)]) from None
    except FileNotFoundError:
        raise KnowledgeFileError(path, [Problem("no such file")]) from None
    except IsADirectoryError:
        raise KnowledgeFileError(path, [Problem("is a folder, not a knowledge file")]) from None
    except regular_files.NotRegularFile:
        message = "is not a regular file (a pipe or a device): give a knowledge file"
        raise KnowledgeFileError(path, [Problem(message)]) from None
    except regular_files.KeepsChanging as error:
        raise KnowledgeFileError(path, [Problem(f"cannot be read: {error}")]) from None
    except OSError as error:
        reason = error.strerror or str(error)
        raise KnowledgeFileError(path, [Problem(f"cannot be read: {reason}")]) from None


def parse_toml(
    path: Path | str, data: bytes, progress: LoadProgress | None = None
) -> tuple[str, dict[str, Any]]:
    """Decode and parse the file's bytes; return its text and the TOML document. The parse is
    a stage told to `progress`, a part of the text at a time (`toml_chunks`)."""
    import tomli

    from aicompete.knowledge.toml_chunks import loads

    try:
        # A byte-order mark, as some editors write, is no part of the TOML.
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        raise KnowledgeFileError(
            path,
            [
                Problem(
                    f"is not UTF-8 text (byte {data[error.start]:#04x})",
                    line=data.count(b"\n", 0, error.start) + 1,
                )
            ],
        ) from None
    nul = data.find(b"\0")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        raise KnowledgeFileError(path, [Problem("contains a NUL byte", line=line)])
    if progress is not None:
        progress.stage(
            f"Parsing {Path(path).name}", total=len(text), expected_seconds=parse_seconds(data)
        )
    try:
        return text, loads(text, progress.advance if progress is not None else _untold)
    except tomli.TOMLDecodeError as error:
        message = getattr(error, "msg", str(error))
        raise KnowledgeFileError(
            path, [Problem(f"invalid TOML: {message}", line=getattr(error, "lineno", None))]
        ) from None
    except RecursionError:
        raise KnowledgeFileError(
            path, [Problem("invalid TOML: arrays or tables are nested too deeply")]
        ) from None
    except ValueError:
        # tomli lets Python's limit on the digits of an integer escape as a plain ValueError.
        raise KnowledgeFileError(
            path, [Problem("invalid TOML: a number has too many digits to read")]
        ) from None


def _untold(_characters: int) -> None:
    """Progress of a parse that nobody is shown."""


# How many bytes of TOML the parser reads in a second, on a slow machine: parsing is one call
# that reports nothing until it ends, so its length is told in advance.
_PARSED_PER_SECOND = 5_000_000


def parse_seconds(data: bytes) -> float:
    """About how long parsing `data` takes."""
    return len(data) / _PARSED_PER_SECOND


def check_file(
    path: Path, progress: LoadProgress | None = None
) -> tuple[dict[str, Any], list[Problem]]:
    """The document in the file at `path` (empty if unreadable) and every problem found in it;
    each stage is told to `progress`."""
    from aicompete.knowledge.progress import Unreported
    from aicompete.knowledge.validation import validate

    progress = progress or Unreported()
    try:
        progress.stage(f"Reading {path.name}")
        data = read_bytes(path)
        with uncollected():
            text, document = parse_toml(path, data, progress)
    except KnowledgeFileError as error:
        return {}, list(error.problems)
    with uncollected():
        return document, validate(text, document, progress)[1]


def load_knowledge(
    path: Path,
    progress: LoadProgress | None = None,
    settled: Callable[[], None] | None = None,
) -> KnowledgeBase:
    """Read, parse and validate a knowledge file; raise `KnowledgeFileError` on any problem.

    A file whose bytes were validated before comes from the cache, without parsing and
    without a word to `progress`, each kind of record made when first read (and then
    `settled` run); otherwise each stage is told to it.
    """
    from aicompete.knowledge import cache

    remembered = cache.remembered_key(path)
    if remembered is not None:
        knowledge = cache.load(remembered, _reread(path), settled)
        if knowledge is not None:
            return knowledge
    data, status = read_knowledge_file(path)
    return knowledge_from(path, data, cache.remember(path, data, status), progress, settled)


def knowledge_from(
    path: Path,
    data: bytes,
    entry_key: bytes,
    progress: LoadProgress | None = None,
    settled: Callable[[], None] | None = None,
) -> KnowledgeBase:
    """The knowledge base in `data`, the bytes of the file at `path` whose key is
    `entry_key`: from the cache, else parsed, validated (each stage told to `progress`) and
    stored there."""
    from aicompete.knowledge import cache

    knowledge = cache.load(entry_key, _reread(path), settled)
    if knowledge is not None:
        return knowledge
    knowledge = _validated(path, data, progress)
    progress = progress or _unreported()
    progress.stage("Caching the validated knowledge base")
    cache.store(entry_key, knowledge)
    return knowledge


def _validated(path: Path, data: bytes, progress: LoadProgress | None) -> KnowledgeBase:
    """The knowledge base in `data`, parsed and validated; raise `KnowledgeFileError`."""
    from aicompete.knowledge.validation import validate

    progress = progress or _unreported()
    with uncollected():
        text, document = parse_toml(path, data, progress)
        knowledge, problems = validate(text, document, progress, consume=True)
    if problems or knowledge is None:
        raise KnowledgeFileError(path, problems)
    return knowledge


def _reread(path: Path) -> Callable[[], KnowledgeBase]:
    """The knowledge base parsed from the file again, once: for a cache entry a part of
    which does not unpickle, though its checksum held."""
    read: list[KnowledgeBase] = []

    def knowledge() -> KnowledgeBase:
        if not read:
            read.append(_validated(path, read_bytes(path), None))
        return read[0]

    return knowledge


def _unreported() -> LoadProgress:
    from aicompete.knowledge.progress import Unreported

    return Unreported()


@contextmanager
def uncollected() -> Iterator[None]:
    """The cyclic garbage collector off, while parsing and validating: what they make is
    mostly kept (the document, the records) or freed as soon as it is dropped, and the
    collector, which runs every few hundred new objects, would walk all that is kept again
    and again as it grows: a cost per fact that grows with the file."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _too_large(size: int, limit: int) -> Problem:
    return Problem(
        f"is {size:,} bytes; the limit is {limit:,} (set {MAX_FILE_VARIABLE} to a number of "
        "MiB to raise it)"
    )
