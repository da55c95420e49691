"""Writing a file the user named (`export`, `brief -o`, `chart -o`), so that whatever happens
(a full disk, a kill, another program racing) the name holds the old file or the new one
whole, never a part of either.

The new bytes go to a temporary file in the target's folder, so that the rename never crosses
a file system: `.aicompete-<pid>-<random>.tmp`, a short name of its own (the target's name may
already be as long as names go). It is locked while it is written, flushed to the disk, and
then renamed over the target (with `replace`), or linked to its name only if no file has
taken it meanwhile. A temporary file that a killed run left behind, older than a minute and
locked by no live process, is removed by the next write to that folder.

Only regular files are written: a link, a pipe, a device or a folder in the target's place
is refused, before anything is opened.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from aicompete.errors import UsageError
from aicompete.frozen import frozen

TEMPORARY_PREFIX = ".aicompete-"
TEMPORARY_SUFFIX = ".tmp"
# A temporary file older than this, that no live process holds locked, was left by a run
# that was killed: a live run locks its file for as long as it writes it.
ABANDONED_AFTER_SECONDS = 60.0


class Refused(UsageError):
    """A target that is not written: stdout where a file is needed, one that is not a regular
    file, or one that exists (without `--force`)."""


class Overtaken(UsageError):
    """A file that another program made in the target's place while this one wrote it: kept,
    since replacing it was not asked for."""


@frozen
class Temporary:
    """The file being written: its path, and its descriptor, open for writing and locked."""

    path: Path
    descriptor: int


def check_target(target: Path, *, replace: bool) -> bool:
    """Whether the target exists; raise `Refused` if it may not be written."""
    if str(target) == "-":
        raise Refused("this is written to a file, not to stdout: name one")
    try:
        status = target.lstat()
    except FileNotFoundError:
        return False
    if stat.S_ISLNK(status.st_mode):
        raise Refused(f"{target} is a link; only regular files are written")
    if not stat.S_ISREG(status.st_mode):
        raise Refused(f"{target} is not a regular file; only regular files are written")
    if not replace:
        raise Refused(f"{target} exists; use --force to replace it")
    return True


def write_file(target: Path, data: bytes, *, replace: bool) -> None:
    """Write `data` to `target` whole, or leave it as it was: see `replacing`."""
    with replacing(target, replace=replace) as temporary:
        view = memoryview(data)
        while view:
            view = view[os.write(temporary.descriptor, view) :]


@contextlib.contextmanager
def replacing(
    target: Path, *, replace: bool, before_rename: Callable[[], None] | None = None
) -> Iterator[Temporary]:
    """A temporary file beside `target`, to fill in the block; when the block ends without an
    error, it is flushed to the disk, `before_rename` is called, and it takes the target's
    name: over the file there with `replace` (whose mode and, where allowed, owner it keeps),
    else only if no file has that name (raise `Overtaken`). On an error, an interrupt or a
    signal, it is removed and the target is as it was.

    Raise `Refused` for a target that may not be written, and `OSError` for what the disk
    refuses.
    """
    check_target(target, replace=replace)
    folder = target.parent
    prune_abandoned(folder)
    temporary = _create(folder)
    try:
        yield temporary
        os.fsync(temporary.descriptor)
        if before_rename is not None:
            before_rename()
        _take_name(temporary.path, target, replace=replace)
    finally:
        os.close(temporary.descriptor)
        with contextlib.suppress(FileNotFoundError):
            temporary.path.unlink()
    _sync_folder(folder)


def _create(folder: Path) -> Temporary:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    for _ in range(100):
        path = folder / f"{TEMPORARY_PREFIX}{os.getpid()}-{os.urandom(6).hex()}{TEMPORARY_SUFFIX}"
        try:
            descriptor = os.open(path, flags, 0o600)
        except FileExistsError:
            continue
        # Held until the file is renamed or removed: a later run sees that it is alive.
        _lock(descriptor)
        return Temporary(path, descriptor)
    raise FileExistsError(errno.EEXIST, f"no free temporary name in {folder}")


def _lock(descriptor: int) -> bool:
    """Take the descriptor's file lock without waiting; False if a live process holds it.
    (Where there are no such locks, every file is taken for unlocked.)"""
    try:
        import fcntl
    except ImportError:
        return True
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError:
        # A file system without file locks: age alone tells an abandoned file.
        return True
    return True


def _take_name(temporary: Path, target: Path, *, replace: bool) -> None:
    if replace:
        _give_mode(temporary, target)
        # A rename replaces whatever has the name, atomically: readers see one file or the other.
        temporary.replace(target)
        return
    _give_mode(temporary, None)
    try:
        # A link, unlike a rename, fails if the name was taken meanwhile.
        os.link(temporary, target)
    except FileExistsError:
        raise Overtaken(
            f"{target} was made by another program while this one wrote it, and is kept; "
            "use --force to replace it"
        ) from None
    except OSError as error:
        if error.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EMLINK):
            raise
        # A file system without hard links: checked, then renamed, with a moment between.
        if os.path.lexists(target):
            raise Overtaken(
                f"{target} was made by another program while this one wrote it, and is kept; "
                "use --force to replace it"
            ) from None
        temporary.replace(target)


def _give_mode(path: Path, replaced: Path | None) -> None:
    """The mode of the file replaced and, where allowed, its owner; else (a new file, or one
    that another program removed meanwhile) the mode a new file gets from the umask."""
    if replaced is not None:
        try:
            status = replaced.stat()
        except FileNotFoundError:
            pass
        else:
            path.chmod(stat.S_IMODE(status.st_mode))
            # Only the superuser may give a file to another user; anyone else keeps it theirs.
            with contextlib.suppress(OSError):
                os.chown(path, status.st_uid, status.st_gid)
            return
    umask = os.umask(0)
    os.umask(umask)
    path.chmod(0o666 & ~umask)


def _sync_folder(folder: Path) -> None:
    """Put the rename itself on the disk; a folder that cannot be synced is left to the system."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        return
    finally:
        os.close(descriptor)


def prune_abandoned(folder: Path) -> None:
    """Remove the temporary files that killed runs left in `folder`: this user's regular files
    of the temporary name, older than `ABANDONED_AFTER_SECONDS`, that no live process holds
    locked. Nothing that fails here stops a write."""
    try:
        entries = [
            entry
            for entry in os.scandir(folder)
            if entry.name.startswith(TEMPORARY_PREFIX) and entry.name.endswith(TEMPORARY_SUFFIX)
        ]
    except OSError:
        return
    oldest = time.time() - ABANDONED_AFTER_SECONDS
    for entry in entries:
        with contextlib.suppress(OSError):
            status = entry.stat(follow_symlinks=False)
            if (
                stat.S_ISREG(status.st_mode)
                and status.st_uid == os.geteuid()
                and status.st_mtime < oldest
            ):
                _remove_unlocked(Path(entry.path), status)


def _remove_unlocked(path: Path, status: os.stat_result) -> None:
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    descriptor = os.open(path, flags)
    try:
        opened = os.fstat(descriptor)
        # The file judged, not another one put in its place since.
        same = (opened.st_dev, opened.st_ino) == (status.st_dev, status.st_ino)
        if same and _lock(descriptor):
            path.unlink()
    finally:
        os.close(descriptor)
