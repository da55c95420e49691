"""What a file's status says about its bytes, as git and make judge files.

Hashing a large knowledge file costs more than loading it from the cache, so the cache folder
remembers, per file name, the status (device, inode, size, modification and change times) the
file had when its bytes were hashed, and the hash: `file-<hash of the name>.status`. A file
whose status is unchanged holds those bytes still, unless it was changed so shortly before it
was hashed that a second change within the same clock tick could have left its status as it
was: such a record is not trusted.

Only `os` is used: `aicompete.entry` checks through this module that a stored answer's
knowledge files are unchanged before anything else is imported.
"""

from __future__ import annotations

import os

from aicompete.knowledge.regular_files import read_regular_file

try:
    # hashlib's own import sets up OpenSSL, which costs more than the hashing; blake2 is built in.
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - every CPython build has it
    from hashlib import blake2b

CONTENT_SIZE = 20
# A file changed this shortly before its bytes were hashed may change again within the same
# timestamp, unseen: its status is trusted only once it is older than this (as git treats a
# "racily clean" file).
RACY_NS = 2_000_000_000
_MAGIC = "aicompete-status 1"
_MAX_RECORD_BYTES = 512

# The hash of the bytes each file was read as in this process, by its absolute name; None for
# a file read as two different contents (changed while the process ran). What a stored answer
# depends on (`aicompete.answers`).
identified: dict[str, bytes | None] = {}


def cache_folder() -> str:
    """`$XDG_CACHE_HOME/aicompete`, else `~/.cache/aicompete` (a relative XDG path is ignored);
    `RuntimeError` when there is no home folder to be found."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(base):
        return os.path.join(base, "aicompete")
    home = os.path.expanduser("~")
    if home.startswith("~"):
        raise RuntimeError("no home folder")
    return os.path.join(home, ".cache", "aicompete")


def content_hash(data: bytes) -> bytes:
    return blake2b(data, digest_size=CONTENT_SIZE).digest()


def record_of(name: str) -> str:
    """Where the status of the file with the absolute `name` (as named, not resolved) is
    remembered."""
    digest = blake2b(os.fsencode(name), digest_size=CONTENT_SIZE).hexdigest()
    return os.path.join(cache_folder(), f"file-{digest}.status")


def record_text(content: bytes, status: os.stat_result, hashed_at_ns: int) -> bytes:
    """What is remembered of a file whose bytes hash to `content`, read with `status` and
    hashed at `hashed_at_ns`."""
    stamp = " ".join(map(str, [*status_fields(status), hashed_at_ns]))
    return f"{_MAGIC}\n{stamp}\n{content.hex()}".encode()


def remembered_content(name: str) -> bytes | None:
    """The hash of the bytes of the file with the absolute `name`, without reading it, if its
    status is that of the bytes last hashed there and they were hashed well after they last
    changed; else None, and the file must be read. A record that another user could have
    written, or that is not a regular file, is not trusted."""
    try:
        record = read_regular_file(
            record_of(name), _MAX_RECORD_BYTES, follow_links=False, private=True
        ).decode("ascii")
        status = os.stat(name)
    except (OSError, RuntimeError, UnicodeDecodeError):
        return None
    magic, _, rest = record.partition("\n")
    stamp, _, content = rest.partition("\n")
    if magic != _MAGIC or len(content) != 2 * CONTENT_SIZE:
        return None
    try:
        *seen, hashed_at = map(int, stamp.split())
        found = bytes.fromhex(content)
    except ValueError:
        return None
    # A change time counts too: a copy that keeps the old modification time changes it.
    changed = max(status.st_mtime_ns, status.st_ctime_ns)
    if seen != status_fields(status) or changed >= hashed_at - RACY_NS:
        return None
    return found


def identify(name: str, content: bytes) -> None:
    """Note that this process read the file with the absolute `name` as bytes that hash to
    `content`."""
    known = identified.setdefault(name, content)
    if known != content:
        identified[name] = None


def status_fields(status: os.stat_result) -> list[int]:
    return [status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns]
