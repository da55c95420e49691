"""The full texts of the sources a knowledge file cites, read from the knowledge file's folder.

A source's `file` must stay inside that folder (after links are resolved) and be a regular
file: a knowledge file cannot make `verify` read anything else on the machine, nor wait on a
pipe or a device. And it must be an article, never a knowledge file or a draft of one, whose
text holds every value it records and so would "prove" any fact that quotes it: the knowledge
file itself, a `.toml` file, and a text that parses as a knowledge file are refused.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
from collections.abc import Callable
from pathlib import Path

from aicompete.errors import UsageError
from aicompete.frozen import frozen
from aicompete.knowledge.loading import MAX_FILE_BYTES, read_bytes
from aicompete.knowledge.models import TEXT_PATTERN, KnowledgeBase
from aicompete.knowledge.problems import KnowledgeFileError
from aicompete.knowledge.toml_lines import TomlLayout


@frozen
class SourceText:
    """A source's text and the SHA-256 of its bytes."""

    text: str
    sha256: str


@frozen
class Unreadable:
    """A source whose text could not be read, and why."""

    reason: str


@frozen
class NotAnArticle(Unreadable):
    """A source whose file is a knowledge file, or a draft of one, not an article."""


def read_source_texts(
    knowledge: KnowledgeBase, facts: Path, advance: Callable[[int], None] | None = None
) -> dict[str, SourceText | Unreadable]:
    """Each source's text by source id; `Source.file` is relative to the folder of `facts`,
    the knowledge file. `advance` is told of each source read.

    A source that cannot be read maps to why, so that only the facts citing it fail; one
    that is no article says so with the line of the knowledge file that names its file.
    """
    texts: dict[str, SourceText | Unreadable] = {}
    layout: TomlLayout | None = None
    try:
        folder: Path | None = facts.parent.resolve()
    except (OSError, RuntimeError):
        # Said of each source, by `read_source_text`.
        folder = None
    for index, source in enumerate(knowledge.sources):
        found = read_source_text(facts, source.file, folder)
        if isinstance(found, NotAnArticle):
            layout = layout or _layout(facts)
            line = layout.line(("sources", index, "file"))
            where = f"{facts}:{line}" if line is not None else str(facts)
            found = NotAnArticle(f"{where}: sources[{index}].file: {found.reason}")
        texts[source.id] = found
        if advance is not None:
            advance(1)
    return texts


def _layout(facts: Path) -> TomlLayout:
    """Where things are in the knowledge file: read again only to say a refusal's line."""
    try:
        text = read_bytes(facts).decode("utf-8", "replace")
    except KnowledgeFileError:
        text = ""
    return TomlLayout(text)


def read_source_text(
    facts: Path, name: str, resolved_folder: Path | None = None
) -> SourceText | Unreadable:
    """The text of the source file `name`, inside the folder of the knowledge file `facts`
    (whose links are resolved in `resolved_folder`, when it was already), or why it cannot
    be read."""
    from aicompete.knowledge import regular_files

    folder = facts.parent
    path = folder / name
    if Path(name).is_absolute():
        return Unreadable(f"{name}: is an absolute path; name a file inside {folder}")
    try:
        resolved = path.resolve()
        inside = resolved.is_relative_to(resolved_folder or folder.resolve())
    except (OSError, RuntimeError) as error:
        return Unreadable(f"{path}: {getattr(error, 'strerror', None) or error}")
    if not inside:
        return Unreadable(f"{name}: is outside the knowledge file's folder {folder}")
    if _same_file(path, facts):
        return NotAnArticle(f"{name!r} is the knowledge file itself, not an article")
    if ".toml" in (Path(name).suffix.lower(), resolved.suffix.lower()):
        return NotAnArticle(
            f"{name!r} is a .toml file: a knowledge file or a draft, not an article"
        )
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
    if _is_knowledge_file(text):
        return NotAnArticle(f"{name!r} parses as a knowledge file, not an article")
    return SourceText(text, hashlib.sha256(data).hexdigest())


def _same_file(path: Path, facts: Path) -> bool:
    try:
        return path.samefile(facts)
    except OSError:
        return False


def _is_knowledge_file(text: str) -> bool:
    """Whether the text is TOML with a top-level array of tables named like a kind of record
    (`[[sources]]`, `[[events]]`): a knowledge file, or a draft of one, under another name."""
    from aicompete.knowledge.kinds import KINDS

    # Most articles have no such header, and are not parsed at all.
    if not _kind_header().search(text):
        return False
    import tomli

    try:
        document = tomli.loads(text)
    except (tomli.TOMLDecodeError, RecursionError, ValueError):
        return False
    return any(
        isinstance(document.get(kind.table), list)
        and any(isinstance(item, dict) for item in document[kind.table])
        for kind in KINDS
    )


@functools.cache
def _kind_header() -> re.Pattern[str]:
    """A top-level array-of-tables header named like a kind of record."""
    from aicompete.knowledge.kinds import KINDS

    tables = "|".join(re.escape(kind.table) for kind in KINDS)
    return re.compile(rf"^[ \t]*\[\[[ \t]*({tables})[ \t]*\]\]", re.MULTILINE)


class NotASourceFile(UsageError):
    """A text file that cannot be a source of this knowledge file."""


class BadSourceValue(UsageError):
    """A value given for a new source that `validate` would refuse."""

    def __init__(self, option: str, message: str) -> None:
        super().__init__(message)
        self.option = option


# The option of `new-source` that gives each field of a source.
_OPTIONS = {
    "id": "--id",
    "title": "--title",
    "publisher": "--publisher",
    "url": "--url",
    "published": "--published",
    "author": "--author",
    "file": "FILE",
}


def check_new_source(fields: dict[str, str | None]) -> None:
    """Raise `BadSourceValue`, naming its option, for the first of the given fields of a new
    `[[sources]]` record that `validate` would refuse: checked by validation itself, so that
    what is printed is what the knowledge file accepts."""
    from aicompete.knowledge.validation import validate

    given = {name: value for name, value in fields.items() if value is not None}
    for problem in validate("", {"sources": [given]})[1]:
        field = problem.path[2] if len(problem.path) > 2 else None
        # A field not given (the publisher, left for the person to add) is no value refused.
        if isinstance(field, str) and field in given:
            option = _OPTIONS.get(field, field)
            raise BadSourceValue(option, problem.message)


def new_source(facts: Path, path: Path) -> dict[str, str]:
    """The `[[sources]]` fields that a text file gives: an id and a title from its first line,
    its path relative to the folder of `facts` (the knowledge file), and its SHA-256.

    Raise `NotASourceFile` for a file outside that folder, one that cannot be read as text,
    or one that is no article.
    """
    return read_article(facts, path)[0]


# The largest article `draft` reads: drafting takes about a second per hundred sentences, so
# 2 MiB (some ten thousand sentences) is a few minutes' work.
MAX_ARTICLE_BYTES = 2 * 1024 * 1024
# The environment variable that sets another limit, in MiB, for a longer article.
MAX_ARTICLE_VARIABLE = "AICOMPETE_MAX_ARTICLE_MB"


def max_article_bytes() -> int:
    """The most bytes an article to draft may hold: `MAX_ARTICLE_BYTES`, or
    AICOMPETE_MAX_ARTICLE_MB mebibytes when it is set; raise `NotASourceFile` when the
    variable is not a whole number above 0."""
    value = os.environ.get(MAX_ARTICLE_VARIABLE, "").strip()
    if not value:
        return MAX_ARTICLE_BYTES
    if value.isascii() and value.isdigit() and int(value) > 0:
        return int(value) * 1024 * 1024
    raise NotASourceFile(
        f"{MAX_ARTICLE_VARIABLE} is {value!r}; give the most MiB an article to draft may take, "
        "a whole number such as 8"
    )


def read_article(
    facts: Path, path: Path, limit: int | None = None
) -> tuple[dict[str, str], SourceText]:
    """The `[[sources]]` fields of a text file, as `new_source` gives them, and its text;
    a text of more than `limit` bytes is refused, with how to read it all the same."""
    folder = facts.parent
    if limit is not None:
        try:
            size = path.stat().st_size
        except OSError:
            size = 0
        if size > limit:
            raise NotASourceFile(
                f"{path} is {size / 1024 / 1024:.1f} MiB, more than the {limit / 1024 / 1024:g} "
                "MiB of an article `draft` reads (about a second per hundred sentences): split it, "
                f"or set {MAX_ARTICLE_VARIABLE} to more"
            )
    try:
        inside = path.resolve().relative_to(folder.resolve())
    except ValueError:
        raise NotASourceFile(
            f"{path} is not inside {folder}, the knowledge file's folder: copy it there first"
        ) from None
    found = read_source_text(facts, inside.as_posix())
    if isinstance(found, Unreadable):
        raise NotASourceFile(found.reason)
    # The first line with something to read: one of characters that print as nothing is blank.
    title = next(
        (line.strip() for line in found.text.splitlines() if _VISIBLE.search(line)), inside.stem
    )
    fields = {"id": slug(title), "title": title, "file": inside.as_posix(), "sha256": found.sha256}
    return fields, found


_VISIBLE = re.compile(TEXT_PATTERN)
# An id long enough to tell sources apart, short enough to type.
_SLUG_WORDS = 8


def slug(text: str, default: str = "source") -> str:
    """An id made of the text's first words: lowercase ASCII letters and digits, hyphens;
    `default` when the text has none."""
    import unicodedata

    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", plain)[:_SLUG_WORDS]
    return "-".join(words)[:100].strip("-") or default
