"""The full texts of the sources a knowledge file cites, read from beside the file."""

from __future__ import annotations

from pathlib import Path

from aicompete.frozen import frozen
from aicompete.knowledge.loading import MAX_FILE_BYTES
from aicompete.knowledge.models import KnowledgeBase


@frozen
class Unreadable:
    """A source whose text could not be read, and why."""

    reason: str


def read_source_texts(knowledge: KnowledgeBase, folder: Path) -> dict[str, str | Unreadable]:
    """Each source's text by source id; `Source.file` is relative to `folder`.

    A source that cannot be read maps to why, so that only the facts citing it fail.
    """
    return {source.id: read_source_text(folder / source.file) for source in knowledge.sources}


def read_source_text(path: Path) -> str | Unreadable:
    """The text of one source file, or why it cannot be read."""
    try:
        # At most one byte past the limit: the path may name a device that never ends.
        with path.open("rb") as file:
            data = file.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        return Unreadable(f"{path}: no such file")
    except IsADirectoryError:
        return Unreadable(f"{path}: is a folder")
    except OSError as error:
        return Unreadable(f"{path}: {error.strerror}")
    if len(data) > MAX_FILE_BYTES:
        return Unreadable(f"{path}: larger than {MAX_FILE_BYTES:,} bytes")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return Unreadable(f"{path}: is not UTF-8 text")
