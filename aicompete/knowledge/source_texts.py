"""The full texts of the sources a knowledge file cites, read from the knowledge file's folder.

A source's `file` must stay inside that folder (after links are resolved) and be a regular
file: a knowledge file cannot make `verify` read anything else on the machine, nor wait on a
pipe or a device.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from aicompete.errors import UsageError
from aicompete.frozen import frozen
from aicompete.knowledge.loading import MAX_FILE_BYTES
from aicompete.knowledge.models import KnowledgeBase


@frozen
class SourceText:
    """A source's text and the SHA-256 of its bytes."""

    text: str
    sha256: str


@frozen
class Unreadable:
    """A source whose text could not be read, and why."""

    reason: str


def read_source_texts(knowledge: KnowledgeBase, folder: Path) -> dict[str, SourceText | Unreadable]:
    """Each source's text by source id; `Source.file` is relative to `folder`.

    A source that cannot be read maps to why, so that only the facts citing it fail.
    """
    return {source.id: read_source_text(folder, source.file) for source in knowledge.sources}


def read_source_text(folder: Path, name: str) -> SourceText | Unreadable:
    """The text of the source file `name`, inside `folder`, or why it cannot be read."""
    from aicompete.knowledge import regular_files

    path = folder / name
    if Path(name).is_absolute():
        return Unreadable(f"{name}: is an absolute path; name a file inside {folder}")
    try:
        inside = path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError) as error:
        return Unreadable(f"{path}: {getattr(error, 'strerror', None) or error}")
    if not inside:
        return Unreadable(f"{name}: is outside the knowledge file's folder {folder}")
    try:
        data = regular_files.read_regular_file(path, MAX_FILE_BYTES)
    except FileNotFoundError:
        return Unreadable(f"{path}: no such file")
    except regular_files.TooLarge:
        return Unreadable(f"{path}: larger than {MAX_FILE_BYTES:,} bytes")
    except OSError as error:
        return Unreadable(f"{path}: {error.strerror or error}")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return Unreadable(f"{path}: is not UTF-8 text")
    return SourceText(text, hashlib.sha256(data).hexdigest())


class NotASourceFile(UsageError):
    """A text file that cannot be a source of this knowledge file."""


def new_source(folder: Path, path: Path) -> dict[str, str]:
    """The `[[sources]]` fields that a text file gives: an id and a title from its first line,
    its path relative to `folder` (the knowledge file's), and its SHA-256.

    Raise `NotASourceFile` for a file outside `folder`, or one that cannot be read as text.
    """
    return read_article(folder, path)[0]


def read_article(folder: Path, path: Path) -> tuple[dict[str, str], SourceText]:
    """The `[[sources]]` fields of a text file, as `new_source` gives them, and its text."""
    try:
        inside = path.resolve().relative_to(folder.resolve())
    except ValueError:
        raise NotASourceFile(
            f"{path} is not inside {folder}, the knowledge file's folder: copy it there first"
        ) from None
    found = read_source_text(folder, inside.as_posix())
    if isinstance(found, Unreadable):
        raise NotASourceFile(found.reason)
    title = next((line.strip() for line in found.text.splitlines() if line.strip()), inside.stem)
    fields = {"id": slug(title), "title": title, "file": inside.as_posix(), "sha256": found.sha256}
    return fields, found


# An id long enough to tell sources apart, short enough to type.
_SLUG_WORDS = 8


def slug(text: str, default: str = "source") -> str:
    """An id made of the text's first words: lowercase ASCII letters and digits, hyphens;
    `default` when the text has none."""
    import unicodedata

    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", plain)[:_SLUG_WORDS]
    return "-".join(words)[:100].strip("-") or default
