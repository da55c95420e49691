"""Reading a file that must be a regular file: the knowledge file, a source's text, a cache entry.

Opened without waiting (a pipe or a device never hangs a command), checked to be a regular
file before a byte is read, read up to a limit (a link to an endless device cannot exhaust
memory), and read again if it changed while being read, so that a file another program is
rewriting gives its old bytes or its new ones, not a mix. A file that changed a moment ago may
be one that a writer has just emptied, or written a part of, to write it again in place: it is
read once more after that moment, rather than taken for a shorter knowledge base.
"""

from __future__ import annotations

import os
import stat
import time

# Not `typing.TYPE_CHECKING`: the check of a stored answer reads through this module, and
# imports nothing it does not use (see `aicompete.entry`).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

# A file changed this recently may still be being written: read once more after.
_SETTLING_SECONDS = 0.2
_ATTEMPTS = 5


class NotRegularFile(OSError):
    """A folder, a pipe, a device or a socket where a regular file was expected."""


class TooLarge(OSError):
    """A file larger than the reader's limit."""

    def __init__(self, size: int) -> None:
        super().__init__(f"{size:,} bytes")
        self.size = size


class NotPrivate(OSError):
    """A file that another user owns, or that others may write: not to be trusted."""


class KeepsChanging(OSError):
    """A file that changed every time it was read."""


def read_regular_file(
    path: str | Path,
    limit: int,
    *,
    follow_links: bool = True,
    private: bool = False,
    renamed_into_place: bool = False,
) -> bytes:
    """The file's bytes, as `read_snapshot` reads them."""
    return read_snapshot(
        path,
        limit,
        follow_links=follow_links,
        private=private,
        renamed_into_place=renamed_into_place,
    )[0]


def read_snapshot(
    path: str | Path,
    limit: int,
    *,
    follow_links: bool = True,
    private: bool = False,
    renamed_into_place: bool = False,
) -> tuple[bytes, os.stat_result]:
    """The file's bytes, at most `limit` of them, and its status when they were read.

    Raise `NotRegularFile`, `TooLarge`, `KeepsChanging`, `NotPrivate` (with `private`: a file
    not owned by this user, or writable by others), or the `OSError` of opening it; without
    `follow_links`, a link is not followed (`OSError` ELOOP). A file that is only ever
    `renamed_into_place` whole (a cache entry) is never rewritten in place: one changed a
    moment ago is read at once, whatever other writers go on renaming over it.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
    if not follow_links:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    for _ in range(_ATTEMPTS):
        descriptor = os.open(path, flags)
        try:
            before = _checked(os.fstat(descriptor), limit, private)
            data = _read(descriptor, limit + 1)
            after = os.fstat(descriptor)
        finally:
            os.close(descriptor)
        if len(data) > limit:
            raise TooLarge(len(data))
        if (
            _same(before, after)
            and len(data) == after.st_size
            and (renamed_into_place or _settled(after))
        ):
            return data, after
    raise KeepsChanging(f"it changed each of the {_ATTEMPTS} times it was read")


def _checked(status: os.stat_result, limit: int, private: bool) -> os.stat_result:
    if stat.S_ISDIR(status.st_mode):
        raise IsADirectoryError("is a folder")
    if not stat.S_ISREG(status.st_mode):
        raise NotRegularFile("is not a regular file")
    if private and (status.st_uid != os.geteuid() or status.st_mode & 0o022):
        raise NotPrivate("is another user's, or others may write it")
    if status.st_size > limit:
        raise TooLarge(status.st_size)
    return status


def _read(descriptor: int, most: int) -> bytes:
    chunks = []
    while most > 0:
        chunk = os.read(descriptor, min(most, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        most -= len(chunk)
    return b"".join(chunks)


def _same(before: os.stat_result, after: os.stat_result) -> bool:
    return (before.st_ino, before.st_size, before.st_mtime_ns) == (
        after.st_ino,
        after.st_size,
        after.st_mtime_ns,
    )


def _settled(status: os.stat_result) -> bool:
    """Whether the file has not changed for a moment; if it changed just now, wait out that
    moment and say no, so that it is read again."""
    age = time.time() - status.st_mtime
    if age >= _SETTLING_SECONDS or age < 0:
        return True
    time.sleep(_SETTLING_SECONDS - age)
    return False
