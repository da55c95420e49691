"""What each source's text hashes to, known from the status of its file without reading it.

`verify` keys the verdicts it keeps on each source's SHA-256, so reading and hashing every
text would be the larger part of a run whose verdicts are kept. As a knowledge file's own hash
is remembered by its status (`file_status`), the hashes of a knowledge file's sources are
remembered by theirs: where each file is once links are resolved, and its device, inode, size,
modification and change times. The record, `texts-<hash of those>.status` in the cache
folder, is made only when every text was read as an article and none had changed within the
clock's margin before it was read; any doubt (a file missing, a link, a record not whole) and
the texts are read again.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from aicompete.knowledge import cache, file_status

if TYPE_CHECKING:
    # Imported where the texts are read: knowing their hashes from their status reads none.
    from aicompete.knowledge.models import KnowledgeBase
    from aicompete.knowledge.source_texts import SourceText, Unreadable

MAGIC = b"aicompete-texts 1\n"
KEEP_RECORDS = 8


def digests_of(texts: Mapping[str, SourceText | Unreadable]) -> dict[str, str]:
    """Each source's SHA-256 by id, or why its text cannot be read."""
    from aicompete.knowledge.source_texts import SourceText

    return {
        source: text.sha256 if isinstance(text, SourceText) else f"unreadable: {text.reason}"
        for source, text in texts.items()
    }


def remembered(knowledge: KnowledgeBase, facts: Path) -> dict[str, str] | None:
    """Each source's SHA-256 by id, as `digests_of` gives it, if the sources' files are as
    they were when they were last read whole; else None, and the texts must be read."""
    found = _statuses(knowledge, facts)
    if found is None:
        return None
    key, _ = found
    blob = cache.read_entry(lambda: _record(key))
    payload = None if blob is None else cache.payload_of(blob, MAGIC, key)
    if payload is None:
        return None
    try:
        lines = bytes(payload).decode("ascii").split("\n")
    except UnicodeDecodeError:
        return None
    ids = [source.id for source in knowledge.sources]
    if len(lines) != len(ids) or not all(len(line) == 64 for line in lines):
        return None
    return dict(zip(ids, lines, strict=True))


def remember(
    knowledge: KnowledgeBase,
    facts: Path,
    texts: Mapping[str, SourceText | Unreadable],
    read_from_ns: int,
) -> None:
    """Keep the hashes of `texts`, read from the sources' files from `read_from_ns` on, for
    `remembered`; silently not, when any text was unreadable or its file changed too shortly
    before it was read for its status to tell a later change apart."""
    from aicompete.knowledge.source_texts import SourceText

    if not all(isinstance(text, SourceText) for text in texts.values()):
        return
    found = _statuses(knowledge, facts)
    if found is None:
        return
    key, changed = found
    if changed >= read_from_ns - file_status.RACY_NS:
        return
    lines = "\n".join(text.sha256 for text in texts.values() if isinstance(text, SourceText))
    try:
        destination = _record(key)
    except RuntimeError:
        return
    if cache.write_atomically(destination, cache.framed(MAGIC, key, [lines.encode()]), ".texts-"):
        cache.prune("texts-*.status", ".texts-*.tmp", keep=destination, count=KEEP_RECORDS)


def _record(key: bytes) -> Path:
    return cache.folder() / f"texts-{key.hex()}.status"


def _statuses(knowledge: KnowledgeBase, facts: Path) -> tuple[bytes, int] | None:
    """The key of the sources' files as they are now (each source's id, name, resolved path
    and status), and the latest time any of them changed; None if a file is missing or is not
    a regular file reached without a link at its end (a link is judged by reading)."""
    folder = os.path.dirname(os.path.abspath(facts))
    resolved: dict[str, str] = {}
    lines = [repr(folder)]
    changed = 0
    try:
        for source in knowledge.sources:
            directory, name = os.path.split(os.path.join(folder, source.file))
            real = resolved.get(directory)
            if real is None:
                real = resolved[directory] = os.path.realpath(directory)
            where = os.path.join(real, name)
            status = os.lstat(where)
            if not stat.S_ISREG(status.st_mode):
                return None
            fields = file_status.status_fields(status)
            changed = max(changed, status.st_mtime_ns, status.st_ctime_ns)
            lines.append(f"{source.id} {source.file!r} {where!r} {fields}")
    except (OSError, ValueError):
        return None
    return file_status.content_hash("\n".join(lines).encode()), changed
