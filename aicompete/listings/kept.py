"""Listings kept: the listing a command built from a knowledge file, kept in the cache, so that
the same command on the same file reads its rows instead of reading every record they come
from. At 100,000 facts `dau` builds 7,500 rows from 35,000 records; read kept, its answer costs
about what it costs at 1,000 facts.

A listing is kept as the search index is, beside the cache's knowledge bases:
`listing-<key>.pickle`, whose key derives from the knowledge file's entry key (or, for
`verify`, the key of its verdicts), the command and its arguments, and the state of every
module of the package, so that a changed file or changed code misses. An entry is written to
a temporary file and renamed into place, read only if it is a regular file of this user's
that others cannot write, checked (magic, key, length, checksum) before it is unpickled, and
unpickled into a listing, its fields and plain values alone; the newest few are kept.

Beside its rows, a listing may keep each row's JSON text, as `output.machine.json_rows`
writes it: `verify`'s rows, every fact with the status of each of its fields, are five times
the JSON of any other listing's, and writing them would be most of a warm run.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

from aicompete.frozen import frozen
from aicompete.knowledge import cache
from aicompete.listings.contract import Field, Listing

try:
    # The C pickler alone, as the cache of knowledge bases uses it.
    import _pickle as pickle
except ImportError:  # pragma: no cover - every CPython build has it
    import pickle  # type: ignore[no-redef]

FORMAT = 2
MAGIC = b"aicompete-listing\n"
# A listing per command and arguments: room for the few a person or a script asks in turn.
KEEP_ENTRIES = 16


def package_modules() -> tuple[str, ...]:
    """Every file of the package: a listing's rows may depend on any module that reads the
    knowledge base, so a change to any of them misses."""
    package = Path(__file__).parent.parent
    found = []
    folders = [package]
    while folders:
        folder = folders.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir():
                    if entry.name != "__pycache__":
                        folders.append(Path(entry.path))
                elif entry.name.endswith(".py"):
                    found.append(Path(entry.path).relative_to(package).as_posix())
    return tuple(sorted(found))


def key_of(base_key: bytes, command: str, arguments: tuple[object, ...]) -> bytes:
    """The key of the listing of `command` with `arguments` (each shown by its `repr`) on the
    knowledge file, or the verdicts, whose key is `base_key`."""
    what = f"listing:{FORMAT}:{command}:{arguments!r}"
    return cache.derived_key(base_key, what, package_modules())


def path(key: bytes) -> Path:
    return cache.folder() / f"listing-{key.hex()}.pickle"


def load(key: bytes) -> Kept | None:
    """The listing kept under `key`, and its rows' JSON if it was kept; None if there is
    none sound to trust."""
    blob = cache.read_entry(lambda: path(key))
    return None if blob is None else decode(blob, key)


def decode(blob: bytes, key: bytes) -> Kept | None:
    """The listing (and rows' JSON) in an entry's bytes, or None if they are not a whole,
    sound entry."""
    payload = cache.payload_of(blob, MAGIC, key)
    if payload is None:
        return None
    try:
        listing, json_rows = ListingOnly(io.BytesIO(payload)).load()
    except Exception:
        return None
    if not (isinstance(listing, Listing) and isinstance(listing.rows, list)):
        return None
    if json_rows is not None and not (
        isinstance(json_rows, list) and len(json_rows) == len(listing.rows)
    ):
        return None
    return Kept(listing, json_rows)


def encode(listing: Listing, json_rows: list[str] | None, key: bytes) -> bytes:
    kept = pickle.dumps((listing, json_rows), protocol=cache.PICKLE_PROTOCOL)
    return cache.framed(MAGIC, key, [kept])


def store(key: bytes, listing: Listing, json_rows: list[str] | None = None) -> None:
    """Keep the listing, and its rows' JSON if given, atomically; any failure is silent and
    only costs speed. A listing that marks its cells with a function (`lookup`'s) is not
    kept."""
    if listing.marks is not None:
        return
    try:
        blob = encode(listing, json_rows, key)
        destination = path(key)
    except Exception:
        return
    cache.store_entry(destination, blob, "listing", KEEP_ENTRIES)


@frozen
class Kept:
    """A listing read from the cache, and each of its rows' JSON text where that was kept."""

    listing: Listing
    json_rows: list[str] | None


class ListingOnly(pickle.Unpickler):
    """An unpickler that makes no object but a listing and its fields."""

    def find_class(self, module: str, name: str) -> type:
        for allowed in (Listing, Field):
            if module == allowed.__module__ and name == allowed.__qualname__:
                return allowed
        raise pickle.UnpicklingError(f"{module}.{name} is not part of a listing")
