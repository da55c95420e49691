"""Verdicts remembered: every fact's check kept in the cache, so that `verify`, `sources` and
`brief` on an unchanged knowledge file and unchanged source texts read them instead of proving
every fact again (tens of seconds at 100,000 facts).

Verdicts are kept as the search index is, beside the cache's knowledge bases: `verdicts-<key>`,
whose key derives from the knowledge file's entry key, what each source's text is (its SHA-256,
or why it cannot be read) and the state of the modules that prove, so that a changed file, a
changed text or changed proof code misses. An entry is written to a temporary file and renamed
into place, read only if it is a regular file of this user's that others cannot write, checked
(magic, key, length, checksum) before it is unpickled, and unpickled into tuples and text
alone; the newest few are kept.
"""

from __future__ import annotations

import io
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from aicompete.knowledge import cache

if TYPE_CHECKING:
    # Imported where used: a key needs none of the proof's modules.
    from aicompete.proof.verification import FactCheck

try:
    # The C pickler alone, as the cache of knowledge bases uses it.
    import _pickle as pickle
except ImportError:  # pragma: no cover - every CPython build has it
    import pickle  # type: ignore[no-redef]

FORMAT = 1
MAGIC = b"aicompete-verdicts\n"
# Beside the modules of `proof/` (all of them: see `proof_modules`), the modules proving reads
# through; tests/test_verify.py checks that these cover every module proving imports.
_READ_BY_PROOF = (
    "knowledge/source_digests.py",
    "knowledge/source_texts.py",
    "knowledge/regular_files.py",
    "proof/remembered.py",
)
KEEP_ENTRIES = 8


def proof_modules() -> tuple[str, ...]:
    """Every module of `proof/`, and those proving reads through: a change to any of them may
    change a verdict."""
    package = Path(__file__).parent.parent
    proof = sorted(
        f"proof/{entry.name}" for entry in os.scandir(package / "proof") if entry.is_file()
    )
    return (*proof, *_READ_BY_PROOF)


def key_of(entry_key: bytes, digests: Mapping[str, str]) -> bytes:
    """The key of the verdicts on the knowledge file whose entry key is `entry_key`, against
    the sources' texts as `digests` gives them (`source_digests.digests_of`)."""
    read = "\n".join(f"{source}\0{digest}" for source, digest in digests.items())
    return cache.derived_key(entry_key, f"verdicts:{FORMAT}:{read}", proof_modules())


def path(key: bytes) -> Path:
    return cache.folder() / f"verdicts-{key.hex()}.pickle"


Row = tuple[str, str, str, tuple[str, ...], tuple[tuple[str, str, str], ...]]


def load(key: bytes) -> list[FactCheck] | None:
    """The verdicts kept under `key`, or None if there are none sound to trust."""
    blob = cache.read_entry(lambda: path(key))
    return None if blob is None else decode(blob, key)


def decode(blob: bytes, key: bytes) -> list[FactCheck] | None:
    """The verdicts in an entry's bytes, or None if they are not a whole, sound entry."""
    from aicompete.proof.verification import FactCheck, FieldCheck

    payload = cache.payload_of(blob, MAGIC, key)
    if payload is None:
        return None
    try:
        rows = PlainOnly(io.BytesIO(payload)).load()
        return [
            FactCheck(kind, id, source, evidence, tuple(FieldCheck(*check) for check in fields))
            for kind, id, source, evidence, fields in rows
        ]
    except Exception:
        return None


def encode(checks: Sequence[FactCheck], key: bytes) -> bytes:
    rows: list[Row] = [
        (
            check.kind,
            check.id,
            check.source,
            check.evidence,
            tuple((field.field, field.status, field.reason) for field in check.fields),
        )
        for check in checks
    ]
    return cache.framed(MAGIC, key, [pickle.dumps(rows, protocol=cache.PICKLE_PROTOCOL)])


def store(key: bytes, checks: Sequence[FactCheck]) -> None:
    """Keep the verdicts atomically; any failure is silent and only costs speed."""
    try:
        blob = encode(checks, key)
        destination = path(key)
    except Exception:
        return
    cache.store_entry(destination, blob, "verdicts", KEEP_ENTRIES)


class PlainOnly(pickle.Unpickler):
    """An unpickler that makes no object of any class: verdicts are tuples of text."""

    def find_class(self, module: str, name: str) -> type:
        raise pickle.UnpicklingError(f"{module}.{name} is not part of a verdict")
