"""Every listing command by name, and the module that declares its fields and builds it.

The command line, `aicompete fields` and shell completion read this one table. A module is
imported only when its command, or its fields, are asked for: each declares `FIELDS` and a
`build` function from what the command knows (the knowledge base, and its arguments) to a
`Listing`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from types import ModuleType
from typing import Any

from aicompete.errors import UsageError
from aicompete.listings.contract import Field, Listing

# Command name -> module in this package, in the order `--help` and `fields` list them.
LISTINGS: dict[str, str] = {
    "figures": "figures",
    "dau": "dau",
    "campaigns": "campaigns",
    "leadership": "leadership",
    "lookup": "lookup",
    "compare": "compare",
    "timeline": "timeline",
    "history": "history",
    "conflicts": "conflicts",
    "verify": "verify",
    "validate": "validate",
    "sources": "sources",
    "fields": "fields",
}


class UnknownCommand(UsageError):
    """A name that is no listing command."""


def module(command: str) -> ModuleType:
    """The listing module of `command`; raise `UnknownCommand` for a name that is none."""
    if command not in LISTINGS:
        raise UnknownCommand(f"no listing command {command!r}; choose from: {', '.join(LISTINGS)}")
    return importlib.import_module(f"{__package__}.{LISTINGS[command]}")


def fields_of(command: str) -> tuple[Field, ...]:
    fields: tuple[Field, ...] = module(command).FIELDS
    return fields


def builder(command: str) -> Callable[..., Listing]:
    build: Callable[..., Any] = module(command).build
    return build
