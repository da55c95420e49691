"""Frozen, slotted dataclasses that are cheap to define.

`dataclasses.dataclass` writes the source of `__init__`, `__repr__`, `__eq__`, `__hash__`,
`__setattr__` and `__delattr__` for every class and compiles it: about 5 million instructions
a class, and a dozen classes are defined on the way to every answer, which is more than a
cached answer costs. `frozen` makes the same kind of class, a stdlib dataclass with slots whose
instances cannot be changed, and gives it those methods from code compiled once, with this
module. `dataclasses.fields`, `replace` and `asdict`, pickle and pydantic see an ordinary
frozen dataclass; instances compare, hash and print as `@dataclass(frozen=True, slots=True)`
ones do.
"""

from __future__ import annotations

import dataclasses
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from itertools import repeat
from operator import attrgetter
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from typing_extensions import dataclass_transform
else:

    def dataclass_transform(**_options: object) -> Callable[[Any], Any]:
        return lambda function: function


Cls = TypeVar("Cls", bound=type)
Instance = TypeVar("Instance")
_set = object.__setattr__
_drain = deque[object](maxlen=0).extend


@dataclass_transform(frozen_default=True)
def frozen(cls: Cls) -> Cls:
    """`@dataclass(frozen=True, slots=True)`, without generating code for each class."""
    undocumented = not cls.__doc__
    if undocumented:
        # dataclass would otherwise document the class with its signature, which inspect
        # works out expensively for a class without a generated __init__.
        cls.__doc__ = cls.__name__
    made: Any = dataclasses.dataclass(cls, init=False, repr=False, eq=False, slots=True)
    fields = dataclasses.fields(made)
    if undocumented:
        made.__doc__ = f"{made.__name__}({', '.join(field.name for field in fields)})"
    if any(field.kw_only or not field.init for field in fields):
        raise TypeError(f"{made.__name__}: keyword-only and init=False fields are not supported")
    names = tuple(field.name for field in fields)
    defaults = {f.name: f.default for f in fields if f.default is not dataclasses.MISSING}
    factories = {
        f.name: f.default_factory for f in fields if f.default_factory is not dataclasses.MISSING
    }
    title = made.__qualname__

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        if len(args) == len(names) and not kwargs:
            # Every field given in order, as unpickling does: set them in a loop that runs in C.
            _drain(map(_set, repeat(self, len(names)), names, args))
            return
        if len(args) > len(names):
            raise TypeError(f"{title}() takes {len(names)} positional arguments, {len(args)} given")
        for name, value in zip(names, args, strict=False):
            if name in kwargs:
                raise TypeError(f"{title}() got multiple values for argument {name!r}")
            _set(self, name, value)
        for name in names[len(args) :]:
            if name in kwargs:
                _set(self, name, kwargs.pop(name))
            elif name in defaults:
                _set(self, name, defaults[name])
            elif name in factories:
                _set(self, name, factories[name]())
            else:
                raise TypeError(f"{title}() missing required argument {name!r}")
        if kwargs:
            raise TypeError(f"{title}() got an unexpected keyword argument {next(iter(kwargs))!r}")

    def values(self: Any) -> tuple[Any, ...]:
        return tuple([getattr(self, name) for name in names])

    def __eq__(self: Any, other: object) -> bool:
        if other.__class__ is self.__class__:
            return values(self) == values(other)
        return NotImplemented

    def __hash__(self: Any) -> int:
        return hash(values(self))

    def __repr__(self: Any) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in names)
        return f"{self.__class__.__qualname__}({shown})"

    def __reduce__(self: Any) -> tuple[type, tuple[Any, ...]]:
        return made, values(self)

    def __setattr__(self: Any, name: str, value: object) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self: Any, name: str) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")

    for method in (__init__, __eq__, __hash__, __repr__, __reduce__, __setattr__, __delattr__):
        method.__qualname__ = f"{title}.{method.__name__}"
        setattr(made, method.__name__, method)
    result: Cls = made
    return result


def attribute_names(cls: type) -> tuple[str, ...]:
    return tuple(field.name for field in dataclasses.fields(cls))


def to_rows(instances: Iterable[object], names: tuple[str, ...]) -> list[tuple[Any, ...]]:
    """Each instance's values, in the order of `names`."""
    if not names:
        return [() for _ in instances]
    if len(names) == 1:
        return [(getattr(item, names[0]),) for item in instances]
    return list(map(attrgetter(*names), instances))


def from_rows(cls: type[Instance], rows: Sequence[tuple[Any, ...]]) -> tuple[Instance, ...]:
    """Instances of `cls` from tuples of their values in field order, made a field at a time.

    For many instances at once, as the cache loads records: every loop here runs in C, where
    calling `__init__` for each one would run Python code for each.
    """
    names = attribute_names(cls)
    if set(map(len, rows)) - {len(names)}:
        raise ValueError(f"rows do not have the {len(names)} fields of {cls.__name__}")
    made = list(map(object.__new__, repeat(cls, len(rows))))
    # With no rows there are no columns either; otherwise each row has one value per field.
    for name, column in zip(names, zip(*rows, strict=True), strict=False):
        # The slot's own setter: what object.__setattr__ would find, without the search.
        _drain(map(cls.__dict__[name].__set__, made, column))
    return tuple(made)
