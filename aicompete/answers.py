"""Answers already given, kept in the cache folder to be given again without the command line.

A `Question` is everything that shapes an answer's bytes: the arguments as given, the working
folder, the version and the state of the code, the environment that shapes output, whether
stdout and stderr are terminals, and their encodings. Its key names the answer's file,
`answer-<key>` in the cache folder. An `Answer` is the exit status, the bytes written to
stdout and stderr in the order they were written, and the knowledge files it was read from,
each with the hash of the bytes read: it is given again only while each of those files is
known by its status to hold those bytes still (`knowledge.file_status`). Which answers are
kept is the command line's choice (`core`): only those written to a pipe or a file.

An answer's file is trusted only if it is a regular file of this user's that others cannot
write, and whole: a header (magic, key, payload length and hash) is checked before anything
is read from it. Anything else is no answer, and the question goes to the command line.
Files are written as the cache's are (a private folder, a temporary file renamed into place)
and pruned: the newest `KEEP_ANSWERS` are kept, within `KEEP_BYTES` in all.

Only `os` and `sys` are imported here: reading an answer must cost little more than starting
Python.
"""

from __future__ import annotations

import os
import sys

from aicompete import __version__
from aicompete.knowledge import file_status

# Not `typing.TYPE_CHECKING`: typing costs more to import than reading an answer.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping

try:
    # hashlib's own import sets up OpenSSL, which costs more than the hashing; blake2 is built in.
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - every CPython build has it
    from hashlib import blake2b

FORMAT = 1
MAGIC = b"aicompete-answer 1\n"
KEY_SIZE = 20
CHECKSUM_SIZE = 16
HEADER_SIZE = len(MAGIC) + KEY_SIZE + 8 + CHECKSUM_SIZE
# Larger answers are written again rather than kept: copying them costs more than starting
# Python, and a few would fill the folder.
MAX_ANSWER_BYTES = 16 * 1024 * 1024
KEEP_ANSWERS = 64
KEEP_BYTES = 64 * 1024 * 1024
STDOUT, STDERR = 1, 2

# Environment variables that change what a command writes, besides every AICOMPETE_* and LC_*
# one: width, height and colour; the pager and its settings; the locale and encodings.
SHAPING = frozenset(
    {
        "COLUMNS",
        "LINES",
        "NO_COLOR",
        "FORCE_COLOR",
        "TERM",
        "PAGER",
        "LESS",
        "LV",
        "LANG",
        "LANGUAGE",
        "PYTHONIOENCODING",
        "PYTHONUTF8",
    }
)
SHAPING_PREFIXES = ("AICOMPETE_", "LC_")
# Set by a shell that asks for completions: never an answer to keep.
COMPLETION = "_AICOMPETE_COMPLETE"


class Question:
    """What an answer is given for, reduced to its `key`."""

    __slots__ = ("key",)

    def __init__(self, key: bytes) -> None:
        self.key = key

    @classmethod
    def of_process(cls) -> Question | None:
        """This process's question; None where no answer is kept: output to a terminal (which
        may be paged), a shell asking for completions, a closed stdout or stderr."""
        if sys.stdout is None or sys.stderr is None or COMPLETION in os.environ:
            return None
        try:
            if os.isatty(sys.stdout.fileno()):
                return None
            stderr_tty = os.isatty(sys.stderr.fileno())
            cwd = os.getcwd()
        except (OSError, ValueError, AttributeError):
            return None
        return cls.of(
            sys.argv[1:],
            cwd,
            os.environ,
            stderr_tty,
            (sys.stdout.encoding, sys.stderr.encoding),
        )

    @classmethod
    def of(
        cls,
        argv: list[str],
        cwd: str,
        environ: Mapping[str, str],
        stderr_tty: bool,
        encodings: tuple[str, str],
    ) -> Question:
        shaping = sorted(
            (name, value)
            for name, value in environ.items()
            if name in SHAPING or name.startswith(SHAPING_PREFIXES)
        )
        asked = (FORMAT, __version__, code_stamp(), argv, cwd, shaping, stderr_tty, encodings)
        # repr is exact for these types, and escapes what a name cannot encode.
        text = repr(asked).encode("utf-8", "backslashreplace")
        return cls(blake2b(text, digest_size=KEY_SIZE).digest())


def code_stamp() -> str:
    """Size and time of every file of the package, and the time of every folder Python
    imports from but the program's own: a changed checkout, a reinstall and an upgraded
    dependency each change it."""
    package = os.path.dirname(os.path.abspath(__file__))
    stamps = [sys.version]
    folders = [package]
    while folders:
        folder = folders.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name == "__pycache__":
                    continue
                if entry.is_dir():
                    folders.append(entry.path)
                    continue
                status = entry.stat()
                stamps.append(f"{entry.path}:{status.st_size}:{status.st_mtime_ns}")
    for folder in sys.path[1:]:
        try:
            stamps.append(f"{folder}:{os.stat(folder).st_mtime_ns}")
        except OSError:
            continue
    stamps.sort()
    return "\n".join(stamps)


class Answer:
    """What a command gave: its exit status, its output (`(STDOUT or STDERR, bytes)`, in the
    order written), and the knowledge files it read (absolute name, hash of the bytes read)."""

    __slots__ = ("output", "read", "status")

    def __init__(
        self, status: int, output: list[tuple[int, bytes]], read: list[tuple[str, bytes]]
    ) -> None:
        self.status = status
        self.output = output
        self.read = read

    def encode(self, key: bytes) -> bytes:
        parts = [self.status.to_bytes(1, "big"), len(self.read).to_bytes(4, "big")]
        for name, content in self.read:
            encoded = os.fsencode(name)
            parts += [len(encoded).to_bytes(4, "big"), encoded, content]
        parts.append(len(self.output).to_bytes(4, "big"))
        for stream, data in self.output:
            parts += [stream.to_bytes(1, "big"), len(data).to_bytes(8, "big"), data]
        payload = b"".join(parts)
        length = len(payload).to_bytes(8, "big")
        return MAGIC + key + length + _checksum(payload) + payload

    @classmethod
    def decode(cls, blob: bytes, key: bytes) -> Answer | None:
        """The answer in a file's bytes, or None if they are not a whole one for `key`."""
        header = MAGIC + key
        if len(blob) < HEADER_SIZE or not blob.startswith(header):
            return None
        at = len(header)
        length = int.from_bytes(blob[at : at + 8], "big")
        checksum = blob[at + 8 : HEADER_SIZE]
        payload = memoryview(blob)[HEADER_SIZE:]
        if len(payload) != length or _checksum(payload) != checksum:
            return None
        reader = _Reader(payload)
        try:
            status = reader.number(1)
            read = [
                (os.fsdecode(reader.take(reader.number(4))), reader.take(file_status.CONTENT_SIZE))
                for _ in range(reader.number(4))
            ]
            output = [
                (reader.number(1), reader.take(reader.number(8))) for _ in range(reader.number(4))
            ]
        except IndexError:
            return None
        if not reader.done or any(stream not in (STDOUT, STDERR) for stream, _ in output):
            return None
        return cls(status, output, read)

    def holds(self) -> bool:
        """Whether every file it was read from is known to hold the same bytes still."""
        return all(file_status.remembered_content(name) == content for name, content in self.read)


class _Reader:
    """Fields read in turn from an answer's payload; past its end, `IndexError`."""

    def __init__(self, payload: memoryview) -> None:
        self._payload = payload
        self._at = 0

    def take(self, size: int) -> bytes:
        end = self._at + size
        if end > len(self._payload):
            raise IndexError("past the end of the answer")
        found = self._payload[self._at : end].tobytes()
        self._at = end
        return found

    def number(self, size: int) -> int:
        return int.from_bytes(self.take(size), "big")

    @property
    def done(self) -> bool:
        return self._at == len(self._payload)


def path_of(key: bytes) -> str:
    return os.path.join(file_status.cache_folder(), f"answer-{key.hex()}")


def find(question: Question) -> Answer | None:
    """The answer kept for `question`, if there is a sound one whose files are unchanged."""
    from aicompete.knowledge.regular_files import read_regular_file

    try:
        blob = read_regular_file(
            path_of(question.key), HEADER_SIZE + MAX_ANSWER_BYTES, follow_links=False, private=True
        )
    except (OSError, RuntimeError):
        return None
    answer = Answer.decode(blob, question.key)
    return answer if answer is not None and answer.holds() else None


def keep(question: Question, answer: Answer) -> None:
    """Keep `answer` for `question`, and prune the oldest answers; any failure is silent and
    only costs speed."""
    from pathlib import Path

    from aicompete.knowledge import cache

    if sum(len(data) for _, data in answer.output) > MAX_ANSWER_BYTES:
        return
    try:
        destination = Path(path_of(question.key))
    except RuntimeError:
        return
    if cache.write_atomically(destination, answer.encode(question.key), ".answer-"):
        cache.prune("answer-*", ".answer-*.tmp", destination, KEEP_ANSWERS, KEEP_BYTES)


def _checksum(payload: bytes | memoryview) -> bytes:
    # Against damage, not forgery: the file is the user's own, and its name is its key.
    return blake2b(payload, digest_size=CHECKSUM_SIZE).digest()
