"""A knowledge base read from a cache entry, each kind of record made when it is first read.

A cache entry keeps each kind of record apart (`cache.encode`): `dau` reads figures, apps,
companies, metrics and sources, and never pays to unpickle the events, a third of a large
file's records, that it does not read. `StoredKnowledge` is a `KnowledgeBase` whose fields
are made from their part of the entry on first access, then kept; it compares, hashes, prints
and pickles as the `KnowledgeBase` of the same records, and `dataclasses.replace` makes a
plain one.
"""

from __future__ import annotations

import gc
import io
from collections.abc import Callable
from typing import Any

from aicompete import frozen
from aicompete.knowledge.models import KnowledgeBase

# Where a kind's records lie in an entry's payload: their class (None for no records), its
# field names, and the start and end of their pickled rows.
Section = tuple["type | None", tuple[str, ...], int, int]
_TABLES = frozen.attribute_names(KnowledgeBase)
_SLOTS = {table: KnowledgeBase.__dict__[table] for table in _TABLES}


class DamagedEntry(ValueError):
    """A part of an entry that does not unpickle to its records."""


def _field(table: str) -> property:
    slot = _SLOTS[table]

    def records(self: StoredKnowledge) -> Any:
        try:
            return slot.__get__(self, StoredKnowledge)
        except AttributeError:
            made = self._made(table)
            slot.__set__(self, made)
            return made

    records.__name__ = table
    return property(records, doc=f"The knowledge base's {table}, made on first access.")


class StoredKnowledge(KnowledgeBase):
    """A knowledge base whose kinds of record are unpickled from an entry when first read.

    `unpickler` reads one part of the entry (refusing any class but the knowledge base's);
    `fallback` gives the whole knowledge base another way, should a part fail to unpickle
    though its checksum held; `settled` runs after each part is made (a lasting session
    freezes it out of the collector's sight)."""

    __slots__ = ("_fallback", "_payload", "_sections", "_settled", "_unpickler")
    _payload: memoryview
    _sections: dict[str, Section]
    _unpickler: Callable[[io.BytesIO], Any]
    _fallback: Callable[[], KnowledgeBase] | None
    _settled: Callable[[], None] | None

    def __new__(cls, *arguments: Any, **fields: Any) -> Any:
        # Called with fields, as `dataclasses.replace` calls the class: a plain knowledge base.
        return KnowledgeBase(*arguments, **fields)

    @classmethod
    def of(
        cls,
        payload: memoryview,
        sections: dict[str, Section],
        unpickler: Callable[[io.BytesIO], Any],
        fallback: Callable[[], KnowledgeBase] | None = None,
        settled: Callable[[], None] | None = None,
    ) -> StoredKnowledge:
        made: StoredKnowledge = object.__new__(cls)
        for name, value in (
            ("_payload", payload),
            ("_sections", sections),
            ("_unpickler", unpickler),
            ("_fallback", fallback),
            ("_settled", settled),
        ):
            object.__setattr__(made, name, value)
        return made

    def _made(self, table: str) -> tuple[Any, ...]:
        cls, _, start, end = self._sections[table]
        if cls is None:
            return ()
        # Every record made here lives as long as the run: the cyclic collector, which would
        # walk them all again and again as they are made, has nothing to find.
        collecting = gc.isenabled()
        gc.disable()
        try:
            rows = self._unpickler(io.BytesIO(self._payload[start:end])).load()
            made: tuple[Any, ...] = frozen.from_rows(cls, rows)
        except Exception as error:
            if self._fallback is None:
                raise DamagedEntry(f"the cached {table} cannot be read: {error}") from None
            made = getattr(self._fallback(), table)
        finally:
            if collecting:
                gc.enable()
        if self._settled is not None:
            self._settled()
        return made

    def __eq__(self, other: object) -> bool:
        if isinstance(other, KnowledgeBase):
            return _values(self) == _values(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(_values(self))

    def __repr__(self) -> str:
        shown = ", ".join(f"{table}={getattr(self, table)!r}" for table in _TABLES)
        return f"KnowledgeBase({shown})"


def _values(knowledge: KnowledgeBase) -> tuple[Any, ...]:
    return tuple(getattr(knowledge, table) for table in _TABLES)


for _table in _TABLES:
    setattr(StoredKnowledge, _table, _field(_table))
